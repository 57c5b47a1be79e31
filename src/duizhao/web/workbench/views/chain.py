"""The chain from opinions to 整改: a material's problems and the opinions and talks they
answer (confirm or reject each suggestion with one click), the ledger proposed from an approved
material (preview, correct, commit), and the trace of a meeting's opinions to their tasks."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from duizhao.cycle.proposal import match_strength
from duizhao.web.workbench import chain as bridge
from duizhao.web.workbench import models as m
from duizhao.web.workbench import services
from duizhao.web.workbench.permissions import can, require, team_roles
from duizhao.web.workbench.views.common import meeting_context, meeting_for
from duizhao.web.workbench.views.materials import material_for

TASK_TYPE_NAMES = dict(m.TASK_TYPES)


def _may_link(user, material: m.Material) -> bool:
    """The author confirms the links of his material; the 党办 may act for him."""
    return (
        can(user, "edit_material", material)
        or bool(team_roles(user, material.meeting.team) & {"clerk"})
        or user.is_superuser
    )


@login_required
def material_chain(request, pk):
    """Read-only: the problems were recorded when the version was saved (`materials.save_version`)."""
    material = material_for(request, pk)
    view = bridge.chain_view(material)
    return render(
        request,
        "workbench/chain.html",
        meeting_context(
            request,
            material.meeting,
            "materials",
            material=material,
            chain=view,
            may_link=_may_link(request.user, material),
            may_propose=can(request.user, "import_ledger", material.meeting) and material.status == "approved",
            claimed=list(bridge.claimed_opinions(material)),
            unrecorded=bridge.needs_recording(material),
        ),
    )


@login_required
@require_POST
def material_record(request, pk):
    """生成问题记录 for a version saved before problems were recorded on save (a database not yet
    migrated): the author, or the 党办 for him."""
    material = material_for(request, pk)
    if not _may_link(request.user, material):
        raise PermissionDenied("只有本人（或党办代为）可以生成问题记录。")
    version = bridge.needs_recording(material)
    if version is not None:
        _record(request, [material])
    return redirect("material_chain", pk=material.pk)


@login_required
@require_POST
def meeting_record(request, pk):
    """生成问题记录 for every material of the meeting whose newest version has none (党办)."""
    meeting = meeting_for(request, pk, "edit_meeting")
    _record(request, bridge.unrecorded_materials(meeting))
    back = "feedback_manage" if request.POST.get("back") == "feedback" else "meeting_trace"
    return redirect(back, pk=meeting.pk)


def _record(request, materials: list[m.Material]) -> None:
    for material in materials:
        bridge.record_problems(material)  # locks the version: a concurrent click records nothing twice
    messages.success(request, f"已生成 {len(materials)} 份材料的问题记录。" if materials else "问题记录均已生成。")


@login_required
@require_POST
def link_state(request, pk, state):
    link = get_object_or_404(m.ProblemLink.objects.select_related("problem__version__material__meeting__team"), pk=pk)
    material = link.problem.version.material
    require(request.user, "view_material", material)
    if not _may_link(request.user, material) or state not in {"confirmed", "rejected"}:
        return redirect("material_chain", pk=material.pk)
    link.state = state
    link.save(update_fields=["state"])
    messages.success(request, "已确认对应关系。" if state == "confirmed" else "已否定这条建议。")
    return redirect("material_chain", pk=material.pk)


@login_required
@require_POST
def link_add(request, pk):
    material = material_for(request, pk)
    if not _may_link(request.user, material):
        return redirect("material_chain", pk=material.pk)
    problem = get_object_or_404(m.ProblemRecord, pk=request.POST.get("problem"), version__material=material)
    opinion = bridge.claimed_opinions(material).filter(pk=request.POST.get("opinion")).first()
    if opinion is None:
        messages.error(request, "只能关联本人（或班子）认领的意见。")
    else:
        m.ProblemLink.objects.update_or_create(
            problem=problem, opinion=opinion, defaults={"state": "confirmed", "reason": "manual", "lost": False}
        )
        messages.success(request, f"已将该意见关联到问题{problem.index + 1}。")
    return redirect("material_chain", pk=material.pk)


@login_required
def ledger_proposal(request, pk):
    material = material_for(request, pk)
    require(request.user, "import_ledger", material.meeting)
    if material.status != "approved":
        messages.error(request, "材料审核通过后才能据此生成整改台账。")
        return redirect("material_chain", pk=material.pk)
    if request.method == "POST":
        bridge.record_problems(material)  # the tasks point at the newest version's problems
    proposed = bridge.ledger_proposal(material)
    rows = bridge.proposal_rows(material, proposed)
    if request.method == "POST":
        return _commit(request, material, _corrected(request, material, rows))
    meeting = material.meeting
    members = list(meeting.team.members.filter(active=True).order_by("order", "id"))
    strengths = [match_strength(task) for task in proposed]
    return render(
        request,
        "workbench/ledger_proposal.html",
        meeting_context(
            request,
            meeting,
            "ledger",
            material=material,
            rows=[
                {**row, "strength": strength, "score": round(task.match_score * 100)}
                for row, task, strength in zip(rows, proposed, strengths)
            ],
            weak_rows=strengths.count("weak"),
            unmatched_rows=strengths.count("none"),
            members=members,
            task_types=m.TASK_TYPES,
            aspect_names=services.aspect_names(meeting),
            committed=material.proposed_tasks.count(),
        ),
    )


def _corrected(request, material: m.Material, rows: list[dict]) -> list[dict]:
    """The clerk's corrections of each row; a row left unticked is not committed."""
    members = set(material.meeting.team.members.values_list("pk", flat=True))
    corrected = []
    for index, row in enumerate(rows):
        if not request.POST.get(f"row{index}-keep"):
            continue
        values = dict(row)
        values["measure"] = request.POST.get(f"row{index}-measure", row["measure"]).strip()
        owner = request.POST.get(f"row{index}-owner", "")
        values["owner_id"] = int(owner) if owner.isdigit() and int(owner) in members else None
        values["department"] = request.POST.get(f"row{index}-department", row["department"]).strip()[:100]
        task_type = request.POST.get(f"row{index}-task_type", row["task_type"])
        values["task_type"] = task_type if task_type in TASK_TYPE_NAMES else row["task_type"]
        values["deadline"] = (
            _date_or_none(request.POST.get(f"row{index}-deadline", "")) if values["task_type"] != "ongoing" else None
        )
        corrected.append(values)
    return corrected


def _date_or_none(text: str) -> str | None:
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        return None


def _commit(request, material: m.Material, rows: list[dict]):
    result = bridge.commit_proposal(material, rows)
    parts = [f"新增任务 {len(result.added)} 项"]
    if result.updated:
        parts.append(f"按材料更新 {len({t.pk for t, *_ in result.updated})} 项")
    if result.kept_edits:
        parts.append(f"保留手工修改 {len(result.kept_edits)} 处")
    if result.orphaned:
        parts.append("以下任务的问题已不在材料中（未删除，请核对）：" + "、".join(t.number for t in result.orphaned))
    messages.success(request, "；".join(parts) + "。")
    return redirect("ledger", pk=material.meeting.pk)


@login_required
def meeting_trace(request, pk):
    """Read-only, like every page view; materials whose newest version has no records are named."""
    meeting = meeting_for(request, pk, "view_all_opinions")
    data = bridge.trace(meeting)
    if request.GET.get("format") == "json":
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    return render(
        request,
        "workbench/trace.html",
        meeting_context(request, meeting, "ledger", trace=data, unrecorded=bridge.unrecorded_materials(meeting)),
    )
