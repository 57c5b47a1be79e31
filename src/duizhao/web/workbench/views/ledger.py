"""整改台账: tasks, progress, 销号 with evidence, .xlsx export and import with a change report."""

from __future__ import annotations

import io
import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from duizhao.errors import InputError
from duizhao.safety import EVIDENCE_KINDS, LEDGER_KINDS
from duizhao.web.workbench import chain, services
from duizhao.web.workbench import forms as f
from duizhao.web.workbench import models as m
from duizhao.web.workbench.permissions import can, member_of, opinions_visible_to, require
from duizhao.web.workbench.views.common import bytes_on_disk, checked_upload, meeting_context, meeting_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(data: bytes, filename: str, content_type: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
def ledger(request, pk):
    meeting = meeting_for(request, pk, "view_ledger")
    today = timezone.localdate()
    tasks = list(meeting.tasks.select_related("owner").prefetch_related("evidence"))
    only = request.GET.get("only")
    me = member_of(request.user)
    if only == "mine" and me:
        tasks = [t for t in tasks if t.owner_id == me.pk]
    elif only == "overdue":
        tasks = [t for t in tasks if t.is_overdue(today)]
    context = meeting_context(
        request,
        meeting,
        "ledger",
        tasks=tasks,
        today=today,
        names=services.aspect_names(meeting),
        only=only,
        form=f.TaskForm(meeting=meeting, initial={"number": services.next_task_number(meeting)}),
        upload_form=f.UploadForm(),
        overdue=sum(1 for t in tasks if t.is_overdue(today)),
    )
    return render(request, "workbench/ledger.html", context)


@login_required
@require_POST
def task_add(request, pk):
    meeting = meeting_for(request, pk, "import_ledger")
    form = f.TaskForm(request.POST, meeting=meeting)
    if form.is_valid():
        task = form.save(commit=False)
        task.meeting = meeting
        if meeting.tasks.filter(number=task.number).exists():
            messages.error(request, f"问题编号 {task.number} 已被使用，请换一个编号。")
            return redirect("ledger", pk=meeting.pk)
        task.save()
        messages.success(request, f"已新增整改任务 {task.number}。")
    else:
        messages.error(request, "任务未保存：" + "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("ledger", pk=meeting.pk)


@login_required
def task_detail(request, pk):
    task = get_object_or_404(m.Task.objects.select_related("meeting", "meeting__team", "owner"), pk=pk)
    meeting = task.meeting
    require(request.user, "view_ledger", meeting)
    full_edit = can(request.user, "import_ledger", meeting)
    may_update = can(request.user, "edit_task", task)
    if request.method == "POST":
        if not may_update:
            raise PermissionDenied("只有党办或责任领导可以更新此任务。")
        form = (
            f.TaskForm(request.POST, instance=task, meeting=meeting)
            if full_edit
            else f.TaskProgressForm(request.POST, instance=task)
        )
        if form.is_valid():
            form.save()
            messages.success(request, "整改任务已更新。")
            return redirect("task_detail", pk=task.pk)
    else:
        form = f.TaskForm(instance=task, meeting=meeting) if full_edit else f.TaskProgressForm(instance=task)
    context = meeting_context(
        request,
        meeting,
        "ledger",
        task=task,
        form=form,
        may_update=may_update,
        may_close=can(request.user, "close_task", meeting),
        close_form=f.CloseTaskForm(
            initial={
                "closed_on": timezone.localdate(),
                "verified_by": request.user.get_full_name() or request.user.username,
            }
        ),
        upload_form=f.UploadForm(),
        evidence=task.evidence.all(),
        names=services.aspect_names(meeting),
        today=timezone.localdate(),
        origin=chain.task_origin(task, opinions_visible_to(request.user, meeting)),
    )
    return render(request, "workbench/task.html", context)


@login_required
@require_POST
def task_close(request, pk):
    task = get_object_or_404(m.Task, pk=pk)
    require(request.user, "close_task", task.meeting)
    form = f.CloseTaskForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写验收人和销号日期。")
    elif not task.evidence.exists():
        messages.error(request, "销号前须上传佐证材料。")
    else:
        task.status = "done"
        task.verified_by = form.cleaned_data["verified_by"]
        task.closed_on = form.cleaned_data["closed_on"]
        task.save()
        messages.success(request, f"任务 {task.number} 已销号。")
    return redirect("task_detail", pk=task.pk)


@login_required
@require_POST
def evidence_upload(request, pk):
    task = get_object_or_404(m.Task, pk=pk)
    require(request.user, "edit_task", task)
    form = f.UploadForm(request.POST, request.FILES)
    if form.is_valid():
        checked = checked_upload(request, form.cleaned_data["file"], EVIDENCE_KINDS)
        if checked is not None:
            check, data = checked
            evidence = m.Evidence(task=task, name=check.safe_name[:200], uploaded_by=request.user)
            evidence.file.save(check.safe_name, ContentFile(data), save=False)  # stored under a random name
            evidence.save()
            messages.success(request, f"已上传佐证材料“{check.safe_name}”。")
    else:
        messages.error(request, "请选择要上传的文件。")
    return redirect("task_detail", pk=task.pk)


@login_required
def evidence_download(request, pk):
    evidence = get_object_or_404(m.Evidence.objects.select_related("task__meeting__team"), pk=pk)
    require(request.user, "view_ledger", evidence.task.meeting)
    content_type = mimetypes.guess_type(evidence.name)[0] or "application/octet-stream"
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name, content_type=content_type)


@login_required
def ledger_export(request, pk):
    meeting = meeting_for(request, pk, "export")
    buffer = io.BytesIO()
    services.export_ledger(meeting, buffer)
    return attachment(buffer.getvalue(), f"{meeting.team.name}整改台账.xlsx", XLSX)


VALUE_WORDS = {"status": dict(m.TASK_STATUSES), "task_type": dict(m.TASK_TYPES), "source": dict(m.TASK_SOURCES)}


def _word(field: str, value) -> str:
    if value is None or value == "":
        return "（空）"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return VALUE_WORDS.get(field, {}).get(value, str(value))


def _shown(change) -> dict:
    return {
        "code": change.code,
        "label": change.label or change.field,
        "old": _word(change.field, change.old),
        "new": _word(change.field, change.new),
    }


@login_required
@require_POST
def ledger_import(request, pk):
    meeting = meeting_for(request, pk, "import_ledger")
    form = f.UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要导入的整改台账（.xlsx）。")
        return redirect("ledger", pk=meeting.pk)
    checked = checked_upload(request, form.cleaned_data["file"], LEDGER_KINDS)
    if checked is None:
        return redirect("ledger", pk=meeting.pk)
    try:
        with bytes_on_disk(checked[1], ".xlsx") as path:
            result, warnings, refused = services.import_ledger(meeting, path, user=request.user)
    except InputError as error:
        messages.error(request, f"导入失败：{error.reason}")
        return redirect("ledger", pk=meeting.pk)
    context = meeting_context(
        request,
        meeting,
        "ledger",
        result=result,
        warnings=warnings,
        changes=[_shown(c) for c in result.changes],
        refused=[(_shown(c), reason) for c, reason in refused],
    )
    return render(request, "workbench/ledger_import.html", context)


@login_required
@require_POST
def task_delete(request, pk):
    task = get_object_or_404(m.Task, pk=pk)
    require(request.user, "import_ledger", task.meeting)
    if task.closed_on:
        messages.error(request, "已销号的任务不能删除。")
        return redirect("task_detail", pk=task.pk)
    meeting_pk, number = task.meeting_id, task.number
    task.delete()
    messages.success(request, f"已删除整改任务 {number}。")
    return redirect("ledger", pk=meeting_pk)
