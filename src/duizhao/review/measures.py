"""Measures: enough of them for the problems, every aspect answered, and each one checkable
(an owner, a deadline or a number)."""

from __future__ import annotations

import re

from duizhao.model import Finding, Measure
from duizhao.review.context import ReviewContext
from duizhao.review.text import find_phrases


def too_few(ctx: ReviewContext):
    problems, measures = len(ctx.filled_problems), len(ctx.filled_measures)
    counted = sum(max(1, len(m.items)) for m in ctx.filled_measures)
    if not problems or counted >= problems * ctx.config.rule("measures.too_few")["min_ratio"]:
        return
    section = ctx.measures_section
    span = ctx.head_span(section.start, ctx.text[section.start : section.end]) if section else ctx.title_span
    items = f"（分项合计 {counted} 条）" if counted != measures else ""
    if not measures:
        rule = ctx.config.rule("measures.too_few")
        message = rule["message_none"].format(problems=problems)
        yield Finding(
            "measures.too_few", rule["severity"], message, *span, {"problems": problems, "measures": 0, "counted": 0}
        )
        return
    yield ctx.config.finding(
        "measures.too_few",
        *span,
        {"problems": problems, "measures": measures, "counted": counted},
        problems=problems,
        measures=measures,
        items=items,
    )


def _measure_text(measure: Measure) -> str:
    return measure.text + "".join(item.text for item in measure.items if item.text not in measure.text)


def aspect_unanswered(ctx: ReviewContext):
    if not ctx.coverage_checked:
        return
    if not ctx.framework or not ctx.filled_measures:
        return
    rule = ctx.config.rule("measures.aspect_unanswered")
    measures_text = "\n".join(_measure_text(m) for m in ctx.filled_measures)
    problems_by_aspect = {
        aspect.id: [p for p in ctx.filled_problems if (a := ctx.aspect_of(p)) and a.id == aspect.id]
        for aspect in ctx.framework.aspects
    }
    if all(
        not problems_by_aspect[a.id] or find_phrases(measures_text, ctx.aspect_keywords(a))
        for a in ctx.framework.aspects
    ):
        return  # every aspect with problems is named by a measure: no need to compare the words
    measure_runs = _runs(measures_text)
    runs_by_aspect = {aid: set().union(*(_runs(p.text) for p in ps)) for aid, ps in problems_by_aspect.items()}
    pairs_by_aspect = {aid: set().union(*(_runs(p.text, 2) for p in ps)) for aid, ps in problems_by_aspect.items()}
    measure_pairs = _runs(measures_text, 2)
    for aspect in ctx.framework.aspects:
        problems = problems_by_aspect[aspect.id]
        if not problems or find_phrases(measures_text, ctx.aspect_keywords(aspect)):
            continue
        others = set().union(*(runs for aid, runs in runs_by_aspect.items() if aid != aspect.id))
        distinctive = runs_by_aspect[aspect.id] - others - set(rule["common_runs"])
        if distinctive & measure_runs:
            continue
        if _shares_pairs(aspect.id, pairs_by_aspect, measure_pairs, rule):
            continue
        section = ctx.measures_section
        span = (section.start, section.start + len(section.heading or "")) if section else ctx.title_span
        if span[0] == span[1]:
            span = ctx.head_span(ctx.measures[0].start, ctx.measures[0].text)
        yield ctx.config.finding(
            "measures.aspect_unanswered",
            *span,
            {"aspect_id": aspect.id, "problems": len(problems)},
            aspect=aspect.short_name,
            count=len(problems),
            first=_short(ctx.problem_summary(problems[0])),
        )


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[:limit] + "……"


def _shares_pairs(aspect_id: str, pairs_by_aspect: dict, measure_pairs: set[str], rule: dict) -> bool:
    """Whether the measures share enough letter pairs that only this aspect's problems use."""
    others = set().union(*(pairs for aid, pairs in pairs_by_aspect.items() if aid != aspect_id))
    distinctive = pairs_by_aspect[aspect_id] - others - set(rule.get("common_pairs", ()))
    function_letters = set(rule.get("function_letters", ()))
    shared = {pair for pair in distinctive & measure_pairs if not function_letters & set(pair)}
    minimum = rule.get("min_shared_pairs")  # a unit's own rules written before it: the check is off
    return minimum is not None and len(shared) >= minimum


def _runs(text: str, size: int = 4) -> set[str]:
    """Runs of `size` Chinese letters (punctuation, digits and quotes dropped)."""
    letters = re.sub("[^一-龥]", "", text)  # U+4E00–U+9FA5
    return {letters[i : i + size] for i in range(len(letters) - size + 1)}


def vague(ctx: ReviewContext):
    markers = ctx.config.data["measures"]["markers"]
    deliverable = ctx.config.regex(ctx.config.data["measures"]["deliverable"])
    periodic_pattern = ctx.config.data["measures"].get("periodic")  # absent from a unit's older rules
    periodic = ctx.config.regex(periodic_pattern) if periodic_pattern else None
    for measure in ctx.filled_measures:
        text = _measure_text(measure)
        found = {kind for kind, pattern in markers.items() if ctx.config.regex(pattern).search(text)}
        if not found:
            yield ctx.config.finding("measures.vague", *ctx.head_span(measure.start, measure.text))
        elif found == {"deadline"} and not deliverable.search(text) and not (periodic and periodic.search(text)):
            rule = ctx.config.rule("measures.vague")
            deadline = ctx.config.regex(markers["deadline"]).search(text).group()
            message = rule.get("message_deadline_only", rule["message"]).format(deadline=deadline)
            span = ctx.head_span(measure.start, measure.text)
            yield Finding("measures.vague", rule["severity"], message, *span, {"deadline_only": True})
