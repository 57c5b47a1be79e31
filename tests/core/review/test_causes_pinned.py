"""The cause rules pinned to exact anchors, messages and data (found by mutation testing,
docs/testing.md): circumstances owned as excuses, and causes that restate a problem."""

from __future__ import annotations

import pytest

from duizhao.review import review_material


def reviewed(
    builder, causes: list[str], problems: tuple[str, ...] = ("一是担当精神不够强。在渡口整治中三次推迟拆除时间。",)
):
    b = builder("柳溪县水利局党组班子对照检查材料", unit="柳溪县水利局")
    b.section("problems", "一、存在的问题")
    for text in problems:
        b.problem(None, text)
    b.section("causes", "二、原因剖析")
    for text in causes:
        b.cause(text)
    material = b.build()
    return material, review_material(material)


def test_objective_only_points_at_the_first_circumstance_and_names_each_once(builder):
    material, result = reviewed(builder, ["一是任务重，人手不足，任务重的时候顾不上。"])
    (found,) = result.by_rule("causes.objective_only")
    assert material.text[found.start : found.end] == "任务重"
    assert found.data == {"phrases": ["任务重", "人手不足", "任务重"]}
    assert found.message.startswith("这条原因只讲客观情况（任务重、人手不足），没有从思想上、主观上找根源。")


@pytest.mark.parametrize(
    ("cause", "reported"),
    [
        ("一是总认为任务重，放松了学习。", False),  # owned as an excuse; 放松了 is a subjective root anyway
        ("一是总认为任务重，学习时间少。", False),
        ("一是以任务重为由，学习时间少。", False),
        ("一是任务重当挡箭牌，学习时间少。", False),
        ("一是总认为这几年来工作上任务重，学习时间少。", True),  # 认为 too far from the circumstance
        ("一是任务重，学习时间少，后来就以此为由。", True),  # 为由 in another clause
        ("一是任务重，学习时间少。", True),
    ],
)
def test_a_circumstance_owned_as_an_excuse_is_no_objective_cause(builder, cause, reported):
    _, result = reviewed(builder, [cause])
    assert bool(result.by_rule("causes.objective_only")) is reported


def test_restates_problem_names_the_cause_and_the_problem(builder):
    material, result = reviewed(builder, ["二是担当精神不够强。遇到困难有畏难情绪。"])
    (found,) = result.by_rule("causes.restates_problem")
    assert material.text[found.start : found.end] == "二是担当精神不够强"
    assert found.data == {"overlap": 1.0, "problem": "担当精神不够强"}
    assert found.message.startswith("这条原因“担当精神不够强”只是把问题“担当精神不够强”换个说法")


def test_restates_problem_is_reported_once_and_by_the_first_clause(builder):
    problems = ("一是调查研究不够深入，2次下乡只听汇报。", "二是担当精神不够强。在渡口整治中三次推迟拆除时间。")
    _, result = reviewed(builder, ["二是担当精神不够强，遇事总往后推，怕出错。"], problems)
    (found,) = result.by_rule("causes.restates_problem")
    assert found.data["problem"] == "担当精神不够强"
    assert "这条原因“担当精神不够强”" in found.message  # the first clause matched, not the whole sentence


def test_a_cause_that_goes_on_to_a_subjective_root_restates_nothing(builder):
    _, result = reviewed(builder, ["二是担当精神不够强。根源在于政绩观有偏差。"])
    assert result.by_rule("causes.restates_problem") == []


def test_a_cause_restating_no_problem_is_not_reported(builder):
    _, result = reviewed(builder, ["二是制度执行有偏差。遇到困难有畏难情绪。"])
    assert result.by_rule("causes.restates_problem") == []


def test_the_root_is_looked_for_after_the_first_time_the_heading_is_said(builder):
    _, result = reviewed(builder, ["二是担当精神不够强。根源在于担当精神不够强。"])
    assert result.by_rule("causes.restates_problem") == []


def test_first_clause_ends_at_the_first_comma_or_colon():
    from duizhao.review.causes import _first_clause

    assert _first_clause("担当精神不够强，遇事推诿，怕出错") == "担当精神不够强"
    assert _first_clause("思想上：放松了要求") == "思想上"
    assert _first_clause("没有标点") == "没有标点"


def normalise_with(builder, *, synonyms: bool = True, function_words: bool = True):
    import copy

    from duizhao.review.causes import _normaliser
    from duizhao.review.config import ReviewConfig, load_review_config
    from duizhao.review.context import ReviewContext

    shipped = load_review_config()
    data = copy.deepcopy(shipped.data)
    phrases = dict(shipped.phrases)
    if not synonyms:
        del phrases["restatement_synonyms"]
    if not function_words:
        del data["rules"]["causes.restates_problem"]["function_words"]
    material = builder("柳溪县水利局党组班子对照检查材料").build()
    return _normaliser(ReviewContext(material, None, ReviewConfig(data, phrases)))


def test_normalising_maps_synonyms_to_the_first_word_and_drops_function_words(builder):
    normalise = normalise_with(builder)
    assert normalise("班子调查研究不够深入的问题") == "班子调研不深"
    assert normalise("深度不足，调查了解少") == "不深，调研少"
    assert normalise_with(builder, function_words=False)("班子调查研究的问题") == "班子调研的问题"
    assert normalise_with(builder, synonyms=False)("班子调查研究的问题") == "班子调查研究"
    assert normalise_with(builder, synonyms=False, function_words=False)("班子的问题") == "班子的问题"


def test_every_cause_that_restates_a_problem_is_reported(builder):
    problems = ("一是调查研究不够深入，2次下乡只听汇报。", "二是担当精神不够强。在渡口整治中三次推迟拆除时间。")
    causes = ["一是担当精神不够强。遇到困难有畏难情绪。", "二是调查研究不够深入。"]
    _, result = reviewed(builder, causes, problems)
    assert [f.data["problem"] for f in result.by_rule("causes.restates_problem")] == [
        "担当精神不够强",
        "调查研究不够深入，2次下乡只听汇报",
    ]
