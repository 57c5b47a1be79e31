"""Bulk actions on the opinion list: 归类到… one aspect, or 认领给… the team or a member, for
many selected rows at once. Each row passes the same permission checks as the single-row action
(views/opinions.py: set_aspect, claim); one refused row refuses the whole request."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from duizhao.web.workbench import models as m
from duizhao.web.workbench import services
from duizhao.web.workbench.permissions import opinions_visible_to
from duizhao.web.workbench.views.common import meeting_for
from duizhao.web.workbench.views.opinions import claim, set_aspect


def selected_opinions(request, meeting: m.Meeting) -> list[m.Opinion]:
    """The selected opinions, all of this meeting and visible to the user, or PermissionDenied."""
    ids = set(request.POST.getlist("ids"))
    try:
        found = list(opinions_visible_to(request.user, meeting).filter(pk__in=ids))
    except ValidationError:  # a value that is not an opinion id at all
        found = []
    if len(found) != len(ids):
        raise PermissionDenied("所选意见中有不属于本次会议或您无权查看的意见，未做任何修改。")
    return found


@login_required
@require_POST
def opinion_bulk(request, pk):
    meeting = meeting_for(request, pk)
    action = request.POST.get("action")
    if action not in ("aspect", "claim"):
        messages.error(request, "请选择要执行的批量操作：归类或认领。")
        return redirect("opinions", pk=meeting.pk)
    opinions = selected_opinions(request, meeting)
    if not opinions:
        messages.error(request, "请先勾选要处理的意见。")
        return redirect("opinions", pk=meeting.pk)
    names = services.aspect_names(meeting)
    if action == "aspect":
        aspect_id = request.POST.get("aspect_id", "")
        if aspect_id and aspect_id not in names:
            messages.error(request, "所选方面不属于本次会议的对照检查方面，未做任何修改。")
            return redirect("opinions", pk=meeting.pk)
        done = f"归类到“{names.get(aspect_id, '未分类')}”"
    else:
        who = request.POST.get("claimer", "")
        member = meeting.team.members.filter(pk=who).first() if who.isdigit() else None
        done = "认领给领导班子" if who == "team" else f"认领给{member.name if member else '所选成员'}"
    with transaction.atomic():
        for opinion in opinions:
            if action == "aspect":
                set_aspect(request.user, meeting, opinion, aspect_id)
            else:
                claim(request.user, meeting, opinion, who)
            opinion.save()
    messages.success(request, f"已将 {len(opinions)} 条意见{done}。")
    return redirect("opinions", pk=meeting.pk)
