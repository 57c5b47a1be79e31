"""Achievements in place of problems: a problem that reports results (取得…成效, 圆满完成,
得到…好评) instead of faults, or presents a virtue as a fault (对自己要求过严, 工作太拼)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from duizhao.model import Finding
from duizhao.review.context import ReviewContext
from duizhao.review.text import find_phrases, inside_quotes


def find_achievements(text: str, ctx: ReviewContext) -> list[re.Match[str]]:
    rule = ctx.config.rule("problems.achievement")
    adverbs = "|".join(map(re.escape, rule.get("negation_adverbs", ())))
    negated = re.compile(
        "("
        + "|".join(map(re.escape, rule["negations"]))
        + ")(能|曾|会|够)?"
        + (f"({adverbs})?" if adverbs else "")
        + "$"
    )
    turn = ctx.config.regex(rule["turn"])
    fault_before = ctx.config.regex(rule["fault_before"])
    concession = ctx.config.regex(rule["concession_before"])
    background = ctx.config.regex(rule["background_after"]) if "background_after" in rule else None
    found = []
    for pattern in rule["patterns"]:
        for match in ctx.config.regex(pattern).finditer(text):
            before = text[: match.start()]  # the patterns are anchored at the match ($ and ^)
            if negated.search(before) or concession.search(before) or fault_before.search(before):
                continue
            if turn.match(text, match.end()) or (background and background.search(text[match.end() :])):
                continue
            if inside_quotes(text, match.start(), match.end()):
                continue
            found.append(match)
    return sorted(found, key=lambda m: m.start())


def achievement(ctx: ReviewContext) -> Iterator[Finding]:
    for problem in ctx.material.problems:
        matches = find_achievements(problem.text, ctx)
        if matches:
            first = matches[0]
            yield ctx.config.finding(
                "problems.achievement",
                problem.start + first.start(),
                problem.start + first.end(),
                {"phrases": [m.group(0) for m in matches]},
                text=first.group(0),
            )


def self_praise(ctx: ReviewContext) -> Iterator[Finding]:
    for problem in ctx.material.problems:
        hits = [
            hit
            for hit in find_phrases(problem.text, ctx.config.phrases["self_praise"])
            if not inside_quotes(problem.text, hit[1], hit[2])
        ]
        if hits:
            phrase, start, end = hits[0]
            yield ctx.config.finding(
                "problems.self_praise",
                problem.start + start,
                problem.start + end,
                {"phrases": [p for p, _, _ in hits]},
                text=phrase,
            )
