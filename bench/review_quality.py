"""Precision and recall of the review rules on the labelled set bench/data/review_set.

Prints JSON lines, each naming the data set it is from ("data": the folder, e.g.
bench/data/review_set: labelled cases written for duizhao, fictional units), for three parts of the set: "all" cases, the "tuned" part (cases the rules
were developed against) and the "heldout" part (cases marked `heldout = true` in labels.toml,
declared before the rules were tuned and never looked at while tuning). For each part: one line
per rule ({"part", "rule", "tp", "fn", "fp", "tn", "precision", "recall"}) and one "overall"
line; then one line per case that disagrees with its labels.

    .venv/bin/python bench/review_quality.py [FOLDER]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from duizhao.review.evaluation import load_cases, overall_statistics, rule_statistics, run_case

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else HERE / "data" / "review_set"
    started = time.perf_counter()
    outcomes = [run_case(case) for case in load_cases(folder)]
    elapsed = time.perf_counter() - started
    parts = {
        "all": outcomes,
        "tuned": [o for o in outcomes if not o.case.heldout],
        "heldout": [o for o in outcomes if o.case.heldout],
    }
    data = _shown(folder)
    for part, chosen in parts.items():
        stats = rule_statistics(chosen)
        for rule, entry in stats.items():
            print(json.dumps({"data": data, "part": part, "rule": rule, **entry}, ensure_ascii=False))
        print(
            json.dumps(
                {"data": data, "part": part, "rule": "overall", **overall_statistics(stats), "cases": len(chosen)},
                ensure_ascii=False,
            )
        )
    print(json.dumps({"seconds": round(elapsed, 2)}))
    for outcome in outcomes:
        if outcome.missing or outcome.wrongly_reported:
            print(
                json.dumps(
                    {
                        "case": outcome.case.name,
                        "heldout": outcome.case.heldout,
                        "missing": outcome.missing,
                        "wrongly_reported": outcome.wrongly_reported,
                    },
                    ensure_ascii=False,
                )
            )
    return 0


def _shown(folder: Path) -> str:
    """The data set's name as printed with every figure: its path from the repository."""
    try:
        return str(folder.resolve().relative_to(HERE.parent))
    except ValueError:
        return str(folder)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
