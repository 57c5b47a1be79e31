"""`duizhao parse FILE [--framework ID] [--json]`: read a material and show its structure."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from duizhao.model import Material


HELP = "读取对照检查材料并输出其结构"
KIND_NAMES = {"team": "班子对照检查材料", "personal": "个人对照检查材料", "unknown": "未能判断"}
SECTION_NAMES = {
    "preamble": "开头",
    "carryover": "上年度整改落实情况",
    "problems": "存在的问题",
    "causes": "原因剖析",
    "measures": "整改措施",
    "cases": "典型案例",
    "closing": "结束语和落款",
    "other": "其他",
}
COUNT_NAMES = {
    "opinions": "征求意见",
    "talks": "谈心谈话",
    "study_sessions": "学习研讨",
    "carryover_problems": "上年度问题",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="材料文件（.txt / .md / .docx）")
    parser.add_argument("--framework", metavar="ID", help="指定年度框架（如 dsh-2025），不指定则按方面标题自动识别")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出完整结构")


def run(args: argparse.Namespace) -> int:
    from duizhao.parse import parse_material

    material = parse_material(args.file, framework_id=args.framework)
    if args.json:
        print(json.dumps(material_json(material), ensure_ascii=False, indent=2))
    else:
        print(outline(material))
    return 0


def material_json(material: Material) -> dict[str, Any]:
    data: dict[str, Any] = material.to_dict()
    data.pop("text", None)
    data["text_length"] = len(material.text)
    return data


def outline(material: Material) -> str:
    from duizhao.frameworks import get_framework

    lines = [f"标题：{material.title or '（未找到）'}"]
    if material.document_kind != "material":
        from duizhao.parse.document_kind import kind_names

        name = kind_names().get(material.document_kind, material.document_kind)
        lines.append(f"文体：{name}，不是对照检查材料（依据：{material.document_kind_reason}）")
    else:
        lines.append(f"类型：{KIND_NAMES.get(material.kind, material.kind)}")
    if material.unit:
        lines.append(f"单位：{material.unit}")
    framework_text = "未识别"
    if material.framework_id:
        framework = get_framework(material.framework_id)
        framework_text = f"{framework.title}（{framework.id}）"
    lines.append(f"年度：{material.year or '未写明'}　年度框架：{framework_text}")
    if material.framework_reason:
        lines.append(f"  （{material.framework_reason}）")
    if material.sections:
        lines.append("结构：" + " → ".join(SECTION_NAMES.get(s.kind, s.kind) for s in material.sections))
    if material.counts:
        shown = [
            f"{COUNT_NAMES.get(c.kind, c.kind)} {c.value if c.value is not None else '（占位符）'}"
            for c in material.counts
        ]
        lines.append("数字：" + "；".join(shown))
    lines.append(f"\n问题（{len(material.problems)} 个，按方面）：")
    current = object()
    for problem in material.problems:
        if problem.aspect != current:
            current = problem.aspect
            lines.append(f"  【{problem.aspect or '未归入方面'}】")
        lines.append(f"    - {problem.summary}")
    lines.append(f"\n原因（{len(material.causes)} 条）：")
    lines += [f"  - {cause.summary}" for cause in material.causes]
    lines.append(f"\n措施（{len(material.measures)} 条）：")
    for measure in material.measures:
        extra = f"（含 {len(measure.items)} 项）" if measure.items else ""
        lines.append(f"  - {measure.summary}{extra}")
    if material.placeholders:
        placeholders = "、".join(sorted({p.text for p in material.placeholders}))
        lines.append(f"\n占位符（{len(material.placeholders)} 处，待填写）：{placeholders}")
    if material.removed:
        lines.append(f"\n清理（{len(material.removed)} 处）：")
        lines += [f"  - {r.description}：“{_short(r.text)}”（原文第 {r.raw_offset} 字）" for r in material.removed]
    if material.warnings:
        lines.append(f"\n警告（{len(material.warnings)} 条）：")
        lines += [f"  ⚠ {w.message}" for w in material.warnings]
    return "\n".join(lines)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
