"""Materials in the workbench: import (parse), structured editing, first drafts, review and
copy check, rendering to .docx/.pdf. All the work is done by the core; this module converts."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import logging
import tempfile
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from django.db import transaction

from duizhao.errors import InputError
from duizhao.model import Material as CoreMaterial
from duizhao.model import MaterialKind
from duizhao.web.workbench import models as m
from duizhao.web.workbench import services

if TYPE_CHECKING:
    from duizhao.review import ReviewResult

STRUCTURE_HEADINGS = {
    "carryover": "上年度民主生活会整改落实情况",
    "problems": "存在的主要问题",
    "causes": "问题产生的原因",
    "measures": "整改措施和努力方向",
}
NUMERALS = "一二三四五六七八九十"
log = logging.getLogger(__name__)


PARSE_FAILED_NOTE = "结构识别出错（已记录错误），材料按纯文本保存，问题、原因、措施未能识别；请检查标题层级后重新保存。"
REVIEW_FAILED_NOTE = "审读出错（已记录错误），本版材料未能审读，材料已保存。"


def parse_text(
    text: str,
    *,
    title: str = "",
    kind: MaterialKind = "unknown",
    author: str | None = None,
    year: int | None = None,
    framework_id: str | None = None,
) -> CoreMaterial:
    """The core parser; should it fail, the text is kept as a plain, unstructured Material."""
    return _parse(text, title=title, kind=kind, author=author, year=year, framework_id=framework_id)[0]


def _parse(
    text: str, *, title: str, kind: MaterialKind, author: str | None, year: int | None, framework_id: str | None
) -> tuple[CoreMaterial, bool]:
    """(material, whether the parser failed)."""
    from duizhao.parse import parse_text as core_parse

    failed = False
    try:
        material = core_parse(text)
    except Exception:  # a parser bug must not lose the user's text: logged, kept unstructured, told (PARSE_FAILED_NOTE)
        log.exception("parse_text failed; the material is kept as plain text")
        material, failed = CoreMaterial(text=text, title=title, kind=kind), True
    material.title = material.title or title
    if material.kind == "unknown":
        material.kind = kind
    material.author = material.author or author
    material.year = material.year or year
    material.framework_id = material.framework_id or framework_id
    return material, failed


def read_upload_text(path: Path) -> str:
    """The cleaned text of an uploaded .docx/.txt (InputError with a Chinese reason when unreadable)."""
    from duizhao.errors import InputError

    try:
        from duizhao.parse import parse_material

        return parse_material(path).text
    except InputError:
        raise
    except Exception:
        log.exception("parse_material failed; falling back to the plain reader")
    from duizhao.parse.readers import read_document

    raw = read_document(path)
    return getattr(raw, "text", "") or "\n".join(getattr(raw, "lines", []))


@dataclasses.dataclass(frozen=True)
class Reviewed:
    """One version parsed and reviewed by the core; `review` is None when the review failed."""

    material: CoreMaterial
    review: ReviewResult | None
    parse_failed: bool = False


CACHE_SIZE = 64
_reviewed: OrderedDict[tuple[int | None, str], Reviewed] = OrderedDict()  # per process, least recent first


def reviewed(version: m.MaterialVersion) -> Reviewed:
    """The version parsed and reviewed by the core, once per version and content: the cache key is
    the version id and a hash of everything the parse and review read (text, title, author, year,
    framework), so an edited meeting or a renamed member is parsed again."""
    inputs = _parse_inputs(version)
    key = _cache_key(version, inputs)
    if key in _reviewed:
        _reviewed.move_to_end(key)
        return _reviewed[key]
    core, parse_failed = _parse(inputs.pop("text"), **inputs)
    entry = Reviewed(core, _review_or_none(core, services.framework_of(version.material.meeting)), parse_failed)
    if version.pk is not None:  # an unsaved version is remembered by save_version once it has an id
        _remember(key, entry)
    return entry


def _parse_inputs(version: m.MaterialVersion) -> dict:
    material = version.material
    meeting = material.meeting
    return {
        "text": version.text,
        "title": f"{material.owner_name}对照检查材料",
        "kind": material.kind,
        "author": material.member.name if material.member is not None else meeting.team.name,
        "year": meeting.year,
        "framework_id": meeting.framework_id,
    }


def _cache_key(version: m.MaterialVersion, inputs: dict) -> tuple[int | None, str]:
    return version.pk, hashlib.sha256(repr(sorted(inputs.items())).encode("utf-8")).hexdigest()


def _remember(key: tuple[int | None, str], entry: Reviewed) -> None:
    _reviewed[key] = entry
    while len(_reviewed) > CACHE_SIZE:
        _reviewed.popitem(last=False)


def _review_or_none(material: CoreMaterial, framework):
    from duizhao.review import review_material

    try:
        return review_material(material, framework)
    except Exception:  # a rule's bug must not lose the saved text: logged, and REVIEW_FAILED_NOTE says so
        log.exception("review_material failed")
        return None


def core_material(version: m.MaterialVersion) -> CoreMaterial:
    """The parsed version (shared from the cache: do not change it, copy with dataclasses.replace)."""
    return reviewed(version).material


def review(version: m.MaterialVersion) -> dict:
    """Findings and scores as plain JSON, with the quoted words of each finding."""
    return _review_json(reviewed(version))


def _review_json(entry: Reviewed) -> dict:
    material, result = entry.material, entry.review
    notes = [PARSE_FAILED_NOTE] if entry.parse_failed else []
    if result is None:
        return {"findings": [], "scores": {}, "notes": notes + [REVIEW_FAILED_NOTE], "failed": True}
    return {
        "findings": [
            {
                "rule": f.rule,
                "severity": f.severity,
                "message": f.message,
                "excerpt": material.text[f.start : f.end][:120],
            }
            for f in result.findings
        ],
        "scores": _plain(result.scores),
        "notes": notes + list(result.notes),
        "problems": len(material.problems),
    }


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (int, float, str, bool)) or value is None:
        return value
    return str(value)


def score_of(review_json: dict) -> float | None:
    """The material's 见人见事 (specificity) score, 0–100, from the review."""
    scores = review_json.get("scores") or {}
    for key in ("overall", "total", "score"):
        if isinstance(scores.get(key), (int, float)):
            return float(scores[key])
    specificity = scores.get("specificity")
    if isinstance(specificity, dict) and isinstance(specificity.get("material"), (int, float)):
        return float(specificity["material"])
    return None


