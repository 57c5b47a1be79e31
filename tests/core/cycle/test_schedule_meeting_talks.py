import math
import tomllib
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

import pytest

import duizhao
from duizhao.cycle.meeting import configured_quorum_ratio, criticism_matrix, quorum, standard_agenda
from duizhao.cycle.schedule import load_schedule_settings, plan_timetable
from duizhao.cycle.talks import required_pairs, talk_coverage
from duizhao.errors import InputError
from duizhao.frameworks import get_framework

MEETING = date(2025, 12, 18)
DATA_DIR = Path(duizhao.__file__).parent / "data"


def by_key(deadlines):
    return {d.key: d for d in deadlines}


def test_timetable_default_offsets_and_basis():
    plan = by_key(plan_timetable(MEETING))
    assert plan["plan_to_parent"].due == MEETING - timedelta(days=15)
    assert plan["report"].due == MEETING + timedelta(days=15)
    assert plan["announcement"].due == MEETING + timedelta(days=14)
    assert plan["meeting"].due == MEETING
    assert "[L]" in plan["report"].basis and "15" in plan["report"].basis
    assert "督导组" in plan["materials_review"].title
    dues = [d.due for d in plan_timetable(MEETING)]
    assert dues == sorted(dues)


def test_timetable_unit_override_is_noted():
    plan = by_key(plan_timetable(MEETING, settings={"offsets": {"plan_to_parent": -7}}))
    assert plan["plan_to_parent"].due == date(2025, 12, 11)
    assert "本单位设置为会前7天" in plan["plan_to_parent"].basis


def test_timetable_organisational_life_and_own_file(tmp_path):
    plan = by_key(plan_timetable(MEETING, meeting_kind="organisational_life"))
    assert "支部书记" in plan["materials_review"].title
    own = tmp_path / "schedule.toml"
    own.write_text('[[deadlines]]\nkey="meeting"\ntitle="开会"\noffset_days=0\n', encoding="utf-8")
    assert [d.key for d in plan_timetable(MEETING, settings=load_schedule_settings(own))] == ["meeting"]
    with pytest.raises(InputError):
        plan_timetable(MEETING, meeting_kind="party")
    bad = tmp_path / "bad.toml"
    bad.write_text("deadlines = [", encoding="utf-8")
    with pytest.raises(InputError):
        load_schedule_settings(bad)


@pytest.mark.parametrize(
    "expected,present,ok,needed",
    [(9, 6, True, 6), (9, 5, False, 6), (7, 5, True, 5), (7, 4, False, 5), (3, 2, True, 2), (1, 1, True, 1)],
)
def test_quorum_two_thirds(expected, present, ok, needed):
    result = quorum(expected, present)
    assert (result.ok, result.needed) == (ok, needed)
    assert ("可以召开" in result.message) is ok


def test_quorum_local_ratio_and_bad_input():
    assert quorum(10, 8, "90%").ok is False
    assert quorum(10, 9, Fraction(9, 10)).needed == 9
    assert not quorum(0, 0).ok
    assert "核对" in quorum(5, 6).message
    with pytest.raises(InputError):
        quorum(5, 4, "abc")


def test_quorum_default_is_the_ratio_of_the_data_file():
    written = tomllib.loads((DATA_DIR / "cycle" / "meeting.toml").read_text(encoding="utf-8"))["quorum_ratio"]
    assert configured_quorum_ratio() == written
    ratio = Fraction(written)
    for expected in (3, 7, 10, 11):
        assert quorum(expected, expected).needed == math.ceil(expected * ratio)


def test_quorum_ratio_of_a_units_own_file(tmp_path):
    own = tmp_path / "meeting.toml"
    own.write_text('quorum_ratio = "9/10"\n', encoding="utf-8")
    assert configured_quorum_ratio(own) == "9/10"
    assert quorum(10, 8, configured_quorum_ratio(own)).needed == 9


def test_standard_agenda_order_and_announcements():
    framework = get_framework("dsh-2023")
    agenda = standard_agenda(framework)
    keys = [a.key for a in agenda]
    assert keys[:3] == ["carryover", "opinions", "inquiries"]
    assert keys[3] == "announcement_1" and "主题教育整改整治情况" in agenda[3].title
    assert keys[-3:] == ["member_checks", "supervisor_comment", "closing"]
    assert keys.index("team_check") < keys.index("head_check") < keys.index("member_checks")
    agenda_2025 = standard_agenda(get_framework("dsh-2025"))
    assert agenda_2025[0].title == "通报2024年度民主生活会查摆问题整改落实情况"
    assert sum("整改落实情况" in a.title and "2024年度" in a.title for a in agenda_2025) == 1
    expanded = standard_agenda(
        framework, members=[{"name": "王一", "is_head": True}, {"name": "李二"}, {"name": "张三"}]
    )
    assert [a.speaker for a in expanded if a.key.startswith("member_checks")] == ["李二", "张三"]
    assert [a.order for a in expanded] == list(range(1, len(expanded) + 1))


def test_criticism_matrix_warns_on_missing():
    members = ["王一", "李二", "张三"]
    matrix = criticism_matrix(members, [("王一", "李二", "x"), {"giver": "李二", "receiver": "王一"}, ("赵四", "王一")])
    assert matrix.counts[0][1] == 1 and matrix.received["张三"] == 0
    assert any("张三未收到" in w for w in matrix.warnings)
    assert any("赵四" in w for w in matrix.warnings)
    assert any("张三未向" in w for w in matrix.warnings)


def test_required_pairs_and_coverage():
    members = [
        {"name": "王一", "is_head": True, "portfolio": []},
        {"name": "李二", "portfolio": ["办公室", "财务科"]},
        {"name": "张三", "portfolio": "规划科"},
    ]
    heads = {"办公室": "周主任", "财务科": ["吴科长"], "规划科": "郑科长"}
    pairs = required_pairs(members, heads, branch_representatives={"张三": ["党员甲"]})
    keys = {p.key for p in pairs}
    assert frozenset({"王一", "李二"}) in keys and frozenset({"李二", "张三"}) in keys
    assert frozenset({"李二", "吴科长"}) in keys and frozenset({"张三", "郑科长"}) in keys
    assert frozenset({"张三", "党员甲"}) in keys
    assert len(pairs) == 3 + 3 + 1  # 3 member pairs, 3 department heads, 1 branch representative
    coverage = talk_coverage(pairs, [("李二", "王一"), {"talker": "张三", "talkee": "郑科长"}, ("周主任", "张三")])
    assert len(coverage.done) == 2 and len(coverage.missing) == 5
    assert coverage.extra == [("周主任", "张三")] or coverage.extra == [tuple(sorted(("周主任", "张三")))]
    i, j = coverage.people.index("王一"), coverage.people.index("李二")
    assert coverage.matrix[i][j] == coverage.matrix[j][i] == "done"
    assert any("王一 — 张三" in m or "张三 — 王一" in m for m in coverage.missing_list)
    assert 0 < coverage.ratio < 1
