"""`duizhao reshuffle`: rewrite the stored opinions in random order, so that neither the database
file nor a backup tells in which order they arrived (what a nightly job calls; `duizhao serve`
also does it by itself after midnight and when a link is closed)."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "重排意见的存储顺序（使数据库文件和备份不含提交先后）"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=None, help="数据目录；默认 $DUIZHAO_DATA_DIR 或 ~/.duizhao")


def run(args: argparse.Namespace) -> int:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from duizhao.cli.backup import data_dir, database_settings, setup_django
    from duizhao.errors import InputError

    data = data_dir(args.data)
    if not data.is_dir():
        raise InputError(str(data), "数据目录不存在")
    database = database_settings(data)
    if database["ENGINE"].endswith("sqlite3"):
        from duizhao.web.reshuffle import mark_run, shuffle_sqlite_file

        path = Path(database["NAME"])
        if not path.exists():
            raise InputError(str(path), "找不到数据库文件，请确认数据目录是否正确")
        count = shuffle_sqlite_file(path)
        mark_run(data, datetime.now(ZoneInfo("Asia/Shanghai")).date())  # settings.TIME_ZONE
    else:
        setup_django(data)
        from django.utils import timezone

        from duizhao.web.reshuffle import mark_run, reshuffle_database

        count = reshuffle_database()
        mark_run(data, timezone.localdate())
    print(f"已重排 {count} 条意见的存储顺序（数据库 {data}）。")
    return 0
