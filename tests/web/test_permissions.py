"""Role × action: every view and download checks permissions on the server.

Each row is (action, role, allowed). Allowed requests must not be refused (status < 400 and
not a redirect to the login page); denied ones must get 403, and anonymous users the login page.
"""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

ROLES = ["clerk", "secretary", "member", "other_member", "supervisor", "other_clerk", "anonymous"]


@pytest.fixture
def world(meeting, users, members):
    from duizhao.web.workbench import models as m

    opinion_team = m.Opinion.objects.create(
        meeting=meeting, text="学习流于形式，结合实际不够。", source="seminar", received_on=date(2024, 1, 2)
    )
    opinion_member = m.Opinion.objects.create(
        meeting=meeting,
        text="李华同志下基层调研少。",
        source="seminar",
        received_on=date(2024, 1, 2),
        target_member=members[1],
    )
    material = m.Material.objects.create(meeting=meeting, member=members[1])
    m.MaterialVersion.objects.create(material=material, number=1, text="个人对照检查材料\n一、存在的问题\n学习不够。")
    task = m.Task.objects.create(
        meeting=meeting, number="2023-001", problem="调研不够深入。", owner=members[1], deadline=date(2024, 6, 30)
    )
    evidence = m.Evidence(task=task, name="调研报告.txt")
    evidence.file.save("x", ContentFile("调研报告".encode()), save=False)
    evidence.save()
    return {
        "meeting": meeting,
        "opinion_team": opinion_team,
        "opinion_member": opinion_member,
        "material": material,
        "task": task,
        "evidence": evidence,
        "members": members,
    }


def _request(client, world, action):
    w = world
    mt, member = w["meeting"], w["members"][1]
    table = {
        "view_meeting": ("get", reverse("meeting_detail", args=[mt.pk]), None),
        "view_opinions": ("get", reverse("opinions", args=[mt.pk]), None),
        "edit_meeting": (
            "post",
            reverse("meeting_edit", args=[mt.pk]),
            {
                "title": "改名",
                "kind": "democratic_life",
                "meeting_type": "annual",
                "year": 2023,
                "framework_id": "dsh-2023",
                "planned_date": "2024-01-20",
            },
        ),
        "add_opinion": (
            "post",
            reverse("opinion_add", args=[mt.pk]),
            {"text": "新意见内容很具体", "source": "box", "received_on": "2024-01-03"},
        ),
        "claim_for_team": (
            "post",
            reverse("opinion_update", args=[w["opinion_team"].pk]),
            {"action": "claim", "claimer": "team"},
        ),
        "claim_own_opinion": (
            "post",
            reverse("opinion_update", args=[w["opinion_member"].pk]),
            {"action": "claim", "claimer": str(member.pk)},
        ),
        "poster": ("get", reverse("meeting_detail", args=[mt.pk]), None),
        "view_talks": ("get", reverse("talks", args=[mt.pk]), None),
        "view_material": ("get", reverse("material_detail", args=[w["material"].pk]), None),
        "download_material": ("get", reverse("material_download", args=[w["material"].pk, "docx"]), None),
        "edit_material": (
            "post",
            reverse("material_save", args=[w["material"].pk]),
            {"mode": "text", "text": "个人对照检查材料\n改过的正文。"},
        ),
        "comment_material": (
            "post",
            reverse("material_status", args=[w["material"].pk]),
            {"action": "comment", "text": "请补充事例", "send_back": "on"},
        ),
        "record_criticism": (
            "post",
            reverse("criticism_add", args=[mt.pk]),
            {"giver": w["members"][0].pk, "receiver": member.pk, "text": "调研次数少，全年只去过2个乡镇。"},
        ),
        "supervisor_comment": (
            "post",
            reverse("supervisor_comment", args=[mt.pk]),
            {"supervisor_comment": "查摆问题具体。"},
        ),
        "view_ledger": ("get", reverse("ledger", args=[mt.pk]), None),
        "update_own_task": (
            "post",
            reverse("task_detail", args=[w["task"].pk]),
            {"status": "in_progress", "progress": "已走访3个乡镇"},
        ),
        "close_task": (
            "post",
            reverse("task_close", args=[w["task"].pk]),
            {"verified_by": "张明", "closed_on": "2024-05-01"},
        ),
        "download_evidence": ("get", reverse("evidence_download", args=[w["evidence"].pk]), None),
        "export_ledger": ("get", reverse("ledger_export", args=[mt.pk]), None),
        "minutes": ("get", reverse("minutes_download", args=[mt.pk]), None),
        "save_report": ("post", reverse("report_save", args=[mt.pk, "meeting_report"]), {"text": "报告正文"}),
        "next_meeting": ("post", reverse("next_meeting", args=[mt.pk]), {}),
        "supervision": ("get", reverse("supervision"), None),
        "delete_opinion": ("post", reverse("opinion_update", args=[w["opinion_team"].pk]), {"action": "delete"}),
        "delete_task": ("post", reverse("task_delete", args=[w["task"].pk]), {}),
        "annotated_material": ("get", reverse("material_annotated", args=[w["material"].pk]), None),
        "team_page": ("get", reverse("team_detail", args=[mt.team.pk]), None),
        "add_announcement": (
            "post",
            reverse("announcement_add", args=[mt.pk]),
            {"title": "本年度贯彻执行中央八项规定情况"},
        ),
        "add_member": (
            "post",
            reverse("member_add", args=[mt.team.pk]),
            {"name": "新成员", "title": "党组成员", "order": 5},
        ),
    }
    method, url, data = table[action]
    return getattr(client, method)(url, data or {})


