"""Criticism checks pinned to exact spans and messages (found by mutation testing,
docs/testing.md)."""

from __future__ import annotations

import copy

from duizhao.review.config import ReviewConfig, load_review_config
from duizhao.review.criticism import assess_criticism, assess_criticism_list


def found(text: str):
    return [(f.rule, text[f.start : f.end]) for f in assess_criticism(text)]


def test_messages_quote_the_phrase():
    (no_target,) = assess_criticism("个别同志开会看手机。")
    assert no_target.message.startswith("“个别同志”没有指向具体的人")
    (praise,) = assess_criticism("张明同志工作太拼。")
    assert praise.message.startswith("“工作太拼”表面是批评，实际是表扬")


def test_a_hope_after_praise_is_pointed_at_and_quoted_up_to_30_letters():
    text = "工作认真负责，希望今后多下基层，多听群众意见，把调研成果转化为管用的制度措施。"
    (hope,) = assess_criticism(text)
    assert text[hope.start : hope.end] == text[7:]
    assert "（“希望今后多下基层，多听群众意见，把调研成果转化为管用的制度措”）" in hope.message


def test_gongmian_alone_is_a_hope_and_a_lone_wang_after_a_comma_is_not():
    assert found("愿与李明同志在抓落实上共勉。") == [("criticism.hope_instead", "愿与李明同志在抓落实上共勉。")]
    assert found("工作认真负责，望今后多下基层。") == [("criticism.no_example", "工作认真负责，望今后多下基层。")]


def test_no_example_skips_the_list_number_and_a_studied_document():
    assert found("1. 张三同志作风还需改进。") == [("criticism.no_example", "张三同志作风还需改进。")]
    assert found("张三同志学习《柳溪县河道巡查办法》不深。") == [
        ("criticism.no_example", "张三同志学习《柳溪县河道巡查办法》不深。")
    ]


def test_a_list_is_reviewed_with_the_rules_given():
    shipped = load_review_config()
    phrases = dict(shipped.phrases)
    phrases["no_target"] = ()
    config = ReviewConfig(copy.deepcopy(shipped.data), phrases)
    text = "1. 个别同志开会看手机。\n2. 张三同志8月检查园区只看台账，没有到车间。\n"
    assert [f.rule for f in assess_criticism_list(text)] == ["criticism.no_target"]
    assert [f.rule for f in assess_criticism_list(text, config)] == ["criticism.no_example"]
