"""A unit's own framework files are read while the workbench runs: a new or edited file shows
without a restart, and a broken one is named on the page instead of breaking it."""

import pytest

UNIT_FRAMEWORK = """
id = "unit-2026"
year = 2026
meeting_kind = "democratic_life"
meeting_type = "annual"
title = "2026年度本单位自定民主生活会"
theme = "本单位自定主题"

[[aspects]]
id = "first"
short_name = "{short_name}"
wording = "第一个方面的表述"
"""


@pytest.fixture
def unit_frameworks(tmp_path, monkeypatch):
    folder = tmp_path / "frameworks"
    folder.mkdir()
    monkeypatch.setenv("DUIZHAO_FRAMEWORKS", str(folder))
    return folder


def test_a_new_and_then_edited_unit_file_is_used_without_a_restart(unit_frameworks, team, users, login):
    from duizhao.web.workbench import services

    client = login(users["clerk"])
    assert services.framework_by_id("unit-2026") is None
    path = unit_frameworks / "unit-2026.toml"
    path.write_text(UNIT_FRAMEWORK.format(short_name="学习"), encoding="utf-8")
    page = client.get(f"/teams/{team.pk}/meetings/new/").content.decode()
    assert "2026年度本单位自定民主生活会" in page
    assert services.framework_by_id("unit-2026").aspects[0].short_name == "学习"
    path.write_text(UNIT_FRAMEWORK.format(short_name="学习改"), encoding="utf-8")
    assert services.framework_by_id("unit-2026").aspects[0].short_name == "学习改"
    path.unlink()
    assert services.framework_by_id("unit-2026") is None


def test_a_broken_unit_file_is_named_and_the_others_still_work(unit_frameworks, team, users, login):
    (unit_frameworks / "坏框架.toml").write_text('id = "x"\nyear = "不是年份"\n', encoding="utf-8")
    (unit_frameworks / "unit-2026.toml").write_text(UNIT_FRAMEWORK.format(short_name="学习"), encoding="utf-8")
    client = login(users["clerk"])
    response = client.get(f"/teams/{team.pk}/meetings/new/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "年度框架文件有误，已跳过：坏框架.toml" in page
    assert "2026年度本单位自定民主生活会" in page and "2024年度民主生活会" in page
    assert client.get(f"/teams/{team.pk}/").status_code == 200
