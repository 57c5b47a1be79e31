"""Batch review core: the level thresholds of [levels] on each side, the [L] share of problems and
causes on each side, counting once per thing, worst-first order and the .xlsx."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from tests.core.review.test_thresholds import config_with

from duizhao.review import review_material
from duizhao.review.batch import (
    MaterialRow,
    count_by_severity,
    level_of,
    summarise,
    unreadable,
    worst_first,
    write_xlsx,
)
from duizhao.review.config import load_review_config

LIMITS = load_review_config().data["levels"]
CLEAN = {"problems": 5, "errors": 0, "warnings": 0, "specificity": 80, "copy_ratio": 0.0}


def level(**changes):
    return level_of(**{**CLEAN, **changes})[0]


def test_clean_material_is_basically_up_to_standard():
    assert level_of(**CLEAN) == ("基本达标", [])


def test_no_problem_found_fails():
    assert level(problems=0, specificity=None) == "不达标"


@pytest.mark.parametrize(
    ("field", "fail_key", "revise_key"),
    [
        ("errors", "fail_errors", "revise_errors"),
        ("warnings", "fail_warnings", "revise_warnings"),
    ],
)
def test_count_thresholds_on_each_side(field, fail_key, revise_key):
    assert level(**{field: LIMITS[fail_key]}) == "不达标"
    assert level(**{field: LIMITS[fail_key] - 1}) == "需修改"
    assert level(**{field: LIMITS[revise_key]}) == "需修改"
    assert level(**{field: LIMITS[revise_key] - 1}) == "基本达标"


def test_specificity_thresholds_on_each_side():
    assert level(specificity=LIMITS["fail_below_specificity"] - 1) == "不达标"
    assert level(specificity=LIMITS["fail_below_specificity"]) == "需修改"
    assert level(specificity=LIMITS["revise_below_specificity"] - 1) == "需修改"
    assert level(specificity=LIMITS["revise_below_specificity"]) == "基本达标"


def test_copy_ratio_thresholds_on_each_side():
    assert level(copy_ratio=LIMITS["fail_copy_ratio"]) == "不达标"
    assert level(copy_ratio=LIMITS["fail_copy_ratio"] - 0.001) == "需修改"
    assert level(copy_ratio=LIMITS["revise_copy_ratio"]) == "需修改"
    assert level(copy_ratio=LIMITS["revise_copy_ratio"] - 0.001) == "基本达标"
    assert level(copy_ratio=None) == "基本达标"


def test_reasons_say_why_the_level():
    assert level_of(**{**CLEAN, "errors": 1, "specificity": 10}) == ("不达标", ["见人见事具体度 10 分"])
    assert level_of(**{**CLEAN, "errors": 1, "warnings": 3}) == ("需修改", ["错误 1 条", "警告 3 条"])


def test_counted_once_per_thing_also_from_stored_dicts():
    stored = [{"rule": "residue.placeholder", "severity": "error", "message": "占位符“XX”"}] * 21
    stored += [{"rule": "measures.vague", "severity": "warning", "message": "空泛"}]
    assert count_by_severity(stored) == {"error": 1, "warning": 1, "info": 0}


def _material(builder, problems: int, filler: int):
    b = builder("柳溪县水利局党组班子对照检查材料", unit="柳溪县水利局")
    b.line("会前征求意见。" * filler)
    b.section("problems", "一、存在的问题")
    for n in range(problems):
        b.problem(None, f"{n + 1}、巡查记录有3次漏签，6月水库检查只看了台账。")
    return b.build()


def test_problem_share_on_each_side_of_min_share(builder):
    material = _material(builder, 4, 20)
    share = review_material(material).scores["problem_share"]
    assert 0 < share < 1
    at = review_material(material, config=config_with("coverage.problem_share", "min_share", share))
    above = review_material(material, config=config_with("coverage.problem_share", "min_share", share + 1e-9))
    assert not at.by_rule("coverage.problem_share")
    (finding,) = above.by_rule("coverage.problem_share")
    assert f"{share:.0%}" in finding.message and finding.severity == "info"


def test_problem_share_shipped_half(builder):
    assert LIMITS and load_review_config().rule("coverage.problem_share")["min_share"] == 0.5
    assert review_material(_material(builder, 2, 40)).by_rule("coverage.problem_share")
    assert not review_material(_material(builder, 8, 2)).by_rule("coverage.problem_share")


def test_problem_share_can_be_switched_off(builder):
    material = _material(builder, 2, 40)
    off = config_with("coverage.problem_share", "enabled", False)
    assert not review_material(material, config=off).by_rule("coverage.problem_share")


def test_summary_row_and_worst_first(builder, tmp_path):
    material = _material(builder, 4, 2)
    row = summarise("甲.txt", material, review_material(material))
    assert row.problems == 4 and row.kind == "班子" and row.unit == "柳溪县水利局"
    rows = worst_first([row, unreadable("坏.docx", "文件已损坏"), MaterialRow(file="乙.txt", level="不达标", errors=5)])
    assert [r.file for r in rows] == ["坏.docx", "乙.txt", "甲.txt"]
    out = tmp_path / "汇总.xlsx"
    rows.append(MaterialRow(file='=HYPERLINK("http://x")', level="基本达标"))
    write_xlsx(rows, out)
    sheet = load_workbook(out).active
    cell = sheet.cell(row=5, column=2)
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:P5"


def test_level_from_a_stored_review_matches_the_batch_row(builder):
    from duizhao.review.batch import level_from_review

    for problems, filler in ((4, 2), (0, 2)):
        material = _material(builder, problems, filler)
        result = review_material(material)
        stored = {
            "findings": [{"rule": f.rule, "severity": f.severity, "message": f.message} for f in result.findings],
            "scores": result.scores,
            "problems": len(material.problems),
        }
        assert level_from_review(stored) == summarise("x.txt", material, result).level
