"""The ledger proposed from an approved material (三张清单): each problem (问题清单) with the
measure that answers it (任务清单) and who answers for it by when (责任清单). The clerk sees the
proposal, corrects it and commits it; proposing again after the material changed updates only
what nobody edited by hand (`merge_proposal`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from duizhao.cycle.chain import chain_settings, pair_weights
from duizhao.cycle.classify import bigrams, normalise
from duizhao.cycle.recurrence import similarity

OWNER_LABEL = re.compile(r"(?:责任领导|牵头领导|分管领导|责任人)[:：]\s*([\u4e00-\u9fff]{2,4})")
DEPARTMENT_LABEL = re.compile(r"(?:责任部门|责任单位|牵头科室|牵头部门|责任科室)[:：]\s*([\u4e00-\u9fff、]{2,20})")
DATE_WORDS = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})日|底|末|中旬|上旬|下旬)?(?:前|以前|之前)")
PROPOSED_FIELDS = ("problem", "measure", "aspect", "owner", "department", "task_type", "deadline")


@dataclass(frozen=True)
class ProblemInput:
    text: str
    aspect_id: str | None = None
    aspect: str = ""  # short name shown in the ledger


@dataclass(frozen=True)
class MeasureInput:
    text: str
    aspect_id: str | None = None


@dataclass(frozen=True)
class Leader:
    name: str
    portfolio: str = ""  # 分管领域
    is_head: bool = False


@dataclass(frozen=True)
class ProposedTask:
    problem_index: int
    problem: str
    measure: str
    measure_index: int | None
    match_score: float
    aspect: str
    owner: str
    department: str
    task_type: str  # immediate | deadline | ongoing (cycle.ledger.TASK_TYPES)
    deadline: date | None


def propose_ledger(
    problems: Sequence[ProblemInput],
    measures: Sequence[MeasureInput],
    *,
    meeting_date: date,
    kind: str,
    author: str = "",
    leaders: Sequence[Leader] = (),
) -> list[ProposedTask]:
    """One row per problem. `kind` "personal": the author owns every task; "team": the leader
    the measure names, else the one whose portfolio fits, else the head."""
    matches = match_measures(problems, measures)
    rows = []
    for index, problem in enumerate(problems):
        measure_index, score = matches[index]
        measure = measures[measure_index].text if measure_index is not None else ""
        task_type = task_type_of(measure)
        rows.append(
            ProposedTask(
                problem_index=index,
                problem=problem.text,
                measure=measure,
                measure_index=measure_index,
                match_score=round(score, 3),
                aspect=problem.aspect,
                task_type=task_type,
                owner=author if kind == "personal" else _team_owner(problem.text, measure, leaders),
                department=_label(DEPARTMENT_LABEL, measure),
                deadline=deadline_for(measure, task_type, meeting_date),
            )
        )
    return rows


def match_strength(row: ProposedTask) -> str:
    """How far the clerk can trust the measure proposed for a row: "none" (no measure answers the
    problem), "weak" (shared words only, below `weak_match`) or "good"."""
    if row.measure_index is None:
        return "none"
    return "weak" if row.match_score < chain_settings()["proposal"]["weak_match"] else "good"


def match_measures(
    problems: Sequence[ProblemInput], measures: Sequence[MeasureInput]
) -> list[tuple[int | None, float]]:
    """For each problem, (index of the measure that answers it, score) or (None, 0.0): by shared
    words, same aspect and like position, weighted by data. Several problems may share a measure."""
    settings = chain_settings()["proposal"]
    if not measures:
        return [(None, 0.0)] * len(problems)
    weights = pair_weights([*(p.text for p in problems), *(m.text for m in measures)])
    result: list[tuple[int | None, float]] = []
    for i, problem in enumerate(problems):
        overlaps = [_weighted_dice(problem.text, m.text, weights) for m in measures]
        top = max(overlaps) or 1.0
        scored = [
            (
                settings["weight_words"] * overlaps[j] / top
                + settings["weight_aspect"] * _same_aspect(problem, measure)
                + settings["weight_order"] * _same_position(i, len(problems), j, len(measures)),
                j,
            )
            for j, measure in enumerate(measures)
        ]
        score, j = max(scored)
        result.append((j, score) if score >= settings["min_match"] and overlaps[j] > 0 else (None, 0.0))
    return result


def _weighted_dice(a: str, b: str, weights: dict[str, float]) -> float:
    first, second = bigrams(normalise(a)), bigrams(normalise(b))
    total = sum(weights.get(p, 1.0) for p in first) + sum(weights.get(p, 1.0) for p in second)
    return 2 * sum(weights.get(p, 1.0) for p in first & second) / total if total else 0.0


def _same_aspect(problem: ProblemInput, measure: MeasureInput) -> float:
    return float(problem.aspect_id is not None and problem.aspect_id == measure.aspect_id)


def _same_position(i: int, n: int, j: int, m: int) -> float:
    if n <= 1 or m <= 1:
        return 1.0
    return 1.0 - abs(i / (n - 1) - j / (m - 1))


def task_type_of(measure: str) -> str:
    for task_type, words in chain_settings()["proposal"]["task_type_words"].items():
        if any(word in measure for word in words):
            return str(task_type)
    return "deadline"


def deadline_for(measure: str, task_type: str, meeting_date: date) -> date | None:
    """The date the measure names ("2026年3月底前", "6月底前"), else the default of its type
    counted from the meeting; 长期坚持 has none."""
    if task_type == "ongoing":
        return None
    named = _named_date(measure, meeting_date)
    if named is not None:
        return named
    return meeting_date + timedelta(days=chain_settings()["proposal"]["deadline_days"][task_type])


def _named_date(text: str, meeting_date: date) -> date | None:
    found = DATE_WORDS.search(text)
    if found is None:
        return None
    year, month, day = found.groups()
    month = int(month)
    if not 1 <= month <= 12:
        return None
    year = int(year) if year else meeting_date.year + (month < meeting_date.month)
    if day:
        try:
            return date(year, month, int(day))
        except ValueError:
            return None
    return _month_end(year, month)


def _month_end(year: int, month: int) -> date:
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - timedelta(days=1)


def _label(pattern: re.Pattern[str], text: str) -> str:
    found = pattern.search(text)
    return found.group(1).rstrip("、") if found else ""


def _team_owner(problem: str, measure: str, leaders: Sequence[Leader]) -> str:
    named = _label(OWNER_LABEL, measure)
    names = [leader.name for leader in leaders]
    if named in names:
        return named
    mentioned = [name for name in names if name and name in measure]
    if mentioned:
        return mentioned[0]
    fitting = max(leaders, key=lambda leader: _portfolio_fit(leader, problem + measure), default=None)
    if fitting is not None and _portfolio_fit(fitting, problem + measure) > 0:
        return fitting.name
    head = next((leader.name for leader in leaders if leader.is_head), "")
    return head


def _portfolio_fit(leader: Leader, text: str) -> float:
    return similarity(leader.portfolio, text) if leader.portfolio else 0.0


# ---------------------------------------------------------------- proposing again


@dataclass(frozen=True)
class ExistingTask:
    """A task committed from an earlier proposal: what was proposed then, and what it holds now
    (the same keys as the proposal's rows, "problem" among them)."""

    id: Any
    proposed: dict[str, Any]
    current: dict[str, Any]


@dataclass
class MergePlan:
    paired: dict[Any, int] = field(default_factory=dict)  # task id -> index of its proposal row
    added: list[int] = field(default_factory=list)  # proposal rows with no task yet
    updated: list[tuple[Any, str, Any, Any]] = field(default_factory=list)  # (id, field, old, new)
    kept_edits: list[tuple[Any, str, Any, Any]] = field(default_factory=list)  # (id, field, kept, proposed)
    orphaned: list[Any] = field(default_factory=list)  # tasks whose problem left the material
    unchanged: list[Any] = field(default_factory=list)


def proposed_values(task: ProposedTask) -> dict[str, Any]:
    return {name: getattr(task, name) for name in PROPOSED_FIELDS}


def merge_proposal(existing: Sequence[ExistingTask], proposal: Sequence[dict[str, Any]]) -> MergePlan:
    """What proposing again changes: a new problem adds a task; a field nobody edited takes the
    new proposal; a field edited by hand is kept (and reported); a task whose problem is gone is
    reported, never deleted. Tasks are paired with rows by their problem's wording."""
    threshold = chain_settings()["links"]["follow_similarity"]
    plan = MergePlan()
    pairs = sorted(
        (
            (similarity(task.proposed["problem"], row["problem"]), t, r)
            for t, task in enumerate(existing)
            for r, row in enumerate(proposal)
        ),
        reverse=True,
    )
    taken: set[int] = set()
    for score, t, r in pairs:
        task = existing[t]
        if score >= threshold and task.id not in plan.paired and r not in taken:
            plan.paired[task.id] = r
            taken.add(r)
    for task in existing:
        if task.id in plan.paired:
            _merge_fields(task, proposal[plan.paired[task.id]], plan)
        else:
            plan.orphaned.append(task.id)
    plan.added = [r for r in range(len(proposal)) if r not in taken]
    return plan


def _merge_fields(task: ExistingTask, new: dict[str, Any], plan: MergePlan) -> None:
    changed = False
    for name, proposed in new.items():
        before, now = task.proposed.get(name), task.current.get(name)
        if proposed == before:
            continue
        if now == before:
            plan.updated.append((task.id, name, now, proposed))
            changed = True
        elif now != proposed:
            plan.kept_edits.append((task.id, name, now, proposed))
    if not changed:
        plan.unchanged.append(task.id)
