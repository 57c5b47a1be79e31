"""The labelled review set (bench/data/review_set): every core case's must / must-not holds, and
the set covers every rule both ways. bench/review_quality.py prints the precision and recall."""

from __future__ import annotations

from pathlib import Path

import pytest

from duizhao.review.evaluation import load_cases, run_case
from duizhao.review.registry import CRITICISM_RULES, RULES

REVIEW_SET = Path(__file__).resolve().parents[3] / "bench" / "data" / "review_set"
CASES = load_cases(REVIEW_SET)


@pytest.mark.parametrize("case", [c for c in CASES if c.core], ids=lambda c: c.name)
def test_core_case(case):
    outcome = run_case(case)
    assert outcome.missing == [] and outcome.wrongly_reported == [], outcome.reported


def test_set_is_big_enough_and_labels_name_real_rules():
    assert len(CASES) >= 40
    known = {rule for rule, _ in RULES} | set(CRITICISM_RULES)
    for case in CASES:
        labels = {label.split(":")[0] for label in (*case.must, *case.must_not)}  # rule[:severity]
        assert labels <= known, case.name
        assert case.must or case.must_not, case.name


def test_every_rule_is_labelled_both_ways():
    must = {r for c in CASES for r in c.must}
    must_not = {r for c in CASES for r in c.must_not}
    every = {rule for rule, _ in RULES} | set(CRITICISM_RULES)
    assert every - must == set(), "rules no case must produce"
    assert every - must_not == set(), "rules no case must avoid"
