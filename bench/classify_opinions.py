"""Accuracy of the opinion classifier on the hand-labelled opinions, as JSON.

Usage: python bench/classify_opinions.py [--split all|dev|heldout] [--errors]
Dev = even data rows (used to tune the keyword file), held-out = odd rows.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from duizhao.cycle.classify import classify_opinion
from duizhao.frameworks import get_framework

LABELLED = Path(__file__).resolve().parent / "data" / "opinions" / "labelled.tsv"


def load_labelled(path: Path = LABELLED) -> list[tuple[str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip():
            framework_id, aspect_id, text = line.split("\t", 2)
            rows.append((framework_id, aspect_id, text))
    return rows


def split(rows, which: str):
    if which == "dev":
        return rows[0::2]
    if which == "heldout":
        return rows[1::2]
    return rows


def evaluate(rows) -> dict:
    frameworks = {fid: get_framework(fid) for fid in {r[0] for r in rows}}
    per = defaultdict(lambda: [0, 0])
    errors = []
    started = time.perf_counter()
    for framework_id, aspect_id, text in rows:
        result = classify_opinion(text, frameworks[framework_id])
        hit = result.aspect_id == aspect_id
        per[framework_id][0] += hit
        per[framework_id][1] += 1
        if not hit:
            errors.append({"framework": framework_id, "expected": aspect_id, "got": result.aspect_id,
                           "confidence": result.confidence, "text": text})
    elapsed = time.perf_counter() - started
    correct = sum(v[0] for v in per.values())
    return {
        "n": len(rows),
        "accuracy": round(correct / len(rows), 3) if rows else None,
        "per_framework": {k: {"n": v[1], "accuracy": round(v[0] / v[1], 3)} for k, v in sorted(per.items())},
        "ms_per_opinion": round(elapsed * 1000 / max(len(rows), 1), 3),
        "errors": errors,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", choices=["all", "dev", "heldout"], default="all")
    parser.add_argument("--errors", action="store_true", help="list the misclassified opinions")
    args = parser.parse_args(argv)
    rows = load_labelled()
    report = {"split": args.split, **evaluate(split(rows, args.split))}
    if args.split == "all":
        report["dev"] = {k: v for k, v in evaluate(split(rows, "dev")).items() if k != "errors"}
        report["heldout"] = {k: v for k, v in evaluate(split(rows, "heldout")).items() if k != "errors"}
    if not args.errors:
        report.pop("errors")
    json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
