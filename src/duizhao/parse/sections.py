"""The kind of a part of a material from its heading or lead sentence: problems, causes, measures,
carryover, cases or other. Patterns, canonical headings and thresholds are in data/parse/parts.toml."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources
from typing import Any

from duizhao.parse.blocks import heading_marker

MAX_SECTION_HEADING = 24  # a section title ("存在的主要问题") is short; longer headings are items
MAX_SECTION_LEVEL = 2
_PROBLEMS_AND_CAUSES = re.compile(r"问题[及和与、]+(?:其)?(?:产生的?)?(?:原因|根源)")
_PROBLEMS_AND_MEASURES = re.compile(r"^(?:存在的?|主要)?问题[及和与、]+(?:整改|改进)(?:措施|举措)$")


@dataclass(frozen=True)
class _Parts:
    """data/parse/parts.toml, read and compiled (its comments say what each setting means)."""

    similarity: float
    max_lead: int
    max_carryover_heading: int
    carryover_end: re.Pattern[str]
    rules: tuple[tuple[str, re.Pattern[str]], ...]  # (kind, pattern) in the order they are tried
    canonical: dict[str, list[str]]  # kind → canonical headings
    lead: re.Pattern[str]
    not_lead: re.Pattern[str]
    done_work: re.Pattern[str]
    back_reference: re.Pattern[str]
    labels: tuple[tuple[re.Pattern[str], str], ...]  # (pattern, kind)
    inline_cause: re.Pattern[str]
    topic_opening: re.Pattern[str]
    topic_min_paragraphs: int
    topic_min_length: int


@lru_cache(maxsize=1)
def _parts() -> _Parts:
    # tomllib's result is untyped until it is read into _Parts
    data: dict[str, Any] = tomllib.loads(
        (resources.files("duizhao.data") / "parse" / "parts.toml").read_text(encoding="utf-8")
    )
    lead, topics = data["lead"], data["topics"]
    return _Parts(
        similarity=float(data["similarity"]),
        max_lead=int(data["max_lead"]),
        max_carryover_heading=int(data["max_carryover_heading"]),
        carryover_end=re.compile(data["carryover_end"]),
        rules=tuple((str(k["name"]), re.compile(k["pattern"])) for k in data["kind"]),
        canonical={str(kind): [str(h) for h in headings] for kind, headings in data["canonical"].items()},
        lead=re.compile(lead["pattern"]),
        not_lead=re.compile(lead["not_pattern"]),
        done_work=re.compile(lead["done_work"]),
        back_reference=re.compile(lead["back_reference"]),
        labels=tuple((re.compile(pattern), str(kind)) for kind, pattern in data["labels"].items()),
        inline_cause=re.compile(data["inline_cause"]["pattern"]),
        topic_opening=re.compile(topics["opening"]),
        topic_min_paragraphs=int(topics["min_paragraphs"]),
        topic_min_length=int(topics["min_length"]),
    )


def part_label(paragraph: str) -> tuple[str, int] | None:
    """(kind, length of the label) of a paragraph that starts with a part's label ("整改措施："),
    or None."""
    for pattern, kind in _parts().labels:
        match = pattern.match(paragraph)
        if match:
            return kind, match.end()
    return None


def inline_cause_at(item: str) -> int | None:
    """Where the cause stated inside a problem starts ("……。究其原因，是……"): the first sentence
    after the item's first that opens with a cause lead, or None."""
    for match in _parts().inline_cause.finditer(item):
        start = match.start()
        while start < len(item) and item[start] in " \t\n":
            start += 1
        if item[:start].strip():
            return start
    return None


def topic_settings() -> tuple[re.Pattern[str], int, int]:
    """(opening pattern, fewest paragraphs, shortest paragraph) of a list of topic paragraphs."""
    parts = _parts()
    return parts.topic_opening, parts.topic_min_paragraphs, parts.topic_min_length


