"""The shipped frameworks, user framework files, and aspect matching."""

import pytest

from duizhao.errors import InputError
from duizhao.frameworks import AspectMatcher, get_framework, load_frameworks
from duizhao.parse import parse_text

EXPECTED_IDS = {f"dsh-{y}" for y in range(2019, 2026)} | {"osh-2019", "osh-2023", "osh-2024", "osh-2025"}


def test_shipped_frameworks():
    frameworks = {f.id: f for f in load_frameworks()}
    assert set(frameworks) >= EXPECTED_IDS
    for framework in frameworks.values():
        assert framework.aspects and framework.theme and framework.sources
        assert len({a.id for a in framework.aspects}) == len(framework.aspects)
        for aspect in framework.aspects:
            assert aspect.id.isascii() and aspect.id == aspect.id.lower()
            assert aspect.wording and aspect.short_name


def test_known_aspects_and_unverified_flags():
    assert [a.short_name for a in get_framework("dsh-2023").aspects] == [
        "理论学习",
        "政治素质",
        "能力本领",
        "担当作为",
        "工作作风",
        "廉洁自律",
    ]
    assert len(get_framework("dsh-2025").aspects) == 5
    assert get_framework("dsh-2025").aspects[0].wording == "带头强化政治忠诚、提高政治能力"
    assert [a.unverified for a in get_framework("dsh-2021").aspects] == [False, False, True, True, True, True]
    assert [a.unverified for a in get_framework("dsh-2022").aspects] == [False, True, True, True, False, False]
    assert [a.unverified for a in get_framework("dsh-2020").aspects] == [False, False, False, True, False]
    assert [a.short_name for a in get_framework("osh-2024").aspects] == [
        "政治纪律",
        "组织纪律",
        "廉洁纪律",
        "群众纪律",
        "工作纪律",
        "生活纪律",
    ]
    assert len(get_framework("osh-2019").aspects) == 3 and len(get_framework("osh-2023").aspects) == 4
    assert get_framework("dsh-2021").theme_unverified and not get_framework("dsh-2024").theme_unverified


def test_unknown_id_is_an_input_error():
    with pytest.raises(InputError):
        get_framework("dsh-1999")


USER_FRAMEWORK = """
id = "unit-2026"
year = 2026
meeting_kind = "democratic_life"
meeting_type = "annual"
title = "2026年度民主生活会（本单位试用）"
theme = "示例主题"

[[aspects]]
id = "green_water"
short_name = "生态保护"
wording = "带头守护绿水青山"
aliases = ["绿水青山"]

[[aspects]]
id = "frugality"
short_name = "勤俭节约"
wording = "带头勤俭节约"
"""


@pytest.mark.parametrize("variable", ["DUIZHAO_FRAMEWORKS", "DUIZHAO_DATA_DIR"])
def test_user_framework_file_without_code(tmp_path, monkeypatch, variable):
    folder = tmp_path / "frameworks" if variable == "DUIZHAO_DATA_DIR" else tmp_path
    folder.mkdir(exist_ok=True)
    (folder / "unit-2026.toml").write_text(USER_FRAMEWORK, encoding="utf-8")
    monkeypatch.setenv(variable, str(tmp_path))
    framework = get_framework("unit-2026")
    assert [a.short_name for a in framework.aspects] == ["生态保护", "勤俭节约"]
    text = "某局党组班子2026年度民主生活会对照检查材料\n一、存在的问题\n（一）在守护绿水青山方面。一是巡查不勤。\n（二）勤俭节约方面。一是会议偏多。\n"
    material = parse_text(text)
    assert material.framework_id == "unit-2026"
    assert [p.aspect for p in material.problems] == ["生态保护", "勤俭节约"]


def test_broken_user_file_is_an_input_error(tmp_path, monkeypatch):
    (tmp_path / "bad.toml").write_text('id = "x"\n', encoding="utf-8")
    monkeypatch.setenv("DUIZHAO_FRAMEWORKS", str(tmp_path))
    with pytest.raises(InputError):
        load_frameworks()


def test_matcher_ignores_punctuation_and_quotes():
    matcher = AspectMatcher(load_frameworks())
    aspect = matcher.best_aspect('(一)带头深刻领悟"两个确立"的决定性意义,增强"四个意识"方面', "dsh-2022")
    assert aspect.id == "two_establishments"
    assert matcher.best_aspect("在“理论学习”方面", "dsh-2023").id == "theory_study"
    assert matcher.best_aspect("关于担当作为方面，主要是", "dsh-2023").id == "responsibility"
    assert matcher.best_aspect("（三）在后勤保障方面", "dsh-2023") is None
