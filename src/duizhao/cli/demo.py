"""`duizhao demo [--out DIR]`: the document pipeline on the bundled example materials — parse to
JSON, typeset to .docx / .md / .pdf, review, copy check — and where each output went."""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from duizhao.model import Material


HELP = "用内置示例材料演示整条文档流程"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", default="out", help="输出文件夹（默认 out/）")
    parser.add_argument("--no-pdf", action="store_true", help="不生成 PDF（不调用 LibreOffice）")


def _available(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def _say(label: str, path: Path) -> None:
    print(f"  {label}：{path}")


def run(args: argparse.Namespace) -> int:
    from duizhao.parse import parse_material
    from duizhao.render.examples import example_paths
    from duizhao.render.output import write_material
    from duizhao.render.pdf import INSTALL_HINT, soffice_path

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    make_pdf = not args.no_pdf and soffice_path() is not None
    materials = []
    for source in example_paths():
        material = parse_material(source)
        materials.append(material)
        stem = source.stem
        print(f"示例材料《{material.title or stem}》（{source.name}）")
        shutil.copyfile(source, out / source.name)
        _say("原文", out / source.name)
        _say("解析结果 JSON", write_material(material, out / f"{stem}.json"))
        _say("排版 Word", write_material(material, out / f"{stem}.docx"))
        _say("Markdown", write_material(material, out / f"{stem}.md"))
        if make_pdf:
            _say("排版 PDF", write_material(material, out / f"{stem}.pdf"))
        if _available("duizhao.review"):
            _review(material, out, stem)
    if not make_pdf and not args.no_pdf:
        print(f"未找到 LibreOffice，未生成 PDF。安装：{INSTALL_HINT}")
    if _available("duizhao.copycheck"):
        _copy_check(materials, out)
    print(f"全部输出在文件夹：{out.resolve()}")
    return 0


def _review(material: Material, out: Path, stem: str) -> None:
    from duizhao.render.docx import render_docx
    from duizhao.review import review_material
    from duizhao.review.report import findings_to_annotations, text_report

    result = review_material(material, material.framework_id)
    report = out / f"{stem}-审读.txt"
    report.write_text(
        text_report(
            material.text,
            result.findings,
            heading=f"审读：{material.title}",
            scores=result.scores,
            counts=result.counts,
            notes=result.notes,
        ),
        encoding="utf-8",
    )
    annotated = out / f"{stem}-审读批注.docx"
    render_docx(material, annotated, annotations=findings_to_annotations(result.findings))
    _say(f"审读意见（{len(result.findings)} 条）", report)
    _say("带审读批注的 Word", annotated)


def _copy_check(materials: list[Material], out: Path) -> None:
    from duizhao.copycheck import compare_team

    matrix = compare_team(materials)
    path = out / "查重-班子与个人材料互查.json"
    path.write_text(json.dumps(matrix.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print("班子与个人材料互相查重：")
    for name, ratio in zip(matrix.names, matrix.copy_ratios):
        print(f"  《{name}》文字复制比 {ratio * 100:.1f}%")
    _say("查重结果 JSON", path)