def save_version(
    material: m.Material, text: str, *, origin: str, user=None, structured: dict | None = None, proxy_note: str = ""
) -> m.MaterialVersion:
    """The new version, reviewed, with its problems recorded (`chain.record_version`: records, the
    links carried over from the previous version, suggested links) in the same transaction: every
    version has its records from the start, and no page view has to make them."""
    from duizhao.web.workbench import chain  # chain imports this module

    with transaction.atomic():
        version = _new_version(material, text, origin=origin, user=user, structured=structured, proxy_note=proxy_note)
        chain.record_version(version)
    return version


def _new_version(
    material: m.Material, text: str, *, origin: str, user, structured: dict | None, proxy_note: str
) -> m.MaterialVersion:
    latest = material.latest()
    version = m.MaterialVersion(
        material=material,
        number=(latest.number + 1) if latest else 1,
        text=text,
        origin=origin,
        created_by=user,
        structured=structured or {},
        proxy_note=proxy_note,
    )
    entry = reviewed(version)
    version.review_json = _review_json(entry)
    version.save()
    _remember(_cache_key(version, _parse_inputs(version)), entry)  # downloads of this version parse nothing again
    return version


def assemble_structured(material: m.Material, fields: dict, aspects: list) -> str:
    """Join the structured editor's fields into the material's text, in the outline of §4.1/4.2."""
    meeting = material.meeting
    title = f"{meeting.team.name}{meeting.title}" + (
        "领导班子对照检查材料" if material.kind == "team" else f"{material.owner_name}同志个人对照检查材料"
    )
    lines = [title, ""]
    if fields.get("preamble"):
        lines += [fields["preamble"].strip(), ""]
    sections = []
    if fields.get("carryover", "").strip():
        sections.append((STRUCTURE_HEADINGS["carryover"], fields["carryover"].strip()))
    problem_parts = []
    index = 0
    for aspect in aspects:
        body = fields.get(f"aspect_{aspect.id}", "").strip()
        if body:
            problem_parts.append(f"（{NUMERALS[index]}）在{aspect.wording}方面\n{body}")
            index += 1
    other = fields.get("problems_other", "").strip()
    if other:
        problem_parts.append(f"（{NUMERALS[index]}）其他问题\n{other}" if problem_parts else other)
    if problem_parts:
        sections.append((STRUCTURE_HEADINGS["problems"], "\n".join(problem_parts)))
    for key in ("causes", "measures"):
        if fields.get(key, "").strip():
            sections.append((STRUCTURE_HEADINGS[key], fields[key].strip()))
    for i, (heading, body) in enumerate(sections):
        lines += [f"{NUMERALS[i]}、{heading}", body, ""]
    return "\n".join(lines).strip() + "\n"


