"""Coverage: every aspect has a problem, problems sit under the right aspect, a team material
reports last year's rectification, and the preamble's counts are filled in."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from duizhao.model import Aspect, Cause, Finding, Problem
from duizhao.review.context import ReviewContext
from duizhao.review.text import find_phrases


def aspect_missing(ctx: ReviewContext) -> Iterator[Finding]:
    # Without any problem found this is not a self-examination material, or its problems were
    # not recognised (the review's notes say so): naming every aspect as missing would mislead.
    if not ctx.coverage_checked:
        return
    if not ctx.framework or not ctx.material.problems:
        return
    covered = {aspect.id for p in ctx.material.problems if (aspect := ctx.aspect_of(p))}
    if not covered:
        yield _ungrouped(ctx)
        return
    for aspect in ctx.framework.aspects:
        if aspect.id in covered:
            continue
        start, end = _aspect_heading_span(ctx, aspect.short_name)
        yield ctx.config.finding(
            "coverage.aspect_missing",
            start,
            end,
            {"aspect_id": aspect.id},
            framework=ctx.framework.title,
            aspect=aspect.short_name,
        )


def _ungrouped(ctx: ReviewContext) -> Finding:
    rule = ctx.config.rule("coverage.aspect_missing")
    framework = ctx.framework
    assert framework is not None  # aspect_missing returns without one
    aspects = framework.aspects
    message = rule["message_ungrouped"].format(
        framework=framework.title, count=len(aspects), aspects="、".join(a.short_name for a in aspects)
    )
    first = ctx.material.problems[0]
    return Finding(
        "coverage.aspect_missing",
        rule["severity"],
        message,
        *ctx.head_span(first.start, first.text),
        {"aspect_ids": [a.id for a in aspects], "ungrouped": True},
    )


def _aspect_heading_span(ctx: ReviewContext, name: str) -> tuple[int, int]:
    index = ctx.text.find(name)
    return (index, index + len(name)) if index >= 0 else ctx.title_span


def problem_misplaced(ctx: ReviewContext) -> Iterator[Finding]:
    if not ctx.coverage_checked:
        return
    if not ctx.framework:
        return
    minimum = ctx.config.rule("coverage.problem_misplaced")["min_other_hits"]
    for problem in ctx.material.problems:
        own = ctx.aspect_of(problem)
        if not own or find_phrases(problem.text, ctx.aspect_keywords(own)):
            continue
        best: Aspect | None = None
        words: list[str] = []
        first: tuple[str, int, int] | None = None  # the first word of the best other aspect
        for other in ctx.framework.aspects:
            found = find_phrases(problem.text, ctx.aspect_keywords(other))
            hits = {phrase for phrase, _, _ in found}
            if other.id != own.id and len(hits) > len(words):
                best, words, first = other, sorted(hits), found[0]
        if best and len(words) >= minimum:
            # pointed at the first word of the other aspect: that is what the secretary should look at
            assert first is not None  # found with best
            yield ctx.config.finding(
                "coverage.problem_misplaced",
                problem.start + first[1],
                problem.start + first[2],
                {"aspect_id": own.id, "other_aspect_id": best.id, "words": words},
                aspect=own.short_name,
                other=best.short_name,
                words="、".join(words),
            )


def carryover_missing(ctx: ReviewContext) -> Iterator[Finding]:
    material = ctx.material
    # Without any problem found this is probably not a self-examination material at all.
    if not ctx.is_team or ctx.carryover_sections or not material.problems:
        return
    rule = ctx.config.rule("coverage.carryover_missing")
    title = material.title or ctx.text[slice(*ctx.title_span)]
    if not ctx.framework and not ctx.config.regex(rule.get("material_title", "$^")).search(title):
        return
    if any(ctx.config.regex(rule["present_pattern"]).match(line) for line in ctx.text.splitlines()):
        return
    if ctx.config.regex(rule["mention_pattern"]).search(ctx.text, 0, material.problems[0].start):
        return
    if "separate_note_pattern" in rule and ctx.config.regex(rule["separate_note_pattern"]).search(ctx.text):
        return
    yield ctx.config.finding("coverage.carryover_missing", *ctx.title_span)


_PLACEHOLDER = re.compile(r"[\*＊]+|[XxＸ]{1,3}|×{1,3}|_{2,}|【[^】]{0,8}】")


def count_placeholder(ctx: ReviewContext) -> Iterator[Finding]:
    material = ctx.material
    words = ctx.config.rule("coverage.count_placeholder").get("count_words", ())
    if material.counts:
        for count in material.counts:
            if count.is_placeholder:
                blank = _PLACEHOLDER.search(ctx.text, count.start, count.end)
                start = _last_count_word(ctx.text, count.start, blank.start() if blank else count.end, words)
                yield ctx.config.finding(
                    "coverage.count_placeholder",
                    start,
                    count.end,
                    {"kind": count.kind},
                    text=ctx.text[start : count.end],
                )
        return
    preamble_end = _preamble_end(ctx)
    pattern = ctx.config.regex(ctx.config.rule("coverage.count_placeholder")["pattern"])
    for match in pattern.finditer(ctx.text, 0, preamble_end):
        start = _last_count_word(ctx.text, match.start(), match.start(2), words)
        yield ctx.config.finding("coverage.count_placeholder", start, match.end(), text=ctx.text[start : match.end()])


def _last_count_word(text: str, start: int, placeholder: int, words: Iterable[str]) -> int:
    """Where the count word nearest before the placeholder starts (意见和建议，共收集到意见建议*条
    -> 意见建议*条), so the finding quotes only the count left blank."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    found = [m.start() for m in re.finditer(alternatives, text[start:placeholder])] if alternatives else []
    return start + found[-1] if found else start


def _preamble_end(ctx: ReviewContext) -> int:
    """Counts are stated before the first problem (sometimes under the problems heading)."""
    material = ctx.material
    starts = [p.start for p in material.problems]
    starts += [
        s.start for s in material.sections if s.kind in ("causes", "measures") and s not in ctx.carryover_sections
    ]
    return min(starts) if starts else len(ctx.text)


def problem_share(ctx: ReviewContext) -> Iterator[Finding]:
    """[L] 问题查摆和原因剖析合计不少于全文的一半 (a setting: enabled, min_share)."""
    rule = ctx.config.rule("coverage.problem_share")
    if not rule.get("enabled", True) or not ctx.filled_problems:  # a template's 【待补】 says nothing
        return
    share = problem_and_cause_share(ctx)
    ctx.scores["problem_share"] = share
    if share < rule["min_share"]:
        yield ctx.config.finding(
            "coverage.problem_share",
            *ctx.title_span,
            {"share": share, "min_share": rule["min_share"]},
            share=f"{share:.0%}",
            minimum=f"{rule['min_share']:.0%}",
        )


def problem_and_cause_share(ctx: ReviewContext) -> float:
    """Letters (whitespace not counted) inside problems and causes, over the letters of the text."""
    spans = [(s.start, s.end) for s in ctx.material.sections if s.kind in ("problems", "causes")]
    elements: tuple[Problem | Cause, ...] = (*ctx.material.problems, *ctx.material.causes)
    spans += [(e.start, e.end) for e in elements]
    covered, last = 0, 0
    for start, end in sorted(spans):
        start = max(start, last)
        if end > start:
            covered += _letters(ctx.text[start:end])
            last = end
    total = _letters(ctx.text)
    return covered / total if total else 0.0


def _letters(text: str) -> int:
    return len("".join(text.split()))
