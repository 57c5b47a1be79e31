"""见人见事 in words (review/events.py) pinned to exact markers (found by mutation testing,
docs/testing.md). Each call gets a fresh copy of the word lists, so the vocabulary is built anew
rather than taken from the cache an earlier test filled."""

from __future__ import annotations

import copy

import pytest

from duizhao.review.config import load_review_config
from duizhao.review.events import word_markers


def markers(text: str) -> list[tuple[str, str, int, int]]:
    words = copy.deepcopy(load_review_config().data["specificity"]["words"])
    return [(m["kind"], m["text"], m["start"], m["end"]) for m in word_markers(text, words)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "在柳河镇调解时拖了一个多月",
            [
                ("proper_name", "柳河", 1, 3),  # before a place word
                ("event", "调解", 4, 6),  # with its moment (时)
                ("narrative", "拖了一个多月", 7, 13),
                ("quantity_word", "一个多月", 9, 13),
            ],
        ),
        ("柳河水库", [("proper_name", "柳河", 0, 2)]),
        ("中国发展很快", []),  # a national name
        ("去年汛期巡查缺位", [("time_word", "去年", 0, 2), ("time_word", "汛期", 2, 4), ("event", "巡查", 4, 6)]),
        ("当前学习不够", []),  # a time frame
        ("两户群众反映强烈", [("quantity_word", "两户", 0, 2)]),
        ("三名干部迟到", [("quantity_word", "三名", 0, 2)]),
        ("一个多月", [("quantity_word", "一个多月", 0, 4)]),
        ("一是学习不够", []),  # a list number
        ("第一次会议", []),  # an ordinal
        ("签了合同后没有跟踪", [("narrative", "签了合同", 0, 4), ("event", "合同", 2, 4)]),
        ("协调了大半年才解决", [("narrative", "协调了大半年", 0, 6), ("time_word", "大半年", 3, 6)]),
        ("应付了事", []),  # a set phrase
        ("智慧林业平台迟迟未上线", [("named_thing", "智慧林业平台", 0, 6)]),
        ("交流平台作用不大", []),  # a kind of thing
        ("防汛应急演练流于形式", [("event", "演练", 4, 6)]),
        ("办公设备采购没有比价", [("event", "采购", 4, 6)]),
        ("评优时照顾老同志", [("event", "评优", 0, 2)]),
        ("物资采购、工程建设等领域", []),  # kinds of work listed
        ("工程验收把关不严", [("event", "工程验收", 0, 4)]),  # one word naming its own event
        ("信访局转来的件", []),
        ("一直拖了", []),  # 了 with nothing after it
        ("签了字", []),  # a one-letter object
        ("林业平台", []),  # one word before the thing: no name of its own
        ("智慧停车平台", [("named_thing", "智慧停车平台", 0, 6)]),  # one of the two may be a verb
        ("采购没有比价", []),  # an event noun first, with nothing naming it
        ("验收时", [("event", "验收", 0, 2)]),
        ("一二", []),
        ("十户", [("quantity_word", "十户", 0, 2)]),
        ("三", []),
        ("一次", []),
        ("年终", [("time_word", "年终", 0, 2)]),
        ("潜在", []),  # a "time" without a time letter
        ("北京市", [("proper_name", "北京市", 0, 3)]),  # ends in a place letter
        ("北京的", []),  # neither ends in one nor stands before a place word
        ("柳河的", [("proper_name", "柳河", 0, 2)]),
        ("了合同要签", []),  # 了 first: no verb before it
        ("要对物资采购严格把关", [("event", "采购", 4, 6)]),  # named by the word just before
        ("年度考核不严", []),  # named only by a generic word
    ],
)
def test_word_markers(text, expected):
    assert markers(text) == expected


def test_the_vocabulary_cache_gives_the_same_markers():
    words = copy.deepcopy(load_review_config().data["specificity"]["words"])
    first = word_markers("办公设备采购没有比价", words)
    assert word_markers("办公设备采购没有比价", words) == first
    other = copy.deepcopy(words)
    other["event_nouns"] = [noun for noun in other["event_nouns"] if noun != "采购"]
    assert word_markers("办公设备采购没有比价", other) == []


def test_tagging_uses_only_dictionary_words():
    from duizhao.review.events import tag

    # with jieba's HMM the unknown name would be guessed as one word (禾泽镇)
    assert tag("禾泽镇的老韩") == [
        ("禾", "n", 0),
        ("泽", "nr", 1),
        ("镇", "n", 2),
        ("的", "uj", 3),
        ("老", "a", 4),
        ("韩", "j", 5),
    ]


def test_rules_without_named_things_find_no_named_thing():
    words = copy.deepcopy(load_review_config().data["specificity"]["words"])
    del words["named_things"]
    assert word_markers("智慧林业平台迟迟未上线", words) == []


def test_the_longest_event_noun_at_the_end_of_a_word_is_taken():
    words = copy.deepcopy(load_review_config().data["specificity"]["words"])
    words["event_nouns"] = [*words["event_nouns"], "收"]  # a shorter noun ending 验收
    assert word_markers("验收不严", words) == []  # 验收, with nothing naming it; not 收 named by 验


def test_one_word_event_whose_own_part_is_generic_is_no_event():
    words = copy.deepcopy(load_review_config().data["specificity"]["words"])
    assert word_markers("工程验收把关不严", words) != []
    words = copy.deepcopy(words)  # a new dict: the vocabulary is cached per dict
    words["generic_modifiers"] = [*words["generic_modifiers"], "工程"]
    assert word_markers("工程验收把关不严", words) == []
