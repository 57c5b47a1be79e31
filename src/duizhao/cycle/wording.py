"""Joining stored fields into Chinese sentences without doubling punctuation or words.

Stored values are written by people: some end with "。", some do not, some repeat what the
sentence around them already says. Every generated document builds its sentences with these
helpers, so "。。", "。：" and "长期坚持，长期坚持" cannot be produced by joining.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Marks that end a clause or sentence; a value's own trailing mark is dropped before joining.
TRAILING_MARKS = "。，、；：！？,.;:!? \t\r\n"
SENTENCE_END = "。！？…"
CLOSING = "”’）》」』)"


def clause(text: str | None) -> str:
    """The value as a clause: trimmed, without trailing punctuation (closing quotes kept)."""
    return (text or "").strip().rstrip(TRAILING_MARKS).strip()


def sentence(text: str | None) -> str:
    """The value as one sentence ending in exactly one 。 (or its own ！？…); "" when empty."""
    text = (text or "").strip()
    if not text:
        return ""
    core = text.rstrip(CLOSING)
    if core and core[-1] in SENTENCE_END:
        return text
    if text[-1] in CLOSING:  # “…” or （…） at the end: the sentence still needs its mark
        return text.rstrip(TRAILING_MARKS) + "。"
    return clause(text) + "。"


def join_clauses(parts: Iterable[str | None], separator: str = "，") -> str:
    """Non-empty parts as clauses joined by `separator`; a part equal to the one before is dropped."""
    kept: list[str] = []
    for part in parts:
        text = clause(part)
        if text and (not kept or kept[-1] != text):
            kept.append(text)
    return separator.join(kept)


def join_sentence(parts: Iterable[str | None], separator: str = "，") -> str:
    """`join_clauses` closed with 。: one sentence from several fields."""
    return sentence(join_clauses(parts, separator))


def labelled(label: str, value: str | None, *, missing: str = "") -> str:
    """ "label：value" as a clause, or `missing` when the value is empty."""
    text = clause(value)
    if not text:
        return missing
    return f"{label}：{text}" if label else text


def names(values: Iterable[str | None], separator: str = "、") -> str:
    """Names joined once each, in order."""
    seen: list[str] = []
    for value in values:
        value = (value or "").strip()
        if value and value not in seen:
            seen.append(value)
    return separator.join(seen)


_DOUBLED_MARKS = re.compile(r"([。，、；：！？])[。，、；：！？]+")


def tidy(text: str) -> str:
    """Last safety net for text typed by people into a generated document: runs of punctuation
    keep their strongest mark ("。。"→"。", "。："→"：" is kept as the colon's clause)."""

    def keep(match: re.Match[str]) -> str:
        run = match.group(0)
        for mark in "：。！？；，、":
            if mark in run:
                return mark
        return run[0]

    return _DOUBLED_MARKS.sub(keep, text)
