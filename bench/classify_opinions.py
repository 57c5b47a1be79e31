"""Accuracy of the opinion classifier on hand-labelled opinions, as JSON.

Usage: python bench/classify_opinions.py [--split all|heldout|dev|labelled|new|third|blind|blind6] [--errors] [--speed]

The sets (data/opinions/README.md); every one is training data now, so these are figures on
training data, not about unseen text (that is `scripts/train_opinion_weights.py --by-set`: each set
left out of training in turn, and the next blind set, measured once before it is trained on):
- heldout, dev: odd and even data rows of data/opinions/fourth_voice.tsv (tax office, police
  station, street office, hospital ward, primary school, power company, construction firm;
  dsh-2023/2024/2025, osh-2024/2025). The odd rows were the held-out half, measured once (0.840).
- labelled, new (heldout_other_voice.tsv), third (heldout_third.tsv): each of the last two was
  measured once as a held-out set before it became training data.
- blind: data/opinions/blind_fifth.tsv (fifth voice: credit cooperative, prison, fire brigade,
  museum, water bureau, vocational college, customs), written blind by someone who never saw the
  classifier; measured as a blind set on 2026-12-06 (0.773), trained on since 2026-12-07.
- blind6: data/opinions/blind_sixth.tsv (sixth voice: county hospital nurses, highway toll company,
  village cadres, meteorological bureau, bank county branch, middle school, court clerks, market
  supervision, railway station; dsh-2023/2024/2025, osh-2024/2025), written blind on 2026-12-07;
  never trained or tuned on, measured once by the integrator at the end of that session. `--split
  all` leaves it out.
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
OTHER_VOICE = DATA / "heldout_other_voice.tsv"
THIRD = DATA / "heldout_third.tsv"
FOURTH = DATA / "fourth_voice.tsv"
BLIND = DATA / "blind_fifth.tsv"
BLIND6 = DATA / "blind_sixth.tsv"
BLIND_SETS = ("blind6",)  # never in SETS: measured only when asked for by name
SETS = ("heldout", "dev", "labelled", "new", "third", "blind")


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
    if which in ("dev", "heldout"):
        return split(load_labelled(FOURTH), which)
    if which == "new":
        return load_labelled(OTHER_VOICE)
    if which == "third":
        return load_labelled(THIRD)
    if which == "blind":
        return load_labelled(BLIND)
    if which == "blind6":
        return load_labelled(BLIND6)
    return load_labelled(LABELLED)


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
    return {
        "heldout": f"{FOURTH.name}, odd rows (held out once, trained on since 2026-12-07)",
        "blind": f"{BLIND.name} (fifth voice, written blind; measured blind once, trained on since 2026-12-07)",
        "blind6": f"{BLIND6.name} (sixth voice, written blind 2026-12-07; measured once at the end)",
        "dev": f"{FOURTH.name}, even rows (trained on)",
        "labelled": f"{LABELLED.name} (trained on)",
        "new": f"{OTHER_VOICE.name} (held out once, trained on since)",
        "third": f"{THIRD.name} (held out once, trained on since)",
    }[which]


if __name__ == "__main__":
    raise SystemExit(main())
