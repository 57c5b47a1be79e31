"""The review (审读): rules that find what reviewers complain about in a self-examination
material — missing aspects, vague problems, achievements in place of problems, circumstantial
causes, too few or empty measures, template residue and wrong political terms.

    result = review_material(material, framework)   # framework: Framework, id, or None
    result.findings   # list[model.Finding], spans into material.text
    result.scores     # specificity per problem and for the material
    result.to_dict()

Plain Python: no Django, no database."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any, TypedDict

from duizhao.errors import InputError
from duizhao.frameworks import get_framework
from duizhao.model import Finding, Framework, Material
from duizhao.review.config import ReviewConfig, load_review_config
from duizhao.review.context import ReviewContext
from duizhao.review.scope import incomplete_tail

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

__all__ = [
    "SEVERITY_ORDER",
    "ReviewResult",
    "incomplete_tail",
    "load_review_config",
    "merge_places",
    "review_material",
]


class Counts(TypedDict, total=False):
    """What the review found, counted (`characters` is informational only)."""

    problems: int
    causes: int
    measures: int
    characters: int
    problems_from: str | None  # without parsed problems: "enumeration" when items were read as problems
    criticisms: int  # a 批评意见 list reviewed (duizhao review --criticism): how many it holds


@dataclass
class ReviewResult:
    findings: list[Finding]
    scores: dict[str, Any]  # JSON-shaped (see ReviewContext.scores)
    framework_id: str | None = None
    notes: list[str] = field(default_factory=list)  # Chinese remarks about the review itself
    counts: Counts = field(default_factory=Counts)

    def by_rule(self, rule: str) -> list[Finding]:
        return [f for f in self.findings if f.rule == rule]

    def grouped(self) -> list[Finding]:
        """One finding per thing: the findings of one rule with the same message (the same
        placeholder in 21 places) as one finding whose data["places"] lists every span."""
        return merge_places(self.findings)

    def to_dict(self) -> dict[str, Any]:
        """`findings` are grouped (one per thing), each with `places`: [[start, end], …]."""
        findings = []
        for finding in self.grouped():
            entry = asdict(finding)
            entry["places"] = entry["data"].pop("places")
            findings.append(entry)
        return {
            "framework": self.framework_id,
            "findings": findings,
            "scores": self.scores,
            "counts": self.counts,
            "notes": self.notes,
        }


def merge_places(findings: list[Finding]) -> list[Finding]:
    """Findings of one rule with one message become one, at its first place, listing all places
    (data["places"]: [[start, end], …], in text order). The order of first places is kept."""
    from duizhao.review.report import same_message_groups

    merged = []
    for same in same_message_groups(findings):
        first = same[0]
        places = [[f.start, f.end] for f in same]
        merged.append(
            Finding(first.rule, first.severity, first.message, first.start, first.end, {**first.data, "places": places})
        )
    return merged


def _with_enumerated_problems(material: Material, config: ReviewConfig) -> Material:
    """The material with the enumerated items that read as problems as its problems (a copy;
    the caller's material is left as parsed)."""
    import dataclasses

    from duizhao.review.fallback import problem_items

    title = material.title or material.text.lstrip().partition("\n")[0]
    if material.document_kind != "material" or config.regex(config.data["fallback"]["not_material_title"]).search(
        title
    ):
        return material
    return dataclasses.replace(material, problems=problem_items(material.text, config))


def _structure_note(material: Material, config: ReviewConfig, measures_skipped: bool) -> str:
    settings = config.data["fallback"]
    if material.problems:
        skipped = "、".join(settings["needs_structure"])
        found: str = settings["note_found"].format(count=len(material.problems), skipped=skipped)
        return found
    problem_rules = (
        "coverage.aspect_missing",
        "specificity.no_example",
        "specificity.generic_phrase",
        "problems.achievement",
        "problems.self_praise",
        *(config.data["scope"]["needs_problems"] if measures_skipped else ("measures.too_few",)),
    )
    none: str = settings["note_none"].format(skipped="、".join(dict.fromkeys(problem_rules)))
    return none


def _framework(framework_id: str) -> Framework:
    """get_framework, read once per process while the unit's framework files stay the same
    (a batch review resolves the same few ids hundreds of times)."""
    from duizhao.frameworks import user_files_signature

    return _framework_cached(framework_id, user_files_signature())


@lru_cache(maxsize=64)
def _framework_cached(framework_id: str, signature: tuple[object, ...]) -> Framework:
    return get_framework(framework_id)


def _resolve_framework(material: Material, framework: Framework | str | None, notes: list[str]) -> Framework | None:
    if isinstance(framework, Framework):
        return framework
    framework_id = framework or material.framework_id
    if not framework_id:
        reason = material.framework_reason or "未识别出年度框架"
        notes.append(f"未套用年度框架：{reason.removesuffix('。')}。未检查各方面的覆盖情况（可用 --framework 指定）。")
        return None
    try:
        return _framework(framework_id)
    except InputError:
        if framework:  # asked for by the user: a bad option
            raise
        notes.append(f"没有年度框架“{framework_id}”，未检查各方面的覆盖情况。")
        return None


_MEETING_WORDS = {"democratic_life": "民主生活会", "organisational_life": "组织生活会"}


def _other_kind(kind: str) -> str:
    return "organisational_life" if kind == "democratic_life" else "democratic_life"


def _year_stated(material: Material, context: ReviewContext) -> bool:
    title = material.title or context.text[slice(*context.title_span)]
    return bool(material.year or re.search(r"(19|20)\d{2}\s*年", title))


def _meeting_kind_contradicts(material: Material, framework: Framework, context: ReviewContext) -> bool:
    """The title names the other kind of meeting than the framework found by detection (a
    组织生活会 material matched to a 民主生活会 framework by shared aspect names)."""
    title = material.title or context.text[slice(*context.title_span)]
    own = _MEETING_WORDS.get(framework.meeting_kind)
    other = _MEETING_WORDS.get(_other_kind(framework.meeting_kind))
    return bool(own and other and other in title and own not in title)


def review_material(
    material: Material,
    framework: Framework | str | None = None,
    *,
    config: ReviewConfig | None = None,
    as_material: bool = True,
) -> ReviewResult:
    """Run every rule of the registry, in order, on a parsed material.

    `as_material=False` (the batch review, a folder of documents of any kind): a document the
    parser says is no material (a speech, a news report…) gets only the document rules (`[scope]
    document_rules`: placeholders, site markers, terms, and the checks of each problem it lists:
    no counting of parts or measures), with a note saying what it is; and a
    document in which no problem was found gets no cause and measure checks either
    (`[scope] needs_problems`: a procedure's “1、制定整改措施” is a step, not a vague measure)."""
    from duizhao.review.registry import RULES
    from duizhao.review.scope import incomplete_note, other_document_note, without_cut_item
    from duizhao.review.specificity import score_problems

    notes: list[str] = []
    config = config or load_review_config()
    parsed_problems = bool(material.problems)
    if not parsed_problems:
        material = _with_enumerated_problems(material, config)
    resolved = _resolve_framework(material, framework, notes)
    context = ReviewContext(material, resolved, config)
    if resolved is not None and not framework and not _year_stated(material, context):
        context.coverage_checked = False
        notes.append(
            f"材料没有写明年度，框架“{resolved.title}”是按方面名称推测的，未检查各方面的覆盖情况"
            "（可用 --framework 指定年度框架）。"
        )
    elif resolved is not None and not framework and _meeting_kind_contradicts(material, resolved, context):
        context.coverage_checked = False
        notes.append(
            f"材料标题写的是{_MEETING_WORDS[_other_kind(resolved.meeting_kind)]}，自动识别出的框架却是“{resolved.title}”，"
            "未检查各方面的覆盖情况（可用 --framework 指定年度框架）。"
        )
    score_problems(context)
    scope = config.data["scope"]
    other_document = not as_material and material.document_kind != "material"
    if other_document:  # never given enumerated problems: those are for a material only
        skipped = {rule_id for rule_id, _ in RULES if not rule_id.startswith(tuple(scope["document_rules"]))}
        notes.append(other_document_note(material, scope))
    elif not as_material and not material.problems:
        skipped = set(scope["needs_problems"])
    elif not parsed_problems and material.problems:  # problems read from enumerated items
        skipped = set(config.data["fallback"]["needs_structure"])
    else:
        skipped = set()
    cut = incomplete_tail(material.text, config)
    if cut is not None and not other_document:
        skipped |= set(config.data["incomplete"]["skipped"])
        notes.append(incomplete_note(material.text, config))
    findings = [finding for rule_id, rule in RULES if rule_id not in skipped for finding in rule(context)]
    if cut is not None:
        findings = without_cut_item(findings, material, cut, config)
    findings.sort(key=lambda f: (f.start, SEVERITY_ORDER[f.severity]))
    counts: Counts = {
        "problems": len(material.problems),
        "causes": len(material.causes),
        "measures": len(material.measures),
        "characters": len(material.text),  # informational only: length is never a quality measure
    }
    if not parsed_problems:
        counts["problems_from"] = "enumeration" if material.problems else None
        if not other_document:
            notes.append(_structure_note(material, config, measures_skipped=not as_material))
    return ReviewResult(findings, context.scores, context.framework.id if context.framework else None, notes, counts)
