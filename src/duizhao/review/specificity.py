"""Specificity (见人见事): markers of a concrete example in a problem, a 0–100 score per problem
and for the material, and the stock phrases that count against it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, TypedDict

from duizhao.model import Finding
from duizhao.review.config import ReviewConfig, Table
from duizhao.review.context import ReviewContext
from duizhao.review.text import SENTENCE_END, find_phrases

if TYPE_CHECKING:
    from duizhao.review.events import Marker

WEAK_KINDS = {"weak_case", "studied_document"}
IDIOM_FLAGS = {"i", "l"}


class PhraseSpan(TypedDict):
    text: str
    start: int
    end: int


class TextScore(TypedDict):
    score: int
    markers: list[Marker]
    generic: list[PhraseSpan]  # the stock phrases found
    concrete: bool


class ProblemScore(TextScore):
    """One problem's entry in `scores["specificity"]["problems"]`."""

    index: int
    aspect: str | None
    summary: str
    start: int
    end: int
    unfilled: bool


def find_markers(text: str, config: ReviewConfig) -> list[Marker]:
    """Concrete-example markers in text: kind, words, span (relative to text)."""
    settings = config.data["specificity"]
    patterns = settings["markers"]
    masked = _mask(text, patterns["formula_numbers"], [config.regex(p) for p in patterns.get("quoted_numbers", ())])
    markers: list[Marker] = []
    for kind in settings["weights"]:
        if not isinstance(patterns.get(kind), str):
            continue
        for match in config.regex(patterns[kind]).finditer(masked):
            words = text[match.start() : match.end()]
            if kind == "place" and not _named_place(words, patterns):
                continue
            if kind == "unit" and not (_named_unit(words, patterns) and _ends_a_noun(text, match.end(), words)):
                continue
            if kind == "number" and words in patterns["ignored_numbers"]:
                continue
            start = match.end() - len(words)
            if kind == "document" and _only_studied(text, start, match.end(), patterns, config):
                kind_found = "studied_document"
            else:
                kind_found = kind
            markers.append({"kind": kind_found, "text": words, "start": start, "end": match.end()})
    if "words" in settings and not any(m["kind"] not in WEAK_KINDS for m in markers):
        markers += _in_words(masked, markers, settings["words"])
    return sorted(markers, key=lambda m: m["start"])


def _in_words(masked: str, found: list[Marker], words: Table) -> list[Marker]:
    """Markers of a particular event told in words (jieba's word kinds); only looked for when the
    patterns found no concrete marker, and never over one they found."""
    from duizhao.review.events import word_markers

    return [
        m for m in word_markers(masked, words) if all(m["end"] <= f["start"] or m["start"] >= f["end"] for f in found)
    ]


def _named_place(words: str, patterns: Table) -> str | None:
    """The named place of a place match, without the words before the name; None when the place
    word names no particular place (农村, 下乡, 全镇, 我村…)."""
    if any(words.endswith(g) for g in patterns["generic_places"]):
        return None
    suffix = re.search(r"(村|社区|街道|镇|乡|园区|开发区|景区|小区)$", words)
    name_end = suffix.start() if suffix else len(words)
    if name_end == 0 or words[name_end - 1] in patterns.get("place_not_after", ()):
        return None
    return words


def _named_unit(words: str, patterns: Table) -> bool:
    """执法大队, 局属检测站 name one office; 各股室, 中心, 基层站所 do not."""
    if any(words.endswith(g) for g in patterns.get("generic_unit_words", ())):
        return False
    suffix = re.search(r"(大队|中队|股|科|站|所|中心|办公室|窗口|车间)$", words)
    return (
        suffix is not None
        and suffix.start() > 0
        and words[suffix.start() - 1] not in patterns.get("unit_not_after", "")
    )


def _ends_a_noun(text: str, end: int, words: str) -> bool:
    """The office word ends a word of the sentence (jieba), no idiom or set phrase (jieba i / l),
    and a one-letter office word (科, 股, 站, 所) ends a short one (财务股, 农技站, 统计科):
    照本宣科 ends in 科 by chance."""
    from duizhao.review.events import tag

    one_letter = not re.search(r"(大队|中队|中心|办公室|窗口|车间)$", words)
    start = max(0, end - 12)
    for word, flag, at in tag(text[start : end + 4]):
        if start + at < end <= start + at + len(word):
            return start + at + len(word) == end and flag not in IDIOM_FLAGS and (len(word) <= 3 or not one_letter)
    return True


