"""年度框架: the clerk adds the year's framework when it is announced (a file or a form)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone

from duizhao.errors import InputError
from duizhao.web.workbench import frameworks_admin as admin
from duizhao.web.workbench import models as m
from duizhao.web.workbench.forms import framework_choices


class FrameworkForm(forms.Form):
    file = forms.FileField(label="框架文件（.toml，格式同内置框架，见 docs/frameworks.md）", required=False)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, required=False)
    kind = forms.ChoiceField(label="会议类别", choices=m.MEETING_KINDS, initial="democratic_life")
    title = forms.CharField(
        label="名称",
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "例如：2026年度民主生活会"}),
    )
    theme = forms.CharField(label="主题", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    aspects = forms.CharField(
        label="对照检查方面（每行一个：简称：正式表述）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "政治忠诚：带头强化政治忠诚、提高政治能力"}),
    )
    announcements = forms.CharField(
        label="会上通报事项（每行一个，可不填）", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def _allowed(user) -> bool:
    return user.is_superuser or m.TeamRole.objects.filter(user=user, role="clerk").exists()


@login_required
def framework_add(request):
    if not _allowed(request.user):
        raise PermissionDenied("只有党办人员或系统管理员可以添加年度框架。")
    form = FrameworkForm(request.POST or None, request.FILES or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            path = _save(form.cleaned_data)
        except InputError as error:
            messages.error(request, f"年度框架未保存：{error.reason}")
        else:
            messages.success(request, f"已添加年度框架（{path.name}），新建会议时即可选用。")
            return redirect("framework_add")
    known = [label for _, label in framework_choices([])]
    return render(request, "workbench/frameworks.html", {"form": form, "known": known})


def _save(data: dict):
    upload = data.get("file")
    if upload:
        content = upload.read(admin.MAX_FILE_BYTES + 1)
        framework = admin.parse_framework_file(content, upload.name)
        return admin.save_framework(framework.id, content.decode("utf-8"))
    aspects = admin.aspect_lines(data.get("aspects", ""))
    if not (data.get("year") and data.get("title", "").strip() and aspects):
        raise InputError(None, "请上传框架文件，或填写年度、名称和至少一个对照检查方面")
    framework_id, text = admin.framework_toml(
        year=data["year"],
        kind=data["kind"],
        title=data["title"],
        theme=data.get("theme", ""),
        aspects=aspects,
        announcements=[x.strip() for x in data.get("announcements", "").splitlines() if x.strip()],
    )
    return admin.save_framework(framework_id, text)
