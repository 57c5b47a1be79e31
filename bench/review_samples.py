"""The review's precision on the real shared samples (../shared/samples), judged by hand.

Runs the review over every sample as `duizhao review FOLDER` does, cuts the findings into units
(duizhao.review.judgements: one unit per rule and first words) and looks each up in the
judgements file tests/core/review/labels/sample_findings.toml (right / wrong / debatable, with a
reason). Prints one JSON line per rule and one "overall" line: right, wrong, debatable,
unjudged, strict precision (right / judged) and lenient precision ((right + debatable) / judged).
Units not judged yet are listed after (file, rule, key), so they can be judged; so are the
units judged right that the review no longer reports.

The samples are few (36, many of them no material at all) and were looked at while the rules
were fixed: this is not a held-out figure.

    .venv/bin/python bench/review_samples.py [SAMPLES] [--judgements FILE]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from duizhao.review.judgements import load_judgements, review_folder, tally

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO.parent / "shared" / "samples"
JUDGEMENTS = REPO / "tests" / "core" / "review" / "labels" / "sample_findings.toml"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("samples", nargs="?", type=Path, default=SAMPLES)
    parser.add_argument("--judgements", type=Path, default=JUDGEMENTS)
    args = parser.parse_args()
    units = review_folder(args.samples)
    judged = load_judgements(args.judgements) if args.judgements.exists() else {}
    data = "real shared samples (../shared/samples), judged by us"
    tallies = tally(units, judged)
    for rule, entry in tallies.items():
        print(json.dumps({"data": data, "rule": rule, **entry.to_dict()}, ensure_ascii=False))
    present = {(u.file, u.rule, u.key) for u in units}
    gone = [j for key, j in judged.items() if key not in present]
    summary = {
        "gone": {name: sum(1 for j in gone if j.judgement == name) for name in ("right", "wrong", "debatable")},
    }
    print(json.dumps(summary, ensure_ascii=False))
    for judgement in gone:
        if judgement.judgement == "right":
            print(json.dumps({"lost_right": [judgement.file, judgement.rule, judgement.key]}, ensure_ascii=False))
    overall = tallies.get("overall")
    for unit in overall.unjudged_units if overall else []:
        print(json.dumps({"unjudged": [unit.file, unit.rule, unit.key, unit.severity]}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
