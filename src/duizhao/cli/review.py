"""`duizhao review FILE`: review a self-examination material (or, with --criticism, a list of
批评意见) and print a Chinese report; optionally write JSON, an HTML page and a .docx with
Word comments.

`duizhao review DIR|FILE… [--corpus DIR] [--xlsx OUT] [--json]`: batch review for the 督导组,
one summary row per material, worst first (duizhao.review.batch)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from duizhao.errors import InputError

if TYPE_CHECKING:
    pass


HELP = "审读材料：覆盖、见人见事、原因、措施、残留、术语"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="+",
        metavar="文件",
        help="对照检查材料（.txt / .docx / .md）或其文件夹；多份或文件夹时批量审读；--criticism 时为批评意见清单",
    )
    parser.add_argument("--framework", metavar="ID", help="年度框架 id（如 dsh-2023）；缺省时按材料识别")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出（findings 与 scores）")
    parser.add_argument("--html", metavar="OUT", help="输出高亮标注的离线 HTML 页面")
    parser.add_argument("--docx", metavar="OUT", help="输出带批注的 .docx（每条意见一个批注）")
    parser.add_argument("--criticism", action="store_true", help="输入是批评意见清单（每行或每段一条）")
    parser.add_argument(
        "--as-material", action="store_true", help="文件看起来不是对照检查材料（讲话、新闻等）时仍按材料审读"
    )
    parser.add_argument("--corpus", metavar="DIR", help="批量审读时同时查重：查重文库文件夹")
    parser.add_argument("--xlsx", metavar="OUT", help="批量审读汇总表输出为 .xlsx（带筛选、冻结表头）")


def run(args: argparse.Namespace) -> int:
    single = len(args.files) == 1 and not Path(args.files[0]).is_dir() and not (args.xlsx or args.corpus)
    if not single:
        if args.criticism or args.html or args.docx:
            raise InputError(
                None, "批量审读（多份材料、文件夹、--xlsx 或 --corpus）不支持 --criticism、--html、--docx，请逐份审读"
            )
        from duizhao.cli.review_batch import run_batch

        return run_batch(args)
    args.file = args.files[0]
    if args.criticism:
        material, result = _review_criticisms(Path(args.file))
    else:
        material, result = _review_material(Path(args.file), args.framework, args.as_material)
        if result is None:
            return _not_a_material(material, args)
    from duizhao.review.report import findings_to_annotations, summary_html, text_report

    title = ("批评意见审读：" if args.criticism else "审读：") + (material.title or Path(args.file).name)
    if args.html:
        from duizhao.render.html import render_html

        page = render_html(
            material,
            findings_to_annotations(result.findings),
            title=title,
            summary_html=summary_html(result.findings, result.scores, result.counts, result.notes),
        )
        _write(Path(args.html), page.encode("utf-8"))
    if args.docx:
        from duizhao.render.docx import render_docx

        try:
            render_docx(material, args.docx, annotations=findings_to_annotations(result.findings))
        except OSError as error:
            raise InputError(args.docx, f"无法写入文件（{error}）") from error
    if args.json:
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(
            text_report(
                material.text,
                result.findings,
                heading=title,
                scores=result.scores,
                counts=None if args.criticism else result.counts,
                notes=result.notes,
            )
        )
    return 0


def _review_material(path: Path, framework_id: str | None, as_material: bool = False) -> tuple[Any, Any]:
    """(material, result); result is None when the file is not a material (a speech, a news
    report…) and the user did not ask to review it as one."""
    from duizhao.frameworks import get_framework
    from duizhao.parse import parse_material
    from duizhao.review import review_material

    framework = get_framework(framework_id) if framework_id else None
    material = parse_material(path, framework_id=framework_id)
    if material.document_kind != "material" and not as_material:
        return material, None
    return material, review_material(material, framework)


def _not_a_material(material: Any, args: argparse.Namespace) -> int:
    """Say what the document is instead of reviewing it as a material."""
    from duizhao.parse.document_kind import kind_names

    name = kind_names().get(material.document_kind, material.document_kind)
    message = (
        f"这份文件是{name}，不是对照检查材料（依据：{material.document_kind_reason}），未按对照检查材料审读。"
        "如确是对照检查材料，可加 --as-material 审读。"
    )
    if args.json:
        data = {"document_kind": material.document_kind, "reviewed": False, "notes": [message], "findings": []}
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(f"审读：{material.title or Path(args.file).name}\n{message}\n")
    return 0


def _review_criticisms(path: Path) -> tuple[Any, Any]:
    from duizhao.model import Material
    from duizhao.review import ReviewResult
    from duizhao.review.criticism import assess_criticism_list, split_criticisms

    text = _read_text(path)
    findings = assess_criticism_list(text)
    count = len(split_criticisms(text))
    notes = [f"共 {count} 条批评意见，其中 {len({f.data['criticism'] for f in findings})} 条有待改进。"]
    material = Material(text=text, title=path.name, source_name=path.name)
    return material, ReviewResult(findings, {}, None, notes, {"criticisms": count})


def _read_text(path: Path) -> str:
    """A criticism list as text: .txt/.md in any common Chinese encoding, or .docx."""
    from duizhao.parse.readers import read_document

    return read_document(path).text.replace("\r\n", "\n").replace("\r", "\n")


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as error:
        raise InputError(str(path), f"无法写入文件（{error}）") from error
