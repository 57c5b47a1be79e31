"""对照检查材料: list, editor (free text or structured), import, first draft, review findings,
copy check, comments and send-back by 书记 and 督导组, .docx/.pdf downloads."""

from __future__ import annotations

from functools import lru_cache

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from duizhao.errors import InputError
from duizhao.safety import MATERIAL_KINDS
from duizhao.web.workbench import chain, services
from duizhao.web.workbench import forms as f
from duizhao.web.workbench import materials as core
from duizhao.web.workbench import models as m
from duizhao.web.workbench.permissions import can, require, team_roles
from duizhao.web.workbench.views.common import bytes_on_disk, checked_upload, meeting_context, meeting_for
from duizhao.web.workbench.views.ledger import attachment

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PROXY_IMPORT = "由党办代为导入"
PROXY_SUBMIT = "由党办代为提交"


def ensure_materials(meeting: m.Meeting) -> None:
    m.Material.objects.get_or_create(meeting=meeting, member=None)
    for member in meeting.team.members.filter(active=True):
        m.Material.objects.get_or_create(meeting=meeting, member=member)


@login_required
def material_list(request, pk):
    meeting = meeting_for(request, pk)
    ensure_materials(meeting)
    rows = []
    for material in meeting.materials.select_related("member").order_by("member__order", "member_id"):
        if not can(request.user, "view_material", material):
            continue
        latest = material.latest()
        review = latest.review_json if latest else {}
        rows.append(
            {
                "material": material,
                "latest": latest,
                "findings": len(review.get("findings", [])),
                "errors": sum(1 for x in review.get("findings", []) if x["severity"] == "error"),
                "score": core.score_of(review),
            }
        )
    return render(request, "workbench/materials.html", meeting_context(request, meeting, "materials", rows=rows))


def material_for(request, pk, action="view_material") -> m.Material:
    material = get_object_or_404(m.Material.objects.select_related("meeting", "meeting__team", "member"), pk=pk)
    require(request.user, action, material)
    return material


def _may_edit(user, material: m.Material) -> bool:
    if material.member_id:
        return can(user, "edit_material", material)
    roles = team_roles(user, material.meeting.team)
    return user.is_superuser or bool(roles & {"clerk", "secretary"})


def _said_to(member: m.Member, talks) -> list[dict]:
    """What each talk partner said TO the author (not what the author said about them)."""
    rows = []
    for talk in talks:
        author_spoke = talk.speaker_id == member.pk
        rows.append(
            {
                "date": talk.talked_on,
                "partner": talk.partner_name if author_spoke else talk.speaker.name,
                "text": talk.listener_said if author_spoke else talk.speaker_said,
            }
        )
    return rows


@login_required
def material_detail(request, pk):
    material = material_for(request, pk)
    meeting = material.meeting
    version_number = request.GET.get("v")
    versions = list(material.versions.order_by("-number"))
    version = next((v for v in versions if str(v.number) == version_number), versions[0] if versions else None)
    framework = services.framework_of(meeting)
    aspects = list(framework.aspects) if framework else []
    structured = dict(version.structured) if version else {}
    left_out = []
    if version is not None and not structured and version.text.strip():
        structured, left_out = core.structured_from_text(version, aspects)
    structured.setdefault("preamble", core.default_preamble(material))
    structured.setdefault("carryover", core.default_carryover(material))
    if material.member_id:
        claimed = meeting.opinions.filter(claimed_member=material.member)
        talks = _said_to(
            material.member,
            (
                meeting.talks.filter(speaker=material.member) | meeting.talks.filter(listener=material.member)
            ).select_related("speaker", "listener"),
        )
    else:
        claimed = meeting.opinions.filter(claimed_by_team=True)
        talks = []
    diff = []
    if request.GET.get("diff") and version is not None:
        earlier = next((v for v in versions if v.number < version.number), None)
        if earlier is not None:
            import difflib

            diff = [
                (line[0], line[2:])
                for line in difflib.ndiff(earlier.text.splitlines(), version.text.splitlines())
                if line[:1] in "+-"
            ]
    copies = {}
    if request.GET.get("copycheck"):
        try:
            copies = core.copy_check(meeting).get(material.pk, {"ratio": 0, "sources": []})
            if version is not None:
                copies["archive"] = core.archive_check(version)
        except InputError as error:
            messages.error(request, f"查重失败：{error.reason}")
    context = meeting_context(
        request,
        meeting,
        "materials",
        material=material,
        version=version,
        versions=versions,
        aspects=aspects,
        aspect_fields=[(a, structured.get(f"aspect_{a.id}", "")) for a in aspects],
        structured=structured,
        left_out=left_out,
        claimed=claimed,
        talks=talks,
        names=services.aspect_names(meeting),
        may_edit=_may_edit(request.user, material),
        may_proxy=_acts_for_author(request.user, material),
        chain_summary=chain.chain_view(material).summary if chain.recorded_version(material) else None,
        may_comment=can(request.user, "comment_material", material),
        comments=material.comments.select_related("author"),
        comment_form=f.CommentForm(),
        upload_form=f.UploadForm(),
        review=version.review_json if version else {},
        error_count=_error_count(version),
        copies=copies,
        diff=diff,
        score=core.score_of(version.review_json) if version else None,
        pdf_notice=pdf_notice_once(),
    )
    return render(request, "workbench/material.html", context)


