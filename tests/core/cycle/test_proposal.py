"""The ledger proposed from a material (问题清单、任务清单、责任清单) and proposing it again
without duplicating tasks or overwriting what people edited. Texts written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from duizhao.cycle.proposal import (
    ExistingTask,
    Leader,
    MeasureInput,
    ProblemInput,
    ProposedTask,
    deadline_for,
    match_measures,
    match_strength,
    merge_proposal,
    propose_ledger,
    proposed_values,
    task_type_of,
)

MEETING = date(2025, 12, 26)
PROBLEMS = [
    ProblemInput("理论学习不够系统，党组理论学习中心组学习以传达文件为主，研讨交流少。", "a1", "政治忠诚"),
    ProblemInput("不动产登记窗口排队时间长，预约渠道单一，群众反映办证要跑几趟。", "a3", "为民服务"),
    ProblemInput("卫片图斑违法占地案件处置拖延，个别案件超过一年仍未结案。", "a4", "担当作为"),
]
MEASURES = [
    MeasureInput("完善党组理论学习中心组学习制度，每次学习安排班子成员研讨交流发言，长期坚持。", "a1"),
    MeasureInput(
        "2026年3月底前开通不动产登记网上预约和延时服务，减少群众跑腿，牵头科室：不动产登记中心，责任领导：赵敏。", "a3"
    ),
    MeasureInput("对卫片图斑违法占地案件逐件建立台账，立行立改，明确办结时限。", "a4"),
]
LEADERS = [
    Leader("周立新", "全面工作", is_head=True),
    Leader("赵敏", "不动产登记、政务服务"),
    Leader("李明远", "执法监察、卫片执法、耕地保护"),
]


def test_each_problem_gets_the_measure_that_answers_it():
    assert [index for index, _ in match_measures(PROBLEMS, MEASURES)] == [0, 1, 2]


def test_words_outweigh_position_when_measures_come_in_another_order():
    reversed_measures = [MeasureInput(m.text) for m in reversed(MEASURES)]
    assert [index for index, _ in match_measures(PROBLEMS, reversed_measures)] == [2, 1, 0]


def test_a_problem_no_measure_answers_gets_none():
    lonely = [ProblemInput("公务接待超标准，陪餐人数超过规定。")]
    assert match_measures(lonely, [MeasureInput("完善学习制度，长期坚持。")]) == [(None, 0.0)]
    assert match_measures(PROBLEMS, []) == [(None, 0.0)] * 3


def test_team_proposal_fills_the_three_lists():
    rows = propose_ledger(PROBLEMS, MEASURES, meeting_date=MEETING, kind="team", leaders=LEADERS)
    assert [(r.owner, r.task_type, r.deadline) for r in rows] == [
        ("周立新", "ongoing", None),  # nobody's portfolio fits theory study: the head
        ("赵敏", "deadline", date(2026, 3, 31)),  # named in the measure, with its own date
        ("李明远", "immediate", date(2026, 1, 25)),  # his portfolio; 立行立改 = 30 days [L]
    ]
    assert rows[1].department == "不动产登记中心"
    assert [r.aspect for r in rows] == ["政治忠诚", "为民服务", "担当作为"]


def test_personal_proposal_is_owned_by_the_author():
    rows = propose_ledger(PROBLEMS, MEASURES, meeting_date=MEETING, kind="personal", author="李明远", leaders=LEADERS)
    assert {r.owner for r in rows} == {"李明远"}


@pytest.mark.parametrize(
    "text, kind",
    [
        ("坚持立行立改，本月内整改到位", "immediate"),
        ("建立常态化学习机制", "ongoing"),
        ("修订制度并组织培训", "deadline"),
    ],
)
def test_task_type_from_the_measure_words(text, kind):
    assert task_type_of(text) == kind


@pytest.mark.parametrize(
    "text, expected",
    [
        ("6月底前完成", date(2026, 6, 30)),  # a month before the meeting's month: next year
        ("12月31日前完成", date(2025, 12, 31)),
        ("2027年2月底前完成", date(2027, 2, 28)),
        ("2月30日前完成", date(2026, 6, 24)),  # no such day: the default of its type
        ("尽快完成", date(2026, 6, 24)),  # deadline type: 180 days [L]
    ],
)
def test_deadline_named_in_the_measure_or_by_default(text, expected):
    assert deadline_for(text, "deadline", MEETING) == expected


def test_ongoing_tasks_have_no_deadline():
    assert deadline_for("6月底前完成", "ongoing", MEETING) is None


def _committed(rows, **edits):
    tasks = []
    for row in rows:
        values = proposed_values(row)
        tasks.append(
            ExistingTask(
                id=row.problem_index, proposed=dict(values), current={**values, **edits.get(str(row.problem_index), {})}
            )
        )
    return tasks


def test_proposing_the_same_material_again_changes_nothing():
    rows = propose_ledger(PROBLEMS, MEASURES, meeting_date=MEETING, kind="team", leaders=LEADERS)
    plan = merge_proposal(_committed(rows), [proposed_values(row) for row in rows])
    assert plan.added == [] and plan.updated == [] and plan.kept_edits == [] and plan.orphaned == []
    assert sorted(plan.unchanged) == [0, 1, 2]


def test_proposing_again_keeps_hand_edits_updates_the_rest_and_reports_both():
    rows = propose_ledger(PROBLEMS, MEASURES, meeting_date=MEETING, kind="team", leaders=LEADERS)
    existing = _committed(rows, **{"1": {"owner": "周立新"}})  # the clerk changed the owner
    changed_measures = list(MEASURES)
    changed_measures[1] = MeasureInput(
        MEASURES[1].text.replace("2026年3月底前", "2026年5月底前").replace("责任领导：赵敏", "责任领导：李明远"), "a3"
    )
    new_problems = PROBLEMS[:2] + [ProblemInput("财务报销审核把关不严，存在先支出后补手续的情况。", "a5", "廉洁自律")]
    new_rows = propose_ledger(new_problems, changed_measures, meeting_date=MEETING, kind="team", leaders=LEADERS)
    plan = merge_proposal(existing, [proposed_values(row) for row in new_rows])
    assert (1, "deadline", date(2026, 3, 31), date(2026, 5, 31)) in plan.updated
    assert plan.kept_edits == [(1, "owner", "周立新", "李明远")]
    assert plan.orphaned == [2]  # the case-handling problem left the material: shown, not deleted
    assert [new_rows[r].problem for r in plan.added] == [new_problems[2].text]
    assert plan.paired == {0: 0, 1: 1}


def _row(measure_index, score):
    return ProposedTask(
        0, "问题", "措施" if measure_index is not None else "", measure_index, score, "", "", "", "deadline", None
    )


@pytest.mark.parametrize(
    "measure_index, score, strength",
    [(None, 0.0, "none"), (0, 0.69, "weak"), (0, 0.7, "good"), (0, 1.0, "good")],
)
def test_match_strength_on_each_side_of_weak_match(measure_index, score, strength):
    """chain.toml weak_match = 0.7: a match resting on words alone is marked for checking."""
    assert match_strength(_row(measure_index, score)) == strength


def test_measures_in_another_order_and_no_aspect_are_weak_matches():
    """Reversed measures without aspects match by words only: the two outer rows are weak."""
    reversed_measures = [MeasureInput(m.text) for m in reversed(MEASURES)]
    rows = propose_ledger(PROBLEMS, reversed_measures, meeting_date=MEETING, kind="team", leaders=LEADERS)
    assert [match_strength(r) for r in rows] == ["weak", "good", "weak"]
    aligned = propose_ledger(PROBLEMS, MEASURES, meeting_date=MEETING, kind="team", leaders=LEADERS)
    assert [match_strength(r) for r in aligned] == ["good", "good", "good"]
