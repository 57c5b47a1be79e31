"""Helpers that build Material objects by hand, the way the parser lays them out, so the rules
can be tested one by one on texts written here (fictional units)."""

from __future__ import annotations

import re

import pytest

from duizhao.model import Cause, Count, Material, Measure, Placeholder, Problem, Section


class MaterialBuilder:
    """Appends lines and records each part's span, like the parser would."""

    def __init__(self, title: str, kind: str = "team", **fields):
        self.text = ""
        self.material = Material(text="", title=title, kind=kind, **fields)
        self.line(title)

    def line(self, text: str) -> tuple[int, int]:
        start = len(self.text)
        self.text += text + "\n"
        return start, start + len(text)

    def section(self, kind: str, heading: str) -> MaterialBuilder:
        start, end = self.line(heading)
        self.material.sections.append(Section(kind, heading, start, end))
        return self

    def carryover(self, heading: str, body: str) -> MaterialBuilder:
        start, _ = self.line(heading)
        _, end = self.line(body)
        self.material.carryover = Section("carryover", heading, start, end)
        self.material.sections.append(self.material.carryover)
        return self

    def problem(self, aspect_id: str | None, text: str, aspect: str | None = None) -> MaterialBuilder:
        start, end = self.line(text)
        summary = re.split(r"[。；]", text)[0]
        self.material.problems.append(Problem(text, start, end, aspect_id, aspect, summary))
        return self

    def cause(self, text: str) -> MaterialBuilder:
        start, end = self.line(text)
        self.material.causes.append(Cause(text, start, end, re.split(r"[。；]", text)[0]))
        return self

    def measure(self, text: str) -> MaterialBuilder:
        start, end = self.line(text)
        self.material.measures.append(Measure(text, start, end, re.split(r"[。；]", text)[0]))
        return self

    def count(self, kind: str, words: str) -> MaterialBuilder:
        index = self.text.index(words)
        self.material.counts.append(Count(kind, None, words, index, index + len(words), is_placeholder=True))
        return self

    def build(self) -> Material:
        self.material.text = self.text
        for match in re.finditer(r"\*+|XX|××|某某|【待补】|20\*\*", self.text):
            self.material.placeholders.append(Placeholder(match.group(0), *match.span()))
        return self.material


@pytest.fixture
def builder():
    return MaterialBuilder
