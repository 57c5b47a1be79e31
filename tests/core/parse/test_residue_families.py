"""Residue a template site leaves: compilation markers are site markers (review:
residue.template_site), not blanks to fill; names replaced by letters and dates with dropped
digits are blanks. Texts written for these tests."""

import pytest

from duizhao.parse import parse_text
from duizhao.parse.placeholders import find_placeholders
from duizhao.review import review_material


@pytest.mark.parametrize(
    "text,blanks",
    [
        ("组长：x 成员：xx、x、xxx", ["x", "xx", "x", "xxx"]),
        ("由x同志牵头。", ["x"]),
        ("于201年3月日召开专题民主生活会。", ["201", "日"]),
        ("青竹乡党委\n2024年 月 日", ["年 月 日"]),
        ("【待补】", ["【待补】"]),
    ],
)
def test_blanks(text, blanks):
    assert [p.text for p in find_placeholders(text)] == blanks


@pytest.mark.parametrize(
    "text",
    [
        "2019年3月1日召开。2018年以来，本人……",
        "在Linux系统和box中",
        "共计3.201年均",
        "【精选5篇】",
        "【范文】",
        "每月日常检查",
    ],
)
def test_not_blanks(text):
    assert find_placeholders(text) == []


PAGE = """2024年度民主生活会个人对照检查材料【精选5篇】
篇一：
按照要求，本人认真查摆问题，现报告如下。
一、存在的问题
（一）带头严守政治纪律和政治规矩方面
一是学习不深，2024年3月以来仅参加集中学习4次，自学笔记不足2000字。
二、整改措施
一是每月自学不少于4次，年底前完成。
"""


def test_compilation_markers_are_site_residue_not_blanks():
    material = parse_text(PAGE)
    assert not [p for p in material.placeholders if "篇" in p.text]
    result = review_material(material)
    site = [f for f in result.findings if f.rule == "residue.template_site"]
    assert {material.text[f.start : f.end] for f in site} >= {"【精选5篇】", "篇一："}
    assert not [
        f for f in result.findings if f.rule == "residue.placeholder" and "篇" in material.text[f.start : f.end]
    ]
