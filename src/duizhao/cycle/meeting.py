"""At the meeting: quorum, the prescribed agenda, and who criticised whom."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from duizhao.cycle._common import field_of, load_cycle_data, name_of
from duizhao.errors import InputError

DEFAULT_MEETING_KIND = "democratic_life"  # the agenda used when the framework names no other


@dataclass(frozen=True)
class QuorumResult:
    ok: bool
    needed: int
    message: str  # Chinese


@dataclass(frozen=True)
class AgendaItem:
    order: int
    key: str
    title: str
    speaker: str  # role, or the member's name when expanded per member
    kind: str  # announcement | team_check | personal_check | comment | closing | appraisal


@dataclass
class Matrix:
    """Criticisms given (rows) and received (columns) between members."""

    names: list[str]
    counts: list[list[int]]  # counts[giver][receiver]
    received: dict[str, int]
    given: dict[str, int]
    warnings: list[str] = field(default_factory=list)  # Chinese

    def to_dict(self) -> dict[str, Any]:
        return {
            "names": self.names,
            "counts": self.counts,
            "received": self.received,
            "given": self.given,
            "warnings": self.warnings,
        }


def configured_quorum_ratio(path: str | Path | None = None) -> str:
    """The ratio `data/cycle/meeting.toml` (or a unit's copy at `path`) prescribes, as written
    there (e.g. "2/3"): the default of `quorum` and of a new team's setting."""
    return str(load_cycle_data("meeting.toml", path)["quorum_ratio"])


def parse_ratio(value: Any) -> Fraction:
    """ "2/3", "90%", 0.9 or a Fraction, as an exact fraction in (0, 1]."""
    try:
        if isinstance(value, str) and value.strip().endswith("%"):
            ratio = Fraction(value.strip()[:-1]) / 100
        else:
            ratio = Fraction(str(value)) if isinstance(value, float) else Fraction(value)
    except (ValueError, ZeroDivisionError, TypeError) as error:
        raise InputError(None, f"到会比例“{value}”无法识别（应如 2/3 或 90%）") from error
    if not 0 < ratio <= 1:
        raise InputError(None, f"到会比例“{value}”应大于0且不超过100%")
    return ratio


def quorum(expected: int, present: int, ratio: Any = None) -> QuorumResult:
    """到会人数须达到应到会人数的 ratio 以上 (以上 includes the number itself); without a ratio,
    the one of `data/cycle/meeting.toml`."""
    ratio = parse_ratio(configured_quorum_ratio() if ratio is None else ratio)
    if expected <= 0:
        return QuorumResult(False, 0, "应到人数须大于0")
    if present < 0 or present > expected:
        return QuorumResult(
            False, math.ceil(expected * ratio), f"实到人数{present}不在0到应到人数{expected}之间，请核对"
        )
    needed = math.ceil(expected * ratio)
    share = _ratio_words(ratio)
    if present >= needed:
        return QuorumResult(True, needed, f"应到{expected}人，实到{present}人，达到{share}（至少{needed}人），可以召开")
    return QuorumResult(
        False, needed, f"应到{expected}人，实到{present}人，未达到{share}（至少{needed}人），不能召开，应另行安排"
    )


def _ratio_words(ratio: Fraction) -> str:
    if ratio == Fraction(2, 3):
        return "应到人数的三分之二"
    if (ratio * 100).denominator == 1:
        return f"应到人数的{ratio * 100}%"
    return f"应到人数的{ratio.numerator}/{ratio.denominator}"


def carryover_announcement(framework: Any = None) -> tuple[str | None, list[str]]:
    """(the framework's own wording of last year's 整改 通报 or None, its other 通报 items).
    The year's wording replaces the generic first item, so the item is never listed twice."""
    extra = list(field_of(framework, "announcements", ()) or ()) if framework is not None else []
    carryover = next((text for text in extra if "生活会" in text and "整改" in text), None)
    if carryover:
        extra.remove(carryover)
    return carryover, extra


def standard_agenda(framework: Any = None, *, members: Iterable[Any] | None = None) -> list[AgendaItem]:
    """The agenda in the prescribed order, with the framework's extra 通报 items.

    With `members` (the head first or marked `is_head`), the per-member item is expanded into
    one item per member other than the head.
    """
    kind = field_of(framework, "meeting_kind", "democratic_life") if framework is not None else "democratic_life"
    entries = (
        load_cycle_data("meeting.toml")["agenda"].get(kind)
        or load_cycle_data("meeting.toml")["agenda"]["democratic_life"]
    )
    carryover, extra = carryover_announcement(framework)
    others = _members_after_head(members) if members is not None else None
    rows: list[tuple[str, str, str, str]] = []
    last_announcement = max(i for i, e in enumerate(entries) if e["kind"] == "announcement")
    for index, entry in enumerate(entries):
        if entry.get("per_member") and others is not None:
            rows += [
                (f"{entry['key']}:{n}", f"{n}作个人对照检查，其他成员提出批评意见，本人表态", n, entry["kind"])
                for n in others
            ]
        else:
            title = f"通报{carryover}" if entry["key"] == "carryover" and carryover else entry["title"]
            rows.append((entry["key"], title, entry["speaker"], entry["kind"]))
        if index == last_announcement:
            speaker = entry["speaker"]
            rows += [(f"announcement_{i + 1}", f"通报{text}", speaker, "announcement") for i, text in enumerate(extra)]
    return [AgendaItem(i + 1, *row) for i, row in enumerate(rows)]


def _members_after_head(members: Iterable[Any]) -> list[str]:
    members = list(members)
    heads = [m for m in members if field_of(m, "is_head")]
    head = heads[0] if heads else (members[0] if members else None)
    return [name_of(m) for m in members if m is not head]


def criticism_matrix(members: Iterable[Any], criticisms: Iterable[Any]) -> Matrix:
    """Count criticisms between members; warn where a member received or gave none.

    A criticism is a dict/object with `giver` and `receiver` (names) or a (giver, receiver, …) tuple.
    """
    names = [name_of(m) for m in members]
    index = {n: i for i, n in enumerate(names)}
    counts = [[0] * len(names) for _ in names]
    warnings: list[str] = []
    for criticism in criticisms:
        giver, receiver = _giver_receiver(criticism)
        if not giver or not receiver:
            warnings.append("有一条批评意见未写明批评人或被批评人，未计入")
            continue
        if giver not in index or receiver not in index:
            unknown = "、".join(n for n in (giver, receiver) if n not in index)
            warnings.append(f"批评意见涉及非班子成员“{unknown}”，未计入")
            continue
        if giver == receiver:
            continue
        counts[index[giver]][index[receiver]] += 1
    received = {n: sum(row[i] for row in counts) for n, i in index.items()}
    given = {n: sum(counts[i]) for n, i in index.items()}
    for n in names:
        if received[n] == 0:
            warnings.append(f"{n}未收到任何批评意见，批评应人人有份、见人见事")
    for n in names:
        if given[n] == 0 and len(names) > 1:
            warnings.append(f"{n}未向其他成员提出批评意见")
    return Matrix(names, counts, received, given, warnings)


def _giver_receiver(criticism: Any) -> tuple[str, str]:
    if isinstance(criticism, (tuple, list)):
        return str(criticism[0]).strip(), str(criticism[1]).strip()
    return str(field_of(criticism, "giver", "")).strip(), str(field_of(criticism, "receiver", "")).strip()


# ---------------------------------------------------------------- the year's framework

KIND_WORDS = {"democratic_life": "民主生活会", "organisational_life": "组织生活会"}


def framework_for_year(frameworks: Iterable[Any], year: int, kind: str = "democratic_life") -> Any | None:
    """The framework of this year and meeting kind (an annual one first), or None when the year
    has none yet (the year's framework is usually announced late in the year)."""
    found = [f for f in frameworks if field_of(f, "year") == year and field_of(f, "meeting_kind") == kind]
    found.sort(key=lambda f: field_of(f, "meeting_type") != "annual")
    return found[0] if found else None


def framework_mismatch(framework: Any, year: int, kind: str = "democratic_life") -> str | None:
    """A Chinese warning when the framework does not fit the meeting's year or kind, else None."""
    if framework is None:
        return "没有选择年度框架。"
    problems = []
    if field_of(framework, "year") != year:
        problems.append(f"所选框架是{field_of(framework, 'year')}年度的，本次会议是{year}年度")
    if field_of(framework, "meeting_kind") != kind:
        problems.append(
            f"所选框架用于{KIND_WORDS.get(field_of(framework, 'meeting_kind'), '')}，本次会议是{KIND_WORDS.get(kind, '')}"
        )
    return "；".join(problems) + "。" if problems else None
