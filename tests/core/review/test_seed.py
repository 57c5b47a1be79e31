"""The real seed material (../shared/samples, read here only): the review must report its
placeholders, the missing 上年度整改 part, and that its 12 problems get only 3 measures."""

from __future__ import annotations

import pytest

import needed
from duizhao.review import review_material


@pytest.fixture(scope="module")
def reviewed():
    from duizhao.parse import parse_material

    material = parse_material(needed.samples() / needed.SEED.name)
    return material, review_material(material, "dsh-2023")


def test_placeholders_reported(reviewed):
    material, result = reviewed
    found = result.by_rule("residue.placeholder")
    assert len(found) >= 10
    assert all(material.text[f.start : f.end] in ("*", "＊") or "*" in material.text[f.start : f.end] for f in found)


def test_missing_carryover_reported(reviewed):
    _, result = reviewed
    assert len(result.by_rule("coverage.carryover_missing")) == 1


def test_twelve_problems_three_measures(reviewed):
    _, result = reviewed
    too_few = result.by_rule("measures.too_few")
    assert len(too_few) == 1
    assert "12 个问题只对应 3 条整改措施" in too_few[0].message


def test_template_site_and_count_placeholder(reviewed):
    _, result = reviewed
    assert result.by_rule("residue.template_site")
    assert result.by_rule("coverage.count_placeholder")


def test_all_six_aspects_covered(reviewed):
    _, result = reviewed
    assert result.by_rule("coverage.aspect_missing") == []
