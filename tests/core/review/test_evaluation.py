"""The labelled-set evaluation, pinned: how labels.toml is read (defaults of every key), how a
snippet becomes a material, that a material case's framework reaches the parser, and the counts,
precision and recall per rule and overall. Labels and texts are written here (a fictional unit)."""

from __future__ import annotations

from duizhao.model import Cause, Material, Measure, Problem
from duizhao.review.evaluation import (
    Case,
    Outcome,
    load_cases,
    overall_statistics,
    rule_statistics,
    run_case,
    snippet_material,
)

LABELS = """
[cases.own_problem]
kind = "problem"
must = ["specificity.no_example"]
must_not = ["problems.achievement"]
core = true
aspect = "work_style"
framework = "dsh-2023"

[cases.own_cause]
kind = "cause"
file = "texts/cause.txt"
problem = "下乡调研全年只去了 4 个村。调研报告照搬上年内容。"
must = ["causes.objective_only"]
heldout = true

[cases.own_material]
kind = "material"
framework = "dsh-2023"
must_not = ["coverage.aspect_missing"]

[cases.own_material_whole]
kind = "material"
file = "own_material.txt"
as_material = true
"""


def test_labels_are_read_with_the_default_of_every_key(tmp_path):
    (tmp_path / "labels.toml").write_text(LABELS, encoding="utf-8")
    (tmp_path / "texts").mkdir()
    (tmp_path / "own_problem.txt").write_text("工作作风不够扎实。\n", encoding="utf-8")
    (tmp_path / "texts" / "cause.txt").write_text("基层情况复杂，客观条件有限。\n", encoding="utf-8")
    (tmp_path / "own_material.txt").write_text("柳溪县水利局党组对照检查材料\n", encoding="utf-8")
    assert load_cases(tmp_path) == [
        Case(
            "own_problem",
            "problem",
            "工作作风不够扎实。\n",
            ["specificity.no_example"],
            ["problems.achievement"],
            core=True,
            aspect="work_style",
            framework="dsh-2023",
            as_material=True,  # a snippet is built as a material by hand
        ),
        Case(
            "own_cause",
            "cause",
            "基层情况复杂，客观条件有限。\n",
            ["causes.objective_only"],
            [],
            problem="下乡调研全年只去了 4 个村。调研报告照搬上年内容。",
            heldout=True,
        ),
        Case(
            "own_material",
            "material",
            "柳溪县水利局党组对照检查材料\n",
            [],
            ["coverage.aspect_missing"],
            framework="dsh-2023",
            as_material=False,  # a whole material is reviewed as the batch review does
        ),
        Case("own_material_whole", "material", "柳溪县水利局党组对照检查材料\n", [], [], as_material=True),
    ]


def _case(kind: str, text: str, **fields) -> Case:
    return Case("x", kind, text, [], [], **fields)


def test_a_problem_snippet_is_a_personal_material_whose_one_problem_is_the_text():
    text = "工作作风不够扎实，下乡调研少。"
    material = snippet_material(_case("problem", text + "　\n\n", aspect="work_style"))  # only line breaks are cut
    assert material == Material(
        text=text + "　", kind="personal", problems=[Problem(text + "　", 0, len(text) + 1, aspect_id="work_style")]
    )


def test_a_cause_snippet_follows_the_problem_it_answers():
    problem = "下乡调研全年只去了 4 个村。调研报告照搬上年内容。"
    cause = "基层情况复杂，客观条件有限。"
    material = snippet_material(_case("cause", cause + "\n", problem=problem))
    offset = len(problem) + 1
    assert material == Material(
        text=f"{problem}\n{cause}",
        kind="personal",
        problems=[Problem(problem, 0, len(problem), summary="下乡调研全年只去了 4 个村")],
        causes=[Cause(cause, offset, offset + len(cause))],
    )
    assert material.text[offset : offset + len(cause)] == cause


def test_cause_and_measure_snippets_without_a_problem():
    cause = "基层情况复杂，客观条件有限。"
    assert snippet_material(_case("cause", cause)) == Material(
        text=cause, kind="personal", causes=[Cause(cause, 0, len(cause))]
    )
    measure = "进一步加强学习，不断提高能力。"
    assert snippet_material(_case("measure", measure + "\n")) == Material(
        text=measure, kind="personal", measures=[Measure(measure, 0, len(measure))]
    )
    with_placeholder = "由XX牵头，XX月底前完成整改，责任人：XX"
    assert (
        snippet_material(_case("measure", with_placeholder + "\n")).text == with_placeholder
    )  # a placeholder at the end stays
    assert snippet_material(_case("criticism", "希望多下基层。\n")) == Material(text="希望多下基层。", kind="personal")


