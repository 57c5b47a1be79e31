"""Families of real-text damage: traditional characters, pasted pinyin, a site's table of
contents. Texts written for these tests (fictional units); the shared samples where they show it."""

from pathlib import Path

import pytest

from duizhao.parse import parse_material, parse_text, simplified_view

SAMPLES = Path(__file__).resolve().parents[4] / "shared" / "samples"

TRADITIONAL = """某縣水利局黨組領導班子2024年度民主生活會對照檢查材料
按照縣委要求，班子認真查擺問題。
一、工作中存在的問題
（一）帶頭嚴守政治紀律和政治規矩方面
一是學習貫徹不夠深入，對黨中央決策部署理解不透。
二是請示報告制度執行不嚴。
二、原因分析
一是理想信念有所弱化。
三、整改措施
一是加強理論學習，每月集中學習兩次。"""


def test_simplified_view_keeps_every_offset():
    text = "工作中存在的問題\n黨員幹部要發揮作用。乾隆年間，臺灣。"
    view = simplified_view(text)
    assert len(view) == len(text) and view.count("\n") == text.count("\n")
    assert view.startswith("工作中存在的问题\n党员干部要发挥作用")


def test_traditional_material_is_read_like_simplified_and_keeps_its_characters():
    material = parse_text(TRADITIONAL)
    assert material.text == TRADITIONAL
    assert [s.kind for s in material.sections] == ["preamble", "problems", "causes", "measures"]
    assert material.framework_id == "dsh-2024" and material.year == 2024 and material.kind == "team"
    assert [p.aspect for p in material.problems] == ["政治纪律", "政治纪律"]
    for element in [*material.blocks, *material.problems, *material.causes, *material.measures]:
        assert element.text == material.text[element.start : element.end]
    assert material.problems[0].summary == "學習貫徹不夠深入，對黨中央決策部署理解不透"
    assert material.title.startswith("某縣水利局黨組")
    assert any(w.code == "traditional" for w in material.warnings)


def test_pasted_pinyin_is_removed_and_reported():
    text = "某鎮黨委對照檢查材料\n黨(dǎng)建工作還有差距，黨（dang）員發(fā)揮作用不夠。"
    material = parse_text(text)
    assert "(dǎng)" not in material.text and "（dang）" not in material.text and "(fā)" not in material.text
    assert "黨建工作還有差距，黨員發揮作用不夠。" in material.text
    removals = [r for r in material.removed if r.kind == "pinyin"]
    assert [r.text for r in removals] == ["(dǎng)", "（dang）", "(fā)"]
    for removal in removals:
        assert text[removal.raw_offset : removal.raw_offset + len(removal.text)] == removal.text
    assert any(w.code == "pinyin" for w in material.warnings)


def test_pinyin_of_a_whole_word_is_removed():
    text = "某館支部組織(zǔ zhī)生活會個人對照檢查材料\n工作中存在的問題還不少。"
    material = parse_text(text)
    assert "組織生活會個人對照檢查材料" in material.text
    assert [r.text for r in material.removed if r.kind == "pinyin"] == ["(zǔ zhī)"]


@pytest.mark.parametrize(
    "kept", ["按照（A）方案执行。", "会议(pc room)室。", "登录网站(www)。", "见附件(一)。", "设备(pc)版本。"]
)
def test_brackets_that_are_not_pinyin_stay(kept):
    assert kept in parse_text("标题\n" + kept).text


CONTENTS_THEN_TEXT = """目录
一、存在的问题
二、原因分析
三、整改措施
青竹乡党委班子2024年度民主生活会对照检查材料
按照县委要求，班子查摆问题如下。
一、存在的问题
（一）带头严守政治纪律和政治规矩方面
一是学习贯彻不深，落实打了折扣。
二、原因分析
一是理想信念有所弱化。
三、整改措施
一是每月集中学习两次。"""


def test_contents_block_is_removed_and_the_real_headings_stay():
    material = parse_text(CONTENTS_THEN_TEXT)
    contents = [r.text for r in material.removed if r.kind == "contents"]
    assert contents == ["目录", "一、存在的问题", "二、原因分析", "三、整改措施"]
    assert material.title == "青竹乡党委班子2024年度民主生活会对照检查材料"
    assert [s.kind for s in material.sections] == ["preamble", "problems", "causes", "measures"]
    assert len(material.problems) == 1 and not any(r.kind == "doubled_title" for r in material.removed)


def test_contents_repeated_further_down_without_a_marker():
    text = CONTENTS_THEN_TEXT.replace("目录\n", "", 1).replace("青竹乡党委班子2024年度民主生活会对照检查材料\n", "", 1)
    text = "青竹乡党委班子2024年度民主生活会对照检查材料\n" + text
    material = parse_text(text)
    assert [r.text for r in material.removed if r.kind == "contents"] == [
        "一、存在的问题",
        "二、原因分析",
        "三、整改措施",
    ]
    assert [s.kind for s in material.sections][1:] == ["problems", "causes", "measures"]


def test_headings_of_the_text_itself_are_no_contents():
    text = "某局个人对照检查材料\n一、存在的问题\n（一）政治忠诚方面\n一是学习不深。\n二、整改措施\n一是加强学习。"
    assert not [r for r in parse_text(text).removed if r.kind == "contents"]


@pytest.mark.parametrize("name", ["005", "055"])
def test_sample_contents_blocks(name):
    material = parse_material(SAMPLES / "excerpts" / f"{name}.txt")
    assert [r for r in material.removed if r.kind == "contents"]
    assert material.title.endswith("讲话") and material.document_kind == "speech"


def test_traditional_web_chrome_is_cleaned_like_simplified():
    text = "某鎮黨委對照檢查材料\n當前位置：首頁 > 範文大全 > 對照檢查\n本人認真查擺問題。\n相關推薦\n某單位對照檢查材料範文\n某同志個人對照檢查"
    material = parse_text(text)
    assert material.text == "某鎮黨委對照檢查材料\n本人認真查擺問題。"
    assert [r.kind for r in material.removed] == ["web_chrome"] * 4
    for removal in material.removed:
        assert text[removal.raw_offset : removal.raw_offset + len(removal.text)] == removal.text


from hypothesis import given, settings
from hypothesis import strategies as st


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("黨員幹部問題發乾隆臺灣後來於與著裡面麵髮里干后台\n 。a1（）")) | st.characters(),
        max_size=80,
    )
)
def test_simplified_view_has_the_same_length(text):
    view = simplified_view(text)
    assert len(view) == len(text) and view.count("\n") == text.count("\n")
