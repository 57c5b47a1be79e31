"""Editing and deleting a talk record (谈心谈话): the clerk and the talk's speaker may, others get
403; every change lands in the audit log."""

from datetime import date

import pytest
from django.urls import reverse

ROLES = ["clerk", "secretary", "member", "other_member", "supervisor", "other_clerk", "anonymous"]
# the talk below is given by members[1] (the "member" account)
ALLOWED = {"clerk", "member"}


@pytest.fixture
def talk(meeting, members):
    from duizhao.web.workbench.models import Talk

    return Talk.objects.create(
        meeting=meeting,
        speaker=members[1],
        listener=members[2],
        talked_on=date(2024, 1, 5),
        speaker_said="希望多到基层走走。",
        listener_said="建议分管科室加强学习。",
    )


def _edit_data(talk, **changes):
    data = {
        "speaker": talk.speaker_id,
        "listener": talk.listener_id,
        "other_name": "",
        "talked_on": "2024-01-06",
        "place": "三楼会议室",
        "speaker_said": "希望多到基层调研。",
        "listener_said": talk.listener_said,
        "follow_up": "",
    }
    data.update(changes)
    return data


def _client(client, users, role):
    if role != "anonymous":
        client.force_login(users[role])
    return client


@pytest.mark.parametrize("role", ROLES)
def test_edit_talk_allowed_or_denied(client, users, talk, role):
    from duizhao.web.workbench.models import Talk

    c = _client(client, users, role)
    page = c.get(reverse("talk_edit", args=[talk.pk]))
    response = c.post(reverse("talk_edit", args=[talk.pk]), _edit_data(talk))
    saved = Talk.objects.get(pk=talk.pk)
    if role == "anonymous":
        assert response.status_code == 302 and "/login" in response["Location"]
        assert saved.place == ""
    elif role in ALLOWED:
        assert page.status_code == 200 and "修改谈话记录" in page.content.decode()
        assert response.status_code == 302 and response["Location"] == reverse("talks", args=[talk.meeting_id])
        assert saved.place == "三楼会议室" and saved.talked_on == date(2024, 1, 6)
    else:
        assert page.status_code == 403 and response.status_code == 403
        assert saved.place == ""


@pytest.mark.parametrize("role", ROLES)
def test_delete_talk_allowed_or_denied(client, users, talk, role):
    from duizhao.web.workbench.models import Talk

    c = _client(client, users, role)
    response = c.post(reverse("talk_delete", args=[talk.pk]))
    gone = not Talk.objects.filter(pk=talk.pk).exists()
    if role == "anonymous":
        assert response.status_code == 302 and "/login" in response["Location"] and not gone
    elif role in ALLOWED:
        assert response.status_code == 302 and gone
    else:
        assert response.status_code == 403 and not gone


def test_delete_needs_post(client, users, talk):
    from duizhao.web.workbench.models import Talk

    response = _client(client, users, "clerk").get(reverse("talk_delete", args=[talk.pk]))
    assert response.status_code == 405 and Talk.objects.filter(pk=talk.pk).exists()


def test_speaker_cannot_hand_the_talk_to_someone_else(client, users, talk, members):
    from duizhao.web.workbench.models import Talk

    c = _client(client, users, "member")
    response = c.post(
        reverse("talk_edit", args=[talk.pk]), _edit_data(talk, speaker=members[0].pk, listener=members[2].pk)
    )
    assert response.status_code == 200  # the form refuses a speaker other than the member
    assert Talk.objects.get(pk=talk.pk).speaker_id == members[1].pk


def test_csrf_is_enforced(users, talk):
    from django.test import Client

    from duizhao.web.workbench.models import Talk

    c = Client(enforce_csrf_checks=True)
    c.force_login(users["clerk"])
    assert c.post(reverse("talk_delete", args=[talk.pk])).status_code == 403
    assert Talk.objects.filter(pk=talk.pk).exists()


def test_edit_and_delete_workflow_with_audit(client, users, meeting, members):
    """The clerk records a talk, the speaker corrects it, the clerk deletes it; the audit log keeps all three."""
    from duizhao.web.audit.models import AuditEntry
    from duizhao.web.workbench.models import Talk

    clerk = _client(client, users, "clerk")
    clerk.post(
        reverse("talk_add", args=[meeting.pk]),
        {"speaker": members[1].pk, "listener": members[0].pk, "talked_on": "2024-01-03", "speaker_said": "原记录"},
    )
    talk = Talk.objects.get(meeting=meeting)
    listing = clerk.get(reverse("talks", args=[meeting.pk])).content.decode()
    assert reverse("talk_edit", args=[talk.pk]) in listing and reverse("talk_delete", args=[talk.pk]) in listing

    client.logout()
    speaker = _client(client, users, "member")
    assert reverse("talk_edit", args=[talk.pk]) in speaker.get(reverse("talks", args=[meeting.pk])).content.decode()
    speaker.post(reverse("talk_edit", args=[talk.pk]), _edit_data(talk, speaker_said="更正后的记录"))
    assert Talk.objects.get(pk=talk.pk).speaker_said == "更正后的记录"
    update = AuditEntry.objects.get(action="update", object_id=str(talk.pk), model="谈心谈话")
    assert update.username == "member" and update.changes["谈话人对对方的意见"] == ["原记录", "更正后的记录"]

    client.logout()
    other = _client(client, users, "other_member")
    assert reverse("talk_edit", args=[talk.pk]) not in other.get(reverse("talks", args=[meeting.pk])).content.decode()

    client.logout()
    _client(client, users, "clerk").post(reverse("talk_delete", args=[talk.pk]))
    assert not Talk.objects.filter(pk=talk.pk).exists()
    deletion = AuditEntry.objects.get(action="delete", object_id=str(talk.pk), model="谈心谈话")
    assert deletion.username == "clerk" and deletion.team_id == meeting.team_id
