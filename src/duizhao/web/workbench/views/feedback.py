"""Telling the people: the 征求意见汇总表 of each leader and of the team (Word, Excel), the public
反馈 page (by link and QR poster, read-only, no author, no date finer than the month) and the
Word 通报 drafted from the same data."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from duizhao.cycle.feedback import notice_docx
from duizhao.cycle.opinion_sheet import sheet_docx, sheet_xlsx
from duizhao.web.workbench import chain as bridge
from duizhao.web.workbench import models as m
from duizhao.web.workbench.views.common import meeting_context, meeting_for
from duizhao.web.workbench.views.ledger import attachment

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def opinion_sheet(request, pk, subject, fmt):
    meeting = meeting_for(request, pk, "view_all_opinions")
    if fmt not in {"docx", "xlsx"}:
        raise Http404
    member = None if subject == "team" else get_object_or_404(m.Member, pk=subject, team=meeting.team)
    sheet = bridge.opinion_sheet(meeting, member)
    buffer = io.BytesIO()
    (sheet_docx if fmt == "docx" else sheet_xlsx)(sheet, buffer)
    return attachment(buffer.getvalue(), f"{sheet.title}.{fmt}", DOCX if fmt == "docx" else XLSX)


@login_required
def feedback_manage(request, pk):
    meeting = meeting_for(request, pk, "view_all_opinions")
    page = m.FeedbackPage.objects.filter(meeting=meeting).first()
    data = bridge.feedback(meeting, timezone.localdate())
    url = request.build_absolute_uri(f"/fankui/{page.token}/") if page else ""
    return render(
        request,
        "workbench/feedback_manage.html",
        meeting_context(
            request,
            meeting,
            "reports",
            page=page,
            url=url,
            feedback=data,
            unrecorded=bridge.unrecorded_materials(meeting),
        ),
    )


@login_required
@require_POST
def feedback_publish(request, pk):
    meeting = meeting_for(request, pk, "edit_meeting")
    page, created = m.FeedbackPage.objects.get_or_create(meeting=meeting)
    if not created:
        page.is_open = not page.is_open
        page.save(update_fields=["is_open"])
    messages.success(request, "反馈页已公开。" if page.is_open else "反馈页已关闭。")
    return redirect("feedback_manage", pk=meeting.pk)


@login_required
def feedback_poster(request, pk):
    from duizhao.web.workbench.views.opinions import qr_svg

    meeting = meeting_for(request, pk, "view_all_opinions")
    page = get_object_or_404(m.FeedbackPage, meeting=meeting)
    url = request.build_absolute_uri(f"/fankui/{page.token}/")
    return render(
        request, "workbench/feedback_poster.html", {"meeting": meeting, "url": url, "svg": mark_safe(qr_svg(url))}
    )


@login_required
def feedback_notice(request, pk):
    meeting = meeting_for(request, pk, "export")
    data = bridge.feedback(meeting, timezone.localdate())
    buffer = io.BytesIO()
    notice_docx(data, buffer)
    return attachment(buffer.getvalue(), f"{data.notice_title}.docx", DOCX)


def public_feedback(request, token):
    """Read-only and anonymous: no login, no session, nothing about any giver."""
    page = m.FeedbackPage.objects.select_related("meeting", "meeting__team").filter(token=token).first()
    if page is None:
        raise Http404
    if not page.is_open:
        return render(request, "workbench/public_feedback.html", {"closed": True, "meeting": page.meeting}, status=410)
    data = bridge.feedback(page.meeting, timezone.localdate())
    return render(request, "workbench/public_feedback.html", {"feedback": data, "meeting": page.meeting})
