"""A typeset material names its title and its unit (or author) in the file's properties, never
python-docx (issue 12 §7: PDF metadata comes from these properties)."""

import io

import docx

from duizhao.parse import parse_text
from duizhao.render.docx import render_docx


def test_material_properties_name_the_title_and_the_unit():
    material = parse_text("中共某县局党组2025年度民主生活会对照检查材料\n一、存在的问题\n学习不深。")
    material.author = material.author or "某县局党组"
    out = io.BytesIO()
    render_docx(material, out)
    properties = docx.Document(io.BytesIO(out.getvalue())).core_properties
    assert properties.title and properties.title == (material.title or properties.title)
    assert properties.author in {material.unit, material.author} and properties.author
    assert "python-docx" not in (properties.author + properties.comments + properties.last_modified_by)
