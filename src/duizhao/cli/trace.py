"""`duizhao trace`: every opinion of a meeting forward to the problems that answer it and their
整改 tasks (status, owner, deadline, evidence), for scripts and for the 督导组. The same data as
the workbench's 意见整改追踪 page (`web.workbench.chain.trace`)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from duizhao.errors import InputError

HELP = "意见整改追踪：每条意见 → 回应它的问题 → 整改任务"
HEADERS = ["意见", "所属方面", "回应它的材料", "问题", "任务编号", "状态", "责任领导", "完成时限", "佐证材料（份）"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=None, help="数据目录；默认 $DUIZHAO_DATA_DIR 或 ~/.duizhao")
    parser.add_argument("--meeting", type=int, default=None, help="会议编号（默认：最近的一次会议）")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="输出 JSON")
    output.add_argument("--xlsx", type=Path, metavar="OUT", help="写出 Excel 追踪表")


def run(args: argparse.Namespace) -> int:
    from duizhao.cli.backup import data_dir, setup_django

    data = data_dir(args.data)
    if not data.is_dir():
        raise InputError(str(data), "数据目录不存在")
    setup_django(data)
    meeting = _meeting(args.meeting)
    from duizhao.web.workbench import chain

    result = chain.trace(meeting)  # reads only: problems are recorded when a version is saved
    unrecorded = chain.unrecorded_materials(meeting)
    if unrecorded:
        names = "、".join(material.owner_name for material in unrecorded)
        print(
            f"注意：{names}的材料最新版本尚未生成问题记录，未计入追踪（在工作台该材料的“问题与意见的对应”页生成）。",
            file=sys.stderr,
        )
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    elif args.xlsx:
        write_xlsx(result, args.xlsx, title=f"{meeting.team.name}{meeting.title}意见整改追踪")
        print(f"已写出：{args.xlsx}")
    else:
        print(as_text(result, f"{meeting.team.name} {meeting.title}"))
    return 0


def _meeting(meeting_id: int | None) -> Any:
    from django.core.management import call_command
    from django.db import DatabaseError

    try:
        call_command("migrate", verbosity=0, interactive=False)
        from duizhao.web.workbench.models import Meeting

        meetings = Meeting.objects.select_related("team").order_by("-year", "-planned_date", "-id")
        meeting = meetings.filter(pk=meeting_id).first() if meeting_id else meetings.first()
    except DatabaseError as error:
        raise InputError(None, f"无法读取工作台数据库（{error}）") from error
    if meeting is None:
        raise InputError(None, f"没有编号为 {meeting_id} 的会议" if meeting_id else "数据目录中还没有任何会议")
    return meeting


def rows(result: dict[str, Any]) -> list[list[Any]]:
    """One row per opinion × problem × task (an opinion with nothing yet stays one row)."""
    table = []
    for opinion in result["opinions"]:
        head = [opinion["text"], opinion["aspect"]]
        if not opinion["problems"]:
            table.append(head + ["", "（尚无材料回应）", "", "", "", "", ""])
        for problem in opinion["problems"]:
            tasks = problem["tasks"] or [None]
            for task in tasks:
                tail = (
                    ["（尚无整改任务）", "", "", "", ""]
                    if task is None
                    else [
                        task["number"],
                        task["status"] + ("（逾期）" if task["overdue"] else ""),
                        task["owner"],
                        task["deadline"] or "长期坚持",
                        task["evidence"],
                    ]
                )
                table.append(head + [problem["material"], problem["text"]] + tail)
    return table


def as_text(result: dict[str, Any], title: str) -> str:
    lines = [
        title,
        f"意见 {len(result['opinions'])} 条；"
        f"无整改任务的问题 {len(result['problems_without_task'])} 个；"
        f"不来自意见的任务 {len(result['tasks_without_opinion'])} 项",
        "",
    ]
    for index, opinion in enumerate(result["opinions"], start=1):
        lines.append(f"{index}. {opinion['text']}")
        for problem in opinion["problems"]:
            lines.append(f"   → {problem['material']}：{problem['text'][:40]}")
            for task in problem["tasks"]:
                lines.append(
                    f"      → 任务 {task['number']} {task['status']}，{task['owner'] or '未定'}，"
                    f"{task['deadline'] or '长期坚持'}，佐证 {task['evidence']} 份"
                )
        if not opinion["problems"]:
            lines.append("   （尚无材料回应）")
    return "\n".join(lines)


def write_xlsx(result: dict[str, Any], out: Path, *, title: str) -> None:
    from openpyxl import Workbook

    from duizhao.cycle.ledger import neutralise

    book = Workbook()
    sheet = book.active
    sheet.title = "意见整改追踪"
    sheet.append([title])
    sheet.append(HEADERS)
    for row in rows(result):
        sheet.append([neutralise(value) if isinstance(value, str) else value for value in row])
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{chr(ord('A') + len(HEADERS) - 1)}{sheet.max_row}"
    for column, width in zip("ABCDEFGHI", (40, 12, 10, 40, 12, 12, 10, 12, 10)):
        sheet.column_dimensions[column].width = width
    book.save(out)
