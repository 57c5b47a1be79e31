"""Train the opinion classifier's n-gram model and write src/duizhao/data/cycle/opinion_ngram_weights.json.

    .venv/bin/python scripts/train_opinion_weights.py            # write the weights
    .venv/bin/python scripts/train_opinion_weights.py --loo      # leave-one-out figures on the dev rows

Trained on the DEV rows (even data rows) of bench/data/opinions/labelled.tsv only; the odd rows and
bench/data/opinions/heldout_other_voice.tsv are never read here.
"""
from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from duizhao.cycle import classify, opinion_model
from duizhao.frameworks import get_framework

ROOT = Path(__file__).resolve().parents[1]
LABELLED = ROOT / "bench" / "data" / "opinions" / "labelled.tsv"
OUT = ROOT / "src" / "duizhao" / "data" / "cycle" / opinion_model.WEIGHTS
ALPHA = 1.0  # additive smoothing, chosen by --loo


def dev_rows() -> dict[str, list[tuple[str, str]]]:
    """framework id -> (aspect id, text), even data rows only."""
    lines = [line for line in LABELLED.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    rows: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for line in lines[0::2]:
        framework_id, aspect_id, text = line.split("\t", 2)
        rows[framework_id].append((aspect_id, classify.normalise(text)))
    return rows


def train_one(framework, rows) -> dict:
    return opinion_model.train(rows, framework, ALPHA, classify.seed_words(framework))


def leave_one_out(alpha: float) -> float:
    rows = dev_rows()
    right = total = 0
    for framework_id, mine in rows.items():
        framework = get_framework(framework_id)
        for i, (aspect_id, text) in enumerate(mine):
            model = opinion_model.train(mine[:i] + mine[i + 1:], framework, alpha, classify.seed_words(framework))
            right += classify.classify_opinion(text, framework, model=model).aspect_id == aspect_id
            total += 1
    return right / total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--loo", action="store_true")
    args = parser.parse_args()
    if args.loo:
        print(json.dumps({"leave_one_out_dev_accuracy": round(leave_one_out(ALPHA), 3), "alpha": ALPHA}))
        return 0
    weights = {
        "trained_on": "bench/data/opinions/labelled.tsv, even data rows (dev); each aspect's wording; the family words bound to it",
        "alpha": ALPHA,
        "frameworks": {fid: train_one(get_framework(fid), rows) for fid, rows in sorted(dev_rows().items())},
    }
    OUT.write_text(json.dumps(weights, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {', '.join(weights['frameworks'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
