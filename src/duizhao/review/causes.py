"""Causes: circumstances offered instead of subjective roots, and causes that only restate a
problem."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from duizhao.model import Finding
from duizhao.review.config import Table
from duizhao.review.context import ReviewContext
from duizhao.review.text import char_pairs, containment, find_phrases, first_sentence, strip_numbering


def objective_only(ctx: ReviewContext) -> Iterator[Finding]:
    phrases = ctx.config.phrases
    rule = ctx.config.rule("causes.objective_only")
    for cause in ctx.material.causes:
        objective = [
            hit
            for hit in find_phrases(cause.text, phrases["objective_cause"])
            if not _excuse(cause.text, hit, rule, ctx)
        ]
        if objective and not find_phrases(cause.text, phrases["subjective_root"]):
            _, start, end = objective[0]
            yield ctx.config.finding(
                "causes.objective_only",
                cause.start + start,
                cause.start + end,
                {"phrases": [p for p, _, _ in objective]},
                phrases="、".join(dict.fromkeys(p for p, _, _ in objective)),
            )


def _excuse(text: str, hit: tuple[str, int, int], rule: Table, ctx: ReviewContext) -> bool:
    """认为工作忙、以任务重为由: the writer owns the circumstance as an excuse."""
    _, start, end = hit
    before, after = text[:start], text[end:]  # the patterns are anchored at the phrase ($ and ^)
    return bool(
        ("excuse_before" in rule and ctx.config.regex(rule["excuse_before"]).search(before))
        or ("excuse_after" in rule and ctx.config.regex(rule["excuse_after"]).search(after))
    )


def restates_problem(ctx: ReviewContext) -> Iterator[Finding]:
    rule = ctx.config.rule("causes.restates_problem")
    normalise = _normaliser(ctx)
    summaries = [(s, normalise(s)) for s in (ctx.problem_summary(p) for p in ctx.material.problems)]
    if not summaries:
        return  # no problem to restate
    for cause in ctx.material.causes:
        said = strip_numbering(cause.summary or first_sentence(cause.text)).strip()
        for candidate in dict.fromkeys((said, _first_clause(said))):
            rest = cause.text[cause.text.find(candidate) + len(candidate) :]
            if find_phrases(rest, ctx.config.phrases["subjective_root"]):
                continue  # the heading repeats the problem, but the cause goes on to name a root
            plain = normalise(candidate)
            if len(char_pairs(plain)) < rule["min_chars"] - 1:
                continue
            best, best_plain = max(summaries, key=lambda s: containment(plain, s[1]))
            overlap = containment(plain, best_plain)
            if overlap >= rule["min_overlap"]:
                yield ctx.config.finding(
                    "causes.restates_problem",
                    *ctx.head_span(cause.start, cause.text),
                    {"overlap": overlap, "problem": best},
                    cause=candidate,
                    problem=best,
                )
                break


def _first_clause(text: str) -> str:
    match = re.match(r"[^，,：:]*", text)
    assert match is not None  # the pattern matches the empty string too
    return match.group()


def _normaliser(ctx: ReviewContext) -> Callable[[str], str]:
    """Text -> the words that carry its meaning: synonyms mapped to one word in one pass
    (不够深入 and 深度不足 both become 不深), then function words (的、了、存在、方面…) dropped
    outside the mapped words."""
    canonical: dict[str, str] = {}  # word -> the one word for it and its synonyms
    for line in ctx.config.phrases.get("restatement_synonyms", ()):
        words = [w.strip() for w in line.split("=") if w.strip()]
        for word in words:
            canonical.setdefault(word, words[0])
    synonyms = _alternation(canonical)
    dropped = _alternation(ctx.config.rule("causes.restates_problem").get("function_words", ()))

    def normalise(text: str) -> str:
        kept: list[str] = []
        last = 0
        for match in synonyms.finditer(text) if synonyms else ():
            kept.append(dropped.sub("", text[last : match.start()]) if dropped else text[last : match.start()])
            kept.append(canonical[match.group(0)])
            last = match.end()
        kept.append(dropped.sub("", text[last:]) if dropped else text[last:])
        return "".join(kept)

    return normalise


def _alternation(words: Iterable[str]) -> re.Pattern[str] | None:
    return _compiled_alternation(tuple(sorted(set(words), key=lambda w: (-len(w), w))))


@lru_cache(maxsize=32)
def _compiled_alternation(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern per word list, compiled once (a batch review normalises hundreds of materials)."""
    return re.compile("|".join(map(re.escape, words))) if words else None
