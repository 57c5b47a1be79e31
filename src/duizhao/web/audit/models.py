from django.conf import settings
from django.db import models

ACTIONS = [("create", "新增"), ("update", "修改"), ("delete", "删除"), ("other", "操作")]


class AuditEntry(models.Model):
    """One change: who (kept as a name too, so it survives the account), when, what object,
    which fields from what to what. `team_id` is a plain number so entries outlive their team."""

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField("操作人", max_length=150, blank=True)
    action = models.CharField("动作", max_length=10, choices=ACTIONS)
    model = models.CharField("对象类型", max_length=100)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    team_id = models.BigIntegerField("班子", null=True, blank=True, db_index=True)
    changes = models.JSONField("变更内容", default=dict, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "审计日志"
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()} {self.object_repr}"
