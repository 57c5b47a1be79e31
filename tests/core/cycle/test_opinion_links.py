"""Opinions → the problems that answer them: suggestions by text, links the draft wrote, links
that follow their problem into a new version. Texts written for these tests."""

from __future__ import annotations

import pytest

from duizhao.cycle.chain import (
    SourceText,
    coverage,
    follow_links,
    pair_weights,
    response_summary,
    suggest_links,
)
from duizhao.cycle.draft import assemble_draft
from duizhao.frameworks import get_framework
from duizhao.parse import parse_text

OPINIONS = [
    SourceText("o1", "不动产登记窗口排队时间太长，预约渠道少，群众办一次证要跑好几趟", number=1),
    SourceText("o2", "局领导到乡镇自然资源所调研次数少，基层反映的问题迟迟得不到答复", number=2),
    SourceText("o3", "执法大队对卫片图斑违法占地处置不及时，有的案件拖了一年多", number=3),
    SourceText("o4", "机关食堂饭菜品种单一，希望增加菜品", number=4),
]
PROBLEMS = [
    "一是服务群众的办法不多。不动产登记窗口排队时间长、预约渠道单一，群众办一次证往往要跑几趟，本人作为分管领导督促改进不够。",
    "二是调查研究不深入。全年到乡镇自然资源所调研仅两次，基层反映的耕地保护问题答复迟缓。",
    "三是执法办案效率不高。卫片图斑违法占地案件处置拖延，个别案件超过一年仍未结案。",
]


def test_each_problem_is_linked_to_the_opinion_it_answers_and_no_other():
    links = suggest_links(PROBLEMS, OPINIONS)
    best = {}
    for link in links:
        best.setdefault(link.problem_index, link)
    assert {i: link.source_id for i, link in best.items()} == {0: "o1", 1: "o2", 2: "o3"}
    assert all(link.source_id != "o4" for link in links)  # the canteen is answered by no problem
    assert all(link.reason == "text" and 0 < link.score <= 1 for link in links)


def test_coverage_weighs_rare_pairs_over_stock_ones():
    weights = pair_weights(PROBLEMS + [o.text for o in OPINIONS])
    stock = coverage("工作不够深入", PROBLEMS[1], weights)
    rare = coverage("卫片图斑", PROBLEMS[2], weights)
    assert rare == pytest.approx(1.0) and stock < 0.5


def test_min_coverage_is_a_threshold_on_both_sides():
    score = coverage(OPINIONS[1].text, PROBLEMS[1], pair_weights([PROBLEMS[1], OPINIONS[1].text]))
    at = suggest_links([PROBLEMS[1]], [OPINIONS[1]], min_coverage=score)
    above = suggest_links([PROBLEMS[1]], [OPINIONS[1]], min_coverage=score + 1e-9)
    assert [link.source_id for link in at] == ["o2"] and above == []


def test_per_problem_caps_suggestions():
    many = [SourceText(f"x{i}", OPINIONS[0].text + f"（第{i}位同志）") for i in range(6)]
    assert len(suggest_links(PROBLEMS[:1], many, per_problem=2)) == 2


def test_a_draft_keeps_the_links_it_was_built_from():
    framework = get_framework("dsh-2025")
    claimed = [{"text": o.text, "number": o.number} for o in OPINIONS[:3]]
    draft = assemble_draft(framework, claimed, title="2025年度民主生活会", kind="personal")
    problems = [problem.text for problem in parse_text(draft).problems]
    links = [link for link in suggest_links(problems, OPINIONS) if link.reason == "draft"]
    assert sorted(link.source_id for link in links) == ["o1", "o2", "o3"]
    assert all(link.score == 1.0 for link in links)


def test_links_follow_their_problem_into_a_new_version_and_lost_ones_are_named():
    rewritten = [
        "一是调查研究不深入，到乡镇自然资源所调研仅两次，对基层反映的耕地保护问题答复迟缓。",
        "二是服务群众办法不多，不动产登记窗口排队时间长、预约渠道单一，群众办证要跑几趟。",
        "三是新增问题：财务报销审核把关不严。",
    ]
    followed = follow_links(PROBLEMS, rewritten)
    assert followed.moved == {0: 1, 1: 0}
    assert followed.lost == [2]


def test_response_summary_lists_the_unanswered():
    summary = response_summary(["o1", "o2", "o3", "o4"], ["o1", "o3", "o9"])
    assert summary.answered == ["o1", "o3"] and summary.unanswered == ["o2", "o4"]
    assert summary.message == "认领意见 4 条，材料回应了 2 条"


def test_the_ledger_reads_a_drafted_problem_without_the_draft_notes():
    from duizhao.cycle.chain import strip_draft_marks

    assert strip_draft_marks("一是调研少。【来源：征求意见第3条】【请用自己的话改写，补充具体事例】") == "一是调研少。"
    assert strip_draft_marks("一是【某】调研少。") == "一是【某】调研少。"
