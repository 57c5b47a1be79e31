"""Wrong political terms: known confusions (a data list, each with its right form), and typos of
the fixed formulas found by edit distance against their canonical wording (phrases/formulas.txt):
中国特色社会主意思想 is one letter away from 中国特色社会主义思想."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from rapidfuzz.distance import Levenshtein

from duizhao.model import Finding
from duizhao.review.config import Table
from duizhao.review.context import ReviewContext

HAN = re.compile(r"[\u4e00-\u9fa5]")


def wrong_term(ctx: ReviewContext) -> Iterator[Finding]:
    taken = []
    for entry in ctx.config.data.get("terms", ()):
        for match in ctx.config.regex(entry["wrong"]).finditer(ctx.text):
            taken.append(match.span())
            yield ctx.config.finding(
                "terms.wrong_term",
                *match.span(),
                {"right": entry["right"]},
                text=match.group(0),
                right=entry["right"],
                why=entry.get("why", ""),
            )
    rule = ctx.config.rule("terms.wrong_term")
    for start, end, right, distance in formula_typos(ctx.text, ctx.config.phrases.get("formulas", ()), rule):
        if any(start < e and s < end for s, e in taken):
            continue
        message = rule["message_typo"].format(text=ctx.text[start:end], right=right)
        yield Finding("terms.wrong_term", rule["severity"], message, start, end, {"right": right, "distance": distance})


def formula_typos(text: str, formulas: Iterable[str], rule: Table) -> list[tuple[int, int, str, int]]:
    """(start, end, canonical formula, distance) for every run of text that is within
    `max_distance` edits of a formula of at least `min_length` letters without being it (or
    being another formula, or an allowed variant). Runs are found from the formula's first or
    last `anchor` letters, which a single typo leaves intact at one end at least."""
    formulas = tuple(f for f in formulas if len(f) >= rule["min_length"])
    exact = _exact_spans(text, tuple(formulas) + tuple(rule.get("allowed", ())))
    candidates = []
    for formula in formulas:
        for start, end, distance in _near(
            text, formula, rule["anchor"], rule["max_distance"], rule.get("particles", "")
        ):
            if distance and not any(start < e and s < end for s, e in exact):
                candidates.append((start, end, formula, distance))
    kept: list[tuple[int, int, str, int]] = []
    # fewest edits, then a substitution over a missing letter, then the longest formula
    for candidate in sorted(candidates, key=lambda c: (c[3], abs(c[1] - c[0] - len(c[2])), -len(c[2]), c[0])):
        if all(candidate[1] <= s or candidate[0] >= e for s, e, _, _ in kept):
            kept.append(candidate)
    return sorted(kept)


def _exact_spans(text: str, phrases: tuple[str, ...]) -> list[tuple[int, int]]:
    spans = []
    for phrase in phrases:
        at = text.find(phrase)
        while at >= 0:
            spans.append((at, at + len(phrase)))
            at = text.find(phrase, at + 1)
    return spans


def _near(text: str, formula: str, anchor: int, max_distance: int, particles: str) -> list[tuple[int, int, int]]:
    """Windows of text near `formula`, found from its first and last `anchor` letters."""
    size = len(formula)
    found: dict[tuple[int, int], int] = {}  # (start, end) -> distance
    for head in _positions(text, formula[:anchor]):
        for length in range(size - max_distance, size + max_distance + 1):
            _consider(text, formula, head, head + length, max_distance, found, particles)
    for tail_start in _positions(text, formula[-anchor:]):
        tail = tail_start + anchor
        for length in range(size - max_distance, size + max_distance + 1):
            _consider(text, formula, tail - length, tail, max_distance, found, particles)
    return [(s, e, d) for (s, e), d in found.items()]


def _phrase_ends(text: str, at: int, particles: str) -> bool:
    """Whether a phrase may end at `at`: the text ends, or what follows is no letter or a particle (的)."""
    return at >= len(text) or not HAN.match(text[at]) or text[at] in particles


def _consider(
    text: str,
    formula: str,
    start: int,
    end: int,
    max_distance: int,
    found: dict[tuple[int, int], int],
    particles: str = "",
) -> None:
    if start < 0 or end > len(text):
        return
    window = text[start:end]
    # only letters may differ: a typo is a wrong, missing or extra letter, not punctuation or a line break
    if any(not HAN.match(ch) and ch not in formula for ch in window):
        return
    if not (HAN.match(window[0]) and HAN.match(window[-1])):
        return
    # a missing or extra letter must be inside: a run that only stops short (意识形态工作责任) or
    # runs on is another phrase, not a typo of the formula
    if len(window) != len(formula) and (window[0] != formula[0] or window[-1] != formula[-1]):
        return
    # a wrong letter at an end is a typo only where the phrase ends too (…伟大复新。, …复新的), not
    # where the words run on into another phrase (意识形态工作责任落实)
    if window[-1] != formula[-1] and not _phrase_ends(text, end, particles):
        return
    if window[0] != formula[0] and start > 0 and HAN.match(text[start - 1]) and text[start - 1] not in particles:
        return
    distance = Levenshtein.distance(window, formula, score_cutoff=max_distance)
    if distance <= max_distance:
        found[(start, end)] = min(distance, found.get((start, end), distance))


def _positions(text: str, part: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(part), text)]
