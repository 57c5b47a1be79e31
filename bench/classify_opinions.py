"""Accuracy of the opinion classifier on hand-labelled opinions, as JSON.

Usage: python bench/classify_opinions.py [--split all|dev|heldout|new|third|blind] [--errors]

Five sets, each figure says which one it comes from:
- dev: even data rows of data/opinions/labelled.tsv: the keyword file was tuned on them and the
  n-gram weights (scripts/train_opinion_weights.py) are trained on them.
- heldout: odd rows of labelled.tsv (same writer and voice as dev, never trained on).
- new: data/opinions/heldout_other_voice.tsv, another voice (schools, hospitals, state firms,
  townships; colloquial; complaints that name no aspect word). Measured ONCE as a held-out set;
  since then it is training data for the n-gram weights (so its figure is no longer held out).
- third: data/opinions/heldout_third.tsv (offices, communities, universities, banks, utilities;
  osh-2025), written before the second round of changes, never trained or tuned on.
- blind: data/opinions/blind_fifth.tsv (fifth voice: credit cooperative, prison, fire brigade,
  museum, water bureau, vocational college, customs; osh-2024 and osh-2025 too), written blind by
  someone who never saw the classifier; measured once, at the end (2026-12-07). `--split all`
  leaves it out so that it is not measured by accident.
Per aspect: precision, recall and `share` (the aspect's part of all predictions, to see skew).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from duizhao.cycle.classify import classify_opinion
from duizhao.frameworks import get_framework

DATA = Path(__file__).resolve().parent / "data" / "opinions"
LABELLED = DATA / "labelled.tsv"
OTHER_VOICE = DATA / "heldout_other_voice.tsv"
THIRD = DATA / "heldout_third.tsv"
BLIND = DATA / "blind_fifth.tsv"
SETS = ("dev", "heldout", "new", "third")


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


def load_set(which: str) -> list[tuple[str, str, str]]:
    if which == "new":
        return load_labelled(OTHER_VOICE)
    if which == "third":
        return load_labelled(THIRD)
    if which == "blind":
        return load_labelled(BLIND)
    return split(load_labelled(), which)


def per_aspect(outcomes: list[tuple[str, str, str | None]]) -> dict:
    """framework -> aspect -> precision, recall, share of predictions (None = left unclassified)."""
    report: dict[str, dict] = {}
    for framework_id in sorted({o[0] for o in outcomes}):
        mine = [(want, got) for fid, want, got in outcomes if fid == framework_id]
        predicted = Counter(got for _, got in mine)
        figures = {}
        for aspect in [a.id for a in get_framework(framework_id).aspects] + [None]:
            right = sum(1 for want, got in mine if want == got == aspect)
            labelled = sum(1 for want, _ in mine if want == aspect)
            figures[aspect or "(未分类)"] = {
                "n": labelled,
                "precision": round(right / predicted[aspect], 3) if predicted[aspect] else None,
                "recall": round(right / labelled, 3) if labelled else None,
                "share": round(predicted[aspect] / len(mine), 3),
            }
        report[framework_id] = figures
    return report


def evaluate(rows) -> dict:
    frameworks = {fid: get_framework(fid) for fid in {r[0] for r in rows}}
    per = defaultdict(lambda: [0, 0])
    outcomes, errors = [], []
    started = time.perf_counter()
    for framework_id, aspect_id, text in rows:
        result = classify_opinion(text, frameworks[framework_id])
        outcomes.append((framework_id, aspect_id, result.aspect_id))
        hit = result.aspect_id == aspect_id
        per[framework_id][0] += hit
        per[framework_id][1] += 1
        if not hit:
            errors.append(
                {
                    "framework": framework_id,
                    "expected": aspect_id,
                    "got": result.aspect_id,
                    "confidence": result.confidence,
                    "text": text,
                }
            )
    elapsed = time.perf_counter() - started
    correct = sum(v[0] for v in per.values())
    return {
        "n": len(rows),
        "accuracy": round(correct / len(rows), 3) if rows else None,
        "unclassified": sum(1 for o in outcomes if o[2] is None),
        "per_framework": {k: {"n": v[1], "accuracy": round(v[0] / v[1], 3)} for k, v in sorted(per.items())},
        "per_aspect": per_aspect(outcomes),
        "ms_per_opinion": round(elapsed * 1000 / max(len(rows), 1), 3),
        "errors": errors,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", choices=["all", *SETS, "blind"], default="all")
    parser.add_argument("--errors", action="store_true", help="list the misclassified opinions")
    args = parser.parse_args(argv)
    chosen = SETS if args.split == "all" else (args.split,)
    report = {}
    for which in chosen:
        figures = {"data": _describe(which), **evaluate(load_set(which))}
        if not args.errors:
            figures.pop("errors")
        report[which] = figures
    json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


def _describe(which: str) -> str:
    return {
        "dev": f"{LABELLED.name}, even rows (tuned and trained on)",
        "heldout": f"{LABELLED.name}, odd rows (same voice, not tuned on)",
        "new": f"{OTHER_VOICE.name} (other voice; held out for the first measurement, trained on since)",
        "third": f"{THIRD.name} (third voice, not tuned or trained on)",
        "blind": f"{BLIND.name} (fifth voice, written blind; measured once at the end)",
    }[which]


if __name__ == "__main__":
    raise SystemExit(main())
