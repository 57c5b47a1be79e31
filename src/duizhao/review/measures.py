"""Measures: enough of them for the problems, every aspect answered, and each one checkable
(an owner, a deadline or a number)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from numpy.typing import NDArray

from duizhao.model import Finding, Measure, Problem
from duizhao.review.context import ReviewContext
from duizhao.review.text import find_phrases


def too_few(ctx: ReviewContext) -> Iterator[Finding]:
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


def aspect_unanswered(ctx: ReviewContext) -> Iterator[Finding]:
    if not ctx.coverage_checked:
        return
    if not ctx.framework or not ctx.filled_measures:
        return
    rule = ctx.config.rule("measures.aspect_unanswered")
    measures_text = "\n".join(_measure_text(m) for m in ctx.filled_measures)
    placed = [(p, a.id) for p in ctx.filled_problems if (a := ctx.aspect_of(p))]
    problems_by_aspect = {aspect.id: [p for p, aid in placed if aid == aspect.id] for aspect in ctx.framework.aspects}
    if all(
        not problems_by_aspect[a.id] or find_phrases(measures_text, ctx.aspect_keywords(a))
        for a in ctx.framework.aspects
    ):
        return  # every aspect with problems is named by a measure: no need to compare the words
    runs, pairs = _Runs(problems_by_aspect, measures_text, 4), _Runs(problems_by_aspect, measures_text, 2)
    common_runs = set(rule["common_runs"])
    common_pairs = set(rule.get("common_pairs", ()))
    function_letters = set(rule.get("function_letters", ""))
    for aspect in ctx.framework.aspects:
        problems = problems_by_aspect[aspect.id]
        if not problems or find_phrases(measures_text, ctx.aspect_keywords(aspect)):
            continue
        if runs.shared(aspect.id) - common_runs:
            continue
        shared = {pair for pair in pairs.shared(aspect.id) - common_pairs if not function_letters & set(pair)}
        if len(shared) >= rule.get("min_shared_pairs", 10**6):
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


class _Runs:
    """The runs of `size` Chinese letters (punctuation, digits and quotes dropped) that the
    measures share with one aspect's problems and no other aspect's problems use. Counted as
    numbers (a letter is one 16-bit code, a run of up to four letters one 64-bit key), for all
    problems at once and only when first asked for."""

    def __init__(self, problems_by_aspect: dict[str, list[Problem]], measures_text: str, size: int) -> None:
        self.problems_by_aspect, self.measures_text, self.size = problems_by_aspect, measures_text, size
        self.found: dict[str, set[str]] | None = None

    def shared(self, aspect_id: str) -> set[str]:
        if self.found is None:
            self.found = self._find()
        return self.found.get(aspect_id, set())

    def _find(self) -> dict[str, set[str]]:
        aspect_ids = list(self.problems_by_aspect)
        texts = [(index, p.text) for index, ps in enumerate(self.problems_by_aspect.values()) for p in ps]
        keys, holders = self._keys([text for _, text in texts])
        aspects = np.array([index for index, _ in texts], dtype=np.int64)[holders]
        order = np.lexsort((aspects, keys))
        keys, aspects = keys[order], aspects[order]
        new = np.ones(len(keys), dtype=bool)
        new[1:] = (keys[1:] != keys[:-1]) | (aspects[1:] != aspects[:-1])
        keys, aspects = keys[new], aspects[new]  # each (run, aspect) once
        alone = np.ones(len(keys), dtype=bool)  # runs of one aspect only
        alone[1:] &= keys[1:] != keys[:-1]
        alone[:-1] &= keys[:-1] != keys[1:]
        keys, aspects = keys[alone], aspects[alone]
        hit = np.isin(keys, self._keys([self.measures_text])[0])
        found: dict[str, set[str]] = {}
        for key, index in zip(keys[hit].tolist(), aspects[hit].tolist()):
            found.setdefault(aspect_ids[index], set()).add(self._letters(key))
        return found

    def _keys(self, texts: list[str]) -> tuple[NDArray[np.uint64], NDArray[np.int64]]:
        """The key of every run in texts and the index of the text it is in."""
        encoded = [text.encode("utf-16-le") for text in texts]
        codes = np.frombuffer(b"".join(encoded), dtype=np.uint16)
        holders = np.repeat(np.arange(len(texts)), [len(e) // 2 for e in encoded])
        letters = (codes >= 0x4E00) & (codes <= 0x9FA5)  # Chinese letters only
        codes, holders = codes[letters].astype(np.uint64), holders[letters]
        count = max(0, len(codes) - self.size + 1)
        keys = np.zeros(count, dtype=np.uint64)
        for at in range(self.size):
            keys = (keys << np.uint64(16)) | codes[at : at + count]
        within = holders[:count] == holders[self.size - 1 : self.size - 1 + count]  # not across two texts
        return keys[within], holders[:count][within]

    def _letters(self, key: int) -> str:
        return "".join(chr((key >> (16 * at)) & 0xFFFF) for at in reversed(range(self.size)))


def vague(ctx: ReviewContext) -> Iterator[Finding]:
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
            found_deadline = ctx.config.regex(markers["deadline"]).search(text)
            assert found_deadline is not None  # "deadline" is among the markers found
            template: str = rule["message_deadline_only"] if "message_deadline_only" in rule else rule["message"]
            message = template.format(deadline=found_deadline.group(0))
            span = ctx.head_span(measure.start, measure.text)
            yield Finding("measures.vague", rule["severity"], message, *span, {"deadline_only": True})
