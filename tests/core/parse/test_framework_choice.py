"""The year framework comes from what the text says about itself (year, campaign), never from a
neighbouring year; texts written for these tests (fictional units)."""

import tomllib
from pathlib import Path

import pytest

from duizhao.parse import parse_material, parse_text
from duizhao.review import review_material

BODY = "\n一、存在的问题\n（一）理论学习方面\n一是学习不够系统，满足于读原文。\n二、原因分析\n一是放松了主观世界改造。\n三、整改措施\n一是每周集中学习一次。"

CASES = [
    # (title, opening, framework, year)
    ("青石县水务局党组2024年度民主生活会对照检查材料", "按照县委通知要求，班子认真查摆问题。", "dsh-2024", 2024),
    ("党纪学习教育个人对照检查材料", "本人对照六项纪律查摆问题如下。", "dsh-2024", 2024),
    ("某小学党支部党纪学习教育专题组织生活会对照检查材料", "支部委员会查摆问题如下。", "osh-2024", 2024),
    ("关于“四风”问题的对照检查材料", "按照党的群众路线教育实践活动要求，本人查摆如下。", None, None),
    ("某局领导班子“三严三实”专题民主生活会对照检查材料", "按照要求，班子查摆如下。", None, 2015),
    ("个人对照检查材料", "按照“两学一做”学习教育专题组织生活会要求，本人查摆如下。", None, None),
    ("个人发言提纲", "根据2018年度民主生活会的要求，本人查摆如下。", None, 2018),
    ("个人对照检查材料", "按照主题教育专题民主生活会要求，本人查摆如下。", "dsh-2023", 2023),
    ("2016年度组织生活会个人对照检查材料", "按照支部安排，本人查摆如下。", None, 2016),
    ("2020年度组织生活会个人对照检查材料", "按照支部安排，本人查摆如下。", None, 2020),
    ("某局党组2020年度民主生活会对照检查材料", "按照要求，班子查摆如下。", "dsh-2020", 2020),
    ("某中学党支部2021年度组织生活会对照检查材料", "按照要求，支部查摆如下。", None, 2021),
    ("白沙镇党委班子对照检查材料", "按照深入贯彻中央八项规定精神学习教育要求，班子查摆如下。", "dsh-2025", 2025),
    ("个人对照检查材料", "按照“不忘初心、牢记使命”主题教育专题民主生活会要求，本人查摆如下。", "dsh-2019", 2019),
]


@pytest.mark.parametrize("title,opening,framework,year", CASES)
def test_framework_from_year_or_campaign(title, opening, framework, year):
    material = parse_text(f"{title}\n{opening}{BODY}")
    assert material.framework_id == framework, material.framework_reason
    assert material.year == year
    assert material.framework_reason


def test_earlier_years_and_campaigns_in_passing_do_not_date_the_material():
    text = (
        "南湖区卫健局党组2022年度民主生活会班子对照检查材料\n"
        "2021年以来，班子巩固拓展党史学习教育成果，对照党史学习教育专题民主生活会整改落实情况逐项梳理。" + BODY
    )
    material = parse_text(text)
    assert material.year == 2022 and material.framework_id == "dsh-2022"


def test_a_year_without_framework_gets_no_neighbouring_year_and_review_says_why():
    text = "某县统计局党组2018年度民主生活会对照检查材料\n按照要求，班子查摆如下。\n一、存在的问题\n（一）政治忠诚方面\n一是学习不够。\n（二）担当作为方面\n一是干劲不足。"
    material = parse_text(text)
    assert material.framework_id is None and "2018" in material.framework_reason
    assert "没有该年度" in material.framework_reason
    result = review_material(material)
    assert not [f for f in result.findings if f.rule.startswith("coverage.aspect")]
    assert any("2018" in note and "未检查各方面的覆盖情况" in note for note in result.notes)


def test_user_choice_wins():
    material = parse_text("关于“四风”问题的对照检查材料" + BODY, framework_id="dsh-2023")
    assert material.framework_id == "dsh-2023" and material.framework_reason == "由使用者指定"


HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parents[3] / "shared" / "samples"
LABELS = tomllib.loads((HERE / "labels" / "meta.toml").read_text("utf-8"))["samples"]
# No year named, the aspect headings name a framework of the same meeting clearly, and we report it
# (labelled "none"): github/003, 004 (templates). github/001 (a 组织生活会 material) and 029 (a
# procedure) were read with another meeting's framework; a guess across meeting kinds is none now.
KNOWN_MISSES = {"github/003.txt", "github/004.txt"}


@pytest.mark.parametrize("name", sorted(set(LABELS) - KNOWN_MISSES))
def test_shared_samples(name):
    if not (SAMPLES / name).is_file():
        pytest.skip("shared samples not present")
    material = parse_material(SAMPLES / name)
    assert (material.framework_id or "none") == LABELS[name]["framework"], material.framework_reason


def test_a_year_named_as_a_starting_point_names_no_year():
    text = (
        "个人对照检查材料\n对照2021年以来召开的历次民主生活会查摆的问题，2018年度以来的整改情况，本人查摆如下。" + BODY
    )
    material = parse_text(text)
    assert material.year is None and "没有写明年度" in material.framework_reason


def _yearless(headings: list[str]) -> str:
    parts = "\n".join(f"{h}\n一是学习不够系统，满足于读原文，研讨发言联系实际少。" for h in headings)
    return f"个人对照检查材料\n按照本次民主生活会要求，本人查摆如下。\n一、存在的问题\n{parts}\n二、原因分析\n一是放松了主观世界改造。\n三、整改措施\n一是每周集中学习一次。"


def test_yearless_short_aspect_names_recurring_across_years_pick_no_framework():
    """政治忠诚, 担当作为, 廉洁自律 are short names several years share: with no year in the text
    they do not single one framework out (campaigns.toml yearless_min_coverage), so none, and why."""
    material = parse_text(_yearless(["（一）政治忠诚方面", "（二）担当作为方面", "（三）廉洁自律方面"]))
    assert material.framework_id is None
    assert "不足以确定年度" in material.framework_reason


def test_yearless_text_naming_most_aspects_of_one_framework_gets_it():
    headings = [
        "（一）在带头强化政治忠诚、提高政治能力方面",
        "（二）在带头固本培元、增强党性方面",
        "（三）在带头敬畏人民、敬畏组织、敬畏法纪方面",
        "（四）在带头干事创业、担当作为方面",
    ]
    material = parse_text(_yearless(headings))
    assert material.framework_id == "dsh-2025", material.framework_reason
    assert "按方面标题识别" in material.framework_reason


def test_yearless_excerpt_quoting_one_aspect_in_full_gets_that_framework():
    """One aspect's own long wording is a quotation of that year's notice, not a short name."""
    material = parse_text(_yearless(["（一）在思想觉悟、能力素质、道德修养、作风形象方面找差距"]))
    assert material.framework_id == "dsh-2019", material.framework_reason
