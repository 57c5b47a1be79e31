"""Achievements in place of problems pinned to exact spans and data (found by mutation testing,
docs/testing.md)."""

from __future__ import annotations

import copy

import pytest

from duizhao.review import review_material
from duizhao.review.config import ReviewConfig, load_review_config


def achievements(builder, text: str, config: ReviewConfig | None = None):
    b = builder("柳溪县水利局党组班子对照检查材料", unit="柳溪县水利局")
    b.section("problems", "一、存在的问题")
    b.problem(None, text)
    material = b.build()
    found = review_material(material, config=config).by_rule("problems.achievement")
    return [(material.text[f.start : f.end], f.data["phrases"]) for f in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "一是未取得成效，后来取得了显著成效。",
            [("取得了显著成效", ["取得了显著成效"])],
        ),  # the negated one is skipped
        ("一是取得了明显成效，但群众不满意；后来取得了显著成效。", [("取得了显著成效", ["取得了显著成效"])]),  # a turn
        ("一是群众说“圆满完成”是表面，实际圆满完成了。", [("圆满完成", ["圆满完成"])]),  # a quoted one is skipped
        ("一是圆满完成后，对后续不再过问。", []),  # background
        ("一是虽然这一年在河道整治工作上取得了一定成效，群众仍不满意。", []),  # a concession 12 letters back
        ("一是没有真正得到群众认可。", []),  # an adverb after the negation
    ],
)
def test_achievements_found_exactly(builder, text, expected):
    assert achievements(builder, text) == expected


def test_rules_without_the_later_keys_still_read_negations(builder):
    shipped = load_review_config()
    data = copy.deepcopy(shipped.data)
    del data["rules"]["problems.achievement"]["negation_adverbs"]
    del data["rules"]["problems.achievement"]["background_after"]
    config = ReviewConfig(data, dict(shipped.phrases))
    assert achievements(builder, "一是未取得成效，作风不实。", config) == []
    assert achievements(builder, "一是圆满完成后，对后续不再过问。", config) == [("圆满完成", ["圆满完成"])]


def self_praise(builder, text: str):
    b = builder("柳溪县水利局党组班子对照检查材料", unit="柳溪县水利局")
    b.section("problems", "一、存在的问题")
    b.problem(None, text)
    material = b.build()
    return material, review_material(material).by_rule("problems.self_praise")


def test_self_praise_points_at_the_first_phrase_and_lists_all(builder):
    material, (found,) = self_praise(builder, "一是对自己要求过严，工作太拼。")
    assert material.text[found.start : found.end] == "对自己要求过严"
    assert found.data == {"phrases": ["对自己要求过严", "工作太拼"]}
    assert found.message.startswith("“对自己要求过严”是以缺点之名讲优点（明贬暗褒）")


def test_self_praise_quoted_from_others_is_not_the_writers(builder):
    material, (found,) = self_praise(builder, "一是别人说我“工作太拼”，其实对自己要求过严。")
    assert found.data == {"phrases": ["对自己要求过严"]}
    assert material.text[found.start : found.end] == "对自己要求过严"


def test_achievement_message_quotes_the_result(builder):
    b = builder("柳溪县水利局党组班子对照检查材料", unit="柳溪县水利局")
    b.section("problems", "一、存在的问题")
    b.problem(None, "一是圆满完成了防汛任务。")
    (found,) = review_material(b.build()).by_rule("problems.achievement")
    assert found.message.startswith("问题部分在汇报成绩（“圆满完成”），不是在查摆问题。")
