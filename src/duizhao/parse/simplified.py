"""A simplified-character view of a text with the same length, so that analysis (structure,
document kind, year, review phrases) can match simplified words while every offset still points
into the original text.

    simplified_view(text) -> str          # len(result) == len(text); 問題 → 问题

OpenCC (the maintained converter; `t2s` = Traditional → Simplified, with its phrase tables)
converts each line; the rare line whose length the phrase tables change is converted character by
character instead, so the view never shifts an offset.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from typing import TYPE_CHECKING

import opencc

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def _character(ch: str) -> str:
    converted = _converter().convert(ch)
    return converted if len(converted) == 1 else ch


_SURROGATE = re.compile("[\ud800-\udfff]")


def simplified_view(text: str) -> str:
    if _SURROGATE.search(text):
        # OpenCC works on UTF-8: a lone surrogate (a broken pair) is kept as it is and the pieces
        # around it are converted one by one
        pieces = _SURROGATE.split(text)
        marks = _SURROGATE.findall(text)
        return "".join(simplified_view(piece) + (marks[i] if i < len(marks) else "") for i, piece in enumerate(pieces))
    converted: str = _converter().convert(text)
    if len(converted) == len(text) and converted.count("\n") == text.count("\n"):
        return converted
    lines = []
    for line in text.split("\n"):
        view = _converter().convert(line)
        lines.append(view if len(view) == len(line) else "".join(map(_character, line)))
    return "\n".join(lines)


class OriginalWords:
    """Puts the original characters back into elements found on the simplified view: every
    string field of a parsed element that is a slice of the view is replaced by the same slice of
    the original (same offsets, since the view keeps the length)."""

    def __init__(self, original: str, view: str):
        self.original, self.view = original, view

    def string(self, value: str, near: int = 0) -> str:
        if not value:
            return value
        index = self.view.find(value, max(0, near))
        if index < 0:
            index = self.view.find(value)
        return self.original[index : index + len(value)] if index >= 0 else value

    def element(self, item: DataclassInstance) -> None:
        """Restore the text fields of a dataclass with `start` (Block, Section, Problem, …)."""
        near = getattr(item, "start", 0)
        for field in dataclasses.fields(item):
            value = getattr(item, field.name)
            if isinstance(value, str) and field.name not in ("kind", "aspect", "aspect_id", "role", "prior"):
                setattr(item, field.name, self.string(value, near))
            elif isinstance(value, list):
                for child in value:
                    if dataclasses.is_dataclass(child) and not isinstance(child, type):
                        self.element(child)
