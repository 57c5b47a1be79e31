"""`duizhao package`: the same report package as the workbench's download, for scripts and the
督导组: 情况报告, 整改落实情况报告, 会议记录, 整改台账 and the finished materials; a list of what
is still missing goes into the archive and to the screen."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from duizhao.errors import InputError

HELP = "导出一次会议的全套材料包（.zip），与工作台下载的相同"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=None, help="数据目录；默认 $DUIZHAO_DATA_DIR 或 ~/.duizhao")
    parser.add_argument(
        "--meeting",
        type=int,
        default=None,
        help="会议编号（工作台地址 /meetings/编号/ 中的数字）；只有一个班子时可省略，取最近一次会议",
    )
    parser.add_argument("-o", "--output", type=Path, required=True, help="材料包文件（.zip）")
    parser.add_argument("--evidence", action="store_true", help="同时收入整改台账的佐证材料")
    parser.add_argument("--drafts", action="store_true", help="同时收入尚未提交或被退回的材料（文件名前标“未定稿-”）")


def _setup(data: Path) -> None:
    from duizhao.web import boot

    if not data.is_dir():
        raise InputError(str(data), "数据目录不存在")
    os.environ["DUIZHAO_DATA_DIR"] = str(data)
    os.environ["DJANGO_SETTINGS_MODULE"] = "duizhao.web.settings"
    boot.setup_django()


def _meeting(meeting_id: int | None) -> Any:
    from django.db.utils import DatabaseError

    from duizhao.web.workbench import models as m

    try:
        if meeting_id is not None:
            found = m.Meeting.objects.select_related("team").filter(pk=meeting_id).first()
            if found is None:
                raise InputError(str(meeting_id), "没有这个编号的会议" + _choices())
            return found
        teams = m.Team.objects.filter(meetings__isnull=False).distinct()
        if teams.count() != 1:
            raise InputError(
                "--meeting",
                ("数据中没有会议" if not teams.exists() else "有多个班子，请用 --meeting 指定会议") + _choices(),
            )
        team = teams.first()
        assert team is not None  # counted above
        return team.meetings.order_by("-year", "-planned_date").first()
    except DatabaseError as error:
        raise InputError("--data", f"无法读取数据库（{error}）；请先用 duizhao serve 建库") from error


def _choices() -> str:
    from duizhao.web.workbench import models as m

    rows = [
        f"{x.pk} {x.team.name}{x.title}"
        for x in m.Meeting.objects.select_related("team").order_by("team__name", "-year")[:30]
    ]
    return ("。可选：" + "；".join(rows)) if rows else ""


def run(args: argparse.Namespace) -> int:
    from duizhao.cli.backup import data_dir

    data = data_dir(args.data)
    _setup(data)
    from duizhao.web.workbench import reports

    meeting = _meeting(args.meeting)
    archive = reports.package_zip(meeting, drafts=args.drafts, evidence=args.evidence)
    output = args.output.expanduser().resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    partial.write_bytes(archive)
    os.replace(partial, output)
    print(f"已写出{meeting.team.name}{meeting.title}材料包：{output}")
    gaps = reports.package_gaps(meeting, drafts=args.drafts)
    if gaps:
        print(f"尚有{len(gaps)}处待补或未收入（清单已放入材料包“{reports.GAPS_FILE}”）：")
        for line in gaps:
            print(f"  {line}")
    return 0
