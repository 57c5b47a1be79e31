"""Train the opinion classifier and write src/duizhao/data/cycle/opinion_ngram_weights.json and,
beside it, opinion_examples.tsv (the training rows, for frameworks trained on the spot).

    .venv/bin/python scripts/train_opinion_weights.py            # write the weights
    .venv/bin/python scripts/train_opinion_weights.py --by-set   # leave-one-set-out figures (tuning)

Training rows (bench/data/opinions/README.md): every row of the ten files in SOURCES; the first six
were each measured once as a held-out or blind set before they became training data. Only the files
named in SOURCES are ever read: a set written later (blind_seventh.tsv) stays unseen until it has
been measured. Settings: [model] in
src/duizhao/data/cycle/opinion_keywords.toml. Deterministic: the same rows and settings give the
same file.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

import numpy as np

from duizhao.cycle import classify, opinion_model
from duizhao.frameworks import get_framework, load_frameworks

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data" / "opinions"
# the training files, every data row of each
SOURCES = (
    "labelled.tsv",
    "heldout_other_voice.tsv",
    "heldout_third.tsv",
    "fourth_voice.tsv",
    "blind_fifth.tsv",
    "blind_sixth.tsv",
    "training_voice_a.tsv",
    "training_voice_b.tsv",
    "training_voice_c.tsv",
    "training_voice_d.tsv",
)
OUT = ROOT / "src" / "duizhao" / "data" / "cycle" / opinion_model.WEIGHTS
EXAMPLES_OUT = OUT.with_name(classify.EXAMPLES)

Rows = dict[str, list[tuple[str, str]]]  # framework id -> (aspect id, text)


def read_rows(name: str) -> list[tuple[str, str, str]]:
    if name not in SOURCES:  # never a set that is still held out or blind
        raise ValueError(f"{name} is not a training set")
    lines = [line for line in (DATA / name).read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    rows = []
    for line in lines:
        framework_id, aspect_id, text = line.split("\t", 2)
        rows.append((framework_id, aspect_id, text))
    return rows


def training_rows(names: tuple[str, ...] = SOURCES) -> Rows:
    rows: Rows = defaultdict(list)
    for name in names:
        for framework_id, aspect_id, text in read_rows(name):
            rows[framework_id].append((aspect_id, text))
    return dict(rows)


def train_framework(framework, all_rows: Rows, calibrate: bool = True) -> opinion_model.LinearModel:
    """The framework's model with its temperature fitted on out-of-fold predictions."""
    settings = classify.model_settings()
    rows, prior = classify.training_documents(framework, all_rows)
    ids = [a.id for a in framework.aspects]
    folds = int(settings["folds"])
    scores, labels = [], []
    for fold in range(folds if calibrate and len(rows) >= 2 * folds else 0):
        fitted = opinion_model.train([row for i, row in enumerate(rows) if i % folds != fold] + prior, ids, settings)
        for aspect_id, text, _ in rows[fold::folds]:
            scores.append(opinion_model.logits(opinion_model.features(text), fitted))
            labels.append(ids.index(aspect_id))
    model = opinion_model.train(rows + prior, ids, settings)
    return opinion_model.LinearModel(
        model.aspects, model.index, model.weights, model.bias, opinion_model.fit_temperature(scores, labels)
    )


def stored_form(model: opinion_model.LinearModel) -> dict:
    settings = classify.model_settings()
    return model.to_json(int(settings["digits"]), float(settings["prune"]))


def weights_file() -> dict:
    everything = training_rows()
    frameworks = {f.id: train_framework(f, everything) for f in load_frameworks()}
    mapped_only = [
        frameworks[f.id].temperature
        for f in load_frameworks()
        if not any(classify.same_aspects(get_framework(fid), f) for fid in everything)
    ]
    return {
        "trained_on": "bench/data/opinions: "
        + ", ".join(f"{name} (all rows)" for name in SOURCES)
        + "; each aspect's wording and the family words bound to it",
        # the temperature of a model trained on the spot for a framework without weights
        "borrowed_temperature": float(np.median(mapped_only)) if mapped_only else 1.0,
        "frameworks": {fid: stored_form(model) for fid, model in frameworks.items()},
    }


def examples_file() -> str:
    """Every training row, as shipped for training on the spot (classify.unseen_model)."""
    lines = ["framework_id\taspect_id\ttext"]
    lines += ["\t".join(row) for name in SOURCES for row in read_rows(name)]
    return "\n".join(lines) + "\n"


def leave_one_set_out() -> dict:
    """Accuracy on each training set when the model is trained on the other sets only: how the
    classifier does on a voice it has not seen (what the settings were chosen by)."""
    report: dict = {}
    pooled: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for held in SOURCES:
        others = training_rows(tuple(n for n in SOURCES if n != held))
        right = total = unclassified = 0
        per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for framework_id, aspect_id, text in read_rows(held):
            framework = get_framework(framework_id)
            model = _cached_train(framework, others, held)
            got = classify.classify_opinion(text, framework, model=model).aspect_id
            for tally in (per[framework_id], pooled[framework_id], pooled["all"]):
                tally[0] += got == aspect_id
                tally[1] += 1
            right += got == aspect_id
            unclassified += got is None
            total += 1
        report[held] = {
            "n": total,
            "accuracy": round(right / total, 3),
            "unclassified": unclassified,
            "per_framework": {k: round(v[0] / v[1], 3) for k, v in sorted(per.items())},
        }
    report["mean"] = round(float(np.mean([v["accuracy"] for v in report.values()])), 3)
    report["pooled"] = {k: {"n": v[1], "accuracy": round(v[0] / v[1], 3)} for k, v in sorted(pooled.items())}
    return report


_TRAINED: dict[tuple[str, str], opinion_model.LinearModel] = {}


def _cached_train(framework, rows: Rows, key: str) -> opinion_model.LinearModel:
    if (framework.id, key) not in _TRAINED:
        # as it would be stored: rounded and pruned
        model = train_framework(framework, rows, calibrate=False)
        _TRAINED[(framework.id, key)] = opinion_model.LinearModel.from_json(stored_form(model))
    return _TRAINED[(framework.id, key)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--by-set", action="store_true", help="leave-one-set-out accuracy (no file written)")
    args = parser.parse_args()
    if args.by_set:
        print(json.dumps(leave_one_set_out(), ensure_ascii=False, indent=2))
        return 0
    weights = weights_file()
    OUT.write_text(json.dumps(weights, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    EXAMPLES_OUT.write_text(examples_file(), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {', '.join(weights['frameworks'])}; {EXAMPLES_OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
