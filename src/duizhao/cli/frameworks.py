"""`duizhao frameworks [ID] [--json]`: list the yearly frameworks, or show one in full."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from duizhao.model import Framework


HELP = "列出各年度主题和对照检查方面"
MEETING_NAMES = {"democratic_life": "民主生活会", "organisational_life": "组织生活会"}
TYPE_NAMES = {"annual": "年度", "thematic": "专题", "special": "专门召开"}
UNVERIFIED = "⚠"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", nargs="?", help="只显示这一个框架（如 dsh-2025）的全部内容")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")


def run(args: argparse.Namespace) -> int:
    from duizhao.frameworks import get_framework, load_frameworks

    frameworks = [get_framework(args.id)] if args.id else load_frameworks()
    if args.json:
        data = [framework_json(f) for f in frameworks]
        print(json.dumps(data[0] if args.id else data, ensure_ascii=False, indent=2))
    elif args.id:
        print(detail(frameworks[0]))
    else:
        print(listing(frameworks))
    return 0


def framework_json(framework: Framework) -> dict[str, Any]:
    data = asdict(framework)
    data["aspects"] = [asdict(a) for a in framework.aspects]
    return data


def listing(frameworks: list[Framework]) -> str:
    lines = []
    for f in frameworks:
        kind = f"{MEETING_NAMES.get(f.meeting_kind, f.meeting_kind)}·{TYPE_NAMES.get(f.meeting_type, f.meeting_type)}"
        lines.append(f"{f.id}　{f.year}　{kind}　{f.title}")
        names = "、".join(a.short_name + (UNVERIFIED if a.unverified else "") for a in f.aspects)
        lines.append(f"    方面（{len(f.aspects)}）：{names}")
    lines.append(f"\n{UNVERIFIED} = 措辞未经官方原文核实，请以上级通知为准。用 duizhao frameworks ID 查看全文。")
    return "\n".join(lines)


def detail(f: Framework) -> str:
    kind = f"{MEETING_NAMES.get(f.meeting_kind, f.meeting_kind)}（{TYPE_NAMES.get(f.meeting_type, f.meeting_type)}）"
    lines = [f"{f.title}（{f.id}）", f"年度：{f.year}　类型：{kind}"]
    lines.append(f"主题：{f.theme}" + (f"　{UNVERIFIED} 主题句未经核实" if f.theme_unverified else ""))
    lines.append("对照检查的方面：")
    for number, aspect in enumerate(f.aspects, 1):
        mark = f"　{UNVERIFIED} 未经核实" if aspect.unverified else ""
        lines.append(f"  {number}. {aspect.wording}（简称：{aspect.short_name}；id：{aspect.id}）{mark}")
        if aspect.aliases:
            lines.append(f"     识别用词：{'、'.join(aspect.aliases)}")
    if f.announcements:
        lines.append("会上通报事项：" + "；".join(f.announcements))
    if f.notes:
        lines.append(f"说明：{f.notes}")
    if f.sources:
        lines.append("来源：")
        lines += [f"  {url}" for url in f.sources]
    lines.append(f"文件：{f.path}")
    return "\n".join(lines)
