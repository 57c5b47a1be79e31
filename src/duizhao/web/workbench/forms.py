from __future__ import annotations

from django import forms

from duizhao.web.workbench import models as m


def _model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """A ModelForm's foreign-key field (django-stubs types `form.fields` as plain fields)."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField), name
    return field


def framework_choices(problems: list[str] | None = None):
    """Every framework, read afresh (a unit's new or edited file shows without a restart); a
    file that cannot be read is left out and described in `problems`."""
    from duizhao.frameworks import load_frameworks

    return [(f.id, f"{f.year} · {f.title}") for f in load_frameworks(problems=[] if problems is None else problems)]


def aspect_choices(framework_id: str, blank: str = "（不限）"):
    from duizhao.web.workbench.services import framework_by_id

    framework = framework_by_id(framework_id)
    if framework is None:
        return [("", blank)]
    return [("", blank)] + [(a.id, a.short_name) for a in framework.aspects]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TeamForm(forms.ModelForm):
    class Meta:
        model = m.Team
        fields = ["name", "unit", "parent"]


class TeamSettingsForm(forms.ModelForm):
    class Meta:
        model = m.Team
        fields = ["quorum_ratio", "department_heads", "public_url"]
        widgets = {
            "department_heads": forms.Textarea(attrs={"rows": 4, "placeholder": "办公室=王某\n财务科=李某"}),
            "public_url": forms.URLInput(attrs={"placeholder": "http://10.1.2.3:8000"}),
        }

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        field = self.fields["public_url"]
        if settings.DUIZHAO_PUBLIC_URL:  # the deployment's address wins: it also sets the allowed hosts and HTTPS
            field.disabled = True
            field.help_text = f"系统管理员部署时已统一指定为 {settings.DUIZHAO_PUBLIC_URL}，此处无需填写。"
        else:
            field.help_text = (
                "手机和内网其他电脑打开征求意见链接时使用的地址，二维码海报上印的就是它，"
                "如 http://10.1.2.3:8000。留空则使用您浏览工作台时地址栏中的地址。"
            )

    def clean_public_url(self):
        from duizhao.web.config import normalized_address

        value = self.cleaned_data.get("public_url", "").strip()
        if not value:
            return ""
        address = normalized_address(value)
        if address is None:
            raise forms.ValidationError("请填写完整的地址，以 http:// 或 https:// 开头，例如 http://10.1.2.3:8000")
        return address

    def clean_quorum_ratio(self):
        from duizhao.cycle.meeting import parse_ratio
        from duizhao.errors import InputError

        value = self.cleaned_data["quorum_ratio"].strip()
        try:
            parse_ratio(value)
        except InputError as error:
            raise forms.ValidationError(f"{error.reason}。请填写比例，例如 2/3 或 0.9") from error
        return value


class MemberForm(forms.ModelForm):
    class Meta:
        model = m.Member
        fields = ["name", "title", "portfolio", "departments", "is_head", "order", "active"]


class MeetingForm(forms.ModelForm):
    class Meta:
        model = m.Meeting
        fields = [
            "title",
            "kind",
            "meeting_type",
            "special_reason",
            "year",
            "framework_id",
            "planned_date",
            "location",
            "host",
            "recorder",
        ]
        widgets = {"planned_date": DateInput()}

    accept_mismatch = forms.BooleanField(label="所选框架与会议年度或类别不一致，仍然使用", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.framework_problems: list[str] = []
        self.fields["framework_id"] = forms.ChoiceField(
            label="年度框架", choices=framework_choices(self.framework_problems)
        )
        if not self.is_bound and not self.initial.get("framework_id"):
            year, kind = self.initial.get("year"), self.initial.get("kind", "democratic_life")
            self.initial["framework_id"] = year_framework_id(year, kind) if year else None
        self.order_fields([name for name in self.fields if name != "accept_mismatch"] + ["accept_mismatch"])

    def clean(self):
        from duizhao.cycle.meeting import framework_mismatch
        from duizhao.web.workbench.services import framework_by_id

        data = super().clean()
        if data.get("meeting_type") == "special" and not data.get("special_reason"):
            self.add_error("special_reason", "专门召开的会议须注明原因")
        year, kind, chosen = data.get("year"), data.get("kind"), data.get("framework_id")
        if year and kind and chosen and not data.get("accept_mismatch"):
            warning = framework_mismatch(framework_by_id(chosen), year, kind)
            if warning:
                self.add_error("framework_id", warning + missing_framework_words(year, kind))
        return data


def year_framework_id(year: int, kind: str) -> str | None:
    from duizhao.web.workbench.lifecycle import year_framework_id as found

    return found(int(year), kind)


def missing_framework_words(year: int, kind: str) -> str:
    """What to do when the chosen framework does not fit: the year's own, or plainly that there is none yet."""
    from duizhao.web.workbench.services import framework_by_id

    own = year_framework_id(year, kind)
    kind_words = dict(m.MEETING_KINDS).get(kind, "")
    if own:
        return f"{year}年度{kind_words}的框架是“{framework_by_id(own).title}”，请改选它；确需使用所选框架，请勾选下方“仍然使用”。"
    return (
        f"{year}年度{kind_words}的框架还没有收入本软件（新年度框架通常在当年年底公布）。"
        "公布后可在“年度框架”页添加；也可以先选用相近年度的框架，并勾选下方“仍然使用”。"
    )


class SolicitationForm(forms.ModelForm):
    class Meta:
        model = m.Solicitation
        fields = ["member", "aspect_id"]

    def __init__(self, *args, meeting: m.Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        _model_choice(self, "member").queryset = meeting.team.members.filter(active=True)
        _model_choice(self, "member").empty_label = "领导班子整体"
        self.fields["aspect_id"] = forms.ChoiceField(
            label="针对方面", choices=aspect_choices(meeting.framework_id), required=False
        )


PUBLIC_OPINION_MAX_CHARS = 4000


class PublicOpinionForm(forms.Form):
    """The anonymous form. On a link for the whole team the giver may name the member the opinion
    is about (stored as the opinion's target, nothing else); `members` is (id, name, title) of
    the team's active members, None on a link for one member."""

    text = forms.CharField(
        label="您的意见和建议",
        max_length=PUBLIC_OPINION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 8, "data-counter": "text-counter"}),
        error_messages={
            "max_length": "意见最多 %(limit_value)d 字，现有 %(show_value)d 字，请删减后再提交。",
            "required": "请写下您的意见或建议。",
        },
    )

    def __init__(self, *args, members: tuple[tuple[int, str, str], ...] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:
            choices = [("", "领导班子")] + [
                (str(pk), f"{name}（{title}）" if title else name) for pk, name, title in members
            ]
            self.fields["target"] = forms.TypedChoiceField(
                label="意见针对（可不选）",
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                help_text="不选即为对领导班子的意见。",
                error_messages={"invalid_choice": "请从列表中选择意见针对的班子成员，或选“领导班子”。"},
            )
            self.order_fields(["target", "text"])

    def clean_text(self):
        from duizhao.safety import FormTextRefused, clean_form_text

        try:
            text = clean_form_text(self.cleaned_data["text"], max_chars=PUBLIC_OPINION_MAX_CHARS, label="意见")
        except FormTextRefused as refusal:
            raise forms.ValidationError(refusal.reason) from None
        if len(text) < 4:
            raise forms.ValidationError("请写下具体的意见或建议。")
        return text


class OpinionForm(forms.ModelForm):
    class Meta:
        model = m.Opinion
        fields = ["text", "source", "target_member", "received_on"]
        widgets = {"received_on": DateInput(), "text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, meeting: m.Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        _model_choice(self, "target_member").queryset = meeting.team.members.filter(active=True)
        _model_choice(self, "target_member").empty_label = "领导班子"


class UploadForm(forms.Form):
    file = forms.FileField(label="选择文件")


class TalkForm(forms.ModelForm):
    class Meta:
        model = m.Talk
        fields = [
            "speaker",
            "listener",
            "other_name",
            "talked_on",
            "place",
            "speaker_said",
            "listener_said",
            "follow_up",
        ]
        widgets = {"talked_on": DateInput()}

    def __init__(self, *args, meeting: m.Meeting, speaker: m.Member | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        members = meeting.team.members.filter(active=True)
        _model_choice(self, "speaker").queryset = members.filter(pk=speaker.pk) if speaker else members
        _model_choice(self, "listener").queryset = members
        self.fields["listener"].required = False

    def clean(self):
        data = super().clean()
        if not data.get("listener") and not data.get("other_name"):
            raise forms.ValidationError("请选择谈话对象，或填写非班子成员的谈话对象姓名。")
        if data.get("listener") and data.get("listener") == data.get("speaker"):
            raise forms.ValidationError("谈话人和谈话对象不能是同一人。")
        return data


DONE_ONLY_BY_CLOSING = "“已完成”只能通过销号设置（上传佐证材料并填写验收人、销号日期）。"


class _DoneOnlyByClosing:
    """A task becomes done only through 销号 (evidence and a verifier), never by picking the status."""

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status == "done" and self.instance.status != "done":
            raise forms.ValidationError(DONE_ONLY_BY_CLOSING)
        return status


class TaskForm(_DoneOnlyByClosing, forms.ModelForm):
    class Meta:
        model = m.Task
        fields = [
            "number",
            "problem",
            "source",
            "aspect_id",
            "cause",
            "target",
            "measure",
            "owner",
            "department",
            "deadline",
            "task_type",
            "status",
            "progress",
        ]
        widgets = {
            "deadline": DateInput(),
            "problem": forms.Textarea(attrs={"rows": 3}),
            "cause": forms.Textarea(attrs={"rows": 2}),
            "target": forms.Textarea(attrs={"rows": 2}),
            "measure": forms.Textarea(attrs={"rows": 3}),
            "progress": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, meeting: m.Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        _model_choice(self, "owner").queryset = meeting.team.members.all()
        self.fields["aspect_id"] = forms.ChoiceField(
            label="所属方面", choices=aspect_choices(meeting.framework_id, "—"), required=False
        )


class TaskProgressForm(_DoneOnlyByClosing, forms.ModelForm):
    """What the responsible member may change on his own task (not `done`: that is 销号)."""

    class Meta:
        model = m.Task
        fields = ["status", "progress"]
        widgets = {"progress": forms.Textarea(attrs={"rows": 3})}


class CloseTaskForm(forms.Form):
    verified_by = forms.CharField(label="验收人", max_length=60)
    closed_on = forms.DateField(label="销号日期", widget=DateInput())


class CriticismForm(forms.ModelForm):
    class Meta:
        model = m.Criticism
        fields = ["giver", "receiver", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, meeting: m.Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        members = meeting.team.members.filter(active=True)
        _model_choice(self, "giver").queryset = members
        _model_choice(self, "receiver").queryset = members

    def clean(self):
        data = super().clean()
        if data.get("giver") and data.get("giver") == data.get("receiver"):
            raise forms.ValidationError("批评意见的提出人和被批评人不能是同一人。")
        return data


class CommentForm(forms.Form):
    text = forms.CharField(label="审核意见", widget=forms.Textarea(attrs={"rows": 3}))
    send_back = forms.BooleanField(label="退回修改", required=False)
