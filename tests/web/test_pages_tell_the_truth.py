"""Every page tells the truth (issue 12 §3): the 督导 stage and counts come from the records,
never from page views; a refused ledger change is reported as refused; the talk panel shows what
others said to the author; members see true counts; only the actions a role may take are shown."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from tests.web.test_import_export import _edit_ledger, ledger_meeting  # noqa: F401  (fixture)

from duizhao.cycle.progress import CycleFacts, current_stage
from duizhao.web.workbench import models as m
from duizhao.web.workbench import reports


def test_stage_follows_the_records_and_manual_marks_only_confirm():
    assert current_stage(CycleFacts()).words == "征求意见"
    facts = CycleFacts(
        opinions=3, talks_done=6, talks_required=6, materials_expected=3, materials_submitted=3, materials_approved=1
    )
    assert current_stage(facts).words == "审核对照检查材料（已通过1/3）"
    done = CycleFacts(
        opinions=3,
        materials_expected=3,
        materials_submitted=3,
        materials_approved=3,
        held=True,
        tasks=4,
        meeting_report_sent=True,
        rectification_report_sent=True,
    )
    assert current_stage(done).key == "finished"
    assert (
        current_stage(CycleFacts(talks_required=2, confirmed={"opinions_open"})).key == "talks_close"
    )  # a mark confirms


def test_the_overview_stage_is_derived_even_when_nothing_was_marked(db, meeting, members):
    """A unit whose meeting, ledger and reports are recorded no longer shows 开始征求意见."""
    m.Deadline.objects.filter(meeting=meeting).update(done_on=None)
    assert reports.team_status(meeting.team)["stage"] == "征求意见"
    m.Opinion.objects.create(meeting=meeting, text="学习浅。", source="seminar", received_on=date(2024, 1, 2))
    assert reports.team_status(meeting.team)["stage"].startswith("谈心谈话")
    for member in [None, *members]:
        m.Material.objects.create(meeting=meeting, member=member, status="approved")
    for a in members:
        for b in members:
            if a.pk < b.pk:
                m.Talk.objects.create(meeting=meeting, speaker=a, listener=b, talked_on=date(2024, 1, 5))
    for department, head in (("办公室", "甲"), ("业务科", "乙"), ("监察室", "丙")):
        owner = next(x for x in members if x.departments == department)
        m.Talk.objects.create(meeting=meeting, speaker=owner, other_name=head, talked_on=date(2024, 1, 5))
    meeting.team.department_heads = "办公室=甲\n业务科=乙\n监察室=丙"
    meeting.team.save()
    m.Meeting.objects.filter(pk=meeting.pk).update(held_date=date(2024, 1, 20))
    m.Task.objects.create(meeting=meeting, number="2023-001", problem="调研少。")
    m.Report.objects.create(meeting=meeting, kind="meeting_report", text="一、", submitted_on=date(2024, 2, 1))
    m.Report.objects.create(meeting=meeting, kind="rectification_report", text="一、", submitted_on=date(2024, 6, 1))
    assert reports.team_status(meeting.team)["stage"] == "本轮工作已完成"


def test_overview_counts_do_not_move_when_pages_are_opened(login, users, meeting, members):
    m.Material.objects.create(meeting=meeting, member=members[1], status="approved")
    before = reports.team_status(meeting.team)
    assert (before["approved"], before["materials"]) == (1, 4)
    for role in ("clerk", "member", "secretary"):
        login(users[role]).get(reverse("materials", args=[meeting.pk]))
    after = reports.team_status(meeting.team)
    assert (after["approved"], after["materials"]) == (1, 4)
    html = login(users["supervisor"]).get(reverse("supervision")).content.decode()
    assert "<td>1/4</td>" in html


def test_a_refused_ledger_change_is_reported_as_refused(login, users, ledger_meeting):  # noqa: F811
    client = login(users["clerk"])
    exported = client.get(reverse("ledger_export", args=[ledger_meeting.pk])).content
    edited = _edit_ledger(exported, "2023-001", "责任领导", "李四")
    edited = _edit_ledger(edited, "2023-002", "进展情况", "已修订制度")
    html = client.post(
        reverse("ledger_import", args=[ledger_meeting.pk]), {"file": SimpleUploadedFile("台账.xlsx", edited)}
    ).content.decode()
    applied = html.split('id="changes"')[1].split("</table>")[0]
    refused = html.split('id="refused"')[1].split("</table>")[0]
    assert "已修订制度" in applied and "李四" not in applied
    assert "李四" in refused and "李华" in refused and "不是本班子成员" in refused
    assert 'id="changes-count">1<' in html and 'id="refused-count">1<' in html
    assert m.Task.objects.get(meeting=ledger_meeting, number="2023-001").owner.name == "李华"


def test_the_talk_panel_shows_what_others_said_to_the_author(login, users, meeting, members):
    head, li, wang = members
    m.Talk.objects.create(
        meeting=meeting,
        speaker=head,
        listener=li,
        talked_on=date(2024, 1, 5),
        speaker_said="张明对李华说：调研太少。",
        listener_said="李华对张明说：酝酿不够。",
    )
    m.Talk.objects.create(
        meeting=meeting,
        speaker=li,
        listener=wang,
        talked_on=date(2024, 1, 6),
        speaker_said="李华对王强说：监督偏软。",
        listener_said="王强对李华说：材料空泛。",
    )
    material = m.Material.objects.create(meeting=meeting, member=li)
    panel = login(users["member"]).get(reverse("material_detail", args=[material.pk])).content.decode()
    panel = panel.split('id="talk-panel"')[1].split("</div>")[0]
    assert "张明对李华说：调研太少。" in panel and "王强对李华说：材料空泛。" in panel
    assert "李华对张明说" not in panel and "李华对王强说" not in panel


def test_a_member_sees_true_counts_for_the_other_members(login, users, meeting, members):
    for target in (members[0], members[0], members[2]):
        m.Opinion.objects.create(
            meeting=meeting,
            text=f"意见{target.pk}{m.Opinion.objects.count()}",
            source="seminar",
            received_on=date(2024, 1, 2),
            target_member=target,
        )
    html = login(users["member"]).get(reverse("opinions", args=[meeting.pk])).content.decode()
    row = html.split("<td>针对本人的意见</td>")[1].split("</tr>")[0]
    assert row.replace(" ", "") == "<td>2</td><td>0</td><td>1</td>"
    assert "意见" + str(members[2].pk) not in html  # the texts stay hidden


@pytest.mark.parametrize("role, shown", [("clerk", False), ("secretary", False), ("supervisor", True)])
def test_the_supervisor_comment_box_is_shown_only_to_the_supervisor(login, users, meeting, role, shown):
    html = login(users[role]).get(reverse("session", args=[meeting.pk])).content.decode()
    assert ('id="supervisor-comment"' in html) is shown and ("保存点评" in html) is shown


def test_the_audit_log_names_objects_and_fields_in_chinese(login, users, meeting, members):
    from duizhao.web.audit.models import AuditEntry
    from duizhao.web.workbench.views.session import ensure_session_rows

    client = login(users["clerk"])
    ensure_session_rows(meeting)
    client.post(reverse("session_save", args=[meeting.pk]), {f"text_{members[1].pk}": "查摆了三个问题。"})
    client.post(reverse("announcement_add", args=[meeting.pk]), {"title": "本年度无谈话函询", "body": "无"})
    entries = list(AuditEntry.objects.filter(username="clerk"))
    assert entries
    for entry in entries:
        words = f"{entry.model} {entry.object_repr} {' '.join(entry.changes)}"
        assert not any(token in words for token in ("object (", "self criticism", "announcement", " order", " key")), (
            words
        )
    assert any(e.model == "个人对照检查" and e.object_repr == "李华的个人对照检查" for e in entries)


def test_task_numbers_follow_the_highest(db, meeting):
    from duizhao.web.workbench import services

    for number in ("2023-001", "2023-005", "2022-009"):  # 2023-002..004 deleted; 2022-009 carried over
        m.Task.objects.create(meeting=meeting, number=number, problem="问题。")
    assert services.next_task_number(meeting) == "2023-006"


def test_no_page_addresses_the_user_as_ni():
    from pathlib import Path

    import duizhao.web

    templates = Path(duizhao.web.__file__).parent / "templates"
    assert not [p.name for p in templates.rglob("*.html") if "你" in p.read_text(encoding="utf-8")]


def test_the_schedule_tags_are_explained(login, users, meeting):
    html = login(users["clerk"]).get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    legend = html.split('id="tag-legend"')[1].split("</p>")[0]
    assert all(tag in legend for tag in ("[C]", "[L]", "[S]", "[M]"))


def test_deleting_an_anonymous_opinion_leaves_a_trace_without_its_text(login, users, meeting, members):
    import json

    from duizhao.web.audit.models import AuditEntry

    opinion = m.Opinion.objects.create(
        meeting=meeting,
        text="班子研究问题不民主，一言堂。",
        source="public_form",
        received_on=date(2024, 1, 2),
        target_member=members[0],
    )
    login(users["clerk"]).post(reverse("opinion_update", args=[opinion.pk]), {"action": "delete"})
    assert not m.Opinion.objects.filter(pk=opinion.pk).exists()
    entry = AuditEntry.objects.get(model="意见建议", action="delete")
    assert entry.username == "clerk" and entry.team_id == meeting.team_id
    assert entry.changes["针对"][0] == "张明" and entry.changes["字数"][0] == len(opinion.text)
    stored = json.dumps(entry.changes, ensure_ascii=False) + entry.object_repr + entry.object_id
    assert "一言堂" not in stored and str(opinion.pk) not in stored and "2024-01-02" not in stored