def _only_studied(text: str, start: int, end: int, patterns: Table, config: ReviewConfig) -> bool:
    before, after = text[max(0, start - 6) : start], text[end : end + 12]
    return bool(
        ("studied_before" in patterns and config.regex(patterns["studied_before"]).search(before))
        or ("studied_after" in patterns and config.regex(patterns["studied_after"]).search(after))
    )


def _mask(text: str, formulas: Iterable[str], quoted: Iterable[re.Pattern[str]]) -> str:
    """Blank out fixed formulas (四个意识, 三会一课…) and numbers quoted from documents (党的二十大,
    报告提出的9个方面…), keeping offsets, so their numbers don't count."""
    spans = []
    for pattern in quoted:  # found on the original text: one span must not hide the next (全会…提出的)
        for match in pattern.finditer(text):
            spans.append(match.span("quoted") if "quoted" in pattern.groupindex else match.span())
    for formula in formulas:
        text = text.replace(formula, "　" * len(formula))
    for start, end in spans:
        text = text[:start] + "　" * (end - start) + text[end:]
    return text


def _drop_empty_cases(text: str, markers: list[Marker], generic: list[tuple[str, int, int]]) -> list[Marker]:
    """An “例如……” whose sentence holds no other marker but a stock phrase is no example at all
    (例如，在学习中满足于读原文，发言不够深入)."""
    kept = []
    for marker in markers:
        if marker["kind"] == "case":
            stop = SENTENCE_END.search(text, marker["end"])
            end = stop.start() if stop else len(text)
            others = [
                m
                for m in markers
                if m["kind"] != "case" and m["kind"] not in WEAK_KINDS and marker["end"] <= m["start"] < end
            ]
            stock = [g for g in generic if marker["end"] <= g[1] < end]
            if not others and stock:
                continue
        kept.append(marker)
    return kept


def score_text(text: str, config: ReviewConfig) -> TextScore:
    """Specificity of one problem's text: score 0–100, the markers and the stock phrases found."""
    settings = config.data["specificity"]
    generic = find_phrases(text, config.phrases["generic_problem"])
    markers = _drop_empty_cases(text, find_markers(text, config), generic)
    kinds = {m["kind"] for m in markers}
    gained = sum(settings["weights"][kind] for kind in kinds)  # every kind found is one of the weights
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
    problems: list[ProblemScore] = []
    for index, problem in enumerate(ctx.material.problems):
        result = score_text(problem.text, ctx.config)
        aspect = ctx.aspect_of(problem)
        problems.append(
            {
                "index": index,
                "aspect": aspect.short_name if aspect else problem.aspect,
                "summary": ctx.problem_summary(problem),
                "start": problem.start,
                "end": problem.end,
                **result,
                "unfilled": ctx.is_unfilled(problem),
            }
        )
    material_score = round(sum(p["score"] for p in problems) / len(problems)) if problems else None
    ctx.scores["specificity"] = {"material": material_score, "problems": problems}


def no_example(ctx: ReviewContext) -> Iterator[Finding]:
    for problem, scored in zip(ctx.material.problems, ctx.scores["specificity"]["problems"]):
        if not scored["concrete"] and not scored["unfilled"]:
            yield ctx.config.finding(
                "specificity.no_example",
                *ctx.head_span(problem.start, problem.text),
                {"score": scored["score"], "markers": scored["markers"]},
            )


def generic_phrase(ctx: ReviewContext) -> Iterator[Finding]:
    rule = ctx.config.rule("specificity.generic_phrase")
    for problem, scored in zip(ctx.material.problems, ctx.scores["specificity"]["problems"]):
        stock = len(scored["generic"])
        if stock and scored["score"] < rule["below_score"] and (stock >= rule["min_phrases"] or not scored["concrete"]):
            first = scored["generic"][0]
            phrases = "、".join(dict.fromkeys(g["text"] for g in scored["generic"]))
            yield ctx.config.finding(
                "specificity.generic_phrase",
                problem.start + first["start"],
                problem.start + first["end"],
                {"score": scored["score"], "phrases": [g["text"] for g in scored["generic"]]},
                phrases=phrases,
                score=scored["score"],
            )
