"""Precision and recall of the review rules on the labelled set bench/data/review_set.

Prints JSON lines: one per rule ({"rule", "tp", "fn", "fp", "tn", "precision", "recall"}), then
one {"rule": "overall", ...}, then one line per case that disagrees with its labels.

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
    stats = rule_statistics(outcomes)
    for rule, entry in stats.items():
        print(json.dumps({"rule": rule, **entry}, ensure_ascii=False))
    print(json.dumps({"rule": "overall", **overall_statistics(stats), "cases": len(outcomes),
                      "seconds": round(elapsed, 2)}, ensure_ascii=False))
    for outcome in outcomes:
        if outcome.missing or outcome.wrongly_reported:
            print(json.dumps({"case": outcome.case.name, "missing": outcome.missing,
                              "wrongly_reported": outcome.wrongly_reported}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
