"""查重文库 in the workbench: what the unit's archive holds, adding past materials, public model
texts and official documents (uploads, or a finished meeting's materials with one action), and
removing them. The archive itself is `copycheck.Corpus`; nothing here re-implements it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from duizhao.copycheck.corpus import DOC_CLASS_NAMES
from duizhao.errors import InputError
from duizhao.safety import MATERIAL_KINDS
from duizhao.web.workbench import forms as f
from duizhao.web.workbench import materials as core
from duizhao.web.workbench import models as m
from duizhao.web.workbench.views.common import bytes_on_disk, checked_upload


def _clerk_teams(user):
    """The teams whose 党办 the user is (all, for the administrator): they may change the archive."""
    if user.is_superuser:
        return list(m.Team.objects.all())
    ids = m.TeamRole.objects.filter(user=user, role="clerk").values_list("team_id", flat=True)
    return list(m.Team.objects.filter(pk__in=ids))


def _require_clerk(user):
    teams = _clerk_teams(user)
    if not teams:
        raise PermissionDenied("只有党办和系统管理员可以管理查重文库。")
    return teams


def _corpus(create: bool = False):
    from duizhao.copycheck import Corpus

    folder = core.archive_folder()
    if not create and not (folder / "manifest.json").exists():
        return None
    return Corpus(folder)


@login_required
def archive(request):
    teams = _require_clerk(request.user)
    try:
        corpus = _corpus()
        documents = corpus.list() if corpus is not None else []
    except InputError as error:
        messages.error(request, f"查重文库无法打开：{error.reason}")
        documents = []
    meetings = m.Meeting.objects.filter(team__in=teams).select_related("team").order_by("-year", "team__name")
    return render(
        request,
        "workbench/archive.html",
        {
            "documents": sorted(documents, key=lambda d: (-(d.year or 0), d.name))[:500],
            "total": len(documents),
            "class_names": DOC_CLASS_NAMES,
            "upload_form": f.UploadForm(),
            "meetings": meetings,
        },
    )


@login_required
@require_POST
def archive_add(request):
    _require_clerk(request.user)
    form = f.UploadForm(request.POST, request.FILES)
    doc_class = request.POST.get("doc_class", "own")
    if not form.is_valid() or doc_class not in DOC_CLASS_NAMES:
        messages.error(request, "请选择要加入的 .docx 或 .txt 文件和文档类别。")
        return redirect("archive")
    checked = checked_upload(request, form.cleaned_data["file"], MATERIAL_KINDS)
    if checked is None:
        return redirect("archive")
    check, data = checked
    year = request.POST.get("year", "").strip()
    try:
        with bytes_on_disk(data, f".{check.kind}") as path:
            _corpus(create=True).add(
                path,
                name=check.safe_name,
                year=int(year) if year.isdigit() else None,
                unit=request.POST.get("unit", "").strip() or None,
                doc_class=doc_class,
            )
    except InputError as error:
        messages.error(request, f"未加入：{error.reason}")
        return redirect("archive")
    messages.success(request, f"已将“{check.safe_name}”加入查重文库（{DOC_CLASS_NAMES[doc_class]}）。")
    return redirect("archive")


@login_required
@require_POST
def archive_add_meeting(request):
    """A finished meeting's materials (their newest versions), in one action."""
    teams = _require_clerk(request.user)
    meeting = m.Meeting.objects.filter(pk=request.POST.get("meeting"), team__in=teams).select_related("team").first()
    if meeting is None:
        raise PermissionDenied("只能加入本单位的会议材料。")
    corpus = _corpus(create=True)
    entries, skipped = [], 0
    for material in meeting.materials.select_related("member"):
        version = material.latest()
        name = f"{meeting.year}年{meeting.team.name}{material.owner_name}对照检查材料"
        if version is None or not version.text.strip():
            continue
        if name in corpus:
            skipped += 1
            continue
        entries.append(
            {
                "item": core.core_material(version),
                "name": name,
                "unit": meeting.team.name,
                "author": material.member.name if material.member_id else None,
                "year": meeting.year,
                "kind": material.kind,
                "doc_class": "own",
            }
        )
    added = corpus.add_many(entries) if entries else []
    messages.success(
        request,
        f"已加入{meeting.title}的材料 {len(added)} 份" + (f"，{skipped} 份已在文库中" if skipped else "") + "。",
    )
    return redirect("archive")


@login_required
@require_POST
def archive_remove(request):
    teams = _require_clerk(request.user)
    name = request.POST.get("name", "")
    corpus = _corpus()
    if corpus is None or name not in corpus:
        messages.error(request, "文库中没有这份文档。")
        return redirect("archive")
    info = corpus.info(name)
    own_units = {team.name for team in teams}
    if not request.user.is_superuser and info.doc_class == "own" and info.unit not in own_units:
        raise PermissionDenied("只能删除本单位加入的文档。")
    corpus.remove(name)
    messages.success(request, f"已从查重文库删除“{name}”。")
    return redirect("archive")
