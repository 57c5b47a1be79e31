"""The timetable of one meeting cycle: every deadline before and after the meeting day.

Offsets are settings (`data/cycle/schedule.toml`, tags [L]/[S]); a unit overrides them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from duizhao.cycle._common import load_cycle_data
from duizhao.errors import InputError

MEETING_KINDS = ("democratic_life", "organisational_life")


@dataclass(frozen=True)
class Deadline:
    key: str
    title: str  # Chinese
    due: date
    basis: str  # Chinese: the rule and its tag
    tag: str = ""  # C | L | S | M
    offset_days: int = 0


def load_schedule_settings(path: str | Path | None = None) -> dict[str, Any]:
    """The timetable settings: the shipped `schedule.toml`, or a unit's own file of that shape."""
    data = load_cycle_data("schedule.toml", path)
    if not isinstance(data.get("deadlines"), list):
        raise InputError(str(path or "schedule.toml"), "日程配置缺少 [[deadlines]] 条目")
    return data


def _offsets_from(settings: dict[str, Any]) -> dict[str, int]:
    """Overrides given as {"offsets": {key: days}} or flat {key: days}."""
    overrides = dict(settings.get("offsets", {}))
    overrides.update({k: v for k, v in settings.items() if isinstance(v, int) and not isinstance(v, bool)})
    return overrides


def plan_timetable(
    meeting_date: date, *, meeting_kind: str = "democratic_life", settings: dict[str, Any] | None = None
) -> list[Deadline]:
    """All deadlines of the cycle, sorted by date.

    `settings` is either a whole schedule (as `load_schedule_settings(path)` returns) or
    overrides of the offsets, `{"offsets": {"plan_to_parent": -7}}` (negative = before).
    """
    if meeting_kind not in MEETING_KINDS:
        raise InputError(None, f"未知的会议类别“{meeting_kind}”（应为民主生活会或组织生活会）")
    settings = settings or {}
    schedule = settings if isinstance(settings.get("deadlines"), list) else load_schedule_settings()
    overrides = _offsets_from(settings)
    deadlines = []
    for entry in schedule["deadlines"]:
        if meeting_kind not in entry.get("kinds", MEETING_KINDS):
            continue
        try:
            offset = int(overrides.get(entry["key"], entry["offset_days"]))
            deadlines.append(
                Deadline(
                    key=entry["key"],
                    title=entry["title"],
                    due=meeting_date + timedelta(days=offset),
                    basis=_basis(entry, offset),
                    tag=entry.get("tag", ""),
                    offset_days=offset,
                )
            )
        except (KeyError, TypeError, ValueError) as error:
            raise InputError(None, f"日程配置条目格式不对（{error}）") from error
    return sorted(deadlines, key=lambda d: (d.due, d.offset_days))


def _basis(entry: dict[str, Any], offset: int) -> str:
    basis = str(entry.get("basis", ""))
    if offset != entry["offset_days"]:
        basis += f"；本单位设置为{_offset_words(offset)}"
    return basis


def _offset_words(offset: int) -> str:
    if offset < 0:
        return f"会前{-offset}天"
    if offset > 0:
        return f"会后{offset}天"
    return "会议当天"
