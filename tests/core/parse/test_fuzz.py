"""parse_text never raises and every span stays inside the text, whatever the input."""

from hypothesis import given, settings
from hypothesis import strategies as st

from duizhao.parse import parse_text

PIECES = st.sampled_from(
    [
        "一、",
        "（一）",
        "(二)",
        "1.",
        "2、",
        "（3）",
        "一是",
        "二是",
        "。",
        "：",
        "\n",
        " ",
        "##paidbegin##",
        "*",
        "XX",
        "某某",
        "【待补】",
        "存在的问题",
        "原因分析",
        "整改措施",
        "理论学习",
        "政治忠诚",
        "方面",
        "2025年度",
        "民主生活会",
        "&nbsp;",
        "当前位置：首页 > a > b",
        "\ufffd",
        "發(fā)",
        "m.abc.cn",
        "，",
        "班子",
        "本人",
        "\r\n",
        "\t",
        "### ",
    ]
)
TEXTS = st.one_of(st.text(max_size=400), st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=80).map("".join))


@settings(max_examples=200, deadline=2000)
@given(TEXTS)
def test_parse_text_is_total_and_spans_fit(text):
    material = parse_text(text)
    n = len(material.text)
    items = [*material.blocks, *material.problems, *material.causes, *material.measures, *material.placeholders]
    items += [i for m in material.measures for i in m.items]
    for item in items:
        assert 0 <= item.start <= item.end <= n
        assert material.text[item.start : item.end] == item.text
    for span in [*material.sections, *material.counts, *material.warnings]:
        assert 0 <= span.start <= span.end <= n
    for removal in material.removed:
        assert 0 <= removal.raw_offset <= len(text)
