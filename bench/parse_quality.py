"""Item-level reading quality (not a test): precision and recall of problems, causes and measures,
and aspect accuracy of the problems found, printed separately for

- the tuning set   tests/core/parse/written/tuning/   (our own written materials; tuned on),
- the held-out set tests/core/parse/written/heldout/  (our own written materials; never tuned on),
- the blind set    tests/core/parse/written/blind/    (written by someone who never read the parser;
  measured on 2026-12-06, then looked at and tuned on (families of b05 and b07); not run by default),
- the long blind set tests/core/parse/written/blind_long/ (six materials of 5,200–5,600 characters,
  written 2026-12-07 by someone who never read the parser; measured once; not run by default),
- the shared samples ../shared/samples, labelled in tests/core/parse/labels/samples.toml.

    .venv/bin/python bench/parse_quality.py [--set tuning|heldout|blind|blind_long|samples] [--files]

A found item matches a labelled one of the same role when it starts at most 40 characters before
the labelled start (its heading) and contains it; each found item matches at most once."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "core" / "parse" / "written"))

from written import SAMPLES, Score, parse_written, sample_labels, score, written_files

ROLE_NAMES = {"problem": "问题", "cause": "原因", "measure": "措施"}
SOURCES = {
    "tuning": "自写材料·调参集（tests/core/parse/written/tuning）",
    "heldout": "自写材料·留出集（tests/core/parse/written/heldout，从未用于调参；第一个留出集已并入调参集 t09—t12）",
    "blind": "自写材料·盲测集（tests/core/parse/written/blind，作者未读过解析器；2026-12-06 测过两次，之后看过结果并按 b05、b07 的两类调过参，已不是盲测）",
    "blind_long": "自写长材料·盲测集（tests/core/parse/written/blind_long，5,200–5,600 字，作者未读过解析器；2026-12-07 由集成者测一次）",
    "samples": "共享真实样本（../shared/samples，标注见 tests/core/parse/labels/samples.toml）",
}


def measure(part: str, show_files: bool) -> Score | None:
    total = Score({}, {}, {}, [])
    if part == "samples":
        if not SAMPLES.is_dir():
            print(f"{SOURCES[part]}：未找到样本目录，跳过")
            return None
        pairs = [(path, None, golds) for path, golds in sample_labels()]
    else:
        pairs = [(path, None, None) for path in written_files(part)]
    with tempfile.TemporaryDirectory() as workdir:
        for path, _, golds in pairs:
            if golds is None:
                material, golds = parse_written(path, Path(workdir))
            else:
                from duizhao.parse import parse_material

                material = parse_material(path)
            result = score(material, golds)
            if show_files:
                cells = "  ".join(
                    f"{ROLE_NAMES[r]} {result.matched.get(r, 0)}/{result.gold.get(r, 0)}（找出 {result.found.get(r, 0)}）"
                    for r in ROLE_NAMES
                )
                label = path.relative_to(SAMPLES.resolve()) if part == "samples" else path.name
                print(f"    {label}: {cells}")
            total = total.add(result)
    return total


def report(part: str, total: Score, files: int) -> None:
    print(f"{SOURCES[part]}，{files} 份：")
    for role, name in ROLE_NAMES.items():
        found, gold, matched = total.found.get(role, 0), total.gold.get(role, 0), total.matched.get(role, 0)
        precision = matched / found if found else float("nan")
        recall = matched / gold if gold else float("nan")
        print(f"  {name}：精确率 {precision:.2f}（{matched}/{found}），召回率 {recall:.2f}（{matched}/{gold}）")
    if total.aspects:
        right = sum(gold == found for gold, found in total.aspects)
        print(
            f"  问题所属方面：正确 {right}/{len(total.aspects)} = {right / len(total.aspects):.2f}（已匹配且标注了方面的问题）"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", choices=list(SOURCES), action="append", help="只看某一组（可重复）")
    parser.add_argument("--files", action="store_true", help="逐份列出")
    args = parser.parse_args(argv)
    for part in args.set or ["tuning", "samples"]:
        total = measure(part, args.files)
        if total is not None:
            files = len(sample_labels()) if part == "samples" else len(written_files(part))
            report(part, total, files)
    if not args.set:
        print("（留出集、盲测集只在最后测一次：--set heldout、--set blind、--set blind_long）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
