"""Properties on arbitrary text: the review and the HTML page never fail, spans stay inside the
text, and no markup from the text survives into the page."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from duizhao.model import Annotation, Material, Problem
from duizhao.render.html import render_html
from duizhao.review import review_material
from duizhao.review.criticism import assess_criticism_list

PIECES = st.sampled_from(
    [
        "希望",
        "有的同志",
        "工作太拼",
        "例如，",
        "3个",
        "2024年度民主生活会",
        "《办法》",
        "“",
        "”",
        "\n",
        "取得了显著成效",
        "<script>",
        "&amp;",
        "*",
        "XX",
        "红山区交通局班子",
        "。",
        "，",
        "但",
        "做到“两个确立”",
    ]
)
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=30).map("".join)


@settings(max_examples=60, deadline=None)
@given(TEXTS)
def test_criticism_list_spans_stay_inside(text):
    for finding in assess_criticism_list(text):
        assert 0 <= finding.start <= finding.end <= len(text)


@settings(max_examples=60, deadline=None)
@given(TEXTS, st.integers(min_value=0, max_value=40))
def test_review_of_any_text_runs(text, cut):
    cut = min(cut, len(text))
    material = Material(text=text, title=text[:10], problems=[Problem(text[cut:], cut, len(text))] if text else [])
    result = review_material(material)
    for finding in result.findings:
        assert 0 <= finding.start <= finding.end <= len(text)


@settings(max_examples=60, deadline=None)
@given(TEXTS, st.lists(st.tuples(st.integers(-5, 60), st.integers(-5, 60), st.text(max_size=8)), max_size=6))
def test_page_escapes_everything(text, spans):
    annotations = [Annotation(a, b, remark) for a, b, remark in spans]
    page = render_html(Material(text=text), annotations, title=text[:8] or "x")
    body = page.split("<body>", 1)[1]
    assert "<script" not in body.lower()
    assert body.count("<mark") == body.count("</mark>")
