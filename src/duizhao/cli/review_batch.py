"""`duizhao review DIR|FILE… [--corpus DIR] [--xlsx OUT] [--json]`: the 督导组's batch review.
Each material is parsed, reviewed (and checked against the archive with --corpus) by the core;
this module only gathers files, prints and writes."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from duizhao.errors import InputError

SUFFIXES = (".txt", ".docx", ".md")


def gather(paths: list[str]) -> list[tuple[str, Path]]:
    """(display name, path) of every material: files as given, folders searched (sorted)."""
    found = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found += [
                (str(p.relative_to(path)), p)
                for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(("~$", "."))
            ]
        elif path.is_file():
            found.append((path.name, path))
        else:
            raise InputError(given, "文件或文件夹不存在")
    if not found:
        raise InputError(" ".join(paths), "没有找到可审读的材料（.txt / .docx / .md）")
    return found


def run_batch(args: argparse.Namespace) -> int:
    from duizhao.review.batch import LEVELS, UNREADABLE, worst_first, write_xlsx

    files = gather(args.files)
    corpus = _open_corpus(args.corpus) if args.corpus else None
    rows = worst_first([_row(name, path, args.framework, corpus) for name, path in files])
    if args.xlsx:
        try:
            write_xlsx(rows, args.xlsx)
        except OSError as error:
            raise InputError(args.xlsx, f"无法写入文件（{error}）") from error
    tally = {level: sum(1 for r in rows if r.level == level) for level in (*LEVELS, UNREADABLE)}
    if args.json:
        json.dump({"materials": [r.to_dict() for r in rows], "levels": tally}, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(_text(rows, tally))
    return 0


def _open_corpus(folder: str) -> Any:
    from duizhao.copycheck import Corpus

    if not Path(folder).is_dir():
        raise InputError(folder, "查重文库文件夹不存在")
    return Corpus(folder)


def _row(name: str, path: Path, framework_id: str | None, corpus: Any) -> Any:
    from duizhao.frameworks import get_framework
    from duizhao.parse import parse_material
    from duizhao.review import review_material
    from duizhao.review.batch import summarise, unreadable

    framework = get_framework(framework_id) if framework_id else None
    try:
        material = parse_material(path, framework_id=framework_id)
    except InputError as error:
        return unreadable(name, error.reason)
    result = review_material(material, framework, as_material=False)
    copy_ratio = None
    if corpus is not None:
        from duizhao.copycheck import check_copies

        copy_ratio = check_copies(material, corpus, exclude=[path.name]).copy_ratio_excluding_quotes
    return summarise(name, material, result, copy_ratio=copy_ratio)


def _text(rows: Any, tally: Any) -> str:
    counts = "，".join(f"{level} {n}" for level, n in tally.items() if n or level != "无法审读")
    lines = [f"批量审读：{len(rows)} 份材料（{counts}），最需要修改的在前。", ""]
    for number, r in enumerate(rows, start=1):
        if r.error:
            lines += [f"{number}. 【{r.level}】{r.file}", f"   {r.error}", ""]
            continue
        who = "，".join(x for x in (r.unit, r.author, r.kind, r.framework or "未识别框架") if x)
        specificity = f"{r.specificity} 分" if r.specificity is not None else "—"
        copy = f"，复制比 {r.copy_ratio:.0%}" if r.copy_ratio is not None else ""
        share = f"，问题和原因占全文 {r.problem_share:.0%}" if r.problem_share is not None else ""
        lines.append(f"{number}. 【{r.level}】{r.file}（{who}）")
        lines.append(
            f"   问题 {r.problems}、原因 {r.causes}、措施 {r.measures}；见人见事 {specificity}{share}{copy}；"
            f"错误 {r.errors}、警告 {r.warnings}"
        )
        if r.reasons:
            lines.append(f"   定级依据：{'；'.join(r.reasons)}")
        lines += [f"   · {finding}" for finding in r.main_findings]
        lines.append("")
    return "\n".join(lines)
