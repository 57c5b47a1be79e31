"""review_material's own decisions, pinned: the notes it writes about the review itself (no
framework, an unknown one, a year not stated, the other kind of meeting in the title, problems
read from enumerated items or none found, a document that is no material), when it leaves the
aspects unchecked, the merged places of one thing, to_dict's shape, and that a unit's edited
framework file is read again. Materials are built here (a fictional unit)."""

from __future__ import annotations

from duizhao.frameworks import get_framework
from duizhao.model import Finding, Material
from duizhao.review import merge_places, review_material
from duizhao.review.config import load_review_config

TITLE = "柳溪县水利局党组2025年度民主生活会对照检查材料"
NO_FRAMEWORK = "未套用年度框架：未识别出年度框架。未检查各方面的覆盖情况（可用 --framework 指定）。"
ENUMERATED = "一是理论学习不够深入，今年3月中心组只集中学习了2次。\n二是调查研究不够扎实，下乡调研全年只去了4个村。\n"


def _material(builder, title: str = TITLE, **fields) -> Material:
    b = builder(title, unit="柳溪县水利局", **fields)
    b.section("problems", "一、存在的问题")
    b.problem(None, "1、XX同志巡查记录有3次漏签，6月水库检查只看了台账。")
    b.problem(None, "2、XX同志下乡调研全年只去了4个村，调研报告照搬上年内容。")
    b.section("measures", "二、整改措施")
    b.measure("由办公室牵头，6月底前修订巡查制度。")
    b.measure("由分管领导负责，9月底前走遍全县12个村。")
    return b.build()


def test_merged_finding_keeps_the_first_place_and_data_and_lists_every_place():
    first = Finding("residue.placeholder", "error", "占位符“XX”", 27, 29, {"placeholder": "XX"})
    other = Finding("terms.wrong_term", "error", "“四个意识”写错", 30, 34)
    second = Finding("residue.placeholder", "error", "占位符“XX”", 42, 44, {"placeholder": "XX"})
    assert merge_places([first, other, second]) == [
        Finding(
            "residue.placeholder", "error", "占位符“XX”", 27, 29, {"placeholder": "XX", "places": [[27, 29], [42, 44]]}
        ),
        Finding("terms.wrong_term", "error", "“四个意识”写错", 30, 34, {"places": [[30, 34]]}),
    ]
    assert first.data == {"placeholder": "XX"}  # the caller's finding is left as it was


def test_to_dict_shape(builder):
    material = _material(builder)
    result = review_material(material, "dsh-2025")
    as_dict = result.to_dict()
    assert list(as_dict) == ["framework", "findings", "scores", "counts", "notes"]
    assert as_dict["framework"] == result.framework_id == "dsh-2025"
    assert as_dict["scores"] is result.scores and as_dict["counts"] is result.counts
    assert as_dict["notes"] is result.notes
    (placeholder,) = [f for f in as_dict["findings"] if f["rule"] == "residue.placeholder"]
    starts = [f.start for f in result.by_rule("residue.placeholder")]
    assert placeholder["places"] == [[start, start + 2] for start in starts] and len(starts) == 2
    assert "places" not in placeholder["data"]


def test_no_framework_note_with_and_without_the_parsers_reason(builder):
    assert review_material(_material(builder)).notes == [NO_FRAMEWORK]
    result = review_material(_material(builder, framework_reason="标题和正文都没有写明年度。"))
    assert result.notes == [
        "未套用年度框架：标题和正文都没有写明年度。未检查各方面的覆盖情况（可用 --framework 指定）。"
    ]
    assert result.framework_id is None


def test_a_detected_framework_that_does_not_exist_is_a_note(builder):
    result = review_material(_material(builder, framework_id="dsh-1900", year=2025))
    assert result.notes == ["没有年度框架“dsh-1900”，未检查各方面的覆盖情况。"]
    assert result.framework_id is None and not result.by_rule("coverage.aspect_missing")


def test_a_detected_framework_with_the_year_stated_is_checked(builder):
    result = review_material(_material(builder, framework_id="dsh-2025", year=2025))
    assert result.notes == [] and result.framework_id == "dsh-2025"
    assert result.by_rule("coverage.aspect_missing")


def test_a_detected_framework_without_a_year_is_not_checked(builder):
    material = _material(builder, "柳溪县水利局党组民主生活会对照检查材料", framework_id="dsh-2025")
    result = review_material(material)
    assert result.notes == [
        "材料没有写明年度，框架“2025年度民主生活会”是按方面名称推测的，未检查各方面的覆盖情况（可用 --framework 指定年度框架）。"
    ]
    assert not result.by_rule("coverage.aspect_missing")
    assert review_material(material, "dsh-2025").by_rule("coverage.aspect_missing")  # asked for: checked


def test_the_year_is_read_from_the_first_line_when_the_parser_found_no_title(builder):
    material = _material(builder, framework_id="dsh-2025")
    material.title = None
    result = review_material(material)
    assert result.notes == [] and result.by_rule("coverage.aspect_missing")


