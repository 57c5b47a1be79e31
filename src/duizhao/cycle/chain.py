"""The chain from what people said to what the team found: which opinions (and talk notes) a
problem of a material answers. Links are suggested by text, confirmed by the author, and follow
their problem when a new version of the material is written.

Similarity is over character pairs weighted by how rare they are among all the texts compared,
so that stock pairs (工作, 不够, 方面) do not make every opinion look answered."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from duizhao.cycle._common import load_cycle_data
from duizhao.cycle.classify import bigrams, normalise
from duizhao.cycle.draft import REWRITE_MARK
from duizhao.cycle.recurrence import similarity

# What `cycle.draft` writes after each problem it drafted from an opinion.
DRAFT_SOURCE = re.compile(r"来源：征求意见第(\d+)条")
DRAFT_MARKS = re.compile("【来源：[^】]*】|" + re.escape(REWRITE_MARK))


@dataclass(frozen=True)
class SourceText:
    """An opinion or a talk note that a problem may answer."""

    id: str
    text: str
    number: int | None = None  # the opinion's number in the meeting (征求意见第N条)


@dataclass(frozen=True)
class LinkSuggestion:
    problem_index: int
    source_id: str
    score: float  # 0..1; 1.0 for a link the draft wrote itself
    reason: str  # "draft" | "text"


@dataclass(frozen=True)
class FollowedLinks:
    moved: dict[int, int]  # old problem index -> new problem index
    lost: list[int]  # old problems with no counterpart in the new version


@lru_cache(maxsize=1)
def chain_settings() -> dict[str, Any]:
    return load_cycle_data("chain.toml")


def pair_weights(texts: Iterable[str]) -> dict[str, float]:
    """Inverse document frequency of each character pair among `texts`."""
    sets = [bigrams(normalise(text)) for text in texts]
    counts = Counter(pair for pairs in sets for pair in pairs)
    total = len(sets) + 1
    return {pair: math.log(total / count) + 0.1 for pair, count in counts.items()}


def coverage(source: str, problem: str, weights: dict[str, float]) -> float:
    """Share of the source's weighted pairs that the problem text also has (0..1)."""
    wanted = bigrams(normalise(source))
    if not wanted:
        return 0.0
    have = bigrams(normalise(problem))
    total = sum(weights.get(pair, 1.0) for pair in wanted)
    return sum(weights.get(pair, 1.0) for pair in wanted & have) / total


def suggest_links(
    problems: Sequence[str],
    sources: Sequence[SourceText],
    *,
    min_coverage: float | None = None,
    per_problem: int | None = None,
) -> list[LinkSuggestion]:
    """For each problem, the sources it answers: those the draft named, then the closest by text."""
    settings = chain_settings()["links"]
    min_coverage = settings["min_coverage"] if min_coverage is None else min_coverage
    per_problem = settings["per_problem"] if per_problem is None else per_problem
    weights = pair_weights([*problems, *(source.text for source in sources)])
    by_number = {source.number: source for source in sources if source.number is not None}
    suggestions: list[LinkSuggestion] = []
    for index, problem in enumerate(problems):
        named = _draft_sources(problem, by_number)
        scored = sorted(
            (
                (coverage(source.text, problem, weights), source)
                for source in sources
                if source.id not in {s.id for s in named}
            ),
            key=lambda pair: -pair[0],
        )
        suggestions += [LinkSuggestion(index, source.id, 1.0, "draft") for source in named]
        room = max(per_problem - len(named), 0)
        suggestions += [
            LinkSuggestion(index, source.id, round(score, 3), "text")
            for score, source in scored[:room]
            if score >= min_coverage
        ]
    return suggestions


def strip_draft_marks(text: str) -> str:
    """A problem as the ledger should read it: without the notes the draft left for the author."""
    return DRAFT_MARKS.sub("", text).strip()


def _draft_sources(problem: str, by_number: dict[int, SourceText]) -> list[SourceText]:
    return [by_number[int(n)] for n in DRAFT_SOURCE.findall(problem) if int(n) in by_number]


def follow_links(
    old_problems: Sequence[str], new_problems: Sequence[str], *, min_similarity: float | None = None
) -> FollowedLinks:
    """Where each old problem went in a new version: the most similar new problem, one to one,
    best pairs first. An old problem left without one is `lost` (its links must be shown)."""
    if min_similarity is None:
        min_similarity = chain_settings()["links"]["follow_similarity"]
    pairs = sorted(
        ((similarity(old, new), i, j) for i, old in enumerate(old_problems) for j, new in enumerate(new_problems)),
        reverse=True,
    )
    moved: dict[int, int] = {}
    taken: set[int] = set()
    for score, i, j in pairs:
        if score < min_similarity:
            break
        if i not in moved and j not in taken:
            moved[i] = j
            taken.add(j)
    return FollowedLinks(moved, [i for i in range(len(old_problems)) if i not in moved])


@dataclass(frozen=True)
class ResponseSummary:
    claimed: int
    answered: list[str]  # ids of claimed opinions some problem cites
    unanswered: list[str]

    @property
    def message(self) -> str:
        return f"认领意见 {self.claimed} 条，材料回应了 {len(self.answered)} 条"


def response_summary(claimed_ids: Sequence[str], linked_ids: Iterable[str]) -> ResponseSummary:
    linked = set(linked_ids)
    return ResponseSummary(
        len(claimed_ids), [i for i in claimed_ids if i in linked], [i for i in claimed_ids if i not in linked]
    )
