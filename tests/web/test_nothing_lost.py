"""Nothing is lost by one click (issue 12 §2): report versions, asking before a redraft replaces
an edit, next year's meeting only after the meeting is recorded (asked, undoable while empty),
removing or archiving a meeting created by mistake."""

from datetime import date

import pytest
from django.urls import reverse

from duizhao.web.workbench import models as m


@pytest.fixture
def held(meeting, members):
    m.Task.objects.create(
        meeting=meeting, number="2023-001", problem="调研少。", owner=members[1], deadline=date(2024, 6, 30)
    )
    m.Task.objects.create(meeting=meeting, number="2023-002", problem="学习浅。", owner=members[0], status="done")
    return meeting


def test_redraft_asks_first_and_keeps_the_edit_as_a_version(login, users, meeting):
    client = login(users["clerk"])
    url = reverse("report_save", args=[meeting.pk, "meeting_report"])
    client.post(url, {"action": "save", "text": "一、基本情况\n手工改过的一句。"})
    asked = client.post(url, {"action": "redraft", "text": "一、基本情况\n手工改过的一句。"})
    assert (
        asked.status_code == 200 and "重新起草" in asked.content.decode() and 'name="confirm"' in asked.content.decode()
    )
    report = m.Report.objects.get(meeting=meeting, kind="meeting_report")
    assert "手工改过的一句" in report.text and not report.versions.exists()  # nothing replaced yet

    client.post(url, {"action": "redraft", "text": "一、基本情况\n手工改过的一句。", "confirm": "1"})
    report.refresh_from_db()
    assert "手工改过的一句" not in report.text and "一、基本情况" in report.text
    kept = report.versions.get()
    assert "手工改过的一句" in kept.text
    page = client.get(reverse("reports", args=[meeting.pk])).content.decode()
    assert "历史版本（1）" in page and "恢复此版本" in page

    client.post(reverse("report_restore", args=[meeting.pk, kept.pk]))
    report.refresh_from_db()
    assert "手工改过的一句" in report.text and report.versions.count() == 2  # the draft is kept too


def test_saving_over_a_text_keeps_the_old_one(login, users, meeting):
    client = login(users["clerk"])
    url = reverse("report_save", args=[meeting.pk, "rectification_report"])
    client.post(url, {"action": "save", "text": "一、整改工作开展情况\n第一稿。"})
    client.post(url, {"action": "save", "text": "一、整改工作开展情况\n第二稿。"})
    client.post(url, {"action": "save", "text": "一、整改工作开展情况\n第二稿。"})  # unchanged: no new version
    report = m.Report.objects.get(meeting=meeting, kind="rectification_report")
    assert "第二稿" in report.text and [v.text.split("\n")[1] for v in report.versions.all()] == ["第一稿。"]


def test_next_meeting_only_after_the_meeting_is_recorded_and_asked(login, users, held):
    client = login(users["clerk"])
    page = client.get(reverse("reports", args=[held.pk])).content.decode()
    assert 'id="next-meeting"' not in page and "尚未召开" in page
    client.post(reverse("next_meeting", args=[held.pk]), {"confirm": "1"})
    assert not m.Meeting.objects.filter(previous=held).exists()

    m.Meeting.objects.filter(pk=held.pk).update(held_date=date(2024, 1, 20))
    asked = client.post(reverse("next_meeting", args=[held.pk]))
    assert asked.status_code == 200 and "2023-001 调研少。" in asked.content.decode()
    assert not m.Meeting.objects.filter(previous=held).exists()  # asking created nothing
    client.post(reverse("next_meeting", args=[held.pk]), {"confirm": "1"})
    assert m.Meeting.objects.filter(previous=held).count() == 1
    client.post(reverse("next_meeting", args=[held.pk]), {"confirm": "1"})
    assert m.Meeting.objects.filter(previous=held).count() == 1  # never twice
    assert m.Task.objects.get(meeting=held, number="2023-001").carried_over


def test_undo_next_meeting_while_empty_restores_last_years_tasks(login, users, held):
    from duizhao.web.audit.models import AuditEntry

    m.Meeting.objects.filter(pk=held.pk).update(held_date=date(2024, 1, 20))
    client = login(users["clerk"])
    client.post(reverse("next_meeting", args=[held.pk]), {"confirm": "1"})
    new = m.Meeting.objects.get(previous=held)
    page = client.get(reverse("meeting_detail", args=[new.pk])).content.decode()
    assert 'id="undo-next"' in page
    asked = client.post(reverse("meeting_remove", args=[new.pk]))
    assert asked.status_code == 200 and m.Meeting.objects.filter(pk=new.pk).exists()
    client.post(reverse("meeting_remove", args=[new.pk]), {"confirm": "1"})
    assert not m.Meeting.objects.filter(pk=new.pk).exists()
    assert not m.Task.objects.get(meeting=held, number="2023-001").carried_over
    assert AuditEntry.objects.filter(action="delete", model="会议", object_id=str(new.pk), username="clerk").exists()


def test_a_meeting_with_contents_cannot_be_removed_but_can_be_archived(login, users, meeting):
    client = login(users["clerk"])
    m.Opinion.objects.create(meeting=meeting, text="学习不深。", source="seminar", received_on=date(2024, 1, 2))
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert 'id="remove-meeting"' not in page and 'id="undo-next"' not in page
    client.post(reverse("meeting_remove", args=[meeting.pk]), {"confirm": "1"})
    assert m.Meeting.objects.filter(pk=meeting.pk).exists()

    client.post(reverse("meeting_archive", args=[meeting.pk]), {"archived": "1"})
    meeting.refresh_from_db()
    assert meeting.archived
    home = client.get(reverse("home")).content.decode()
    assert 'id="archived-meetings"' in home
    client.post(reverse("meeting_archive", args=[meeting.pk]), {"archived": "0"})
    meeting.refresh_from_db()
    assert not meeting.archived


def test_an_empty_meeting_created_by_mistake_is_removed_after_confirmation(login, users, team):
    mistake = m.Meeting.objects.create(
        team=team, year=2031, framework_id="dsh-2025", title="误建的会议", planned_date=date(2031, 1, 10)
    )
    client = login(users["clerk"])
    assert 'id="remove-meeting"' in client.get(reverse("meeting_detail", args=[mistake.pk])).content.decode()
    client.post(reverse("meeting_remove", args=[mistake.pk]), {"confirm": "1"})
    assert not m.Meeting.objects.filter(pk=mistake.pk).exists()


@pytest.mark.parametrize("role", ["secretary", "member", "supervisor", "other_clerk"])
def test_only_the_clerk_removes_or_archives(login, users, meeting, role):
    client = login(users[role])
    assert client.post(reverse("meeting_remove", args=[meeting.pk]), {"confirm": "1"}).status_code in (403, 404)
    assert client.post(reverse("meeting_archive", args=[meeting.pk]), {"archived": "1"}).status_code in (403, 404)
    assert m.Meeting.objects.filter(pk=meeting.pk, archived=False).exists()
