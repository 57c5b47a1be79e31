"""The batch review's row, level and spreadsheet, pinned exactly: every field of a summary row, the
reasons for each level, the order of rows (worst first and then by errors, warnings, 见人见事,
file), the stored-review level the web uses, and the cells and styles of the .xlsx."""

from __future__ import annotations

import copy

from openpyxl import load_workbook

from duizhao.model import Finding, Material
from duizhao.review import ReviewResult, review_material
from duizhao.review.batch import (
    MaterialRow,
    count_by_severity,
    level_from_review,
    level_of,
    summarise,
    unreadable,
    worst_first,
    write_xlsx,
)
from duizhao.review.config import ReviewConfig, load_review_config

PLACEHOLDER_HEAD = "这里还有未填写的占位符“XX”"
CARRYOVER_HEAD = "班子对照检查材料缺少“上年度民主生活会整改落实情况”部分"


def levels_with(**limits) -> ReviewConfig:
    shipped = load_review_config()
    data = copy.deepcopy(shipped.data)
    data["levels"].update(limits)
    return ReviewConfig(data, dict(shipped.phrases))


def _material(builder) -> Material:
    b = builder("柳溪县水利局党组班子对照检查材料", unit="柳溪县水利局", author="王明")
    b.section("problems", "一、存在的问题")
    b.problem(None, "1、XX同志巡查记录有3次漏签，6月水库检查只看了台账。")
    b.problem(None, "2、学习不够深入，理论武装有待加强。")
    b.problem(None, "3、XX同志下乡调研次数少，全年只去了2个村。")
    b.section("causes", "二、原因剖析")
    b.cause("理想信念有所松懈，对自身要求放松。")
    b.section("measures", "三、整改措施")
    b.measure("由办公室牵头，6月底前修订会议制度。")
    return b.build()


def test_summary_row_whole(builder):
    material = _material(builder)
    result = review_material(material)
    # the review behind the row: two placeholders with one message, a generic phrase (info) and
    # three warnings (no carry-over part, a problem without an example, too few measures)
    assert [(f.rule, f.severity) for f in result.findings] == [
        ("coverage.carryover_missing", "warning"),
        ("residue.placeholder", "error"),
        ("specificity.no_example", "warning"),
        ("specificity.generic_phrase", "info"),
        ("residue.placeholder", "error"),
        ("measures.too_few", "warning"),
    ]
    row = summarise("甲.docx", material, result, copy_ratio=0.25)
    main = row.main_findings
    assert main[:2] == [f"{PLACEHOLDER_HEAD}（2 处）", CARRYOVER_HEAD]
    assert main[2].startswith("这个问题没有本单位、本人的具体事例") and main[2].endswith("属于“万能问题”")
    assert row.to_dict() == {
        "file": "甲.docx",
        "level": "需修改",
        "unit": "柳溪县水利局",
        "author": "王明",
        "kind": "班子",
        "framework": None,
        "problems": 3,
        "causes": 1,
        "measures": 1,
        "specificity": result.scores["specificity"]["material"],
        "problem_share": result.scores["problem_share"],
        "copy_ratio": 0.25,
        "errors": 1,
        "warnings": 3,
        "main_findings": main,
        "reasons": ["错误 1 条", "警告 3 条", f"见人见事具体度 {row.specificity} 分"],
        "error": "",
    }
    assert 20 <= row.specificity < 50 and 0 < row.problem_share < 1


def test_summary_row_follows_the_given_levels(builder):
    material = _material(builder)
    result = review_material(material)
    strict = levels_with(fail_errors=1, main_findings=1)
    row = summarise("甲.docx", material, result, config=strict)
    assert row.level == "不达标" and row.reasons == ["错误 1 条"]  # a failing row gives only the failing reasons
    assert row.main_findings == [f"{PLACEHOLDER_HEAD}（2 处）"]
    assert row.copy_ratio is None
    copied = summarise("甲.docx", material, result, copy_ratio=0.5)
    assert copied.level == "不达标" and copied.reasons[-1] == "复制比 50%"


