"""Every threshold of data/review/ tested exactly on each side: the rule is given a copy of the
shipped rules whose threshold is set to the value the case reaches, then one step beyond it.
A comparison turned from >= into > (or < into <=) fails one of the two sides."""

from __future__ import annotations

import copy

import pytest

from duizhao.review import review_material
from duizhao.review.config import ReviewConfig, load_review_config
from duizhao.review.specificity import score_text


def config_with(section: str, key: str, value, *, rule: bool = True) -> ReviewConfig:
    shipped = load_review_config()
    data = copy.deepcopy(shipped.data)
    (data["rules"][section] if rule else data[section])[key] = value
    return ReviewConfig(data, dict(shipped.phrases))


def material_with(builder, problems: list[str], measures: list[str] = (), causes: list[str] = ()):
    b = builder("柳溪县水利局党组班子对照检查材料", unit="柳溪县水利局")
    b.section("problems", "一、存在的问题")
    for text in problems:
        b.problem(None, text)
    if causes:
        b.section("causes", "二、原因剖析")
        for text in causes:
            b.cause(text)
    if measures:
        b.section("measures", "三、整改措施")
        for text in measures:
            b.measure(text)
    return b.build()


MEASURE = "由办公室牵头，6月底前修订会议制度。"


@pytest.mark.parametrize(("ratio", "reported"), [(0.5, False), (0.51, True)])
def test_measures_too_few_on_each_side_of_min_ratio(builder, ratio, reported):
    material = material_with(builder, [f"{n}是水库巡查记录有3次漏签。" for n in "一二三四"], [MEASURE, MEASURE])
    result = review_material(material, config=config_with("measures.too_few", "min_ratio", ratio))
    assert bool(result.by_rule("measures.too_few")) is reported


def test_shipped_min_ratio_two_measures_for_four_problems_is_enough(builder):
    problems = [f"{n}是水库巡查记录有3次漏签。" for n in "一二三四"]
    assert not review_material(material_with(builder, problems, [MEASURE, MEASURE])).by_rule("measures.too_few")
    assert review_material(material_with(builder, problems, [MEASURE])).by_rule("measures.too_few")


STOCK_PROBLEM = "一是理论学习不够深入，学用结合有待加强，5月学习研讨时有2名同志照读文件。"


def test_generic_phrase_on_each_side_of_below_score(builder):
    material = material_with(builder, [STOCK_PROBLEM])
    score = score_text(STOCK_PROBLEM, load_review_config())["score"]
    assert 0 < score < 100
    at = review_material(material, config=config_with("specificity.generic_phrase", "below_score", score))
    above = review_material(material, config=config_with("specificity.generic_phrase", "below_score", score + 1))
    assert not at.by_rule("specificity.generic_phrase")
    assert above.by_rule("specificity.generic_phrase")


@pytest.mark.parametrize(("phrases", "reported"), [(2, True), (3, False)])
def test_generic_phrase_on_each_side_of_min_phrases(builder, phrases, reported):
    material = material_with(builder, [STOCK_PROBLEM])
    config = config_with("specificity.generic_phrase", "min_phrases", phrases)
    config.data["rules"]["specificity.generic_phrase"]["below_score"] = 101
    assert len(score_text(STOCK_PROBLEM, config)["generic"]) == 2
    assert bool(review_material(material, config=config).by_rule("specificity.generic_phrase")) is reported


def test_restates_problem_on_each_side_of_min_overlap(builder):
    material = material_with(builder, ["一是调查研究不够深入，2次下乡只听汇报。"], causes=["一是调研工作深度不足。"])
    found = review_material(material, config=config_with("causes.restates_problem", "min_overlap", 0.0))
    exact = found.by_rule("causes.restates_problem")[0].data["overlap"]
    assert 0 < exact < 1
    at = review_material(material, config=config_with("causes.restates_problem", "min_overlap", exact))
    above = review_material(material, config=config_with("causes.restates_problem", "min_overlap", exact + 1e-9))
    assert at.by_rule("causes.restates_problem")
    assert not above.by_rule("causes.restates_problem")


def test_one_finding_per_thing_with_all_its_places(builder):
    b = builder("柳溪县水利局党组班子对照检查材料", unit="柳溪县水利局")
    b.section("problems", "一、存在的问题")
    for n in range(21):
        b.problem(None, f"{n + 1}、巡查记录有3次漏签，涉及XX名职工。")
    result = review_material(b.build())
    assert len(result.by_rule("residue.placeholder")) == 21  # one Word comment / highlight per place
    (grouped,) = [f for f in result.grouped() if f.rule == "residue.placeholder"]
    assert len(grouped.data["places"]) == 21
    assert all(b.text[s:e] == "XX" for s, e in grouped.data["places"])
    (entry,) = [f for f in result.to_dict()["findings"] if f["rule"] == "residue.placeholder"]
    assert entry["places"] == grouped.data["places"] and "places" not in entry["data"]
