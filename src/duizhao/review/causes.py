"""Causes: circumstances offered instead of subjective roots, and causes that only restate a
problem."""
from __future__ import annotations

from duizhao.review.context import ReviewContext
from duizhao.review.text import containment, char_pairs, first_sentence, find_phrases, strip_numbering


def objective_only(ctx: ReviewContext):
    phrases = ctx.config.phrases
    for cause in ctx.material.causes:
        objective = find_phrases(cause.text, phrases["objective_cause"])
        if objective and not find_phrases(cause.text, phrases["subjective_root"]):
            _, start, end = objective[0]
            yield ctx.config.finding(
                "causes.objective_only", cause.start + start, cause.start + end,
                {"phrases": [p for p, _, _ in objective]},
                phrases="、".join(dict.fromkeys(p for p, _, _ in objective)),
            )


def restates_problem(ctx: ReviewContext):
    rule = ctx.config.rule("causes.restates_problem")
    summaries = [ctx.problem_summary(p) for p in ctx.material.problems]
    for cause in ctx.material.causes:
        said = strip_numbering(cause.summary or first_sentence(cause.text)).strip()
        if len(char_pairs(said)) < rule["min_chars"] - 1:
            continue
        best = max(summaries, key=lambda s: containment(said, s), default="")
        overlap = containment(said, best) if best else 0.0
        if overlap >= rule["min_overlap"]:
            yield ctx.config.finding(
                "causes.restates_problem", *ctx.head_span(cause.start, cause.text),
                {"overlap": round(overlap, 2), "problem": best}, cause=said, problem=best,
            )
