"""Model rules: overdue tasks, missed deadlines, department heads, opinion anonymity fields."""

from datetime import date

from duizhao.web.workbench import models as m


def test_task_overdue_rules(meeting):
    task = m.Task(meeting=meeting, number="1", problem="p", deadline=date(2024, 6, 30))
    assert task.is_overdue(date(2024, 7, 1)) and not task.is_overdue(date(2024, 6, 30))
    task.status = "done"
    assert not task.is_overdue(date(2025, 1, 1))
    ongoing = m.Task(meeting=meeting, number="2", problem="p", deadline=date(2024, 6, 30), task_type="ongoing")
    assert not ongoing.is_overdue(date(2025, 1, 1))
    open_ended = m.Task(meeting=meeting, number="3", problem="p", deadline=None)
    assert not open_ended.is_overdue(date(2099, 1, 1))


def test_deadline_missed(meeting):
    deadline = m.Deadline(meeting=meeting, key="x", title="t", due=date(2024, 1, 10))
    assert deadline.missed(date(2024, 1, 11)) and not deadline.missed(date(2024, 1, 10))
    deadline.done_on = date(2024, 1, 9)
    assert not deadline.missed(date(2030, 1, 1))
    deadline.done_on = date(2024, 1, 12)
    assert deadline.missed(date(2024, 1, 12))


def test_department_heads_and_member_departments(team):
    team.department_heads = "办公室=赵红梅\n财务科＝钱文斌、孙丽\n无效行"
    assert team.department_head_map() == {"办公室": ["赵红梅"], "财务科": ["钱文斌", "孙丽"]}
    member = m.Member(team=team, name="甲", title="乙", departments="办公室，财务科、 人事股")
    assert member.department_list() == ["办公室", "财务科", "人事股"]


def test_opinion_keeps_no_identifying_fields():
    names = {f.name for f in m.Opinion._meta.get_fields()}
    assert not names & {"user", "author", "ip", "address", "user_agent", "session", "created_at", "submitted_at"}
    assert m.Opinion._meta.ordering == ["aspect_id", "text"]


def test_material_kind_and_owner(meeting, members):
    assert m.Material(meeting=meeting).kind == "team" and m.Material(meeting=meeting).owner_name == "领导班子"
    personal = m.Material(meeting=meeting, member=members[1])
    assert personal.kind == "personal" and personal.owner_name == "李华"