MATERIAL_2023_ASPECTS_2024_TITLE = """柳溪县水利局党组2024年度民主生活会对照检查材料

一、存在的问题
（一）在理论学习方面
今年3月局党组理论学习中心组只集中学习了2次，没有开展专题研讨。
（二）在政治素质方面
6月防汛检查时，对柳溪水库除险加固项目的风险研判不足，迟报险情1次。
（三）在能力本领方面
推进河长制信息平台建设进度慢，计划9月上线，至今仍未完成。
（四）在担当作为方面
面对西岭村灌渠纠纷，局班子推给乡镇处理，群众3次来局反映。
（五）在工作作风方面
下乡调研全年只去了4个村，调研报告照搬上年内容。
（六）在廉洁自律方面
公务用车管理不严，5月有2次公车未登记使用。
二、原因剖析
理想信念有所松懈，党性锻炼抓得不紧。
三、整改措施
由局长牵头，12月底前完成河长制信息平台上线；办公室负责，每月检查公车登记。
"""


def test_a_material_case_is_parsed_under_its_framework():
    # the title's year alone would make the parser pick dsh-2024, whose aspects these headings do
    # not name; given dsh-2023, each problem sits under its aspect and none is missing
    case = _case("material", MATERIAL_2023_ASPECTS_2024_TITLE, framework="dsh-2023", as_material=False)
    outcome = run_case(case)
    assert "coverage.aspect_missing" not in outcome.reported
    assert {"measures.too_few", "measures.too_few:warning"} <= outcome.reported


def _outcome(must, must_not, reported) -> Outcome:
    return Outcome(Case("x", "problem", "", list(must), list(must_not)), set(reported))


OUTCOMES = [
    _outcome(["terms.wrong_term"], ["causes.objective_only"], ["terms.wrong_term"]),
    _outcome(["terms.wrong_term"], ["causes.objective_only", "measures.vague"], ["measures.vague"]),
    _outcome(["terms.wrong_term"], [], ["terms.wrong_term"]),
    _outcome([], ["terms.wrong_term"], ["terms.wrong_term"]),
    _outcome([], ["terms.wrong_term", "causes.objective_only"], []),
]


def test_statistics_per_rule_sorted_by_rule():
    stats = rule_statistics(OUTCOMES)
    assert list(stats) == ["causes.objective_only", "measures.vague", "terms.wrong_term"]
    assert stats == {
        "causes.objective_only": {"tp": 0, "fn": 0, "fp": 0, "tn": 3, "precision": None, "recall": None},
        "measures.vague": {"tp": 0, "fn": 0, "fp": 1, "tn": 0, "precision": 0.0, "recall": None},
        "terms.wrong_term": {"tp": 2, "fn": 1, "fp": 1, "tn": 1, "precision": 0.667, "recall": 0.667},
    }


def test_overall_statistics_add_up_every_rule():
    overall = overall_statistics(rule_statistics(OUTCOMES))
    assert overall == {"tp": 2, "fn": 1, "fp": 2, "tn": 4, "precision": 0.5, "recall": 0.667}
    missed = rule_statistics([_outcome(["terms.wrong_term"], [], []), _outcome(["measures.vague"], [], [])])
    assert overall_statistics(missed) == {"tp": 0, "fn": 2, "fp": 0, "tn": 0, "precision": None, "recall": 0.0}
    assert overall_statistics({}) == {"tp": 0, "fn": 0, "fp": 0, "tn": 0, "precision": None, "recall": None}


def test_ratios_are_rounded_to_three_places():
    stats = rule_statistics(
        [_outcome(["terms.wrong_term"], [], ["terms.wrong_term"])]
        + [_outcome(["terms.wrong_term"], [], [])] * 2
        + [_outcome([], ["terms.wrong_term"], ["terms.wrong_term"])] * 5
    )
    assert stats["terms.wrong_term"] == {"tp": 1, "fn": 2, "fp": 5, "tn": 0, "precision": 0.167, "recall": 0.333}
