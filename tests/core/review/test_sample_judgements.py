"""The hand judgements of the review's findings on the real shared samples
(labels/sample_findings.toml, read by bench/review_samples.py): the file is well formed, and
findings judged wrong stay gone while those judged right are still reported."""

from __future__ import annotations

from pathlib import Path

import pytest

import needed
from duizhao.review.judgements import JUDGEMENTS, load_judgements, review_folder, tally
from duizhao.review.text import find_phrases

LABELS = Path(__file__).resolve().parent / "labels" / "sample_findings.toml"


def test_judgements_are_well_formed():
    judged = load_judgements(LABELS)
    assert len(judged) >= 100
    for judgement in judged.values():
        assert judgement.judgement in JUDGEMENTS
        assert len(judgement.reason) >= 20, judgement
        assert judgement.key and judgement.rule.count(".") == 1


@pytest.fixture(scope="module")
def sample_units():
    return review_folder(needed.samples())


def test_findings_judged_wrong_are_not_reported(sample_units):
    judged = load_judgements(LABELS)
    reported = {(u.file, u.rule, u.key) for u in sample_units}
    wrong = [key for key, j in judged.items() if j.judgement == "wrong" and key in reported]
    assert wrong == []


def test_findings_judged_right_are_still_reported(sample_units):
    judged = load_judgements(LABELS)
    reported = {(u.file, u.rule, u.key) for u in sample_units}
    right = [key for key, j in judged.items() if j.judgement == "right"]
    kept = [key for key in right if key in reported]
    assert len(kept) >= 0.9 * len(right), sorted(set(right) - set(kept))


def test_strict_precision_on_the_samples(sample_units):
    overall = tally(sample_units, load_judgements(LABELS))["overall"]
    assert overall.unjudged == 0, overall.unjudged_units
    assert overall.strict_precision is not None and overall.strict_precision >= 0.85


def test_overlapping_phrases_of_one_length_are_taken_in_list_order():
    # “落实不够到位”: 落实不够 and 不够到位 overlap; the first listed wins, in every process.
    assert [p for p, _, _ in find_phrases("落实不够到位", ("落实不够", "不够到位"))] == ["落实不够"]
    assert [p for p, _, _ in find_phrases("落实不够到位", ["不够到位", "落实不够"])] == ["不够到位"]
