"""谈心谈话: who must talk with whom before the meeting (必谈), and how far that got."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from duizhao.cycle._common import field_of, name_of

REASONS = {
    "head": "主要负责人与班子成员必谈",
    "members": "班子成员相互之间必谈",
    "department": "班子成员与分管部门负责人必谈",
    "branch": "班子成员与所在党支部党员代表谈",
}


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    reason: str  # head | members | department | branch
    reason_text: str = ""  # Chinese

    @property
    def key(self) -> frozenset[str]:
        return frozenset((self.a, self.b))


@dataclass
class Coverage:
    done: list[Pair]
    missing: list[Pair]
    people: list[str]  # row/column order of the matrix
    matrix: list[list[str]]  # "" not required, "done", "missing"
    extra: list[tuple[str, str]] = field(default_factory=list)  # talks held beyond the required

    @property
    def ratio(self) -> float:
        total = len(self.done) + len(self.missing)
        return len(self.done) / total if total else 1.0

    @property
    def missing_list(self) -> list[str]:
        return [f"{p.a} — {p.b}（{p.reason_text}）" for p in self.missing]


def required_pairs(
    members: Iterable[Any],
    department_heads: dict[str, Any] | None = None,
    *,
    branch_representatives: dict[str, Iterable[str]] | None = None,
) -> list[Pair]:
    """The 必谈 pairs. Members carry `name`, `is_head` and `portfolio` (department names);
    `department_heads` maps a department to its head's name (or a list of names);
    `branch_representatives` (optional setting) maps a member to the branch members he talks with.
    """
    members = list(members)
    names = [name_of(m) for m in members]
    heads = [name_of(m) for m in members if field_of(m, "is_head", False)] or names[:1]
    pairs: dict[frozenset[str], Pair] = {}

    def add(a: str, b: str, reason: str) -> None:
        if a and b and a != b and frozenset((a, b)) not in pairs:
            pairs[frozenset((a, b))] = Pair(a, b, reason, REASONS[reason])

    for head in heads:
        for name in names:
            add(head, name, "head")
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            add(a, b, "members")
    for member in members:
        for department in _portfolio(member):
            for head_name in _as_list((department_heads or {}).get(department)):
                add(name_of(member), head_name, "department")
    for member_name, representatives in (branch_representatives or {}).items():
        for representative in representatives:
            add(member_name, representative, "branch")
    return list(pairs.values())


def _portfolio(member: Any) -> list[str]:
    portfolio = field_of(member, "portfolio", ()) or ()
    if isinstance(portfolio, str):
        portfolio = [p for p in portfolio.replace("，", "、").replace(",", "、").split("、")]
    return [p.strip() for p in portfolio if p and p.strip()]


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [name_of(v) for v in value]


def talk_coverage(required: Iterable[Pair], talks: Iterable[Any]) -> Coverage:
    """Which required pairs have talked. A talk is a (a, b) tuple or has `a`/`b` or
    `talker`/`talkee` names; order does not matter."""
    required = list(required)
    held = {frozenset(_talk_people(t)) for t in talks}
    held.discard(frozenset())
    done = [p for p in required if p.key in held]
    missing = [p for p in required if p.key not in held]
    people: list[str] = []
    for p in required:
        for n in (p.a, p.b):
            if n not in people:
                people.append(n)
    position = {n: i for i, n in enumerate(people)}
    matrix = [[""] * len(people) for _ in people]
    for p in required:
        state = "done" if p.key in held else "missing"
        matrix[position[p.a]][position[p.b]] = matrix[position[p.b]][position[p.a]] = state
    required_keys = {p.key for p in required}
    extra = [(a, b) for a, b in (sorted(k) for k in held if k not in required_keys and len(k) == 2)]
    return Coverage(done, missing, people, matrix, sorted(extra))


def _talk_people(talk: Any) -> tuple[str, ...]:
    if isinstance(talk, (tuple, list, set, frozenset)):
        return tuple(name_of(x) for x in list(talk)[:2])
    a = field_of(talk, "a") or field_of(talk, "talker")
    b = field_of(talk, "b") or field_of(talk, "talkee")
    return tuple(name_of(x) for x in (a, b) if x)