def test_the_title_naming_the_other_kind_of_meeting_leaves_aspects_unchecked(builder):
    material = _material(builder, framework_id="osh-2025", year=2025)  # the title says 民主生活会
    result = review_material(material)
    assert result.notes == [
        "材料标题写的是民主生活会，自动识别出的框架却是“2025年度组织生活会”，未检查各方面的覆盖情况（可用 --framework 指定年度框架）。"
    ]
    assert not result.by_rule("coverage.aspect_missing")
    dsh = _material(builder, "柳溪县水利局党组2025年度组织生活会对照检查材料", framework_id="dsh-2025", year=2025)
    dsh.title = None  # read from the first line
    assert review_material(dsh).notes == [
        "材料标题写的是组织生活会，自动识别出的框架却是“2025年度民主生活会”，未检查各方面的覆盖情况（可用 --framework 指定年度框架）。"
    ]


def test_a_title_naming_no_meeting_or_both_is_no_contradiction(builder):
    for title in ("柳溪县水利局党组2025年度对照检查材料", "柳溪县水利局党组2025年度民主生活会暨组织生活会对照检查材料"):
        result = review_material(_material(builder, title, framework_id="osh-2025", year=2025))
        assert result.notes == [] and result.by_rule("coverage.aspect_missing"), title


def test_problems_read_from_enumerated_items(builder):
    fallback = load_review_config().data["fallback"]
    for as_material in (True, False):
        material = Material(text=f"{TITLE}\n{ENUMERATED}", title=TITLE, kind="team", year=2025)
        result = review_material(material, "dsh-2025", as_material=as_material)
        assert result.counts["problems"] == 2 and result.counts["problems_from"] == "enumeration"
        assert material.problems == []  # the caller's material is left as parsed
        skipped = "、".join(fallback["needs_structure"])
        assert result.notes == [fallback["note_found"].format(count=2, skipped=skipped)]
        assert "measures.too_few" in skipped and not result.by_rule("measures.too_few")
        assert result.by_rule("residue.year_mismatch") == [] and result.framework_id == "dsh-2025"


def test_the_first_line_decides_whether_items_are_read_as_problems():
    # later lines may name a 制度 or a 方案; only the first (the title) says what the text is
    text = f"\n{TITLE}\n一是会议制度执行不够严格，今年有3次会议没有记录。\n二是整改方案落实不够扎实，6月检查发现2项未完成。\n"
    result = review_material(Material(text=text, kind="team"), "dsh-2025")
    assert result.counts["problems"] == 2 and result.counts["problems_from"] == "enumeration"
    notice = "\n柳溪县水利局关于开展2025年度民主生活会的通知" + text  # the first line after a blank one
    result = review_material(Material(text=notice, kind="team"), "dsh-2025")
    assert result.counts["problems"] == 0 and result.counts["problems_from"] is None


def test_no_problem_found_says_which_checks_could_not_run():
    note_none = load_review_config().data["fallback"]["note_none"]
    text = f"{TITLE}\n今年以来，局党组认真落实各项工作。\n"
    own = "coverage.aspect_missing、specificity.no_example、specificity.generic_phrase、problems.achievement、problems.self_praise"
    as_material = review_material(Material(text=text, title=TITLE, kind="team"))
    assert as_material.counts["problems_from"] is None
    assert as_material.notes == [NO_FRAMEWORK, note_none.format(skipped=f"{own}、measures.too_few")]
    in_a_batch = review_material(Material(text=text, title=TITLE, kind="team"), as_material=False)
    needs_problems = (
        "causes.objective_only、causes.restates_problem、measures.too_few、measures.aspect_unanswered、measures.vague"
    )
    assert in_a_batch.notes == [NO_FRAMEWORK, note_none.format(skipped=f"{own}、{needs_problems}")]


def test_a_document_that_is_no_material_gets_the_document_rules_and_a_note(builder):
    speech = _material(builder, "在全局干部大会上的讲话", document_kind="speech", document_kind_reason="标题有“讲话”。")
    result = review_material(speech, "dsh-2025", as_material=False)
    assert result.notes == [
        "这份文件是讲话稿，不是对照检查材料（依据：标题有“讲话”）：只检查了占位符、网站标记、术语和文中列出的问题本身，"
        "没有按对照检查材料的结构审读（方面覆盖、上年度整改、原因、措施、问题和原因占比、开头的条数）。"
    ]
    assert {f.rule for f in result.findings} == {"residue.placeholder"}
    as_material = review_material(speech, "dsh-2025")
    assert as_material.notes == [] and as_material.by_rule("coverage.aspect_missing")


UNIT_FRAMEWORK = """
id = "unit-2026"
year = 2026
meeting_kind = "democratic_life"
meeting_type = "annual"
title = "2026年度民主生活会（本单位试用）"
theme = "示例主题"

[[aspects]]
id = "green_water"
short_name = "{name}"
wording = "带头守护绿水青山"

[[aspects]]
id = "frugality"
short_name = "勤俭节约"
wording = "带头勤俭节约"
"""


def test_an_edited_unit_framework_is_read_again(builder, tmp_path, monkeypatch):
    monkeypatch.setenv("DUIZHAO_FRAMEWORKS", str(tmp_path))
    path = tmp_path / "unit-2026.toml"
    material = _material(builder)

    def aspects_named() -> str:
        return " ".join(f.message for f in review_material(material, "unit-2026").by_rule("coverage.aspect_missing"))

    path.write_text(UNIT_FRAMEWORK.replace("{name}", "生态保护"), encoding="utf-8")
    assert "生态保护" in aspects_named() and get_framework("unit-2026").aspects[0].short_name == "生态保护"
    path.write_text(UNIT_FRAMEWORK.replace("{name}", "守护生态环境"), encoding="utf-8")
    named = aspects_named()
    assert "守护生态环境" in named and "生态保护" not in named