def _acts_for_author(user, material: m.Material) -> bool:
    """The 党办 imports and submits a leader's material for him when he hands in a Word file."""
    return (
        bool(material.member_id)
        and not _may_edit(user, material)
        and (user.is_superuser or "clerk" in team_roles(user, material.meeting.team))
    )


def _error_count(version) -> int:
    """错误-level findings of a version, counted once per thing (a placeholder in 21 places is one)."""
    if version is None:
        return 0
    findings = version.review_json.get("findings", [])
    return len({(f["rule"], f["message"]) for f in findings if f.get("severity") == "error"})


def _require_edit_or_proxy(request, material) -> bool:
    """True when the clerk acts for the author (the version then says so)."""
    if _acts_for_author(request.user, material):
        return True
    _require_edit(request, material)
    return False


@lru_cache(maxsize=1)
def pdf_notice_once() -> str:
    """Whether PDF export can work here, checked once per server process (LibreOffice and fonts
    are installed by the administrator, not while the server runs)."""
    from duizhao.render.pdf import pdf_notice

    return pdf_notice()


def _require_edit(request, material):
    if not _may_edit(request.user, material):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("只有本人（班子材料为党办、书记）可以修改这份材料。")


@login_required
@require_POST
def material_save(request, pk):
    material = material_for(request, pk)
    _require_edit(request, material)
    framework = services.framework_of(material.meeting)
    if request.POST.get("mode") == "structured":
        fields = {
            k: v.replace("\r\n", "\n")
            for k, v in request.POST.items()
            if k in {"preamble", "carryover", "causes", "measures", "problems_other"} or k.startswith("aspect_")
        }
        text = core.assemble_structured(material, fields, list(framework.aspects) if framework else [])
        version = core.save_version(material, text, origin="editor", user=request.user, structured=fields)
    else:
        text = request.POST.get("text", "").replace("\r\n", "\n")
        if not text.strip():
            messages.error(request, "正文为空，未保存。")
            return redirect("material_detail", pk=material.pk)
        # no stored fields: the structured editor reads them back from this text when opened
        version = core.save_version(material, text, origin="editor", user=request.user)
    if material.status == "returned":
        material.status = "draft"
        material.save(update_fields=["status"])
    messages.success(
        request, f"已保存为第 {version.number} 版，审读发现 {len(version.review_json.get('findings', []))} 处问题。"
    )
    return redirect("material_detail", pk=material.pk)


