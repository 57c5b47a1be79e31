"""assess_criticism on criticisms written here (fictional people)."""

from __future__ import annotations

from duizhao.review.criticism import assess_criticism, assess_criticism_list, split_criticisms


def rules(text):
    return [f.rule for f in assess_criticism(text)]


def test_hope_instead_of_criticism():
    assert rules("希望王建国同志今后进一步加强理论学习，不断提高政治站位。") == ["criticism.hope_instead"]
    assert rules("对李红同志：建议更加注重统筹协调。") == ["criticism.hope_instead"]
    assert "criticism.hope_instead" in rules("我们都要在抓落实上再下功夫，与大家共勉。")


def test_hope_after_a_stated_fault_is_fine():
    text = "赵强同志对渡口整治督促不够，今年三次推迟拆除，群众来信7次。希望今后盯紧节点，按月销号。"
    assert rules(text) == []


def test_disguised_praise():
    text = "张明同志工作太拼，经常加班加点，不注意劳逸结合。"
    found = assess_criticism(text)
    assert {f.rule for f in found} == {"criticism.disguised_praise"}
    assert [text[f.start : f.end] for f in found] == ["工作太拼", "经常加班加点", "不注意劳逸结合"]
    assert "明贬暗褒" in found[0].message


def test_no_target():
    text = "个别同志在执行党组决定时打折扣，有的同志开会看手机。"
    found = assess_criticism(text)
    assert [text[f.start : f.end] for f in found] == ["个别同志", "有的同志"]


def test_concrete_criticism_passes_and_vague_one_gets_a_hint():
    good = "陈东同志今年8月检查化工园区时只看了台账，没有到车间核查，3号厂房泄漏事故暴露出检查走过场。"
    assert rules(good) == []
    assert rules("周伟同志在工作作风上还需进一步改进，责任意识还有待加强。") == ["criticism.no_example"]


def test_list_offsets_point_into_the_whole_text():
    text = "1. 希望张三同志加强学习。\n\n2. 李四同志8月检查园区只看台账，没有到车间。\n3. 个别同志开会看手机。\n"
    assert len(split_criticisms(text)) == 3
    found = assess_criticism_list(text)
    assert [(f.rule, f.data["criticism"]) for f in found] == [("criticism.hope_instead", 0), ("criticism.no_target", 2)]
    assert text[found[1].start : found[1].end] == "个别同志"
    assert text[found[0].start : found[0].end].startswith("希望张三同志")


def test_question_asking_for_better_is_a_suggestion():
    assert rules("李明同志，能否在今后多到基层走一走？") == ["criticism.hope_instead"]
    assert rules("李明同志今年只下乡2次，3个村的灌溉问题没有解决，能否说说原因？") == []


def test_addressee_lines_are_headings_not_criticisms():
    text = "一、对张三同志的批评意见：\n1. 希望加强学习。\n李四同志\n张三同志8月检查园区只看台账，没有到车间。\n"
    assert [text[s:e] for s, e in split_criticisms(text)] == [
        "1. 希望加强学习。",
        "张三同志8月检查园区只看台账，没有到车间。",
    ]
