"""The workbench's tables, named after the glossary (Team, Member, Meeting, Opinion, Talk,
Material, Criticism, Task, Evidence …)."""

from __future__ import annotations

import secrets
import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone

from duizhao.cycle.meeting import configured_quorum_ratio
from duizhao.model import MaterialKind

MEETING_KINDS = [("democratic_life", "民主生活会"), ("organisational_life", "组织生活会")]
MEETING_TYPES = [("annual", "年度"), ("thematic", "专题"), ("special", "专门召开")]
SPECIAL_REASONS = [
    ("", "—"),
    ("major_issue", "遇到重要或者普遍性问题"),
    ("decision_error", "出现重大决策失误或对突发事件处置失当"),
    ("inspection", "经纪律检查、巡视和审计发现重要问题"),
    ("violation", "发生违纪违法案件"),
]
ROLES = [("clerk", "党办"), ("secretary", "书记"), ("member", "班子成员"), ("supervisor", "督导组")]
OPINION_SOURCES = [
    ("public_form", "网上征求意见"),
    ("form_import", "征求意见表"),
    ("seminar", "座谈会"),
    ("box", "意见箱"),
    ("visit", "个别访谈"),
    ("other", "其他"),
]
TASK_TYPES = [("immediate", "立行立改"), ("deadline", "限期整改"), ("ongoing", "长期坚持")]
TASK_STATUSES = [("not_started", "未启动"), ("in_progress", "持续推进"), ("done", "已完成")]
TASK_SOURCES = [
    ("opinion", "征求意见"),
    ("talk", "谈心谈话"),
    ("self", "自己查摆"),
    ("criticism", "相互批评"),
    ("supervisor", "督导组点评"),
    ("inspection", "巡视巡察"),
    ("audit", "审计"),
    ("carryover", "上年度未完成"),
]
MATERIAL_STATUSES = [
    ("draft", "起草中"),
    ("submitted", "已提交审核"),
    ("returned", "已退回修改"),
    ("approved", "审核通过"),
]


