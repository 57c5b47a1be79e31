"""Specificity (见人见事): markers of a concrete example in a problem, a 0–100 score per problem
and for the material, and the stock phrases that count against it."""
from __future__ import annotations

from duizhao.review.config import ReviewConfig
from duizhao.review.context import ReviewContext
from duizhao.review.text import SENTENCE_END, find_phrases

WEAK_KINDS = {"weak_case"}


def find_markers(text: str, config: ReviewConfig) -> list[dict]:
    """Concrete-example markers in text: kind, words, span (relative to text)."""
    settings = config.data["specificity"]
    masked = _mask_formulas(text, settings["markers"]["formula_numbers"])
    markers = []
    for kind, pattern in settings["markers"].items():
        if not isinstance(pattern, str):
            continue
        for match in config.regex(pattern).finditer(masked):
            words = text[match.start() : match.end()]
            if kind == "place" and any(words.endswith(g) for g in settings["markers"]["generic_places"]):
                continue
            if kind == "number" and words in settings["markers"]["ignored_numbers"]:
                continue
            markers.append({"kind": kind, "text": words, "start": match.start(), "end": match.end()})
    return sorted(markers, key=lambda m: m["start"])


def _mask_formulas(text: str, formulas) -> str:
    """Blank out fixed formulas (四个意识, 三会一课…) keeping offsets, so their numbers don't count."""
    for formula in formulas:
        text = text.replace(formula, "　" * len(formula))
    return text


def _drop_empty_cases(text: str, markers: list[dict], generic) -> list[dict]:
    """An “例如……” whose sentence holds no other marker but a stock phrase is no example at all
    (例如，在学习中满足于读原文，发言不够深入)."""
    kept = []
    for marker in markers:
        if marker["kind"] == "case":
            end = SENTENCE_END.search(text, marker["end"])
            end = end.start() if end else len(text)
            others = [m for m in markers if m["kind"] not in ("case", "weak_case") and marker["end"] <= m["start"] < end]
            stock = [g for g in generic if marker["end"] <= g[1] < end]
            if not others and stock:
                continue
        kept.append(marker)
    return kept


def score_text(text: str, config: ReviewConfig) -> dict:
    """Specificity of one problem's text: score 0–100, the markers and the stock phrases found."""
    settings = config.data["specificity"]
    generic = find_phrases(text, config.phrases["generic_problem"])
    markers = _drop_empty_cases(text, find_markers(text, config), generic)
    kinds = {m["kind"] for m in markers}
    gained = sum(settings["weights"].get(kind, 0) for kind in kinds)
    gained += settings["per_extra_marker"] * (len(markers) - len(kinds))
    penalty = min(settings["max_generic_penalty"], settings["generic_penalty"] * len(generic))
    return {
        "score": max(0, min(100, gained) - penalty),
        "markers": markers,
        "generic": [{"text": g, "start": s, "end": e} for g, s, e in generic],
        "concrete": bool(kinds - WEAK_KINDS),
    }


def score_problems(ctx: ReviewContext) -> None:
    """Fills ctx.scores['specificity'] (per problem and for the material); run before the rules."""
    problems = []
    for index, problem in enumerate(ctx.material.problems):
        result = score_text(problem.text, ctx.config)
        aspect = ctx.aspect_of(problem)
        problems.append({
            "index": index,
            "aspect": aspect.short_name if aspect else problem.aspect,
            "summary": ctx.problem_summary(problem),
            "start": problem.start,
            "end": problem.end,
            **result,
        })
    material_score = round(sum(p["score"] for p in problems) / len(problems)) if problems else None
    ctx.scores["specificity"] = {"material": material_score, "problems": problems}


def no_example(ctx: ReviewContext):
    for problem, scored in zip(ctx.material.problems, ctx.scores["specificity"]["problems"]):
        if not scored["concrete"]:
            yield ctx.config.finding(
                "specificity.no_example", *ctx.head_span(problem.start, problem.text),
                {"score": scored["score"], "markers": scored["markers"]},
            )


def generic_phrase(ctx: ReviewContext):
    rule = ctx.config.rule("specificity.generic_phrase")
    for problem, scored in zip(ctx.material.problems, ctx.scores["specificity"]["problems"]):
        stock = len(scored["generic"])
        if stock and scored["score"] < rule["below_score"] and (stock >= rule["min_phrases"] or not scored["concrete"]):
            first = scored["generic"][0]
            phrases = "、".join(dict.fromkeys(g["text"] for g in scored["generic"]))
            yield ctx.config.finding(
                "specificity.generic_phrase", problem.start + first["start"], problem.start + first["end"],
                {"score": scored["score"], "phrases": [g["text"] for g in scored["generic"]]},
                phrases=phrases, score=scored["score"],
            )
