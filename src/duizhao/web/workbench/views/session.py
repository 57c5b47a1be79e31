"""会议召开: agenda, attendance and quorum, 通报, self-examinations and 表态, criticisms with
warnings, 督导组点评, summary, minutes (.docx)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from duizhao.web.workbench import forms as f
from duizhao.web.workbench import models as m
from duizhao.web.workbench import reports, services
from duizhao.web.workbench.permissions import require
from duizhao.web.workbench.views.common import meeting_context, meeting_for
from duizhao.web.workbench.views.ledger import attachment
from duizhao.web.workbench.views.materials import DOCX


def ensure_session_rows(meeting: m.Meeting) -> None:
    for member in meeting.team.members.filter(active=True):
        m.Attendance.objects.get_or_create(meeting=meeting, member=member)
        m.SelfCriticism.objects.get_or_create(meeting=meeting, member=member)
    if not meeting.announcements.exists():
        for order, (title, body) in enumerate(reports.default_announcements(meeting)):
            m.Announcement.objects.create(meeting=meeting, title=title, body=body, order=order)


def _with_hints(announcements) -> list:
    rows = list(announcements)
    for row in rows:
        row.hint = reports.announcement_hint(row.title)
    return rows


@login_required
def session(request, pk):
    meeting = meeting_for(request, pk)
    ensure_session_rows(meeting)
    criticisms = list(meeting.criticisms.select_related("giver", "receiver"))
    for c in criticisms:
        c.findings = services.criticism_findings(c.text)
    context = meeting_context(
        request,
        meeting,
        "session",
        agenda=services.agenda(meeting),
        attendance=meeting.attendance.select_related("member").order_by("member__order", "member_id"),
        quorum=services.quorum_of(meeting),
        announcements=_with_hints(meeting.announcements.all()),
        self_criticisms=meeting.self_criticisms.select_related("member").order_by("-member__is_head", "member__order"),
        criticisms=criticisms,
        matrix=services.criticism_matrix(meeting),
        criticism_form=f.CriticismForm(meeting=meeting),
    )
    return render(request, "workbench/session.html", context)


@login_required
@require_POST
def session_save(request, pk):
    """Save the basic record, attendance, self-examinations and 通报 in one form."""
    meeting = meeting_for(request, pk, "edit_meeting")
    held = request.POST.get("held_date", "").strip()
    if held:
        from datetime import date

        try:
            meeting.held_date = date.fromisoformat(held)
        except ValueError:
            messages.error(request, "召开日期格式不对。")
            return redirect("session", pk=meeting.pk)
    for name in ("location", "host", "recorder", "supervisors_present", "summary_speech", "supervisor_comment"):
        if name in request.POST:
            setattr(meeting, name, request.POST[name].strip())
    meeting.save()
    for row in meeting.attendance.all():
        row.present = request.POST.get(f"present_{row.member_id}") == "on"
        row.absence_reason = request.POST.get(f"absence_{row.member_id}", "").strip()
        row.save()
    for row in meeting.self_criticisms.all():
        for name in ("text", "response", "inquiry_note"):
            key = f"{name}_{row.member_id}"
            if key in request.POST:
                setattr(row, name, request.POST[key].strip())
        row.save()
    for row in meeting.announcements.all():
        key = f"announcement_{row.pk}"
        if key in request.POST:
            row.body = request.POST[key].strip()
            row.save()
    if meeting.held_date:
        m.Deadline.objects.filter(meeting=meeting, key="meeting", done_on__isnull=True).update(
            done_on=meeting.held_date
        )
        services.sync_deadlines(meeting)
    quorum = services.quorum_of(meeting)
    (messages.success if quorum.ok else messages.warning)(request, f"会议记录已保存。{quorum.message}")
    return redirect("session", pk=meeting.pk)


@login_required
@require_POST
def criticism_add(request, pk):
    meeting = meeting_for(request, pk, "edit_meeting")
    form = f.CriticismForm(request.POST, meeting=meeting)
    if form.is_valid():
        criticism = form.save(commit=False)
        criticism.meeting = meeting
        criticism.save()
        findings = services.criticism_findings(criticism.text)
        if findings:
            messages.warning(request, "已记录。提示：" + "；".join(x.message for x in findings))
        else:
            messages.success(request, "已记录批评意见。")
    else:
        messages.error(request, "批评意见未保存：" + "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("session", pk=meeting.pk)


@login_required
@require_POST
def supervisor_comment(request, pk):
    meeting = meeting_for(request, pk, "comment_meeting")
    meeting.supervisor_comment = request.POST.get("supervisor_comment", "").strip()
    meeting.save(update_fields=["supervisor_comment"])
    messages.success(request, "督导组点评已保存。")
    return redirect("session", pk=meeting.pk)


@login_required
def minutes_download(request, pk):
    meeting = meeting_for(request, pk)
    require(request.user, "export", meeting)
    data = reports.minutes_docx(meeting)
    return attachment(data, f"{meeting.team.name}{meeting.title}会议记录.docx", DOCX)


@login_required
@require_POST
def criticism_delete(request, pk):
    criticism = get_object_or_404(m.Criticism, pk=pk)
    require(request.user, "edit_meeting", criticism.meeting)
    criticism.delete()
    messages.success(request, "已删除这条批评意见。")
    return redirect("session", pk=criticism.meeting_id)


@login_required
@require_POST
def announcement_add(request, pk):
    meeting = meeting_for(request, pk, "edit_meeting")
    title = request.POST.get("title", "").strip()[:100]
    if not title:
        messages.error(request, "请填写通报事项。")
    else:
        m.Announcement.objects.create(
            meeting=meeting, title=title, body=request.POST.get("body", "").strip(), order=meeting.announcements.count()
        )
        messages.success(request, f"已增加通报事项“{title}”。")
    return redirect("session", pk=meeting.pk)