def section_kind(heading: str, level: int = 1) -> str:
    _, marker = heading_marker(heading)
    words = heading[marker:].rstrip("。：:；;，, ")
    if level > MAX_SECTION_LEVEL:
        return "other"
    if len(words) > MAX_SECTION_HEADING:
        return "carryover" if _long_carryover(words) else "other"
    if _PROBLEMS_AND_CAUSES.search(words):
        return "problems"  # "存在的问题及原因": the problems, each with its cause
    if _PROBLEMS_AND_MEASURES.search(words):
        return "problems"  # "存在问题及整改措施": the items tell (parse/items.py); problems come first
    return words_kind(words) or similar_kind(words) or "other"


def _long_carryover(words: str) -> bool:
    parts = _parts()
    return (
        len(words) <= parts.max_carryover_heading
        and parts.carryover_end.search(words) is not None
        and words_kind(words) == "carryover"
    )


def words_kind(words: str) -> str | None:
    for kind, pattern in _parts().rules:
        if pattern.search(words):
            return kind
    return None


def similar_kind(words: str) -> str | None:
    """The kind of the canonical heading this one is closest to, when close enough."""
    if len(words) < 4 or "方面" in words:  # an aspect heading, not a part
        return None
    threshold = _parts().similarity
    canonical, by_char = _canonical_index()
    shared = [0] * len(canonical)  # characters in common: an upper bound of the matching length
    for char, times in Counter(words).items():
        for n, count in by_char.get(char, ()):
            shared[n] += min(times, count)
    best, kind = 0.0, None
    for n, (name, heading) in enumerate(canonical):
        if 2 * shared[n] / (len(words) + len(heading)) < threshold:
            continue
        ratio = SequenceMatcher(None, words, heading, autojunk=False).ratio()
        if ratio > best:
            best, kind = ratio, name
    return kind if best >= threshold else None


@lru_cache(maxsize=1)
def _canonical_index() -> tuple[list[tuple[str, str]], dict[str, list[tuple[int, int]]]]:
    canonical = [(name, heading) for name, headings in _parts().canonical.items() for heading in headings]
    by_char: dict[str, list[tuple[int, int]]] = {}
    for n, (_, heading) in enumerate(canonical):
        for char, count in Counter(heading).items():
            by_char.setdefault(char, []).append((n, count))
    return canonical, by_char


def _focus(sentence: str) -> str:
    """The sentence without a clause that refers back ("针对上述问题，"): the rest names the part."""
    rest = _parts().back_reference.sub("", sentence, count=1)
    return rest if len(rest) >= 4 else sentence


def lead_kind(sentence: str) -> str | None:
    """The kind of the part a lead sentence opens ("现将查摆出的问题剖析如下：" → problems), or
    None when the sentence does not introduce a list or names no part."""
    sentence = sentence.strip()
    parts = _parts()
    if (
        not sentence
        or len(sentence) > parts.max_lead
        or not parts.lead.search(sentence)
        or parts.not_lead.search(sentence)
        or parts.done_work.search(sentence)
    ):
        return None
    kind = words_kind(_focus(sentence))
    return kind if kind in ("problems", "causes", "measures") else None


def lead_prior(sentence: str) -> str:
    """The prior of the items a lead sentence introduces outside the named parts: the part it
    names, "carryover" (achievements) when it announces work already done ("主要做了以下工作："),
    or ""."""
    kind = lead_kind(sentence)
    if kind:
        return kind
    sentence = sentence.strip()
    return "carryover" if sentence and _parts().done_work.search(sentence) else ""


def inline_lead_kind(sentence: str) -> str | None:
    """The kind named by the sentence right before a list in the same paragraph (the list itself
    shows the sentence introduces it, so no "如下" is needed)."""
    sentence = sentence.strip()
    parts = _parts()
    if (
        not sentence
        or len(sentence) > parts.max_lead
        or parts.not_lead.search(sentence)
        or parts.done_work.search(sentence)
    ):
        return None
    kind = words_kind(_focus(sentence))
    return kind if kind in ("problems", "causes", "measures") else None


_SENTENCE_STOP = re.compile(r"[。；;！？!?]")


def last_sentence(text: str) -> str:
    """The last sentence of a paragraph (a lead sentence closes the paragraph it ends)."""
    text = text.rstrip()
    stops = [m.end() for m in _SENTENCE_STOP.finditer(text, 0, max(len(text) - 1, 0))]
    return text[stops[-1] :] if stops else text
