"""见人见事 told in words (no digit) and measures that name who does what: the problems and
measures below are written here (fictional units)."""

from __future__ import annotations

import pytest

from duizhao.review import review_material
from duizhao.review.config import load_review_config
from duizhao.review.events import tag
from duizhao.review.specificity import score_text

CONCRETE_WITHOUT_DIGITS = [
    "一是化解矛盾不主动。对柳河镇村民的宅基地纠纷，协调了大半年仍没有结果。",
    "二是执行制度打折扣。办公设备采购时没有比价，由供应商报价后就签了合同。",
    "三是应急准备走过场。防汛应急演练的脚本提前发给参演人员，没有检验出处置能力。",
    "四是评优照顾情绪。年终考核评优时把优秀名额轮流分配，没有拉开档次。",
    "五是回应群众慢。小区路灯不亮的投诉转了几个科室，拖了一个多月才修好。",
    "六是监管不细。去年汛期前的水库安全检查中，只翻了台账，没有到坝体查看。",
    "七是验收把关不严。农田水利工程验收时没有抽测渠道，事后才发现渗漏。",
    "八是信息化用得不好。城区智慧停车平台上线后，收费数据一直没有与财政对账。",
]
VAGUE = [
    "一是理论学习不够深入，学用结合不够紧密。",
    "二是担当作为不够，攻坚克难的劲头有所减弱。",
    "三是工作作风不够扎实，深入基层调研不够经常。",
    "四是宗旨意识有所淡化，联系服务群众不够主动。",
    "五是落实党中央决策部署不够坚决，有时打折扣。",
    "六是批评与自我批评开展不够，碍于情面，避重就轻。",
    "七是监督检查工作不到位，对整改落实情况跟踪问效不够。",
    "八是化解矛盾纠纷不力，出了事故多强调客观原因。",
    "九是对“第一议题”制度执行不严，有时走过场。",
    "十是信息化平台建设滞后，部门之间数据共享不够。",
]


@pytest.mark.parametrize("text", CONCRETE_WITHOUT_DIGITS)
def test_a_particular_event_told_in_words_is_concrete(text):
    assert not any(ch.isdigit() for ch in text)
    assert score_text(text, load_review_config())["concrete"], text


@pytest.mark.parametrize("text", VAGUE)
def test_a_vague_problem_stays_vague(text):
    assert not score_text(text, load_review_config())["concrete"], text


def test_word_markers_say_which_words_made_the_example():
    kinds = {m["kind"]: m["text"] for m in score_text(CONCRETE_WITHOUT_DIGITS[1], load_review_config())["markers"]}
    assert kinds == {"event": "采购", "narrative": "签了合同"}


def test_tagger_offsets_cover_the_text():
    text = "对柳河镇村民的宅基地纠纷，协调了大半年。"
    tokens = tag(text)
    assert "".join(word for word, _, _ in tokens) == text
    assert all(text[start : start + len(word)] == word for word, _, start in tokens)


def test_no_example_warning_only_on_the_vague_problems(builder):
    b = builder("柳溪县水利局党组班子对照检查材料", unit="柳溪县水利局")
    b.section("problems", "一、存在的问题")
    for text in CONCRETE_WITHOUT_DIGITS + VAGUE:
        b.problem(None, text)
    material = b.build()
    flagged = {f.start for f in review_material(material).by_rule("specificity.no_example")}
    assert flagged == {p.start for p in material.problems[len(CONCRETE_WITHOUT_DIGITS) :]}


WHO_DOES_WHAT = [
    "重大事项由办公室审核后方可上会，本人督促落实。",
    "外出请假一律由分管领导签批，办公室登记。",
    "班子成员联系点的问题清单我亲自过问，逐项盯办。",
]
EMPTY = [
    "进一步加强理论学习，不断提高政治站位。",
    "我们要切实抓好落实，持续改进作风。",
    "坚持从严要求，推动工作再上新台阶。",
]


def _measures_material(builder, measures):
    b = builder("柳溪县水利局党组班子对照检查材料", unit="柳溪县水利局")
    b.section("problems", "一、存在的问题")
    b.problem(None, "一是议事规则执行不严，3月有2个事项没有上会就定了。")
    b.section("measures", "二、整改措施")
    for text in measures:
        b.measure(text)
    return b.build()


def test_a_measure_naming_who_does_what_is_not_vague(builder):
    assert not review_material(_measures_material(builder, WHO_DOES_WHAT)).by_rule("measures.vague")


def test_an_empty_measure_stays_vague(builder):
    assert len(review_material(_measures_material(builder, EMPTY)).by_rule("measures.vague")) == len(EMPTY)