class Team(models.Model):
    """A leadership team (领导班子); `parent` is the higher level that supervises it."""

    name = models.CharField("班子名称", max_length=100)
    unit = models.CharField("单位", max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级党组织",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subordinates",
    )
    schedule_offsets = models.JSONField("日程设置（相对会议日的天数）", default=dict, blank=True)
    quorum_ratio = models.CharField("到会比例要求", max_length=10, default=configured_quorum_ratio)
    department_heads = models.TextField("分管部门负责人（每行：部门=姓名）", blank=True)
    public_url = models.CharField("征求意见链接和二维码使用的地址", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "班子"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def timetable_settings(self) -> dict:
        """Stored overrides; a value out of range (saved before the form checked them) is ignored,
        so it can never break the timetable or the meeting page."""
        from duizhao.cycle.schedule import load_schedule_settings

        limit = int(load_schedule_settings().get("max_offset_days", 366))
        offsets = self.schedule_offsets if isinstance(self.schedule_offsets, dict) else {}
        return {
            "offsets": {
                key: value
                for key, value in offsets.items()
                if isinstance(value, int) and not isinstance(value, bool) and abs(value) <= limit
            }
        }

    def department_head_map(self) -> dict[str, list[str]]:
        heads: dict[str, list[str]] = {}
        for line in self.department_heads.splitlines():
            department, _, names = line.replace("＝", "=").partition("=")
            for name in names.replace("，", ",").replace("、", ",").split(","):
                if department.strip() and name.strip():
                    heads.setdefault(department.strip(), []).append(name.strip())
        return heads


class TeamRole(models.Model):
    """Who may do what for a team. A supervisor role on a team covers its subordinate teams."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="账号", on_delete=models.CASCADE, related_name="team_roles"
    )
    team = models.ForeignKey(Team, verbose_name="班子", on_delete=models.CASCADE, related_name="roles")
    role = models.CharField("角色", max_length=20, choices=ROLES)

    class Meta:
        verbose_name = verbose_name_plural = "角色"
        unique_together = [("user", "team", "role")]

    def __str__(self):
        return f"{self.user} · {self.team} · {self.get_role_display()}"


class AccountState(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="账号", on_delete=models.CASCADE, related_name="account_state"
    )
    must_change_password = models.BooleanField("首次登录须改密码", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "账号状态"

    def __str__(self):
        return f"{self.user}的账号状态"


class Member(models.Model):
    """One member of a team (班子成员)."""

    team = models.ForeignKey(Team, verbose_name="班子", on_delete=models.CASCADE, related_name="members")
    name = models.CharField("姓名", max_length=40)
    title = models.CharField("职务", max_length=60)
    portfolio = models.CharField("分管领域", max_length=200, blank=True)
    departments = models.CharField("分管部门（逗号分隔）", max_length=200, blank=True)
    is_head = models.BooleanField("主要负责人", default=False)
    order = models.PositiveSmallIntegerField("排序", default=0)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
    )
    active = models.BooleanField("在任", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "班子成员"
        ordering = ["team", "-is_head", "order", "id"]

    def __str__(self):
        return f"{self.name}（{self.title}）"

    def department_list(self) -> list[str]:
        return [d.strip() for d in self.departments.replace("，", ",").replace("、", ",").split(",") if d.strip()]


class Meeting(models.Model):
    team = models.ForeignKey(Team, verbose_name="班子", on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField("会议类别", max_length=30, choices=MEETING_KINDS, default="democratic_life")
    meeting_type = models.CharField("召开类型", max_length=20, choices=MEETING_TYPES, default="annual")
    special_reason = models.CharField("专门召开原因", max_length=30, choices=SPECIAL_REASONS, blank=True)
    year = models.PositiveSmallIntegerField("年度")
    framework_id = models.CharField("年度框架", max_length=60)
    title = models.CharField("会议名称", max_length=120)
    planned_date = models.DateField("计划召开日期")
    held_date = models.DateField("实际召开日期", null=True, blank=True)
    location = models.CharField("地点", max_length=100, blank=True)
    host = models.CharField("主持人", max_length=40, blank=True)
    recorder = models.CharField("记录人", max_length=40, blank=True)
    supervisors_present = models.CharField("督导组/列席人员", max_length=200, blank=True)
    supervisor_comment = models.TextField("督导组点评", blank=True)
    summary_speech = models.TextField("总结讲话", blank=True)
    previous = models.ForeignKey(
        "self",
        verbose_name="上一次会议",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_meetings",
    )
    archived = models.BooleanField("已归档", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "会议"
        ordering = ["-year", "-planned_date"]

    def __str__(self):
        return f"{self.team} · {self.title}"

    @property
    def meeting_date(self) -> date:
        return self.held_date or self.planned_date


class Deadline(models.Model):
    """One step of the timetable, copied from cycle.schedule.plan_timetable; `done_on` records when it was met."""

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="deadlines")
    key = models.CharField("日程编号", max_length=40)
    title = models.CharField("事项", max_length=120)
    due = models.DateField("截止日期")
    basis = models.CharField("依据", max_length=200, blank=True)
    done_on = models.DateField("完成日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "日程"
        ordering = ["due", "id"]
        unique_together = [("meeting", "key")]

    def __str__(self):
        return f"{self.title}（{self.due:%Y-%m-%d}）"

    def missed(self, today: date | None = None) -> bool:
        if self.done_on:
            return self.done_on > self.due
        return (today or timezone.localdate()) > self.due


def new_token() -> str:
    return secrets.token_urlsafe(12)


class Solicitation(models.Model):
    """A public opinion link (征求意见): for the team, or a named member, optionally one aspect."""

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="solicitations")
    token = models.CharField("链接编号", max_length=40, unique=True, default=new_token)
    member = models.ForeignKey(Member, verbose_name="针对班子成员", null=True, blank=True, on_delete=models.CASCADE)
    aspect_id = models.CharField("针对方面", max_length=60, blank=True)
    is_open = models.BooleanField("开放填写", default=True)
    url: str  # not stored: its full public address, set for display by views.opinions.public_links

    class Meta:
        verbose_name = verbose_name_plural = "征求意见链接"

    def __str__(self):
        return f"征求意见链接（{self.member.name if self.member_id else '领导班子'}）"


class Opinion(models.Model):
    """An opinion collected before the meeting. Stores nothing that identifies its giver:
    a random primary key, a date (not a time), no account, address or browser."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="opinions")
    target_member = models.ForeignKey(
        Member,
        verbose_name="针对",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opinions_about",
    )
    text = models.TextField("意见内容")
    source = models.CharField("来源", max_length=20, choices=OPINION_SOURCES)
    received_on = models.DateField("收到日期")
    aspect_id = models.CharField("所属方面", max_length=60, blank=True)
    aspect_confidence = models.FloatField(default=0)
    aspect_confirmed = models.BooleanField("人工确认", default=False)
    group = models.PositiveIntegerField("相近意见组", null=True, blank=True)
    claimed_by_team = models.BooleanField("班子认领", default=False)
    claimed_member = models.ForeignKey(
        Member,
        verbose_name="认领成员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claimed_opinions",
    )
    response = models.TextField("回应/整改", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "意见建议"
        ordering = ["aspect_id", "text"]  # never by time or id: order must not reveal who wrote what

    @property
    def claimed(self) -> bool:
        return self.claimed_by_team or self.claimed_member_id is not None


class Talk(models.Model):
    """A heart-to-heart talk (谈心谈话). `other_name` is set when the partner is not a member
    (a department head or a Party member representative)."""

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="talks")
    speaker = models.ForeignKey(Member, verbose_name="谈话人", on_delete=models.CASCADE, related_name="talks_given")
    listener = models.ForeignKey(
        Member,
        verbose_name="谈话对象",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="talks_received",
    )
    other_name = models.CharField("谈话对象（非班子成员）", max_length=60, blank=True)
    talked_on = models.DateField("谈话日期")
    place = models.CharField("地点", max_length=60, blank=True)
    speaker_said = models.TextField("谈话人对对方的意见", blank=True)
    listener_said = models.TextField("对方对谈话人的意见", blank=True)
    follow_up = models.TextField("后续安排", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "谈心谈话"
        ordering = ["talked_on", "id"]

    def __str__(self):
        return f"谈心谈话：{self.speaker.name}—{self.partner_name}"

    @property
    def partner_name(self) -> str:
        return self.listener.name if self.listener is not None else self.other_name


class Material(models.Model):
    """A self-examination material (对照检查材料): the team's (member empty) or one member's."""

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="materials")
    member = models.ForeignKey(
        Member, verbose_name="班子成员", null=True, blank=True, on_delete=models.CASCADE, related_name="materials"
    )
    status = models.CharField("状态", max_length=20, choices=MATERIAL_STATUSES, default="draft")

    class Meta:
        verbose_name = verbose_name_plural = "对照检查材料"
        unique_together = [("meeting", "member")]

    def __str__(self):
        return f"对照检查材料（{self.owner_name}）"

    @property
    def kind(self) -> MaterialKind:
        return "personal" if self.member_id else "team"

    @property
    def owner_name(self) -> str:
        return self.member.name if self.member is not None else "领导班子"

    def latest(self):
        return self.versions.order_by("-number").first()


class MaterialVersion(models.Model):
    material = models.ForeignKey(Material, verbose_name="材料", on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    text = models.TextField("正文")
    origin = models.CharField("来源", max_length=20, default="editor")  # import | editor | draft
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="保存人", null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    structured = models.JSONField("结构化编辑内容", default=dict, blank=True)  # the structured editor's fields
    review_json = models.JSONField("审读结果", default=dict, blank=True)  # cached findings and scores
    proxy_note = models.CharField("代办说明", max_length=40, blank=True)  # 由党办代为导入/提交
    # its problems were made ProblemRecords (when it was saved; a version with no problems has
    # none, and this tells it from a version saved before records were made on save)
    problems_recorded = models.BooleanField("已生成问题记录", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "材料版本"
        ordering = ["material", "number"]
        unique_together = [("material", "number")]

    def __str__(self):
        return f"{self.material}第{self.number}版"


class MaterialComment(models.Model):
    material = models.ForeignKey(Material, verbose_name="材料", on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提出人", null=True, on_delete=models.SET_NULL)
    author_role = models.CharField("提出人角色", max_length=20, choices=ROLES)
    text = models.TextField("意见")
    sent_back = models.BooleanField("退回修改", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "材料审核意见"
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"对{self.material}的审核意见"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(Member, verbose_name="班子成员", on_delete=models.CASCADE)
    present = models.BooleanField("到会", default=True)
    absence_reason = models.CharField("缺席原因", max_length=100, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "到会情况"
        unique_together = [("meeting", "member")]

    def __str__(self):
        return f"{self.member.name}到会情况"


class Announcement(models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="announcements")
    title = models.CharField("通报事项", max_length=100)
    body = models.TextField("内容", blank=True)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "通报事项"
        ordering = ["order", "id"]

    def __str__(self):
        return f"通报事项：{self.title}"


class SelfCriticism(models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="self_criticisms")
    member = models.ForeignKey(Member, verbose_name="班子成员", on_delete=models.CASCADE)
    text = models.TextField("个人对照检查发言要点", blank=True)
    response = models.TextField("表态", blank=True)
    inquiry_note = models.TextField("谈话函询情况说明", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "个人对照检查"
        unique_together = [("meeting", "member")]

    def __str__(self):
        return f"{self.member.name}的个人对照检查"


class Criticism(models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="criticisms")
    giver = models.ForeignKey(Member, verbose_name="提出人", on_delete=models.CASCADE, related_name="criticisms_given")
    receiver = models.ForeignKey(
        Member, verbose_name="被批评人", on_delete=models.CASCADE, related_name="criticisms_received"
    )
    text = models.TextField("批评意见")

    class Meta:
        verbose_name = verbose_name_plural = "批评意见"
        ordering = ["receiver__order", "receiver_id", "id"]

    def __str__(self):
        return f"{self.giver.name}对{self.receiver.name}的批评意见"


class Task(models.Model):
    """One row of the rectification ledger (整改台账)."""

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="tasks")
    number = models.CharField("问题编号", max_length=30)
    problem = models.TextField("问题描述")
    source = models.CharField("问题来源", max_length=30, choices=TASK_SOURCES, default="self")
    aspect_id = models.CharField("所属方面", max_length=60, blank=True)
    cause = models.TextField("原因", blank=True)
    target = models.TextField("整改目标", blank=True)
    measure = models.TextField("整改措施", blank=True)
    owner = models.ForeignKey(
        Member, verbose_name="责任领导", null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    department = models.CharField("责任部门", max_length=100, blank=True)
    deadline = models.DateField("完成时限", null=True, blank=True)
    task_type = models.CharField("整改类型", max_length=20, choices=TASK_TYPES, default="deadline")
    status = models.CharField("进展情况", max_length=20, choices=TASK_STATUSES, default="not_started")
    progress = models.TextField("进展说明", blank=True)
    closed_on = models.DateField("销号日期", null=True, blank=True)
    verified_by = models.CharField("验收人", max_length=60, blank=True)
    carried_from = models.ForeignKey(
        "self", verbose_name="结转自", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_to"
    )

    class Meta:
        verbose_name = verbose_name_plural = "整改任务"
        ordering = ["meeting", "number", "id"]
        unique_together = [("meeting", "number")]

    def __str__(self):
        return f"{self.number} {self.problem[:20]}"

    def is_overdue(self, today: date | None = None) -> bool:
        """Past its deadline and not done; a task carried over to next year's ledger is followed there."""
        today = today or timezone.localdate()
        late = (
            self.status != "done"
            and self.deadline is not None
            and self.deadline < today
            and self.task_type != "ongoing"
        )
        return late and not self.carried_over

    @property
    def carried_over(self) -> bool:
        annotated = self.__dict__.get("has_carried_to")  # set by querysets that annotate it (one query for many)
        if annotated is not None:
            return bool(annotated)
        return self.pk is not None and self.carried_to.exists()


def evidence_path(instance, filename):
    return f"evidence/{instance.task.meeting_id}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    task = models.ForeignKey(Task, verbose_name="整改任务", on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("文件", upload_to=evidence_path)
    name = models.CharField("文件名", max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "佐证材料"

    def __str__(self):
        return f"佐证材料：{self.name}"


REPORT_KINDS = [("meeting_report", "民主生活会情况报告"), ("rectification_report", "整改落实情况报告")]


class Report(models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField("报告类别", max_length=30, choices=REPORT_KINDS)
    text = models.TextField("报告正文")
    updated_at = models.DateTimeField(auto_now=True)
    submitted_on = models.DateField("报送日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "报告"
        unique_together = [("meeting", "kind")]

    def __str__(self):
        return self.get_kind_display()


class ProblemRecord(models.Model):
    """A problem of a material version, as the parser found it: what opinions and tasks link to."""

    version = models.ForeignKey(
        MaterialVersion, verbose_name="材料版本", on_delete=models.CASCADE, related_name="problem_records"
    )
    index = models.PositiveSmallIntegerField("序号")
    text = models.TextField("问题")
    aspect_id = models.CharField("所属方面", max_length=60, blank=True)
    start = models.PositiveIntegerField("起始位置", default=0)
    end = models.PositiveIntegerField("结束位置", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "材料中的问题"
        ordering = ["version", "index"]
        unique_together = [("version", "index")]

    def __str__(self):
        return f"问题{self.index + 1}：{self.text[:30]}"


LINK_STATES = [("suggested", "待确认"), ("confirmed", "已确认"), ("rejected", "已否定")]
LINK_REASONS = [("draft", "初稿注明"), ("text", "文字相近"), ("manual", "人工添加")]


class ProblemLink(models.Model):
    """A problem answers an opinion or a talk: suggested by duizhao, confirmed by the author."""

    problem = models.ForeignKey(ProblemRecord, verbose_name="问题", on_delete=models.CASCADE, related_name="links")
    opinion = models.ForeignKey(
        Opinion, verbose_name="意见", null=True, blank=True, on_delete=models.CASCADE, related_name="problem_links"
    )
    talk = models.ForeignKey(
        Talk, verbose_name="谈心谈话", null=True, blank=True, on_delete=models.CASCADE, related_name="problem_links"
    )
    state = models.CharField("状态", max_length=12, choices=LINK_STATES, default="suggested")
    reason = models.CharField("依据", max_length=12, choices=LINK_REASONS, default="text")
    score = models.FloatField("相近程度", default=0)
    lost = models.BooleanField("新版本中找不到对应问题", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "问题与意见的对应"
        ordering = ["problem", "-score", "id"]

    @property
    def source_text(self) -> str:
        if self.opinion is not None:
            return self.opinion.text
        assert self.talk is not None, "a link answers an opinion or a talk"
        return self.talk.listener_said or self.talk.speaker_said


class TaskOrigin(models.Model):
    """Where a task proposed from a material came from, and what was proposed (so that proposing
    again can tell a hand edit from an untouched proposal)."""

    task = models.OneToOneField(Task, verbose_name="整改任务", on_delete=models.CASCADE, related_name="origin")
    material = models.ForeignKey(
        Material, verbose_name="对照检查材料", on_delete=models.CASCADE, related_name="proposed_tasks"
    )
    problem = models.ForeignKey(
        ProblemRecord, verbose_name="问题", null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    proposed = models.JSONField("生成时的建议", default=dict)

    class Meta:
        verbose_name = verbose_name_plural = "整改任务的来源"


class FeedbackPage(models.Model):
    """The public 反馈 page of a meeting: what was done about the opinions, read-only, by link."""

    meeting = models.OneToOneField(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="feedback_page")
    token = models.CharField("链接标识", max_length=40, unique=True, default=new_token)
    is_open = models.BooleanField("公开", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "整改反馈页"


class ThrottleCount(models.Model):
    """A login or public-form counter shared by several app servers on one PostgreSQL (without
    Redis). `digest` is a keyed hash of the client and purpose; rows go when their window ends."""

    digest = models.CharField("键（加盐哈希）", max_length=64, primary_key=True)
    hits = models.IntegerField("次数", default=0)
    expires_at = models.FloatField("到期时刻", db_index=True)  # seconds since the epoch: comparable across machines

    class Meta:
        verbose_name = verbose_name_plural = "限流计数"


class ReportVersion(models.Model):
    """A report's earlier text, kept whenever it is replaced (saved, redrafted or restored)."""

    report = models.ForeignKey(Report, verbose_name="报告", on_delete=models.CASCADE, related_name="versions")
    text = models.TextField("报告正文")
    saved_at = models.DateTimeField("保存时间", auto_now_add=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="保存人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField("说明", max_length=40, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "报告历史版本"
        ordering = ["-saved_at", "-id"]

    def __str__(self):
        return f"{self.report}历史版本"
