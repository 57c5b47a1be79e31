"""报告: the meeting report and the rectification report, drafted from data and editable, then
.docx and a zip package; next year's meeting; the supervision overview."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from duizhao.web.workbench import models as m
from duizhao.web.workbench import reports
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
        rows.append({"kind": kind, "label": label, "report": report,
                     "text": report.text if report else reports.draft(meeting, kind)})
    deadline = meeting.deadlines.filter(key="report").first()
    context = meeting_context(request, meeting, "reports", rows=rows, deadline=deadline, today=timezone.localdate(),
                              recurring=reports.recurring(meeting), gaps=reports.package_gaps(meeting))
    return render(request, "workbench/reports.html", context)


@login_required
@require_POST
def report_save(request, pk, kind):
    meeting = meeting_for(request, pk, "edit_report")
    if kind not in dict(m.REPORT_KINDS):
        raise PermissionDenied
    text = request.POST.get("text", "").replace("\r\n", "\n").strip()
    if request.POST.get("action") == "redraft" or not text:
        text = reports.draft(meeting, kind)
    report, _ = m.Report.objects.update_or_create(meeting=meeting, kind=kind, defaults={"text": text})
    if request.POST.get("action") == "submitted":
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
    new = reports.start_next_meeting(meeting)
    messages.success(request, f"已创建“{new.title}”：结转未完成整改任务 {new.tasks.count()} 项，上年度整改情况已列为首项通报。")
    return redirect("meeting_detail", pk=new.pk)


@login_required
def supervision(request):
    own = set(m.TeamRole.objects.filter(user=request.user, role="supervisor").values_list("team_id", flat=True))
    teams = [t for t in visible_teams(request.user)
             if (request.user.is_superuser or "supervisor" in team_roles(request.user, t))
             and (t.pk not in own or t.meetings.exists())]  # the supervising level itself only if it meets too
    if not teams and not own and not request.user.is_superuser:
        raise PermissionDenied("只有督导组可以查看督导总览。")
    rows = [reports.team_status(team) for team in teams]
    return render(request, "workbench/supervision.html", {"rows": rows, "today": timezone.localdate()})