def structured_from_text(version: m.MaterialVersion, aspects: list) -> tuple[dict, list[str]]:
    """The structured editor's fields read back from a version's text (imported or written as
    full text): preamble, carryover, each aspect's problems (as they stand in the text), causes
    and measures. Problems the parser could not place under one of `aspects` go to
    `problems_other`. Returns (fields, headings of sections the editor has no box for)."""
    material = core_material(version)
    text = material.text
    fields: dict[str, str] = {}
    if material.preamble is not None:
        fields["preamble"] = text[material.preamble.start : material.preamble.end].strip()
    known = {aspect.id for aspect in aspects}
    by_aspect: dict[str, list] = {}
    for problem in material.problems:
        key = f"aspect_{problem.aspect_id}" if problem.aspect_id in known else "problems_other"
        by_aspect.setdefault(key, []).append(problem)
    for key, problems in by_aspect.items():
        fields[key] = _joined_spans(text, problems)
    left_out = []
    for section in material.sections:
        body = _section_body(text, section)
        if section.kind in ("carryover", "causes", "measures"):
            if body and not fields.get(section.kind):
                fields[section.kind] = body
        elif section.kind == "problems":
            if body and not material.problems:
                fields["problems_other"] = body
        elif section.kind != "preamble" and body:
            left_out.append(section.heading or body[:20])
    fields.setdefault("preamble", "")  # read back, not the suggested defaults: saving adds nothing
    fields.setdefault("carryover", "")
    return fields, left_out


def _joined_spans(text: str, spans: list) -> str:
    """Spans' text in order; spans in one paragraph stay together, others keep their line break."""
    parts = []
    previous_end = None
    for span in sorted(spans, key=lambda s: s.start):
        if previous_end is not None:
            gap = text[previous_end : span.start]
            parts.append(gap if not gap.strip() else "\n")
        parts.append(text[span.start : span.end].strip("\n"))
        previous_end = span.end
    return "".join(parts).strip()


def _section_body(text: str, section) -> str:
    body = text[section.start : section.end]
    heading = (section.heading or "").strip()
    if heading and body.lstrip().startswith(heading):
        body = body.lstrip()[len(heading) :]
    return body.strip().lstrip("。：:").strip()


def first_draft(material: m.Material) -> str:
    """A first draft from the member's claimed opinions and talk notes (cycle.draft)."""
    from duizhao.cycle.draft import assemble_draft

    meeting = material.meeting
    framework = services.framework_of(meeting)
    if material.member_id:
        opinions = meeting.opinions.filter(claimed_member=material.member)
        talks = meeting.talks.filter(speaker=material.member) | meeting.talks.filter(listener=material.member)
    else:
        opinions = meeting.opinions.filter(claimed_by_team=True)
        talks = meeting.talks.none()
    from duizhao.web.workbench.chain import claimed_numbers

    names = services.aspect_names(meeting)
    numbers = claimed_numbers(material)  # the numbers the chain reads back from the draft
    claimed = [
        {"text": o.text, "aspect_id": o.aspect_id, "aspect": names.get(o.aspect_id, ""), "number": numbers.get(o.pk)}
        for o in opinions
    ]
    notes = [_talk_note(t, material.member) for t in talks]
    draft = assemble_draft(
        framework,
        claimed,
        notes,
        kind=material.kind,
        title=f"{material.owner_name}对照检查材料",
        author=material.owner_name,
    )
    return getattr(draft, "text", draft)


