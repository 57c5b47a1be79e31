"""Framework and document-kind accuracy of `duizhao parse` (figures, not a test).

    .venv/bin/python bench/parse_quality_meta.py              # samples + own texts (tuning part)
    .venv/bin/python bench/parse_quality_meta.py --held-out   # also the held-out own texts
    .venv/bin/python bench/parse_quality_meta.py --blind      # also the blind materials (once, at the end)
    .venv/bin/python bench/parse_quality_meta.py --blind-long # the long blind materials (once)
    .venv/bin/python bench/parse_quality_meta.py --errors     # list what is wrong

Data:
- the files in ../shared/samples, labelled by file name in tests/core/parse/labels/meta.toml;
- texts written for this (openings of materials of many years and campaigns, speeches, news,
  essays, guides, rules, reports) in tests/core/parse/labels/meta_texts.toml; about a third is
  marked `held_out` and measured only with --held-out;
- the blind materials tests/core/parse/written/blind/ (whole materials written by someone who never
  read the parser), labelled by file name in tests/core/parse/labels/meta_blind.toml; measured only
  with --blind, once, by the integrator at the end of the session of 2026-12-07.

Framework accuracy: the framework found equals the label, where "none" counts as right only when
the label is "none" too (right, or honestly none). Kind accuracy: the document kind equals the label.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "core" / "parse" / "labels"
SAMPLES = ROOT.parent / "shared" / "samples"
sys.path.insert(0, str(ROOT / "src"))

from duizhao.parse import parse_material, parse_text


def _sample_rows():
    labels = tomllib.loads((LABELS / "meta.toml").read_text("utf-8"))["samples"]
    for name, label in sorted(labels.items()):
        path = SAMPLES / name
        if path.is_file():
            yield name, parse_material(path), label


def _own_rows(held_out: bool):
    data = tomllib.loads((LABELS / "meta_texts.toml").read_text("utf-8"))
    for number, item in enumerate(data["text"], 1):
        if bool(item.get("held_out", False)) == held_out:
            yield f"own#{number}", parse_text(item["text"]), item


def _blind_rows(folder: str = "blind"):
    """The blind materials as the product reads them (.docx.txt through a real .docx)."""
    import tempfile

    sys.path.insert(0, str(ROOT / "tests" / "core" / "parse" / "written"))
    from written import parse_written

    labels = tomllib.loads((LABELS / f"meta_{folder}.toml").read_text("utf-8"))[folder]
    with tempfile.TemporaryDirectory() as workdir:
        for name, label in sorted(labels.items()):
            material, _ = parse_written(ROOT / "tests" / "core" / "parse" / "written" / folder / name, Path(workdir))
            yield name, material, label


def _score(rows) -> dict:
    total = framework_right = kind_right = honest_none = 0
    errors = []
    for name, material, label in rows:
        total += 1
        found = material.framework_id or "none"
        if found == label["framework"]:
            framework_right += 1
            honest_none += found == "none"
        else:
            errors.append(f"{name}: 框架 {found} ≠ {label['framework']}（{material.framework_reason}）")
        if material.document_kind == label["kind"]:
            kind_right += 1
        else:
            errors.append(f"{name}: 文体 {material.document_kind} ≠ {label['kind']}（{material.document_kind_reason}）")
    return {"total": total, "framework": framework_right, "none": honest_none, "kind": kind_right, "errors": errors}


def framework_quality(held_out: bool = False, blind: bool = False, blind_long: bool = False) -> dict[str, dict]:
    """Scores by data set: {"samples": …, "own": …[, "held_out": …][, "blind": …]}, each with total,
    framework (right or honestly none), none (of those, honestly none), kind, errors."""
    result = {"samples": _score(_sample_rows()), "own": _score(_own_rows(False))}
    if held_out:
        result["held_out"] = _score(_own_rows(True))
    if blind:
        result["blind"] = _score(_blind_rows())
    if blind_long:
        result["blind_long"] = _score(_blind_rows("blind_long"))
    return result


DATA_NAMES = {
    "samples": "../shared/samples（标签：tests/core/parse/labels/meta.toml）",
    "own": "自写文本，调参部分（tests/core/parse/labels/meta_texts.toml）",
    "held_out": "自写文本，留出部分（held_out = true，只在最后测一次）",
    "blind": "盲测材料（tests/core/parse/written/blind，标签：tests/core/parse/labels/meta_blind.toml，只在最后测一次）",
    "blind_long": "长盲测材料（tests/core/parse/written/blind_long，标签：meta_blind_long.toml，2026-12-07 测一次）",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--held-out", action="store_true")
    parser.add_argument("--blind", action="store_true")
    parser.add_argument("--blind-long", action="store_true")
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args()
    for data_set, score in framework_quality(args.held_out, args.blind, args.blind_long).items():
        total = score["total"] or 1
        print(f"{DATA_NAMES[data_set]}: {score['total']} 篇")
        print(
            f"  年度框架正确或如实为无: {score['framework']}/{score['total']} = {score['framework'] / total:.1%}"
            f"（其中如实为无 {score['none']}）"
        )
        print(f"  文体正确: {score['kind']}/{score['total']} = {score['kind'] / total:.1%}")
        if args.errors:
            for line in score["errors"]:
                print("    ✗ " + line)


if __name__ == "__main__":
    main()
