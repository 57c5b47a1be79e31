"""Measures: enough of them for the problems, every aspect answered, and each one checkable
(an owner, a deadline or a number)."""
from __future__ import annotations

import re

from duizhao.model import Measure
from duizhao.review.context import ReviewContext
from duizhao.review.text import find_phrases


def too_few(ctx: ReviewContext):
    problems, measures = len(ctx.material.problems), len(ctx.measures)
    counted = sum(max(1, len(m.items)) for m in ctx.measures)
    if not problems or counted >= problems * ctx.config.rule("measures.too_few")["min_ratio"]:
        return
    section = ctx.measures_section
    span = ctx.head_span(section.start, ctx.text[section.start : section.end]) if section else ctx.title_span
    items = f"（分项合计 {counted} 条）" if counted != measures else ""
    yield ctx.config.finding(
        "measures.too_few", *span, {"problems": problems, "measures": measures, "counted": counted},
        problems=problems, measures=measures, items=items,
    )


# Markers naming a particular thing: a measure naming it answers the problem that named it.
NAMED_KINDS = {"named_work", "place", "document"}


def _core(name: str) -> str:
    """A named thing without its quotes and book-title marks: “清风渡口”项目 -> 清风渡口."""
    inner = re.search(r"[“\"《]([^”\"》]{2,})[”\"》]", name)
    return inner.group(1) if inner else name


def _measure_text(measure: Measure) -> str:
    return measure.text + "".join(item.text for item in measure.items if item.text not in measure.text)


def aspect_unanswered(ctx: ReviewContext):
    if not ctx.framework or not ctx.measures:
        return
    measures_text = "\n".join(_measure_text(m) for m in ctx.measures)
    scored = ctx.scores["specificity"]["problems"]
    for aspect in ctx.framework.aspects:
        indexes = [i for i, p in enumerate(ctx.material.problems) if (a := ctx.aspect_of(p)) and a.id == aspect.id]
        named = {m["text"] for i in indexes for m in scored[i]["markers"] if m["kind"] in NAMED_KINDS}
        answered = find_phrases(measures_text, ctx.aspect_keywords(aspect)) or any(
            _core(name) in measures_text for name in named
        )
        count = len(indexes)
        if count and not answered:
            section = ctx.measures_section
            span = (section.start, section.start + len(section.heading or "")) if section else ctx.title_span
            if span[0] == span[1]:
                span = ctx.head_span(ctx.measures[0].start, ctx.measures[0].text)
            yield ctx.config.finding(
                "measures.aspect_unanswered", *span, {"aspect_id": aspect.id, "problems": count},
                aspect=aspect.short_name, count=count,
            )


def vague(ctx: ReviewContext):
    markers = ctx.config.data["measures"]["markers"]
    for measure in ctx.measures:
        text = _measure_text(measure)
        if not any(ctx.config.regex(pattern).search(text) for pattern in markers.values()):
            yield ctx.config.finding("measures.vague", *ctx.head_span(measure.start, measure.text))
