"""Accuracy of the opinion classifier on hand-labelled opinions, as JSON.

Usage: python bench/classify_opinions.py [--split all|NAME] [--errors] [--speed]

The sets are in FILES below and bench/data/opinions/README.md. Every set but blind7 is training
data now, so `--split all` gives figures on training data, not about unseen text. The figure for
a voice the model has not seen is `scripts/train_opinion_weights.py --by-set` (each set left out of
training in turn) and the blind set, measured once before anything trains on it:
- blind7: data/opinions/blind_seventh.tsv (seventh voice: statistics bureau, 城管, veterans affairs,
  coal mine, port, kindergarten, archives, CDC, forestry station, a university faculty), written
  blind on 2026-12-07 by someone who never read or ran the classifier; `--split all` leaves it out
  and the training script refuses it. Measured once, by name, at the end of that session.
Per framework: accuracy, per aspect precision, recall and `share` (the aspect's part of all
predictions, to see skew), and a confusion summary (expected -> what it was taken for).
`--speed`: seconds (wall clock and CPU) to classify 2,000 opinions (all sets, repeated) with `classify_opinions`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from duizhao.cycle.classify import classify_opinion, classify_opinions
from duizhao.frameworks import get_framework

DATA = Path(__file__).resolve().parent / "data" / "opinions"
LABELLED = DATA / "labelled.tsv"
FOURTH = DATA / "fourth_voice.tsv"
# split name -> (file, what it is now); `dev` and `heldout` are the even and odd rows of FOURTH
FILES = {
    "labelled": (LABELLED, "trained on"),
    "new": (DATA / "heldout_other_voice.tsv", "held out once, trained on since"),
    "third": (DATA / "heldout_third.tsv", "held out once, trained on since"),
    "dev": (FOURTH, "even rows, trained on"),
    "heldout": (FOURTH, "odd rows, held out once, trained on since 2026-12-07"),
    "blind": (DATA / "blind_fifth.tsv", "fifth voice, measured blind once, trained on since 2026-12-07"),
    "blind6": (DATA / "blind_sixth.tsv", "sixth voice, measured blind once, trained on since 2026-12-07 (third model)"),
    "voice_a": (DATA / "training_voice_a.tsv", "training data, written 2026-12-07"),
    "voice_b": (DATA / "training_voice_b.tsv", "training data, written 2026-12-07"),
    "voice_c": (DATA / "training_voice_c.tsv", "training data, written 2026-12-07"),
    "voice_d": (DATA / "training_voice_d.tsv", "training data, written 2026-12-07"),
    "blind7": (DATA / "blind_seventh.tsv", "seventh voice, written blind 2026-12-07; measured once by name"),
}
BLIND_SETS = ("blind7",)  # never in SETS: measured only when asked for by name
SETS = tuple(name for name in FILES if name not in BLIND_SETS)


def load_labelled(path: Path = LABELLED) -> list[tuple[str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip():
            framework_id, aspect_id, text = line.split("\t", 2)
            rows.append((framework_id, aspect_id, text))
    return rows


def load_set(which: str) -> list[tuple[str, str, str]]:
    rows = load_labelled(FILES[which][0])
    if which == "dev":
        return rows[0::2]
    if which == "heldout":
        return rows[1::2]
    return rows


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


def confusion(outcomes: list[tuple[str, str, str | None]]) -> dict:
    """framework -> expected aspect -> {aspect it was taken for: count}, mistakes only."""
    report: dict[str, dict[str, dict[str, int]]] = {}
    for framework_id, want, got in outcomes:
        if want != got:
            row = report.setdefault(framework_id, {}).setdefault(want, {})
            row[got or "(未分类)"] = row.get(got or "(未分类)", 0) + 1
    return {f: {a: dict(sorted(r.items())) for a, r in sorted(rows.items())} for f, rows in sorted(report.items())}


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
                    "reason": result.reason,
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
        "confusion": confusion(outcomes),
        "ms_per_opinion": round(elapsed * 1000 / max(len(rows), 1), 3),
        "errors": errors,
    }


def speed(count: int = 2000) -> dict:
    """Seconds to classify `count` opinions (the labelled sets, repeated), one framework at a time."""
    rows = [r for which in SETS for r in load_set(which)]
    rows = (rows * (count // len(rows) + 1))[:count]
    by_framework: dict[str, list[str]] = defaultdict(list)
    for framework_id, _, text in rows:
        by_framework[framework_id].append(text)
    frameworks = {fid: get_framework(fid) for fid in by_framework}
    for fid, texts in by_framework.items():  # load the models and jieba's dictionary first
        classify_opinions(texts[:1], frameworks[fid])
    started, cpu = time.perf_counter(), time.process_time()
    for fid, texts in by_framework.items():
        classify_opinions(texts, frameworks[fid])
    return {
        "opinions": count,
        "seconds": round(time.perf_counter() - started, 3),
        "cpu_seconds": round(time.process_time() - cpu, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", choices=["all", *SETS, *BLIND_SETS], default="all")
    parser.add_argument("--errors", action="store_true", help="list the misclassified opinions")
    parser.add_argument("--speed", action="store_true", help="time 2,000 opinions")
    args = parser.parse_args(argv)
    if args.speed:
        print(json.dumps(speed()))
        return 0
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
    path, what = FILES[which]
    return f"{path.name} ({what})"


if __name__ == "__main__":
    raise SystemExit(main())
