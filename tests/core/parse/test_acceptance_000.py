"""The whole 2023 team material sold by a template site (shared/samples/000_*)."""

import pytest

from duizhao.parse import parse_material

OFFICIAL_ORDER = ["理论学习", "政治素质", "能力本领", "担当作为", "工作作风", "廉洁自律"]


@pytest.fixture(scope="module")
def material(samples):
    return parse_material(samples / "000_edabf4a0fb341e20.txt")


def test_framework_kind_and_year(material):
    assert material.framework_id == "dsh-2023"
    assert material.kind == "team"
    assert material.year == 2023
    assert material.title.endswith("对照检查材料")


def test_twelve_problems_two_per_aspect_in_official_order(material):
    aspects = [p.aspect for p in material.problems]
    assert aspects == [name for name in OFFICIAL_ORDER for _ in range(2)]
    assert material.problems[0].summary == "理论学习的深度不足"
    for problem in material.problems:
        assert material.text[problem.start : problem.end] == problem.text
        assert problem.text.startswith(("一是", "二是"))


def test_causes_and_measures(material):
    assert len(material.causes) == 4
    assert [c.text[:2] for c in material.causes] == ["一是", "二是", "三是", "四是"]
    assert len(material.measures) == 3
    assert [m.summary for m in material.measures] == ["强化理论武装", "压实党建责任", "聚焦主责主业"]
    third = material.measures[2]
    assert [item.text[:2] for item in third.items] == ["一是", "二是", "三是"]
    assert not material.measures[0].items


def test_all_stars_are_placeholders(material, samples):
    raw = (samples / "000_edabf4a0fb341e20.txt").read_text("utf-8")
    assert raw.count("*") == 31
    stars = [p for p in material.placeholders if set(p.text) == {"*"}]
    assert sum(len(p.text) for p in stars) == 31
    for p in material.placeholders:
        assert material.text[p.start : p.end] == p.text
    assert not any("某些" in p.text for p in material.placeholders)


def test_paywall_markers_removed_and_reported(material, samples):
    raw = (samples / "000_edabf4a0fb341e20.txt").read_text("utf-8")
    markers = [r for r in material.removed if r.kind == "paywall_marker"]
    assert [r.text for r in markers] == ["##paidbegin##", "##paidend##"]
    for removal in markers:
        assert raw[removal.raw_offset : removal.raw_offset + len(removal.text)] == removal.text
        assert removal.description
    assert "##" not in material.text
    assert "领头作用" in material.text


def test_counts_and_sections(material):
    assert [s.kind for s in material.sections] == ["preamble", "problems", "causes", "measures"]
    opinions = [c for c in material.counts if c.kind == "opinions"]
    assert opinions and opinions[0].is_placeholder and opinions[0].value is None


def test_run_in_heading_blocks(material):
    headings = [b for b in material.blocks if b.kind == "heading" and b.level == 2]
    first = headings[0]
    assert first.text[: first.run_in] == "（一）在“理论学习”方面。"
    assert material.blocks[0].kind == "title"
