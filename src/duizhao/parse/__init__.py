"""Reading real self-examination materials into a `Material`.

    read_document(path) -> RawDocument          # decode a .txt/.md/.docx file (hostile input refused)
    parse_text(text, name=..., framework_id=...) -> Material
    parse_material(path, framework_id=...) -> Material   # read + parse; InputError for bad input

Every span in the result is a character offset into `Material.text`, the cleaned text. The
analysis runs on its simplified-character view (`simplified_view(material.text)`, same length), so
traditional text is read like simplified while the result keeps the original characters.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from duizhao.frameworks import AspectMatcher, get_framework, load_frameworks
from duizhao.model import Block, Framework, Material, Section
from duizhao.parse.assemble import assign_roles, place_by_openings
from duizhao.parse.blocks import classify
from duizhao.parse.cleaning import Cleaned, clean
from duizhao.parse.contents import heading_key
from duizhao.parse.counts import find_counts
from duizhao.parse.damage import damage_warnings, pinyin_removed, several_materials
from duizhao.parse.document_kind import MATERIAL, document_kind
from duizhao.parse.framework_choice import choose_framework, year_evidence
from duizhao.parse.meta import (
    author_of,
    detect_framework,
    material_kind,
    meeting_kind,
    title_of,
    unit_of,
    unit_of_lines,
)
from duizhao.parse.placeholders import find_placeholders
from duizhao.parse.readers import MAX_INPUT_BYTES, RawDocument, read_document
from duizhao.parse.region import heading_part
from duizhao.parse.simplified import OriginalWords, simplified_view
from duizhao.parse.structure import LEAD_ASPECT, StructureFinder

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    from duizhao.model import ParseWarning

__all__ = ["MAX_INPUT_BYTES", "RawDocument", "parse_material", "parse_text", "read_document", "simplified_view"]

MAX_ASPECT_CELL = 30  # a table cell this short may name an aspect
_matcher_cache: dict[tuple[tuple[str, str], ...], AspectMatcher] = {}  # (id, path) of each framework


def _matcher(frameworks: list[Framework]) -> AspectMatcher:
    key = tuple((f.id, f.path) for f in frameworks)
    if key not in _matcher_cache:
        _matcher_cache.clear()
        _matcher_cache[key] = AspectMatcher(frameworks)
    return _matcher_cache[key]


def parse_material(path: str | Path, *, framework_id: str | None = None) -> Material:
    document = read_document(path)
    return parse_text(document.text, name=Path(path).name, framework_id=framework_id, outline=document.outline)


def parse_text(
    text: str, *, name: str = "", framework_id: str | None = None, outline: dict[int, int] | None = None
) -> Material:
    """`outline` (optional): heading levels by line index, as `read_document` gives for .docx."""
    frameworks = load_frameworks()
    if framework_id is not None:
        get_framework(framework_id)  # an unknown id is the user's error
    matcher = _matcher(frameworks)

    original = clean(text, outline)
    cleaned = _simplified(original)  # analysis runs on simplified characters, same offsets
    blocks = classify(cleaned.lines, lambda heading: _names_aspect(matcher, heading))
    material = Material(text=cleaned.text, blocks=blocks, removed=cleaned.removed, source_name=name)
    material.title = title_of(blocks)
    material.kind = material_kind(material.title, cleaned.text)
    material.unit = unit_of(material.title) or (unit_of_lines(blocks) if material.kind == "team" else None)
    material.author = author_of(blocks, material.kind)
    evidence = year_evidence(material.title, cleaned.text)
    material.year = evidence.year if evidence else None
    material.meeting_kind = meeting_kind(material.title, cleaned.text)

    listed = frozenset(heading_key(simplified_view(r.text)) for r in cleaned.removed if r.kind == "contents")
    finder = StructureFinder(cleaned.text, blocks, matcher, None, listed)
    preamble, sections, ranges = finder.sections()
    material.preamble = preamble
    material.sections = ([preamble] if preamble else []) + sections
    problem_ranges = [r for s, r in zip(sections, ranges) if s.kind == "problems"]

    found_kind = document_kind(
        material.title + "".join(b.text for b in blocks if b.kind == "subtitle" and b.text.startswith("—")),
        cleaned.text,
        sections,
        max((b.end for b in blocks if b.kind == "title"), default=0),
    )
    material.document_kind, material.document_kind_reason = found_kind.id, found_kind.reason
    if framework_id:
        material.framework_id, material.framework_reason = framework_id, "由使用者指定"
    elif found_kind.id != MATERIAL:
        material.framework_reason = f"这是一份{found_kind.name}，不是对照检查材料，不套用年度框架"
    else:
        detected, clear = detect_framework(
            _aspect_headings(blocks, problem_ranges, sections, ranges),
            frameworks,
            matcher,
            material.year,
            material.meeting_kind,
        )
        choice = choose_framework(evidence, frameworks, material.meeting_kind, detected, clear)
        material.framework_id, material.framework_reason = choice.framework_id, choice.reason
    finder.framework_id = material.framework_id
    for section, section_range in zip(sections, ranges):
        if section.kind == "problems":
            material.problems += finder.problems(section_range)
        elif section.kind == "causes":
            material.causes += finder.causes(section_range)
        elif section.kind == "measures":
            material.measures += finder.measures(section_range)
        elif section.kind == "carryover" and material.carryover is None:
            material.carryover = section
    if not sections and preamble is not None:
        # No part headings at all (a short speech): paragraphs that open with their aspect
        # ("在增强党性方面，本人……") are its problems; the other paragraphs stay unplaced text.
        material.problems = finder.lead_aspect_problems()
    material.causes = sorted(material.causes + finder.inline_causes, key=lambda c: c.start)
    material.measures = sorted(material.measures + finder.inline_measures, key=lambda m: m.start)
    assign_roles(material, finder, preamble, sections, ranges)
    if material.framework_id is None and material.problems and found_kind.id == MATERIAL and not framework_id:

        def by_openings(openings: list[str]) -> str | None:
            # the items' openings stand in for aspect headings; the year still decides (never a neighbour's)
            detected, clear = detect_framework(openings, frameworks, matcher, material.year, material.meeting_kind)
            choice = choose_framework(evidence, frameworks, material.meeting_kind, detected, clear)
            if choice.framework_id is not None:
                material.framework_reason = choice.reason
            return choice.framework_id

        # with named problem parts, only aspect headings over enumerated items tell the framework
        place_by_openings(material, finder, by_openings, use_openings=not problem_ranges)
    material.counts = find_counts(cleaned.text, finder.count_regions(preamble, sections, ranges))
    title_end = max((b.end for b in blocks if b.kind == "title"), default=0)
    material.placeholders = find_placeholders(cleaned.text, title_end)
    material.warnings = (
        damage_warnings(original.text)
        + pinyin_removed(cleaned.removed)
        + several_materials(cleaned.text)
        + finder.warnings
    )
    if not any(w.code == "several_materials" for w in material.warnings):
        material.warnings += _restarting_parts(sections)
    if cleaned is not original:
        _restore_original(material, original.text)
    if not sections and not material.problems and len(cleaned.text) > 200:
        material.warnings.append(
            _warning("no_structure", "未找到“存在的问题”“原因”“整改措施”等部分的标题，无法划分结构")
        )
    return material


def _simplified(cleaned: Cleaned) -> Cleaned:
    view = simplified_view(cleaned.text)
    if view == cleaned.text:
        return cleaned
    lines = [replace(piece, text=line) for piece, line in zip(cleaned.lines, view.split("\n"))]
    return replace(cleaned, text=view, lines=lines)


def _restore_original(material: Material, original: str) -> None:
    """Elements were found on the simplified view: give them back the original characters."""
    words = OriginalWords(original, material.text)
    elements: list[DataclassInstance] = [
        *material.blocks,
        *material.sections,
        *material.counts,
        *material.problems,
        *material.causes,
        *material.measures,
        *material.items,
    ]
    for element in elements:
        words.element(element)
    material.title = title_of(material.blocks)  # a title may run over two lines
    material.unit = words.string(material.unit or "") or material.unit
    material.author = words.string(material.author or "") or material.author
    material.text = original


_NOT_ASPECT_PARTS = ("causes", "measures", "carryover", "cases", "closing")


def _aspect_headings(
    blocks: list[Block],
    problem_ranges: list[tuple[int, int]],
    sections: list[Section],
    ranges: list[tuple[int, int]],
) -> list[str]:
    """Headings that may name aspects: those inside the problem sections, or, without such a
    section, every heading below the section level."""
    # without a problems part: the headings outside the causes and measures (their "（一）坚持理论学习"
    # names no aspect of the material), the excerpt's opening included
    first = ranges[0][0] if ranges else len(blocks)
    open_ranges = [(0, first)] if first > 0 else []
    open_ranges += [r for s, r in zip(sections, ranges) if s.kind not in _NOT_ASPECT_PARTS]
    chosen = problem_ranges or open_ranges or [(0, len(blocks) - 1)]
    headings = []
    for start, end in chosen:
        for block in blocks[start:end] if problem_ranges or ranges else blocks:
            if block.kind == "heading":
                headings.append(heading_part(block))
            elif (problem_ranges or not sections) and block.kind == "paragraph":
                lead = LEAD_ASPECT.match(block.text)  # "在政治忠诚方面，……"
                if lead:
                    headings.append(lead.group())
                elif " | " in block.text:  # a problem table's aspect column
                    headings += [cell for cell in block.text.split(" | ") if len(cell) <= MAX_ASPECT_CELL]
    return headings


def _restarting_parts(sections: list[Section]) -> list[ParseWarning]:
    """Problems again after the measures: a second material pasted after the first."""
    from duizhao.model import ParseWarning

    seen_measures = None
    for section in sections:
        if section.kind == "measures":
            seen_measures = section
        elif section.kind == "problems" and seen_measures is not None:
            return [
                ParseWarning(
                    "several_materials",
                    f"“{section.heading}”出现在整改措施之后，文中可能接着另一篇材料，请分开后逐篇读取",
                    section.start,
                    section.end,
                )
            ]
    return []


def _names_aspect(matcher: AspectMatcher, heading: str) -> bool:
    return any(m.length >= 4 for m in matcher.matches(heading))


def _warning(code: str, message: str) -> ParseWarning:
    from duizhao.model import ParseWarning

    return ParseWarning(code, message, 0, 0)
