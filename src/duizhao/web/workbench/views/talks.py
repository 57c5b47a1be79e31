"""谈心谈话: records and the coverage of required pairs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from duizhao.web.workbench import forms as f
from duizhao.web.workbench import models as m
from duizhao.web.workbench import services
from duizhao.web.workbench.permissions import can, member_of, require
from duizhao.web.workbench.views.common import meeting_context, meeting_for


@login_required
def talk_list(request, pk):
    meeting = meeting_for(request, pk)
    talks = meeting.talks.select_related("speaker", "listener")
    me = member_of(request.user)
    if not can(request.user, "view_all_opinions", meeting) and me is not None:
        talks = talks.filter(speaker=me) | talks.filter(listener=me)
    coverage = services.talk_coverage(meeting)
    initial = {"talked_on": timezone.localdate()}
    own_only = me is not None and not can(request.user, "edit_meeting", meeting)
    if own_only:
        initial["speaker"] = me.pk
    context = meeting_context(
        request,
        meeting,
        "talks",
        talks=talks,
        coverage=coverage,
        talks_required=len(coverage.done) + len(coverage.missing),
        form=f.TalkForm(meeting=meeting, initial=initial, speaker=me if own_only else None),
        may_record=can(request.user, "record_talk", meeting),
        editable={t.pk for t in talks if can(request.user, "edit_talk", t)},
    )
    return render(request, "workbench/talks.html", context)


@login_required
@require_POST
def talk_add(request, pk):
    meeting = meeting_for(request, pk, "record_talk")
    form = f.TalkForm(request.POST, meeting=meeting)
    if form.is_valid():
        talk = form.save(commit=False)
        if not can(request.user, "edit_meeting", meeting) and talk.speaker != member_of(request.user):
            raise PermissionDenied("班子成员只能记录本人作为谈话人的谈话。")
        talk.meeting = meeting
        talk.save()
        messages.success(request, f"已记录 {talk.speaker.name} 与 {talk.partner_name} 的谈话。")
    else:
        messages.error(request, "谈话记录未保存：" + "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("talks", pk=meeting.pk)


def _talk_for(request, pk) -> m.Talk:
    talk = get_object_or_404(m.Talk.objects.select_related("meeting__team", "speaker", "listener"), pk=pk)
    require(request.user, "edit_talk", talk)
    return talk


@login_required
def talk_edit(request, pk):
    """Edit a talk record: the clerk any, a member only the talks where they are the speaker."""
    talk = _talk_for(request, pk)
    meeting = talk.meeting
    me = member_of(request.user)
    own_only = not can(request.user, "edit_meeting", meeting)
    speaker = talk.speaker if own_only else None
    form = f.TalkForm(request.POST or None, instance=talk, meeting=meeting, speaker=speaker)
    if request.method == "POST" and form.is_valid():
        talk = form.save(commit=False)
        if own_only and talk.speaker != me:
            raise PermissionDenied("班子成员只能修改本人作为谈话人的谈话。")
        talk.save()  # the audit signals record the changed fields
        messages.success(request, f"已修改 {talk.speaker.name} 与 {talk.partner_name} 的谈话记录。")
        return redirect("talks", pk=meeting.pk)
    return render(
        request,
        "workbench/form_page.html",
        {
            "form": form,
            "title": f"修改谈话记录：{talk.speaker.name} 与 {talk.partner_name}",
            "meeting": meeting,
            "team": meeting.team,
        },
    )


@login_required
@require_POST
def talk_delete(request, pk):
    talk = _talk_for(request, pk)
    meeting_pk, label = talk.meeting_id, f"{talk.speaker.name} 与 {talk.partner_name}"
    talk.delete()  # the audit signals record the deletion
    messages.success(request, f"已删除 {label} 的谈话记录。")
    return redirect("talks", pk=meeting_pk)