def test_summary_of_a_result_without_counts_or_scores():
    row = summarise("乙.txt", Material(text="个人发言提纲", kind="personal"), ReviewResult([], {}))
    assert row.to_dict() == {
        "file": "乙.txt",
        "level": "不达标",
        "unit": None,
        "author": None,
        "kind": "个人",
        "framework": None,
        "problems": 0,
        "causes": 0,
        "measures": 0,
        "specificity": None,
        "problem_share": None,
        "copy_ratio": None,
        "errors": 0,
        "warnings": 0,
        "main_findings": [],
        "reasons": ["没有识别出查摆的问题"],
        "error": "",
    }
    nothing = ReviewResult([], {"specificity": None}, "dsh-2025", counts={"problems": 2, "causes": 0})
    row = summarise("丙.txt", Material(text="x"), nothing)
    assert (row.specificity, row.problems, row.kind, row.framework, row.level) == (
        None,
        2,
        "未识别",
        "dsh-2025",
        "基本达标",
    )


def test_kind_column_names_what_the_document_is():
    empty = ReviewResult([], {})
    assert summarise("a", Material(text="x", document_kind="speech"), empty).kind == "讲话稿"
    assert summarise("a", Material(text="x", document_kind="report"), empty).kind == "工作总结或述职报告"
    assert summarise("a", Material(text="x", document_kind="minutes"), empty).kind == "minutes"
    assert summarise("a", Material(text="x", kind="team"), empty).kind == "班子"


def test_unreadable_row():
    assert unreadable("坏.docx", "文件已损坏").to_dict() == {
        **MaterialRow(file="坏.docx", level="无法审读").to_dict(),
        "error": "文件已损坏",
        "reasons": ["文件已损坏"],
    }


def test_every_reason_for_failing():
    assert level_of(problems=0, errors=3, warnings=8, specificity=19, copy_ratio=0.55) == (
        "不达标",
        ["没有识别出查摆的问题", "错误 3 条", "警告 8 条", "见人见事具体度 19 分", "复制比 55%"],
    )


def test_every_reason_for_revising():
    assert level_of(problems=2, errors=1, warnings=3, specificity=49, copy_ratio=0.3) == (
        "需修改",
        ["错误 1 条", "警告 3 条", "见人见事具体度 49 分", "复制比 30%"],
    )


def test_each_distinct_finding_counts_once_by_its_severity():
    findings = [
        Finding("residue.placeholder", "error", "占位符“XX”", 3, 5),
        Finding("residue.placeholder", "error", "占位符“XX”", 9, 11),
        Finding("residue.placeholder", "error", "占位符“某某”", 14, 16),
        {"rule": "terms.wrong_term", "severity": "error", "message": "“四个意识”写错"},
        {"rule": "measures.vague", "severity": "info", "message": "措施空泛"},
        Finding("measures.vague", "info", "措施空泛", 30, 40),
    ]
    assert count_by_severity(findings) == {"error": 3, "warning": 0, "info": 1}


def test_worst_first_then_errors_warnings_lower_score_and_file():
    def row(file, level="需修改", errors=1, warnings=4, specificity=30):
        return MaterialRow(file=file, level=level, errors=errors, warnings=warnings, specificity=specificity)

    rows = [
        row("g", level="基本达标", errors=0, warnings=0),
        row("e", specificity=40),
        row("c"),
        row("a1", specificity=0),
        row("d", specificity=None),
        row("b", warnings=5),
        row("bb"),
        row("a", errors=2, warnings=0, specificity=60),
        row("z", level="不达标", errors=0, warnings=0, specificity=90),
        unreadable("坏.docx", "文件已损坏"),
    ]
    assert [r.file for r in worst_first(rows)] == ["坏.docx", "z", "a", "b", "d", "a1", "bb", "c", "e", "g"]


