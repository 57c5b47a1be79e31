"""The one `duizhao` command. Each subcommand is a module in this package exposing
`HELP`, `add_arguments(parser)` and `run(args) -> int`; it parses its arguments, calls one
core function, prints, and maps errors to exit codes. Modules are imported lazily, so
`duizhao parse` never loads Django."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys

from duizhao import __version__
from duizhao.errors import InputError

# name -> (module, one-line help). Order is the order of `duizhao --help`.
COMMANDS: dict[str, tuple[str, str]] = {
    "parse": ("duizhao.cli.parse", "读取对照检查材料并输出其结构"),
    "render": ("duizhao.cli.render", "按 GB/T 9704 排版输出 .docx / .pdf / .md / .json"),
    "frameworks": ("duizhao.cli.frameworks", "列出各年度主题和对照检查方面"),
    "review": ("duizhao.cli.review", "审读材料：覆盖、见人见事、原因、措施、残留、术语"),
    "corpus": ("duizhao.cli.corpus", "管理查重文库：add / list / remove"),
    "check": ("duizhao.cli.check", "查重：与文库比对，输出复制比与复制片段"),
    "demo": ("duizhao.cli.demo", "用内置示例材料演示整条文档流程"),
    "serve": ("duizhao.cli.serve", "启动工作台 (http://127.0.0.1:8000)"),
    "trace": ("duizhao.cli.trace", "意见整改追踪：每条意见 → 回应它的问题 → 整改任务"),
    "package": ("duizhao.cli.package", "导出一次会议的全套材料包（.zip）"),
    "backup": ("duizhao.cli.backup", "备份数据库和文件为一个归档"),
    "restore": ("duizhao.cli.backup_restore", "从归档恢复数据库和文件"),
    "reshuffle": ("duizhao.cli.reshuffle", "重排意见的存储顺序（使数据库文件和备份不含提交先后）"),
}


def _available() -> dict[str, tuple[str, str]]:
    found = {}
    for name, (module, help_text) in COMMANDS.items():
        if importlib.util.find_spec(module) is not None:
            found[name] = (module, help_text)
    return found


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="duizhao", description="对照：民主生活会全流程工作台")
    parser.add_argument("--version", action="version", version=f"duizhao {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    for name, (module, help_text) in _available().items():
        sub_parser = sub.add_parser(name, help=help_text, description=help_text)
        sub_parser.set_defaults(_module=module)
        importlib.import_module(module).add_arguments(sub_parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_module", None):
        parser.print_help()
        return 2
    module = importlib.import_module(args._module)
    try:
        return module.run(args) or 0
    except InputError as error:
        print(f"duizhao: 错误：{error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("duizhao: 已中断", file=sys.stderr)
        return 130
