"""`duizhao check`: copy check of materials against the archive (one or many: a 督导组 checks
every unit's materials in one run, the archive opened once), or of a whole meeting's materials
against each other (`--team`)."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from duizhao.copycheck import Corpus
    from duizhao.copycheck.check import CopyReport
    from duizhao.model import Material


HELP = "查重：与文库比对，输出复制比与复制片段"
TEXT_SUFFIXES = (".txt", ".docx", ".md", ".doc", ".wps", ".pdf")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="*", metavar="FILE", help="要查重的材料（可以多份，文库只打开一次）")
    parser.add_argument("--corpus", metavar="DIR", help="查重文库文件夹")
    parser.add_argument("--team", metavar="DIR", help="比对一次会议的全部材料（文件夹）")
    parser.add_argument(
        "--min-run", type=int, default=None, metavar="N", help="最短计为复制的连续字数（规范化后，默认 13）"
    )
    parser.add_argument(
        "--framework", action="append", metavar="ID", help="只把这些年度框架的主题和方面表述算作官方表述（默认全部）"
    )
    parser.add_argument("--json", action="store_true", help="输出 JSON")
    parser.add_argument("--html", metavar="OUT", help="输出标出复制片段的 HTML（多份材料时 OUT 是文件夹）")
    parser.add_argument("--docx", metavar="OUT", help="输出在复制片段上加批注的 Word 文档（多份材料时 OUT 是文件夹）")


def _percent(value: float) -> str:
    return f"{value * 100:.1f}%"


def print_report(name: str, report: CopyReport) -> None:
    from duizhao.copycheck.check import CATEGORY_NAMES
    from duizhao.copycheck.corpus import DOC_CLASS_NAMES

    print(f"查重结果：{name}（{report.total_chars} 字，不计标点空格；最短连续 {report.min_run} 字计为复制）")
    print(f"总文字复制比：{_percent(report.copy_ratio)}")
    print(f"去除引用和套话的复制比：{_percent(report.copy_ratio_excluding_quotes)}")
    top = f"（{report.max_single_source}）" if report.max_single_source else ""
    print(f"单篇最大复制比：{_percent(report.max_single_source_ratio)}{top}")
    print(f"引用官方表述：{_percent(report.official_ratio)}；常见套话：{_percent(report.common_phrase_ratio)}")
    if report.sources:
        print("复制来源：")
        for i, s in enumerate(report.sources, 1):
            details = "，".join(
                str(x) for x in (DOC_CLASS_NAMES[s.doc_class], s.unit, s.author, f"{s.year}年" if s.year else None) if x
            )
            print(f"  {i}. {s.name}（{details}）  {_percent(s.share)}，{s.passages} 处")
    if report.passages:
        print("片段：")
        for p in report.passages:
            snippet = report.text[p.start : p.end].replace("\n", " ")
            snippet = snippet if len(snippet) <= 40 else snippet[:38] + "……"
            documents = report.documents(p) if p.category == "common_phrase" else None
            held = f"（文库中 {documents} 篇都有）" if documents else ""
            print(
                f"  [{CATEGORY_NAMES[p.category]}{held}] 第 {p.start}–{p.end} 字 ← 《{p.source}》"
                f"第 {p.source_start}–{p.source_end} 字，相似度 {p.similarity:.2f}：{snippet}"
            )


def _summary_html(report: CopyReport) -> str:
    from html import escape

    rows = "".join(
        f"<tr><td>{escape(s.name)}</td><td>{_percent(s.share)}</td><td>{s.passages}</td></tr>" for s in report.sources
    )
    return (
        f"<p>总文字复制比：<b>{_percent(report.copy_ratio)}</b>；"
        f"去除引用和套话的复制比：{_percent(report.copy_ratio_excluding_quotes)}；"
        f"单篇最大复制比：{_percent(report.max_single_source_ratio)}</p>"
        f"<table><tr><th>来源</th><th>占比</th><th>片段数</th></tr>{rows}</table>"
    )


def write_html(material: Material, report: CopyReport, out: str, title: str) -> None:
    from pathlib import Path

    from duizhao.copycheck.annotations import passages_to_annotations
    from duizhao.render.html import render_html

    annotations = passages_to_annotations(report)
    html = render_html(material, annotations, title=title, summary_html=_summary_html(report))
    Path(out).write_text(html, encoding="utf-8")


def write_docx(material: Material, report: CopyReport, out: str) -> None:
    from duizhao.copycheck.annotations import passages_to_annotations
    from duizhao.render.docx import render_docx

    render_docx(material, out, annotations=passages_to_annotations(report))


def _run_team(args: argparse.Namespace) -> int:
    from pathlib import Path

    from duizhao.copycheck import Corpus, compare_team
    from duizhao.copycheck.inputs import load_material
    from duizhao.errors import InputError

    folder = Path(args.team)
    if not folder.is_dir():
        raise InputError(args.team, "不是文件夹")
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
    if len(files) < 2:
        raise InputError(args.team, "文件夹里至少要有两份材料")
    materials = [load_material(p) for p in files]
    corpus = Corpus(args.corpus) if args.corpus else None
    result = compare_team(materials, corpus, min_run=args.min_run)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
        return 0
    print("班子材料互相比对（每行：该材料中与各列材料相同的文字占比）：")
    for i, name in enumerate(result.names, 1):
        print(f"  {i}. {name}（对其余材料的复制比 {_percent(result.copy_ratios[i - 1])}）")
    print("      " + "".join(f"{j:>8}" for j in range(1, len(result.names) + 1)))
    for i, row in enumerate(result.matrix, 1):
        print(f"  {i:>3} " + "".join(f"{'—' if i == j else _percent(v):>8}" for j, v in enumerate(row, 1)))
    if result.earlier:
        print("与本人往年材料相同（年年提）：")
        for e in result.earlier:
            print(f"  {e.material} ← {e.source}（{e.year or '年份不详'}）{_percent(e.share)}")
    return 0


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from duizhao.copycheck import Corpus
    from duizhao.copycheck.inputs import load_material
    from duizhao.errors import InputError

    if args.team:
        return _run_team(args)
    if not args.file or not args.corpus:
        raise InputError(None, "用法：duizhao check FILE… --corpus DIR，或 duizhao check --team DIR")
    if not Path(args.corpus).is_dir():
        raise InputError(args.corpus, "文库文件夹不存在（先用 duizhao corpus add 建立）")
    names = [Path(file).name for file in args.file]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise InputError(repeated[0], "有同名的材料，报告会互相覆盖（请改名后再查）")
    materials = [load_material(file) for file in args.file]  # every file is read before any output
    corpus = Corpus(args.corpus)
    if len(materials) == 1:
        report = _check_one(materials[0], names[0], corpus, args, args.html, args.docx)
        if args.json:
            print(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
        return 0
    corpus.preload()  # many queries: map the lookup tables once
    out_folders = [Path(out) for out in (args.html, args.docx) if out]
    for folder in out_folders:
        folder.mkdir(parents=True, exist_ok=True)
    reports = []
    for material, name in zip(materials, names):
        stem = Path(name).stem
        reports.append(
            _check_one(
                material,
                name,
                corpus,
                args,
                args.html and str(Path(args.html) / f"{stem}.html"),
                args.docx and str(Path(args.docx) / f"{stem}.docx"),
            )
        )
        if not args.json:
            print()
    if args.json:
        print(
            json.dumps(
                [{"file": name} | report.to_dict() for name, report in zip(names, reports)],
                ensure_ascii=False,
                indent=1,
            )
        )
    else:
        print_summary(names, reports)
    return 0


def _check_one(
    material: Material, name: str, corpus: Corpus, args: argparse.Namespace, html: str | None, docx: str | None
) -> CopyReport:
    from duizhao.copycheck import check_copies

    report = check_copies(material, corpus, min_run=args.min_run, frameworks=args.framework, exclude=[name])
    if html:
        write_html(material, report, html, f"查重报告：{name}")
    if docx:
        write_docx(material, report, docx)
    if not args.json:
        print_report(name, report)
        if name in corpus:
            print(f"（文库中同名文档《{name}》未参与比对）")
    return report


def print_summary(names: list[str], reports: list[Any]) -> None:
    """One line per material, highest copy ratio first: what a 督导组 reads before the details."""
    print(f"汇总（{len(reports)} 份，按总文字复制比从高到低）：")
    for name, report in sorted(zip(names, reports), key=lambda pair: -pair[1].copy_ratio):
        top = (
            f"，最多来自《{report.max_single_source}》{_percent(report.max_single_source_ratio)}"
            if report.max_single_source
            else ""
        )
        print(
            f"  {name}：总文字复制比 {_percent(report.copy_ratio)}，"
            f"去除引用和套话 {_percent(report.copy_ratio_excluding_quotes)}{top}"
        )
