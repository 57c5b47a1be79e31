"""报告: the meeting report and the rectification report, drafted from data and editable, then
.docx and a zip package; next year's meeting; the supervision overview."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from duizhao.web.workbench import lifecycle, reports
from duizhao.web.workbench import models as m
from duizhao.web.workbench.permissions import team_roles, visible_teams
from duizhao.web.workbench.views.common import meeting_context, meeting_for
from duizhao.web.workbench.views.ledger import attachment
from duizhao.web.workbench.views.materials import DOCX


@login_required
def report_list(request, pk):
    meeting = meeting_for(request, pk)
    rows = []
    for kind, label in m.REPORT_KINDS:
        report = meeting.reports.filter(kind=kind).first()
        rows.append(
            {
                "kind": kind,
                "label": label,
                "report": report,
                "text": report.text if report else reports.draft(meeting, kind),
                "versions": list(report.versions.select_related("saved_by")[:20]) if report else [],
            }
        )
    deadline = meeting.deadlines.filter(key="report").first()
    context = meeting_context(
        request,
        meeting,
        "reports",
        rows=rows,
        deadline=deadline,
        today=timezone.localdate(),
        recurring=reports.recurring(meeting),
        gaps=reports.package_gaps(meeting),
        next_refusal=lifecycle.next_meeting_refusal(meeting),
    )
    return render(request, "workbench/reports.html", context)


def confirm_page(
    request,
    *,
    title: str,
    lines: list[str],
    action: str,
    cancel: str,
    confirm_label: str,
    hidden: Sequence[tuple[str, str]] = (),
    items: Sequence[str] = (),
    danger: bool = False,
):
    """Ask before a step that replaces or removes something; the form posts again with confirm=1."""
    return render(
        request,
        "workbench/confirm.html",
        {
            "title": title,
            "lines": lines,
            "items": list(items),
            "action": action,
            "cancel": cancel,
            "confirm_label": confirm_label,
            "hidden": list(hidden),
            "danger": danger,
        },
    )


@login_required
@require_POST
def report_save(request, pk, kind):
    meeting = meeting_for(request, pk, "edit_report")
    if kind not in dict(m.REPORT_KINDS):
        raise PermissionDenied
    label = dict(m.REPORT_KINDS)[kind]
    action = request.POST.get("action", "save")
    text = request.POST.get("text", "").replace("\r\n", "\n").strip()
    if action == "redraft":
        draft = reports.draft(meeting, kind)
        current = text or reports.report_text(meeting, kind)
        saved = meeting.reports.filter(kind=kind).first()
        if saved is not None and current.strip() != draft.strip() and request.POST.get("confirm") != "1":
            return confirm_page(
                request,
                title=f"按最新数据重新起草{label}？",
                lines=[
                    "重新起草会用数据库中的最新数据替换页面上的报告文字，您修改过的内容不会丢失：",
                    "当前文字将保存为历史版本，可在报告页“历史版本”中随时恢复。",
                ],
                action=reverse("report_save", args=[meeting.pk, kind]),
                cancel=reverse("reports", args=[meeting.pk]),
                confirm_label="保存当前文字为历史版本，并重新起草",
                hidden=[("action", "redraft"), ("text", current)],
            )
        if saved is not None and current.strip() != saved.text.strip():
            lifecycle.save_report_text(meeting, kind, current, user=request.user, note="未保存的修改")
        lifecycle.save_report_text(meeting, kind, draft, user=request.user, note="重新起草前的版本")
        messages.success(request, f"已按最新数据重新起草{label}；原来的文字已保存为历史版本。")
        return redirect("reports", pk=meeting.pk)
    report = lifecycle.save_report_text(meeting, kind, text or reports.draft(meeting, kind), user=request.user)
    if action == "submitted":
        today = timezone.localdate()
        report.submitted_on = today
        report.save(update_fields=["submitted_on"])
        key = "report" if kind == "meeting_report" else "rectification_report"
        m.Deadline.objects.filter(meeting=meeting, key=key, done_on__isnull=True).update(done_on=today)
        messages.success(request, f"已保存，并记录于{today.month}月{today.day}日报送上级。")
        return redirect("reports", pk=meeting.pk)
    messages.success(request, "报告已保存。")
    return redirect("reports", pk=meeting.pk)


@login_required
@require_POST
def report_restore(request, pk, version):
    meeting = meeting_for(request, pk, "edit_report")
    old = get_object_or_404(m.ReportVersion.objects.select_related("report"), pk=version, report__meeting=meeting)
    lifecycle.restore_report_version(old, user=request.user)
    messages.success(
        request, f"已恢复{timezone.localtime(old.saved_at):%m月%d日 %H:%M}的版本；恢复前的文字也已保存为历史版本。"
    )
    return redirect("reports", pk=meeting.pk)


@login_required
def report_download(request, pk, kind):
    meeting = meeting_for(request, pk, "export")
    label = dict(m.REPORT_KINDS).get(kind)
    if label is None:
        raise PermissionDenied
    return attachment(reports.report_docx(meeting, kind), f"{meeting.team.name}{label}.docx", DOCX)


@login_required
def package_download(request, pk):
    meeting = meeting_for(request, pk, "export")
    return attachment(reports.package_zip(meeting), f"{meeting.team.name}{meeting.title}材料包.zip", "application/zip")


@login_required
@require_POST
def next_meeting(request, pk):
    meeting = meeting_for(request, pk, "edit_meeting")
    refusal = lifecycle.next_meeting_refusal(meeting)
    if refusal:
        messages.error(request, refusal)
        return redirect("reports", pk=meeting.pk)
    if request.POST.get("confirm") != "1":
        unfinished = list(meeting.tasks.exclude(status="done").order_by("number"))
        return confirm_page(
            request,
            title=f"开启{meeting.year + 1}年度会议？",
            lines=[
                f"将创建“{meeting.year + 1}年度{meeting.get_kind_display()}”，把本次会议未完成的整改任务{len(unfinished)}项结转过去，"
                "并把本年度整改情况列为首项通报。",
                "新会议里还没有录入任何内容时，可以在新会议概况页撤销。",
            ],
            items=[f"{t.number} {t.problem}" for t in unfinished],
            action=reverse("next_meeting", args=[meeting.pk]),
            cancel=reverse("reports", args=[meeting.pk]),
            confirm_label="确认开启并结转",
        )
    new = reports.start_next_meeting(meeting)
    messages.success(
        request,
        f"已创建“{new.title}”：结转未完成整改任务{new.tasks.count()}项，上年度整改情况已列为首项通报。"
        "在本会议录入内容之前，可以在下方撤销。",
    )
    return redirect("meeting_detail", pk=new.pk)


@login_required
@require_POST
def meeting_remove(request, pk):
    """Remove a meeting created by mistake (or undo opening next year's): only while it is empty."""
    meeting = meeting_for(request, pk, "edit_meeting")
    contents = lifecycle.meeting_contents(meeting)
    changed = lifecycle.changed_carryovers(meeting)
    if contents or changed:
        items = [f"{label}{n}" for label, n in contents.items()] + [f"已更新的结转任务：{'、'.join(changed)}"] * bool(
            changed
        )
        messages.error(request, "本次会议已有录入的内容（" + "；".join(items) + "），不能删除。如是误建，可以归档。")
        return redirect("meeting_detail", pk=meeting.pk)
    if request.POST.get("confirm") != "1":
        previous = meeting.previous
        lines = [f"将删除“{meeting.team.name}{meeting.title}”及其自动生成的日程和通报事项。删除会记入审计日志。"]
        if previous is not None and meeting.tasks.exists():
            lines.append(
                f"结转来的{meeting.tasks.count()}项整改任务随之删除，“{previous.title}”中的这些任务恢复为未结转。"
            )
        return confirm_page(
            request,
            title=f"删除“{meeting.title}”？",
            lines=lines,
            action=reverse("meeting_remove", args=[meeting.pk]),
            cancel=reverse("meeting_detail", args=[meeting.pk]),
            confirm_label="确认删除",
            danger=True,
        )
    team, previous = meeting.team, meeting.previous
    title = lifecycle.remove_meeting(meeting)
    messages.success(request, f"已删除“{title}”。")
    return redirect("reports", pk=previous.pk) if previous is not None else redirect("team_detail", pk=team.pk)


@login_required
@require_POST
def meeting_archive(request, pk):
    meeting = meeting_for(request, pk, "edit_meeting")
    meeting.archived = request.POST.get("archived") == "1"
    meeting.save(update_fields=["archived"])
    messages.success(
        request, "已归档：本次会议不再列入工作台首页和督导总览，内容全部保留。" if meeting.archived else "已取消归档。"
    )
    return redirect("meeting_detail", pk=meeting.pk)


@login_required
def supervision(request):
    own = set(m.TeamRole.objects.filter(user=request.user, role="supervisor").values_list("team_id", flat=True))
    teams = [
        t
        for t in visible_teams(request.user)
        if (request.user.is_superuser or "supervisor" in team_roles(request.user, t))
        and (t.pk not in own or t.meetings.exists())
    ]  # the supervising level itself only if it meets too
    if not teams and not own and not request.user.is_superuser:
        raise PermissionDenied("只有督导组可以查看督导总览。")
    rows = [reports.team_status(team) for team in teams]
    from duizhao.web.workbench import chain

    today = timezone.localdate()
    chains = [(row["team"], chain.chain_counts(row["meeting"], today)) for row in rows if row["meeting"]]
    return render(request, "workbench/supervision.html", {"rows": rows, "chains": chains, "today": today})