def _talk_note(talk: m.Talk, member) -> dict:
    received = talk.listener_said if member is None or talk.speaker_id == member.pk else talk.speaker_said
    partner = talk.partner_name if member is None or talk.speaker_id == member.pk else talk.speaker.name
    return {"partner": partner, "text": received, "date": talk.talked_on.isoformat(), "follow_up": talk.follow_up}


def _annotations(version: m.MaterialVersion) -> tuple[CoreMaterial, list]:
    """The version and its review findings as annotations (the core's `findings_to_annotations`);
    InputError in Chinese when the review failed, so no download quietly lacks its comments."""
    from duizhao.review.report import findings_to_annotations

    entry = reviewed(version)
    if entry.review is None:
        raise InputError(None, "审读出错（已记录错误），无法生成带审读批注的文件；可先下载不带批注的版本")
    return entry.material, findings_to_annotations(entry.review.findings)


def docx_bytes(version: m.MaterialVersion, *, with_review: bool = False) -> bytes:
    """The material typeset to GB/T 9704; with `with_review`, each review finding is a Word comment."""
    from duizhao.render.docx import render_docx

    if with_review:
        material, annotations = _annotations(version)
    else:
        material, annotations = core_material(version), []
    buffer = io.BytesIO()
    render_docx(material, buffer, annotations=annotations)
    return buffer.getvalue()


def annotated_html(version: m.MaterialVersion) -> str:
    """The material as a self-contained page with every review finding highlighted in the text."""
    from duizhao.render.html import render_html

    material, annotations = _annotations(version)
    owner = version.material.owner_name
    return render_html(
        material,
        [*annotations, *archive_annotations(material)],
        title=f"{owner}对照检查材料 · 第{version.number}版审读",
    )


def archive_annotations(material) -> list:
    """The passages copied from the unit's archive, marked with their sources (as `duizhao check
    --html` does); none without an archive. An unreadable archive is reported on the material
    page's 查重, so the annotated view shows the review alone then."""
    from duizhao.copycheck import check_copies
    from duizhao.copycheck.annotations import passages_to_annotations
    from duizhao.errors import InputError

    try:
        corpus = _archive()
    except InputError:
        return []
    if corpus is None:
        return []
    return passages_to_annotations(check_copies(material, corpus))


def default_carryover(material: m.Material) -> str:
    """Last year's tasks of this member (or of the team) with how far each got."""
    previous = material.meeting.previous
    if previous is None:
        return ""
    query = previous.tasks.all()
    if material.member is not None:
        query = query.filter(owner__name=material.member.name)
    tasks = list(query)
    if not tasks:
        return ""
    done = sum(1 for t in tasks if t.status == "done")
    lines = [f"{previous.title}查摆问题{len(tasks)}个，已完成{done}个，持续推进{len(tasks) - done}个。"]
    for i, t in enumerate(tasks, 1):
        state = "已完成" if t.status == "done" else f"{t.get_status_display()}，{t.progress or '原因待补'}"
        lines.append(f"{i}. {t.problem}（{state}）")
    return "\n".join(lines)


def default_preamble(material: m.Material) -> str:
    """The counts the preamble states, from the workbench's data (征求意见, 谈心谈话)."""
    meeting = material.meeting
    summary = services.opinion_summary(meeting)
    if material.member_id:
        mine = meeting.opinions.filter(claimed_member=material.member).count()
        talks = (meeting.talks.filter(speaker=material.member) | meeting.talks.filter(listener=material.member)).count()
        return (
            f"按照{meeting.title}的部署要求，本人认真学习，广泛征求意见，共认领意见建议{mine}条；"
            f"与班子成员和分管部门负责人开展谈心谈话{talks}人次。现将个人对照检查情况报告如下。"
        )
    return (
        f"按照{meeting.title}的部署要求，班子广泛征求意见建议{summary['total']}条，"
        f"其中对班子{summary['to_team']}条、对班子成员{summary['to_members']}条，已逐条认领；"
        f"班子成员开展谈心谈话{meeting.talks.count()}人次。现将对照检查情况报告如下。"
    )


def pdf_bytes(docx: bytes) -> bytes:
    from duizhao.render.pdf import convert_to_pdf

    with tempfile.TemporaryDirectory(prefix="duizhao-pdf-") as folder:
        source = Path(folder) / "material.docx"
        source.write_bytes(docx)
        target = Path(folder) / "material.pdf"
        convert_to_pdf(source, target)
        return target.read_bytes()


