"""The data thresholds of data/review/rules.toml that test_thresholds.py does not cover, each
tested exactly on both sides (set to the value the case reaches, then one step beyond)."""

from __future__ import annotations

import copy

from duizhao.frameworks import get_framework
from duizhao.review import review_material
from duizhao.review.causes import _normaliser
from duizhao.review.config import ReviewConfig, load_review_config
from duizhao.review.context import ReviewContext
from duizhao.review.fallback import problem_items
from duizhao.review.residue import _same_unit
from duizhao.review.text import char_pairs


def shipped_copy() -> ReviewConfig:
    shipped = load_review_config()
    return ReviewConfig(copy.deepcopy(shipped.data), dict(shipped.phrases))


# 文山会海 and 形式主义 are two work-style words; nothing here is an integrity word.
MISPLACED = "一是文山会海问题突出，上半年形式主义的检查有5次。"


def misplaced_with(builder, min_other_hits: int):
    b = builder("青石县自然资源局党组班子2023年民主生活会对照检查材料", year=2023, unit="青石县自然资源局")
    b.section("problems", "一、存在的问题")
    b.problem("integrity", MISPLACED)
    config = shipped_copy()
    config.data["rules"]["coverage.problem_misplaced"]["min_other_hits"] = min_other_hits
    return b, review_material(b.build(), "dsh-2023", config=config).by_rule("coverage.problem_misplaced")


def test_problem_misplaced_on_each_side_of_min_other_hits(builder):
    b, found = misplaced_with(builder, 2)
    (finding,) = found
    assert finding.data == {
        "aspect_id": "integrity",
        "other_aspect_id": "work_style",
        "words": ["形式主义", "文山会海"],
    }
    assert b.text[finding.start : finding.end] == "文山会海"  # the first word of the other aspect
    assert "廉洁自律" in finding.message and "形式主义、文山会海" in finding.message
    assert misplaced_with(builder, 3)[1] == []


def test_shipped_min_other_hits_needs_two_words(builder):
    b = builder("青石县自然资源局党组班子2023年民主生活会对照检查材料", year=2023, unit="青石县自然资源局")
    b.section("problems", "一、存在的问题")
    b.problem("integrity", "一是文山会海问题突出，上半年发文增加了18份。")
    b.problem("ability", MISPLACED)
    found = review_material(b.build(), get_framework("dsh-2023")).by_rule("coverage.problem_misplaced")
    assert [f.data["aspect_id"] for f in found] == ["ability"]


RESTATED_PROBLEM = "一是调查研究不够深入，2次下乡只听汇报。"
RESTATED_CAUSE = "一是调研工作深度不足。"


def restates_with(builder, min_chars: int):
    b = builder("柳溪县水利局党组班子对照检查材料", unit="柳溪县水利局")
    b.section("problems", "一、存在的问题")
    b.problem(None, RESTATED_PROBLEM)
    b.section("causes", "二、原因剖析")
    b.cause(RESTATED_CAUSE)
    config = shipped_copy()
    config.data["rules"]["causes.restates_problem"]["min_chars"] = min_chars
    config.data["rules"]["causes.restates_problem"]["min_overlap"] = 0.0
    material = b.build()
    pairs = len(char_pairs(_normaliser(ReviewContext(material, None, config))("调研工作深度不足")))
    return pairs, review_material(material, config=config).by_rule("causes.restates_problem")


def test_restates_problem_on_each_side_of_min_chars(builder):
    pairs, _ = restates_with(builder, 0)
    assert pairs >= 2
    assert len(restates_with(builder, pairs + 1)[1]) == 1  # pairs = min_chars - 1: long enough
    assert restates_with(builder, pairs + 2)[1] == []


ITEMS = "会上剖析。一是理论学习不够深入，学用结合不够紧密；二是调查研究不够经常，下乡次数偏少；三是督办不够及时，有3件事拖延。"


def test_fallback_on_each_side_of_min_items():
    config = shipped_copy()
    config.data["fallback"]["min_items"] = 3
    assert len(problem_items(ITEMS, config)) == 3
    config.data["fallback"]["min_items"] = 4
    assert problem_items(ITEMS, config) == []


def test_same_unit_on_each_side_of_min_organ_overlap():
    rule = {"anonymous_marks": ["某"], "min_organ_overlap": 0.5}
    # 卫生局 shares one of its two letter pairs (卫生) with 卫生健康局: 0.5
    assert _same_unit("柳溪县卫生健康局", "柳溪县卫生局", rule) is True
    assert _same_unit("柳溪县卫生健康局", "柳溪县卫生局", {**rule, "min_organ_overlap": 0.51}) is False
    assert _same_unit("柳溪县卫生健康局", "青石县卫生健康局", {**rule, "min_organ_overlap": 0.0}) is False
    assert _same_unit("柳溪县卫生健康局", "某县卫生健康局", {**rule, "min_organ_overlap": 1.0}) is True
