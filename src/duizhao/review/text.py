"""Small text helpers the rules share: phrase search, character-pair overlap, sentences."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

SENTENCE_END = re.compile(r"[。！？!?；;\n]")


def find_phrases(text: str, phrases: Iterable[str]) -> list[tuple[str, int, int]]:
    """Every occurrence of each phrase, longest first, without overlaps, in text order."""
    taken: list[tuple[str, int, int]] = []
    for phrase in _longest_first(phrases):
        if not phrase or phrase not in text:  # most phrases are absent: one substring test each
            continue
        at = text.find(phrase)
        while at >= 0:
            start, end = at, at + len(phrase)
            if all(end <= s or start >= e for _, s, e in taken):
                taken.append((phrase, start, end))
            at = text.find(phrase, end)
    return sorted(taken, key=lambda hit: hit[1])


def _longest_first(phrases: Iterable[str]) -> tuple[str, ...]:
    if isinstance(phrases, tuple):
        return _sorted_phrases(phrases)
    return _sorted_phrases(tuple(phrases))


@lru_cache(maxsize=256)
def _sorted_phrases(phrases: tuple[str, ...]) -> tuple[str, ...]:
    """Longest first; phrases of one length in the order given (a set's order changes from one
    process to the next, and of two overlapping phrases of one length the first taken wins)."""
    return tuple(sorted(dict.fromkeys(phrases), key=len, reverse=True))


def char_pairs(text: str) -> set[str]:
    """Character bigrams of the Chinese letters and digits in text (punctuation dropped)."""
    letters = re.sub(r"[^\w]", "", text)
    return {letters[i : i + 2] for i in range(len(letters) - 1)}


def containment(part: str, whole: str) -> float:
    """Share of `part`'s character pairs that also occur in `whole`."""
    pairs = char_pairs(part)
    return len(pairs & char_pairs(whole)) / len(pairs) if pairs else 0.0


def first_sentence(text: str) -> str:
    match = SENTENCE_END.search(text)
    return text[: match.start()] if match else text


def strip_numbering(text: str) -> str:
    """Drop a leading 一是/（一）/1、 style number so summaries compare by content."""
    return re.sub(
        r"^\s*([一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．]|[一二三四五六七八九十]+、)\s*",
        "",
        text,
    )


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


QUOTES = {"“": "”", '"': '"', "‘": "’", "「": "」"}


def inside_quotes(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] stands inside quotation marks on its line: a phrase quoted is
    mentioned, not used (…意见多是“工作太拼”一类)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    before, after = text[line_start:start], text[end : line_end if line_end >= 0 else len(text)]
    for opening, closing in QUOTES.items():
        if opening == closing:
            if before.count(opening) % 2 == 1 and closing in after:
                return True
        elif before.rfind(opening) > before.rfind(closing):
            return True
    return False
