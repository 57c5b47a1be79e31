"""`duizhao serve`: the workbench in the browser (Django under waitress), offline."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "启动工作台 (http://127.0.0.1:8000)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        help="数据目录（数据库、上传文件、密钥）；默认 $DUIZHAO_DATA_DIR 或 ~/.duizhao",
    )
    parser.add_argument("--host", default="127.0.0.1", help="监听地址，默认只允许本机访问；内网共享用 0.0.0.0")
    parser.add_argument("--port", type=int, default=8000, help="端口，默认 8000")
    parser.add_argument("--demo", action="store_true", help="载入演示单位（某县局班子的一整轮民主生活会）")
    parser.add_argument(
        "--workers", type=int, default=1, help="工作进程数，默认 1（SQLite 用 1 即可）；PostgreSQL 部署建议取 CPU 核数"
    )
    parser.add_argument("--threads", type=int, default=8, help="每个工作进程的线程数，默认 8")


def run(args: argparse.Namespace) -> int:
    import os

    from duizhao.errors import InputError
    from duizhao.web import config
    from duizhao.web.boot import ServeOptions, start

    if not 1 <= args.workers <= 64:
        raise InputError(None, "--workers 应为 1 到 64 之间的整数")
    if not 1 <= args.threads <= 256:
        raise InputError(None, "--threads 应为 1 到 256 之间的整数")
    data = args.data or config.data_dir(dict(os.environ))
    return start(
        ServeOptions(
            data=Path(data), host=args.host, port=args.port, demo=args.demo, workers=args.workers, threads=args.threads
        )
    )
