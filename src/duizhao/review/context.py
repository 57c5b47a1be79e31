"""What every rule function receives: the material, its framework, the rules' data, and a few
derived views (problem summaries, aspect keywords) computed once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from duizhao.model import Aspect, Framework, Material, Measure, Problem, Section
from duizhao.review.config import ReviewConfig
from duizhao.review.text import first_sentence, strip_numbering

_LETTER = re.compile(r"[\u4e00-\u9fa5A-Za-z0-9]")


@dataclass
class ReviewContext:
    material: Material
    framework: Framework | None
    config: ReviewConfig
    # JSON-shaped, written out as they are: "specificity" (specificity.score_problems), "problem_share"
    scores: dict[str, Any] = field(default_factory=dict)
    # False when the framework is in doubt (found by detection for the other kind of meeting):
    # the rules about aspects then stay silent.
    coverage_checked: bool = True
    _keywords: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def text(self) -> str:
        return self.material.text

    @cached_property
    def title_span(self) -> tuple[int, int]:
        """Where findings about the whole material are anchored: the first non-empty line."""
        match = re.search(r"\S[^\n]*", self.text)
        return match.span() if match else (0, 0)

    @cached_property
    def title_end(self) -> int:
        """End of the title line; 0 when the text has none (the parser found no title and the first
        line is a sentence of the body: “为深入贯彻…，某区税务局党委以…”)."""
        start, end = self.title_span
        if self.material.title:
            return end
        line = self.text[start:end]
        rule = self.config.data["title_line"]
        return 0 if re.search(rule["sentence_marks"], line) or len(line) > rule["max_letters"] else end

    def head_span(self, start: int, text: str) -> tuple[int, int]:
        """The first sentence of an element that starts at `start`."""
        head = first_sentence(text)
        return start, start + (len(head) or min(1, len(text)))

    @cached_property
    def is_team(self) -> bool:
        if self.material.kind != "unknown":
            return self.material.kind == "team"
        rule = self.config.rule("coverage.carryover_missing")
        title = self.material.title or self.text[slice(*self.title_span)]
        return bool(re.search(rule["team_title"], title)) and not re.search(rule["personal_title"], title)

    @cached_property
    def own_year(self) -> int | None:
        if self.material.year:
            return self.material.year
        title = self.material.title or self.text[slice(*self.title_span)]
        match = re.search(r"(\d{4})\s*年", title)
        if match:
            return int(match.group(1))
        return self.framework.year if self.framework else None

    @cached_property
    def carryover_sections(self) -> list[Section]:
        """Sections about last year's rectification, also when marked as another kind."""
        pattern = self.config.regex(self.config.rule("coverage.carryover_missing")["present_pattern"])
        found = [s for s in self.material.sections if s.kind == "carryover" or pattern.match(s.heading or "")]
        if self.material.carryover and self.material.carryover not in found:
            found.append(self.material.carryover)
        return found

    @cached_property
    def measures(self) -> list[Measure]:
        """This year's measures: items listed under last year's rectification are not among them."""
        return [
            m for m in self.material.measures if not any(s.start <= m.start < s.end for s in self.carryover_sections)
        ]

    @cached_property
    def measures_section(self) -> Section | None:
        return next(
            (s for s in self.material.sections if s.kind == "measures" and s not in self.carryover_sections), None
        )

    def is_unfilled(self, element: Problem | Measure) -> bool:
        """An element whose text is only placeholders (【待补】, XX…) and numbering: the placeholder
        finding already says to fill it in, so content rules stay silent about it."""
        text = self.text[element.start : element.end]
        blanks = [p for p in self.material.placeholders if element.start <= p.start and p.end <= element.end]
        for item in blanks:
            text = text.replace(item.text, "")
        content = strip_numbering(text.strip())
        if not blanks:
            return _LETTER.search(content) is None
        letters = _LETTER.findall(content)
        # “（一）政治忠诚方面：【待补】”: a heading and a blank are still nothing written
        return not letters or (len(letters) < 12 and not re.search(r"[。；;]", text.strip()[:-1]))

    @cached_property
    def filled_problems(self) -> list[Problem]:
        return [p for p in self.material.problems if not self.is_unfilled(p)]

    @cached_property
    def filled_measures(self) -> list[Measure]:
        return [m for m in self.measures if not self.is_unfilled(m)]

    def problem_summary(self, problem: Problem) -> str:
        return strip_numbering(problem.summary or first_sentence(problem.text))

    def aspect_of(self, problem: Problem) -> Aspect | None:
        """The framework aspect a problem was placed under, by id or by name."""
        if not self.framework:
            return None
        if problem.aspect_id and self.framework.aspect(problem.aspect_id):
            return self.framework.aspect(problem.aspect_id)
        for aspect in self.framework.aspects:
            if problem.aspect and problem.aspect in (aspect.short_name, aspect.wording, *aspect.aliases):
                return aspect
        return None

    def aspect_keywords(self, aspect: Aspect) -> tuple[str, ...]:
        found = self._keywords.get(aspect.id)
        if found is None:  # asked for every problem against every aspect of the one framework
            extra = self.config.data.get("aspect_keywords", {}).get(aspect.id, ())
            found = self._keywords[aspect.id] = tuple(dict.fromkeys((aspect.short_name, *aspect.aliases, *extra)))
        return found
