"""Join the structure and the item stage: every item found (in named parts and outside them) is
classified (`parse/items.py`), and `Material.problems / causes / measures` follow the roles.

An item in a named part stays there unless its own words clearly say otherwise (a problem under
"存在问题及整改措施", a cause written as 一是……根源在于…… in a problem list); an item outside any
named part joins problems/causes/measures when its words are clear enough."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from duizhao.model import Aspect, Cause, Item, Material, Measure, MeasureItem, Problem, Section
from duizhao.parse.enumerations import uncovered_candidates
from duizhao.parse.items import KIND_OF_ROLE, Candidate, classify_items, counts_as
from duizhao.parse.region import Region, summarise
from duizhao.parse.structure import LEAD_ASPECT, StructureFinder

_LISTS = ("problems", "causes", "measures")


def assign_roles(
    material: Material,
    finder: StructureFinder,
    preamble: Section | None,
    sections: list[Section],
    ranges: list[tuple[int, int]],
) -> None:
    placed: list[tuple[str, Problem | Cause | Measure]] = [
        *(("problems", e) for e in material.problems),
        *(("causes", e) for e in material.causes),
        *(("measures", e) for e in material.measures),
    ]
    starts = [s.start for s in sections]
    candidates = [Candidate(e.start, e.end, kind, _heading_at(sections, starts, e.start)) for kind, e in placed]
    taken = [(e.start, e.end) for _, e in placed]
    candidates += uncovered_candidates(finder, preamble, sections, ranges, taken)
    items = classify_items(material.text, candidates)
    material.items = sorted(items, key=lambda item: item.start)

    majority = _list_roles(candidates[len(placed) :], items[len(placed) :])
    result = _Lists()
    moved_problems: set[tuple[int, int]] = set()
    target: str | None
    for n, item in enumerate(items):
        if n < len(placed):
            kind, element = placed[n]
            target = KIND_OF_ROLE.get(item.role, kind)
            if target == kind or target not in _LISTS:
                result.add(element)
                continue
            if kind == "problems":
                moved_problems.add((element.start, element.end))
        else:
            target = counts_as(item)
            if target is None or majority.get(candidates[n].group, item.role) != item.role:
                continue  # an item counts with its list: one cause-like line in a list of topics does not
        result.add(_element(finder, target, item))
    material.problems = sorted(result.problems, key=lambda e: e.start)
    material.causes = sorted(result.causes, key=lambda e: e.start)
    material.measures = sorted(result.measures, key=lambda e: e.start)
    if moved_problems:
        finder.warnings = [w for w in finder.warnings if w.code != "unplaced" or (w.start, w.end) not in moved_problems]


@dataclass
class _Lists:
    """The problems, causes and measures kept, each in its own list (the element's type is its kind)."""

    problems: list[Problem] = field(default_factory=list)
    causes: list[Cause] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)

    def add(self, element: Problem | Cause | Measure) -> None:
        if isinstance(element, Problem):
            self.problems.append(element)
        elif isinstance(element, Cause):
            self.causes.append(element)
        else:
            self.measures.append(element)


def _list_roles(candidates: list[Candidate], items: list[Item]) -> dict[int, str]:
    """The role most items of each list outside the parts have."""
    votes: dict[int, Counter[str]] = {}
    for candidate, item in zip(candidates, items):
        if candidate.group >= 0:
            votes.setdefault(candidate.group, Counter())[item.role] += 1
    return {group: count.most_common(1)[0][0] for group, count in votes.items()}


def _heading_at(sections: list[Section], starts: list[int], position: int) -> str:
    k = bisect_right(starts, position)
    return sections[k - 1].heading if k else ""


def _element(finder: StructureFinder, kind: str, item: Item) -> Problem | Cause | Measure:
    text, start, end = item.text, item.start, item.end
    if kind == "problems":
        new: list[Problem] = []
        finder._add_problem(new, start, end, _aspect_of(finder, item), summarise(text))
        return new[0]
    if kind == "causes":
        return Cause(text, start, end, summarise(text))
    spans = finder._ordinal_items(Region(0, 0, (start, end)))
    if spans and spans[0][0] == start:
        spans = []  # the measure is itself one item of a list
    return Measure(text, start, end, summarise(text), [MeasureItem(finder.text[s:e], s, e) for s, e in spans])


def _aspect_of(finder: StructureFinder, item: Item) -> Aspect | None:
    """The aspect an item outside the named parts names: its opening ("在政治忠诚方面，……",
    "一是政治忠诚还需强化"), else its lead sentence."""
    return finder._aspect(_opening(item.text)) or (finder._aspect(item.lead) if item.lead else None)


def place_by_openings(
    material: Material,
    finder: StructureFinder,
    detect: Callable[[list[str]], str | None],
    use_openings: bool = True,
) -> None:
    """A text whose problems were found only as enumerated items (a news report, an excerpt) has no
    aspect headings to tell its framework: read it from the items' openings ("一是政治忠诚还需强化"),
    then place the problems that name an aspect. `detect(headings) -> framework id or None`."""
    openings = [_opening(p.text) for p in material.problems]
    leads = {item.start: item.lead for item in material.items if item.role == "problem" and item.lead}
    grouping = [leads.get(p.start, "") for p in material.problems]  # "（四）在……方面找差距" over its items
    headings = sorted({lead for lead in grouping if lead})
    if not headings and not use_openings:
        return
    framework_id = detect(headings or openings)  # aspect headings over the items, else their openings
    if framework_id is None:
        return
    material.framework_id = finder.framework_id = framework_id
    placed = set()
    for problem, opening, lead in zip(material.problems, openings, grouping):
        if problem.aspect_id is None:
            aspect = finder._aspect(opening) or (finder._aspect(lead) if lead else None)
            if aspect is not None:
                problem.aspect_id, problem.aspect = aspect.id, aspect.short_name
                placed.add((problem.start, problem.end))
    kept = []
    for warning in finder.warnings:
        if warning.code == "unplaced" and (warning.start, warning.end) in placed:
            continue
        if warning.code == "unplaced":
            summary = material.text[warning.start : warning.end]
            warning.message = f"问题“{summarise(summary)[:30]}”不对应 {framework_id} 的任何方面，未归入方面"
        kept.append(warning)
    finder.warnings = kept


def _opening(text: str) -> str:
    lead = LEAD_ASPECT.match(text)
    return lead.group() if lead else text[:40].split("，", 1)[0]