HEADERS = [
    "等级",
    "文件",
    "单位",
    "作者",
    "类别",
    "年度框架",
    "问题",
    "原因",
    "措施",
    "见人见事",
    "问题和原因占比",
    "复制比",
    "错误",
    "警告",
    "定级依据",
    "主要问题",
]
WIDTHS = [10, 30, 24, 10, 8, 12, 6, 6, 6, 9, 14, 9, 6, 6, 28, 60]


def test_xlsx_cells_and_styles(tmp_path):
    row = MaterialRow(
        file="甲.docx",
        level="需修改",
        unit="柳溪县水利局",
        kind="班子",
        problems=3,
        causes=1,
        measures=1,
        specificity=28,
        problem_share=0.71,
        errors=1,
        warnings=3,
        main_findings=["占位符“XX”（2 处）", "缺少整改落实情况部分"],
        reasons=["错误 1 条", "警告 3 条"],
    )
    out = tmp_path / "汇总.xlsx"
    write_xlsx([row], out)
    sheet = load_workbook(out).active
    assert sheet.title == "审读汇总"
    assert [c.value for c in sheet[1]] == HEADERS
    assert all(c.font.bold for c in sheet[1]) and not any(c.font.bold for c in sheet[2])
    assert [sheet.column_dimensions[chr(ord("A") + i)].width for i in range(16)] == WIDTHS
    assert [c.value for c in sheet[2]] == [
        "需修改",
        "甲.docx",
        "柳溪县水利局",
        None,  # no author: an empty cell
        "班子",
        "未识别",
        3,
        1,
        1,
        28,
        0.71,
        None,  # no copy ratio
        1,
        3,
        "错误 1 条；警告 3 条",
        "占位符“XX”（2 处）\n缺少整改落实情况部分",
    ]
    formats = {c.column_letter: c.number_format for c in sheet[2]}
    assert formats["K"] == "0%"  # 问题和原因占比
    assert formats["L"] == "General"  # 复制比 left empty
    assert {letter for letter, f in formats.items() if f != "General"} == {"K"}
    wrapped = {c.column_letter for c in sheet[2] if c.alignment.wrap_text}
    assert wrapped == {"P"} and sheet["P2"].alignment.vertical == "top" and sheet["O2"].alignment.vertical is None
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:P2"


def test_xlsx_error_row_and_empty_sheet(tmp_path):
    out = tmp_path / "汇总.xlsx"
    write_xlsx([unreadable("坏.docx", "文件已损坏")], out)
    sheet = load_workbook(out).active
    assert sheet["A2"].value == "无法审读" and sheet["P2"].value == "文件已损坏" and sheet["O2"].value == "文件已损坏"
    assert sheet["F2"].value == "未识别" and sheet["C2"].value is None
    write_xlsx([], out)
    sheet = load_workbook(out).active
    assert sheet.max_row == 1 and sheet.auto_filter.ref == "A1:P2"


def test_level_from_a_stored_review():
    errors = [{"rule": "residue.placeholder", "severity": "error", "message": f"占位符{n}"} for n in range(3)]
    scores = {"specificity": {"material": 80}}
    assert level_from_review({"counts": {"problems": 3}, "findings": [], "scores": scores}) == "基本达标"
    assert level_from_review({"counts": {"problems": 3}, "findings": errors[:1], "scores": scores}) == "需修改"
    assert level_from_review({"counts": {"problems": 3}, "findings": errors, "scores": scores}) == "不达标"
    assert level_from_review({"problems": 3, "scores": {"specificity": {"material": 19}}}) == "不达标"
    assert level_from_review({"problems": 3, "scores": {"specificity": {"material": 49}}}) == "需修改"
    assert level_from_review({"problems": 3, "findings": None, "scores": None, "counts": None}) == "基本达标"
    assert level_from_review({"counts": {}, "problems": 3}) == "基本达标"
    assert level_from_review({"counts": {"problems": 3}, "problems": 0}) == "基本达标"
    assert level_from_review({"counts": {"problems": 0}, "problems": 3}) == "不达标"
    assert level_from_review({}) == "不达标"
    strict = levels_with(revise_below_specificity=81)
    assert level_from_review({"problems": 3, "scores": scores}, strict) == "需修改"
