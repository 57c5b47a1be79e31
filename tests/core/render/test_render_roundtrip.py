"""parse(render(material)) gives back the same structure, through .docx and through .md, on the
real seed and on the bundled examples."""

from __future__ import annotations

import re

import pytest
from render_support import SEED

from duizhao.parse import parse_material
from duizhao.render.docx import render_docx
from duizhao.render.examples import example_paths
from duizhao.render.markdown import render_markdown

SOURCES = [SEED, *example_paths()]


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def structure(material) -> dict:
    return {
        "title": _squeeze(material.title),
        "kind": material.kind,
        "framework": material.framework_id,
        "problems": [(p.aspect_id, _squeeze(p.text)) for p in material.problems],
        "causes": [_squeeze(c.text) for c in material.causes],
        "measures": [_squeeze(m.text) for m in material.measures],
        "counts": [(c.kind, c.value) for c in material.counts],
        "headings": [(b.level, _squeeze(b.text[: b.run_in or None])) for b in material.blocks if b.kind == "heading"],
    }


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_roundtrip_through_docx(source, tmp_path):
    original = parse_material(source)
    assert original.problems and original.measures  # the comparison is about something
    out = tmp_path / "material.docx"
    render_docx(original, out)
    assert structure(parse_material(out)) == structure(original)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_roundtrip_through_markdown(source, tmp_path):
    original = parse_material(source)
    out = tmp_path / "material.md"
    out.write_text(render_markdown(original), encoding="utf-8")
    assert structure(parse_material(out)) == structure(original)