ALLOWED = {
    "view_meeting": {"clerk", "secretary", "member", "other_member", "supervisor"},
    "view_opinions": {"clerk", "secretary", "member", "other_member", "supervisor"},
    "edit_meeting": {"clerk"},
    "add_opinion": {"clerk"},
    "claim_for_team": {"clerk", "secretary"},
    "claim_own_opinion": {"clerk", "secretary", "member"},
    "view_talks": {"clerk", "secretary", "member", "other_member", "supervisor"},
    "view_material": {"clerk", "secretary", "member", "supervisor"},
    "download_material": {"clerk", "secretary", "member", "supervisor"},
    "edit_material": {"member"},
    "comment_material": {"secretary", "supervisor"},
    "record_criticism": {"clerk"},
    "supervisor_comment": {"supervisor"},
    "view_ledger": {"clerk", "secretary", "member", "other_member", "supervisor"},
    "update_own_task": {"clerk", "member"},
    "close_task": {"clerk", "secretary"},
    "download_evidence": {"clerk", "secretary", "member", "other_member", "supervisor"},
    "export_ledger": {"clerk", "secretary", "supervisor"},
    "minutes": {"clerk", "secretary", "supervisor"},
    "save_report": {"clerk", "secretary"},
    "next_meeting": {"clerk"},
    "supervision": {"supervisor"},
    "delete_opinion": {"clerk"},
    "delete_task": {"clerk"},
    "annotated_material": {"clerk", "secretary", "member", "supervisor"},
    "team_page": {"clerk", "secretary", "member", "other_member", "supervisor"},
    "add_member": {"clerk"},
    "add_announcement": {"clerk"},
}

CASES = [(action, role, role in allowed) for action, allowed in ALLOWED.items() for role in ROLES]


@pytest.mark.parametrize("action,role,allowed", CASES, ids=[f"{a}-{r}-{'ok' if ok else 'no'}" for a, r, ok in CASES])
def test_role_action(client, world, users, action, role, allowed):
    if role != "anonymous":
        client.force_login(users[role])
    response = _request(client, world, action)
    location = response.get("Location", "")
    if role == "anonymous":
        assert response.status_code == 302 and "/login/" in location
    elif allowed:
        assert response.status_code < 400, response.content[:300]
        assert "/login/" not in location
    else:
        assert response.status_code == 403


def test_evidence_of_another_team_cannot_be_fetched_by_guessing_ids(client, world, users):
    client.force_login(users["other_clerk"])
    for pk in range(max(1, world["evidence"].pk - 2), world["evidence"].pk + 3):
        assert client.get(reverse("evidence_download", args=[pk])).status_code in (403, 404)


def test_member_sees_only_opinions_about_self_or_the_team(client, world, users, members):
    from duizhao.web.workbench import models as m

    m.Opinion.objects.create(
        meeting=world["meeting"],
        text="王强同志对纪检工作抓得不紧。",
        source="box",
        received_on=date(2024, 1, 2),
        target_member=members[2],
    )
    client.force_login(users["member"])
    html = client.get(reverse("opinions", args=[world["meeting"].pk])).content.decode()
    assert "李华同志下基层调研少" in html and "学习流于形式" in html
    assert "王强同志对纪检工作抓得不紧" not in html


def test_member_cannot_claim_for_another_member(client, world, users, members):
    client.force_login(users["other_member"])
    response = client.post(
        reverse("opinion_update", args=[world["opinion_team"].pk]), {"action": "claim", "claimer": str(members[1].pk)}
    )
    assert response.status_code == 403


def test_member_cannot_record_a_talk_for_someone_else(client, world, users, members):
    client.force_login(users["member"])
    response = client.post(
        reverse("talk_add", args=[world["meeting"].pk]),
        {"speaker": members[0].pk, "listener": members[2].pk, "talked_on": "2024-01-05"},
    )
    assert response.status_code == 403
    response = client.post(
        reverse("talk_add", args=[world["meeting"].pk]),
        {"speaker": members[1].pk, "listener": members[2].pk, "talked_on": "2024-01-05"},
    )
    assert response.status_code == 302
