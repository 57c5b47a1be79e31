"""Train the opinion classifier's n-gram model and write src/duizhao/data/cycle/opinion_ngram_weights.json.

    .venv/bin/python scripts/train_opinion_weights.py            # write the weights
    .venv/bin/python scripts/train_opinion_weights.py --cv       # 5-fold figures on the training rows

Trained on the DEV rows (even data rows) of bench/data/opinions/labelled.tsv and on
bench/data/opinions/heldout_other_voice.tsv (measured once as a held-out set before it became
training data, see docs/cycle.md). The odd rows of labelled.tsv and heldout_third.tsv are never
read here.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from duizhao.cycle import classify, opinion_model
from duizhao.frameworks import get_framework, load_frameworks

ROOT = Path(__file__).resolve().parents[1]
LABELLED = ROOT / "bench" / "data" / "opinions" / "labelled.tsv"
OTHER_VOICE = ROOT / "bench" / "data" / "opinions" / "heldout_other_voice.tsv"
OUT = ROOT / "src" / "duizhao" / "data" / "cycle" / opinion_model.WEIGHTS
ALPHA = 1.0  # additive smoothing, chosen by --loo


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]


def dev_rows() -> dict[str, list[tuple[str, str]]]:
    """framework id -> (aspect id, text): even data rows of labelled.tsv, then the other-voice set."""
    rows: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for line in _lines(LABELLED)[0::2] + _lines(OTHER_VOICE):
        framework_id, aspect_id, text = line.split("\t", 2)
        rows[framework_id].append((aspect_id, classify.normalise(text)))
    return rows


BORROWED_WEIGHT = 0.3  # rows labelled under another framework, mapped through their aspect's main family


def same_aspects(a, b) -> bool:
    return [(x.id, x.short_name) for x in a.aspects] == [(x.id, x.short_name) for x in b.aspects]


def own_rows(framework, all_rows: dict[str, list[tuple[str, str]]]) -> list[tuple[str, str]]:
    """Rows labelled under this framework or under one with the same aspects (osh-2024 = osh-2025)."""
    return [
        row for fid, rows in sorted(all_rows.items()) if same_aspects(get_framework(fid), framework) for row in rows
    ]


def borrowed_rows(framework, all_rows: dict[str, list[tuple[str, str]]], skip: set[str] = frozenset()):
    """Rows of the other frameworks, relabelled with this framework's aspect for the same family."""
    found = []
    for other_id, rows in all_rows.items():
        other = get_framework(other_id)
        if same_aspects(other, framework):
            continue
        for aspect_id, text in rows:
            if text in skip:
                continue
            target = classify.aspect_for_family(framework, classify.main_family(other, aspect_id))
            if target:
                found.append((target, text))
    return found


def train_one(framework, rows, all_rows=None, skip=frozenset()) -> dict:
    borrowed = borrowed_rows(framework, all_rows or {}, skip)
    return opinion_model.train(rows, framework, ALPHA, classify.seed_words(framework), borrowed, BORROWED_WEIGHT)


def cross_validated(alpha: float, folds: int = 5) -> dict:
    """Accuracy and unclassified count over the training rows, each fold predicted by a model
    trained on the other folds."""
    right = total = unclassified = 0
    everything = dev_rows()
    for framework_id, mine in everything.items():
        framework = get_framework(framework_id)
        seeds = classify.seed_words(framework)
        for fold in range(folds):
            train_rows = [row for i, row in enumerate(mine) if i % folds != fold]
            held = {text for _, text in mine[fold::folds]}
            model = opinion_model.train(
                train_rows, framework, alpha, seeds, borrowed_rows(framework, everything, held), BORROWED_WEIGHT
            )
            for aspect_id, text in mine[fold::folds]:
                got = classify.classify_opinion(text, framework, model=model).aspect_id
                right += got == aspect_id
                unclassified += got is None
                total += 1
    return {"accuracy": round(right / total, 3), "unclassified": unclassified, "n": total}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cv", action="store_true")
    args = parser.parse_args()
    if args.cv:
        print(json.dumps({"five_fold": cross_validated(ALPHA), "alpha": ALPHA}))
        return 0
    everything = dev_rows()
    weights = {
        "trained_on": "labelled.tsv even data rows, heldout_other_voice.tsv; each aspect's wording; the family words bound to it",
        "alpha": ALPHA,
        "frameworks": {f.id: train_one(f, own_rows(f, everything), everything) for f in load_frameworks()},
    }
    OUT.write_text(json.dumps(weights, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {', '.join(weights['frameworks'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