_open_archives: dict[str, tuple[int, object]] = {}  # path -> (manifest mtime, Corpus), per process


def _archive():
    """The configured archive, opened once per process and again after it changes (a large
    archive takes seconds to open); None when none is configured."""
    from duizhao.copycheck import Corpus
    from duizhao.errors import InputError

    folder = _configured_archive_folder()
    if folder is None:
        return None
    try:
        stamp = (folder / "manifest.json").stat().st_mtime_ns
    except OSError as error:
        raise InputError(
            str(folder), "查重文库不存在或无法读取：请在“查重文库”页面加入文档重新建立，或请系统管理员检查文库文件夹"
        ) from error
    cached = _open_archives.get(str(folder))
    if cached is None or cached[0] != stamp:
        cached = _open_archives[str(folder)] = (stamp, Corpus(folder))
    return cached[1]


def _configured_archive_folder():
    """The archive folder in use (DUIZHAO_CORPUS, or <data>/corpus once built); None without one."""
    import os

    from duizhao.web import config

    env = dict(os.environ)
    return config.corpus_dir(env, config.data_dir(env))


def archive_folder():
    """Where the unit's archive is or will be: the one in use, else <data>/corpus."""
    import os

    from duizhao.web import config

    return _configured_archive_folder() or config.data_dir(dict(os.environ)) / "corpus"


def archive_check(version: m.MaterialVersion, passages: int = 30) -> dict | None:
    """The material checked against the archive like `duizhao check`: ratios in per cent, the
    sources, and the first `passages` passages with their words. None without an archive."""
    from duizhao.copycheck import check_copies
    from duizhao.copycheck.check import CATEGORY_NAMES
    from duizhao.copycheck.corpus import DOC_CLASS_NAMES

    corpus = _archive()
    if corpus is None:
        return None
    report = check_copies(core_material(version), corpus)
    percent = lambda value: round(value * 100, 1)  # noqa: E731
    return {
        "ratio": percent(report.copy_ratio),
        "excluding_quotes": percent(report.copy_ratio_excluding_quotes),
        "official": percent(report.official_ratio),
        "common": percent(report.common_phrase_ratio),
        "documents": len(corpus),
        "sources": [
            {
                "name": s.name,
                "share": percent(s.share),
                "class_name": DOC_CLASS_NAMES[s.doc_class],
                "year": s.year,
                "passages": s.passages,
            }
            for s in report.sources
        ],
        "passages": [
            {
                "words": report.text[p.start : p.end],
                "source": p.source,
                "similarity": round(p.similarity, 2),
                "category": CATEGORY_NAMES[p.category],
                "documents": report.documents(p),
            }
            for p in report.passages[:passages]
        ],
        "more_passages": max(0, len(report.passages) - passages),
    }


class _SourceShare(TypedDict):
    source: str
    share: float  # per cent


def copy_check(meeting: m.Meeting) -> dict:
    """Copy shares among this meeting's materials and the same people's materials of earlier meetings."""
    from duizhao.copycheck.team import compare_team

    current = [(mat, mat.latest()) for mat in meeting.materials.select_related("member")]
    current = [(mat, v) for mat, v in current if v and v.text.strip()]
    earlier: list[tuple[m.Material, m.MaterialVersion]] = []
    previous = meeting.previous
    while previous is not None and len(earlier) < 50:
        for mat in previous.materials.select_related("member"):
            v = mat.latest()
            if v and v.text.strip():
                earlier.append((mat, v))
        previous = previous.previous
    if len(current) + len(earlier) < 2:
        return {}
    cores, labels = [], []
    for mat, v in current + earlier:
        core = dataclasses.replace(core_material(v), source_name=f"{mat.meeting.year}年·{mat.owner_name}")
        cores.append(core)
        labels.append(core.source_name)
    result = compare_team(cores)
    shares = {}
    for i, (mat, _v) in enumerate(current):
        row: list[_SourceShare] = [
            {"source": labels[j], "share": round(share * 100, 1)}
            for j, share in enumerate(result.matrix[i])
            if j != i and share >= 0.01
        ]
        shares[mat.pk] = {
            "ratio": round(result.copy_ratios[i] * 100, 1),
            "sources": sorted(row, key=lambda r: -r["share"]),
        }
    return shares
