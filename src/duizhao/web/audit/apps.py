from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "duizhao.web.audit"
    label = "audit"
    verbose_name = "审计日志"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from duizhao.web.audit import anonymity, recorder

        recorder.connect()
        anonymity.connect()