@login_required
@require_POST
def material_import(request, pk):
    material = material_for(request, pk)
    proxy = _require_edit_or_proxy(request, material)
    form = f.UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择 .docx 或 .txt 文件。")
        return redirect("material_detail", pk=material.pk)
    checked = checked_upload(request, form.cleaned_data["file"], MATERIAL_KINDS)
    if checked is None:
        return redirect("material_detail", pk=material.pk)
    check, data = checked
    try:
        with bytes_on_disk(data, f".{check.kind}") as path:
            text = core.read_upload_text(path)
    except InputError as error:
        messages.error(request, f"文件未导入：{error.reason}")
        return redirect("material_detail", pk=material.pk)
    version = core.save_version(
        material, text, origin="import", user=request.user, proxy_note=PROXY_IMPORT if proxy else ""
    )
    messages.success(
        request, f"已导入“{check.safe_name}”为第 {version.number} 版" + ("（由党办代为导入）。" if proxy else "。")
    )
    return redirect("material_detail", pk=material.pk)


@login_required
@require_POST
def material_draft(request, pk):
    material = material_for(request, pk)
    _require_edit(request, material)
    text = core.first_draft(material)
    if not text.strip():
        messages.error(request, "没有已认领的意见和谈话记录，无法生成初稿。")
    else:
        version = core.save_version(material, text, origin="draft", user=request.user)
        messages.success(
            request, f"已根据认领的意见和谈心谈话生成初稿（第 {version.number} 版），请据实修改，补充具体事例。"
        )
    return redirect("material_detail", pk=material.pk)


@login_required
@require_POST
def material_status(request, pk):
    """Submit for review (owner), comment / send back / approve (书记, 督导组)."""
    material = material_for(request, pk)
    action = request.POST.get("action")
    if action == "submit":
        proxy = _require_edit_or_proxy(request, material)
        latest = material.latest()
        if not latest:
            messages.error(request, "请先撰写或导入材料。")
            return redirect("material_detail", pk=material.pk)
        if proxy:
            latest.proxy_note = "、".join(filter(None, [latest.proxy_note, PROXY_SUBMIT]))
            latest.save(update_fields=["proxy_note"])
        material.status = "submitted"
        chain.record_problems(material)  # recorded when saved; a version from before that is recorded now
        chain.suggest_again(material)  # opinions claimed since it was saved
        messages.success(request, "已提交审核。")
    else:
        require(request.user, "comment_material", material)
        form = f.CommentForm(request.POST)
        roles = team_roles(request.user, material.meeting.team)
        role = "supervisor" if "supervisor" in roles else "secretary"
        if action == "approve":
            material.status = "approved"
            m.MaterialComment.objects.create(
                material=material,
                author=request.user,
                author_role=role,
                text=request.POST.get("text", "").strip() or "审核通过。",
            )
            messages.success(request, "已审核通过。")
        elif form.is_valid():
            m.MaterialComment.objects.create(
                material=material,
                author=request.user,
                author_role=role,
                text=form.cleaned_data["text"],
                sent_back=form.cleaned_data["send_back"],
            )
            if form.cleaned_data["send_back"]:
                material.status = "returned"
            messages.success(request, "意见已发送" + ("，材料已退回修改。" if form.cleaned_data["send_back"] else "。"))
        else:
            messages.error(request, "请填写审核意见。")
    material.save(update_fields=["status"])
    return redirect("material_detail", pk=material.pk)


@login_required
def material_download(request, pk, fmt):
    from django.http import Http404

    if fmt not in {"docx", "pdf", "review.docx"}:
        raise Http404
    material = material_for(request, pk)
    version = material.latest()
    if version is None:
        messages.error(request, "这份材料还没有内容。")
        return redirect("material_detail", pk=material.pk)
    name = f"{material.meeting.year}年{material.owner_name}对照检查材料"
    try:
        docx = core.docx_bytes(version, with_review=fmt == "review.docx")
        if fmt == "pdf":
            return attachment(core.pdf_bytes(docx), f"{name}.pdf", "application/pdf")
    except InputError as error:
        messages.error(request, f"生成文件失败：{error.reason}")
        return redirect("material_detail", pk=material.pk)
    if fmt == "review.docx":
        name += "（审读批注）"
    return attachment(docx, f"{name}.docx", DOCX)


@login_required
def material_annotated(request, pk):
    from django.http import HttpResponse

    material = material_for(request, pk)
    version = material.latest()
    if version is None:
        messages.error(request, "这份材料还没有内容。")
        return redirect("material_detail", pk=material.pk)
    return HttpResponse(core.annotated_html(version))
