"""反馈: telling the people what was done about their opinions. Each group of like opinions with
the team's response and the 整改 status of the tasks that answer it, for the public 反馈 page and
the Word 通报 "关于…征求意见整改落实情况的通报". Nothing identifies a giver, and no date finer than
the month appears."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO

# Task status (cycle.ledger.STATUSES) → what the public reads.
PUBLIC_STATUS = {"done": "已整改", "in_progress": "整改中", "not_started": "未启动"}
NO_TASK = "已作回应"
NOT_ANSWERED = "尚未回应"


@dataclass(frozen=True)
class FeedbackItem:
    text: str  # the group's opinion, verbatim (the first of the group by text)
    count: int  # how many like opinions it stands for
    response: str = ""  # the team's response, as the clerk wrote it
    task_statuses: tuple[str, ...] = ()  # statuses of the tasks answering it
    task_numbers: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        if self.task_statuses:
            if all(s == "done" for s in self.task_statuses):
                return PUBLIC_STATUS["done"]
            if any(s != "not_started" for s in self.task_statuses):
                return PUBLIC_STATUS["in_progress"]
            return PUBLIC_STATUS["not_started"]
        return NO_TASK if self.response.strip() else NOT_ANSWERED


@dataclass(frozen=True)
class Feedback:
    unit: str
    meeting_title: str
    as_of: date
    items: list[FeedbackItem] = field(default_factory=list)

    @property
    def as_of_month(self) -> str:
        return f"{self.as_of.year}年{self.as_of.month}月"

    @property
    def opinion_count(self) -> int:
        return sum(item.count for item in self.items)

    def count_by_status(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for item in self.items:
            counts[item.status] = counts.get(item.status, 0) + 1
        return counts

    @property
    def notice_title(self) -> str:
        return f"关于{self.meeting_title}征求意见整改落实情况的通报"


def group_items(rows: Sequence[tuple[int | None, str, str, tuple[str, ...], tuple[str, ...]]]) -> list[FeedbackItem]:
    """`rows`: (group, text, response, task statuses, task numbers) per opinion; opinions of one
    near-duplicate group become one item (its first text by sort order, the union of its tasks)."""
    groups: dict[tuple[str, int | None], list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]] = {}
    for index, (group, text, response, statuses, numbers) in enumerate(rows):
        groups.setdefault(("g", group) if group is not None else ("o", index), []).append(
            (text, response, statuses, numbers)
        )
    items = []
    for members in groups.values():
        members.sort(key=lambda member: member[0])
        by_number = {number: status for member in members for number, status in zip(member[3], member[2])}
        response = next((member[1] for member in members if member[1].strip()), "")
        items.append(FeedbackItem(members[0][0], len(members), response, tuple(by_number.values()), tuple(by_number)))
    return sorted(items, key=lambda item: item.text)


def notice_paragraphs(feedback: Feedback) -> list[str]:
    counts = feedback.count_by_status()
    parts = [
        f"{status}{counts[status]}项"
        for status in (*PUBLIC_STATUS.values(), NO_TASK, NOT_ANSWERED)
        if counts.get(status)
    ]
    return [
        f"{feedback.meeting_title}会前，{feedback.unit}广泛征求意见建议，共收到{feedback.opinion_count}条，"
        f"归并为{len(feedback.items)}项。截至{feedback.as_of_month}，"
        + ("，".join(parts) or "尚无回应")
        + "。现将逐项落实情况通报如下。",
    ]


def notice_docx(feedback: Feedback, out: str | Path | IO[bytes]) -> None:
    from duizhao.render.docx import DocumentBuilder

    builder = DocumentBuilder()
    builder.title(feedback.notice_title)
    for paragraph in notice_paragraphs(feedback):
        builder.paragraph(paragraph)
    rows = [["序号", "意见建议", "回应和整改", "状态"]]
    for index, item in enumerate(feedback.items, start=1):
        text = item.text + (f"（同类意见{item.count}条）" if item.count > 1 else "")
        response = item.response or ("整改任务" + "、".join(item.task_numbers) if item.task_numbers else "")
        rows.append([str(index), text, response, item.status])
    if feedback.items:
        builder.table(rows, widths_mm=[12, 68, 56, 20])
    builder.paragraph(feedback.unit, align="right", indent=False)
    builder.paragraph(feedback.as_of_month, align="right", indent=False)
    builder.save(out)
