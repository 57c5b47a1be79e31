"""Problems that come back year after year (年年提、年年改、年年有), found by the similarity of
problem texts or their summary sentences."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from duizhao.cycle._common import field_of, load_cycle_data
from duizhao.cycle.classify import bigrams, normalise


@dataclass(frozen=True)
class EarlierMatch:
    year: int
    text: str
    similarity: float


@dataclass
class Recurrence:
    index: int  # position in `current`
    text: str
    years: list[int]  # earlier years where it appeared, ascending
    best: EarlierMatch  # the closest earlier wording
    matches: list[EarlierMatch] = field(default_factory=list)  # best match per year

    @property
    def message(self) -> str:
        years = "、".join(f"{y}年" for y in self.years)
        return f"该问题在{years}已提出过（最相近的表述：“{self.best.text[:40]}”），属于反复出现的问题，请说明整改为何未见效"


def similarity(a: str, b: str, max_chars: int | None = None) -> float:
    """Dice coefficient of the character bigrams of two texts (0..1)."""
    if max_chars:
        a, b = normalise(a)[:max_chars], normalise(b)[:max_chars]
    first, second = bigrams(a), bigrams(b)
    if not first or not second:
        return 0.0
    return 2 * len(first & second) / (len(first) + len(second))


def _by_year(earlier: Mapping[int, Iterable[Any]] | Iterable[Any]) -> dict[int, list[str]]:
    """{year: [text, …]}, also from a list of dicts/objects with `year` and `text`."""
    if isinstance(earlier, Mapping):
        return {int(y): [_text(t) for t in texts] for y, texts in earlier.items()}
    years: dict[int, list[str]] = {}
    for item in earlier:
        years.setdefault(int(field_of(item, "year")), []).append(_text(item))
    return years


def _text(item: Any) -> str:
    return item if isinstance(item, str) else str(field_of(item, "text", "") or "")


def recurring_problems(
    current: list[Any],
    earlier: Mapping[int, Iterable[Any]] | Iterable[Any],
    *,
    threshold: float | None = None,
) -> list[Recurrence]:
    """For each current problem found in earlier years: the years and the best earlier wording.

    `earlier` is {year: [problem text, …]} or a list of {"year": …, "text": …}; texts may also be
    dicts/objects with `text`."""
    settings = load_cycle_data("recurrence.toml")
    earlier = _by_year(earlier)
    current = [_text(t) for t in current]
    threshold = settings["threshold"] if threshold is None else threshold
    limit = settings["max_chars"]
    found = []
    for index, text in enumerate(current):
        per_year = []
        for year in sorted(earlier):
            scored = [(similarity(text, old, limit), old) for old in earlier[year]]
            if scored:
                score, old = max(scored)
                if score >= threshold:
                    per_year.append(EarlierMatch(year, old, round(score, 3)))
        if per_year:
            best = max(per_year, key=lambda m: (m.similarity, m.year))
            found.append(Recurrence(index, text, [m.year for m in per_year], best, per_year))
    return found
