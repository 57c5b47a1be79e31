"""`duizhao render FILE -o OUT`: typeset a material to GB/T 9704 (.docx / .pdf) or write it as .md / .json."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "按 GB/T 9704 排版输出 .docx / .pdf / .md / .json"
SUFFIX = {"docx": ".docx", "pdf": ".pdf", "md": ".md", "json": ".json"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="对照检查材料（.txt / .md / .docx）")
    parser.add_argument("-o", "--output", help="输出文件；默认在当前目录生成“原文件名-排版.docx”等")
    parser.add_argument(
        "-f", "--format", choices=["docx", "pdf", "md", "json"], help="输出格式；默认按输出文件扩展名判断，否则为 docx"
    )
    parser.add_argument("--template", help="本单位的 Word 模板（.docx），使用其样式和页面设置")
    parser.add_argument("--framework", help="年度框架编号，如 dsh-2025（默认自动识别）")
    parser.add_argument("--date", help="标题下的日期，如 2025年12月26日（覆盖材料中的日期）")
    parser.add_argument("--timeout", type=float, default=120, help="生成 PDF 的超时秒数（默认 120）")


def default_output(source: str, fmt: str) -> Path:
    return Path.cwd() / f"{Path(source).stem}-排版{SUFFIX[fmt]}"


def run(args: argparse.Namespace) -> int:
    from duizhao.parse import parse_material
    from duizhao.render.output import format_for, write_material

    fmt = format_for(args.output or "", args.format) if (args.output or args.format) else "docx"
    out = Path(args.output) if args.output else default_output(args.file, fmt)
    if out.resolve() == Path(args.file).resolve():
        from duizhao.errors import InputError

        raise InputError(args.output, "输出文件不能与输入文件相同")
    material = parse_material(args.file, framework_id=args.framework)
    write_material(material, out, fmt, template=args.template, date_line=args.date, timeout=args.timeout)
    print(f"已输出（{fmt}）：{out}")
    return 0
