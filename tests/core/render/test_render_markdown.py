"""Markdown output: title lines as `#`, headings one level deeper, run-in headings as written."""

from render_support import RUN_IN_HEAD, build_material

from duizhao.render.markdown import render_markdown
from duizhao.render.output import format_for, material_json


def test_markdown_outline(small_material):
    lines = render_markdown(small_material).split("\n\n")
    assert lines[0] == "# 青川县自然资源局党组领导班子"
    assert lines[1] == "# 2025年度民主生活会对照检查材料"
    assert lines[2] == "（2025年12月26日）"
    assert "## 一、存在的主要问题" in lines
    assert f"{RUN_IN_HEAD}一是学习存在“以传达代学习”现象，8次只宣读原文。" in lines
    assert "#### 1.具体表现" in lines
    assert "##### （1）卫片执法图斑整改进度排全市第7位" in lines


def test_markdown_keeps_placeholders_and_escapes_line_starts():
    material = build_material(
        [("title", 0, "材料"), ("paragraph", 0, "*单位征求意见**条"), ("paragraph", 0, "#号开头的一行")]
    )
    text = render_markdown(material)
    assert "*单位征求意见**条" in text  # placeholders stay as written
    assert "\\#号开头的一行" in text


def test_json_is_the_material_dict(small_material):
    import json

    data = json.loads(material_json(small_material))
    assert data["blocks"][0]["text"] == "青川县自然资源局党组领导班子"
    assert "framework" in data and "framework_id" not in data


def test_format_from_suffix():
    assert format_for("a.PDF") == "pdf" and format_for("a.md") == "md" and format_for("a.json") == "json"
    assert format_for("a.docx") == "docx" and format_for("a") == "docx"
    assert format_for("a.docx", "md") == "md"
