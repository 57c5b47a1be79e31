"""Guessing URLs and ids of another team gets nothing: every page, download and action on another
team's objects answers 403 or 404 to its clerk and members, and never contains the object's text."""

from datetime import date

import pytest
from django.core.files.base import ContentFile

SECRET = "机密事项-7Q2X"


@pytest.fixture
def targets(world):
    """Objects of `team` (the victim) whose ids the other team's users guess."""
    from duizhao.web.workbench import models as m

    meeting, members = world["meeting"], world["members"]
    task = m.Task.objects.create(meeting=meeting, number="2023-01", problem=f"问题描述 {SECRET}", measure="措施")
    evidence = m.Evidence(task=task, name="佐证.txt")
    evidence.file.save("evidence.txt", ContentFile(f"佐证正文 {SECRET}".encode()), save=True)
    material = m.Material.objects.create(meeting=meeting, member=members[1])
    m.MaterialVersion.objects.create(material=material, number=1, text=f"对照检查材料正文 {SECRET}")
    solicitation = m.Solicitation.objects.create(meeting=meeting)
    opinion = m.Opinion.objects.create(
        meeting=meeting,
        text=f"意见 {SECRET}",
        source="public_form",
        received_on=date(2024, 1, 2),
        target_member=members[1],
    )
    return {
        "meeting": meeting,
        "task": task,
        "evidence": evidence,
        "material": material,
        "solicitation": solicitation,
        "opinion": opinion,
        "team": world["team"],
        "member": members[1],
    }


def guessed_gets(t) -> list[str]:
    mid = t["meeting"].pk
    return [
        f"/teams/{t['team'].pk}/",
        f"/teams/{t['team'].pk}/settings/",
        f"/members/{t['member'].pk}/",
        f"/meetings/{mid}/",
        f"/meetings/{mid}/dashboard.json",
        f"/meetings/{mid}/opinions/",
        f"/meetings/{mid}/talks/",
        f"/meetings/{mid}/materials/",
        f"/materials/{t['material'].pk}/",
        f"/materials/{t['material'].pk}/download.docx",
        f"/materials/{t['material'].pk}/download.md",
        f"/meetings/{mid}/session/",
        f"/meetings/{mid}/minutes.docx",
        f"/meetings/{mid}/reports/",
        f"/meetings/{mid}/reports/meeting_report.docx",
        f"/meetings/{mid}/package.zip",
        f"/meetings/{mid}/ledger/",
        f"/meetings/{mid}/ledger/export.xlsx",
        f"/tasks/{t['task'].pk}/",
        f"/evidence/{t['evidence'].pk}/",
        f"/solicitations/{t['solicitation'].pk}/poster/",
    ]


def guessed_posts(t) -> list[tuple[str, dict]]:
    mid = t["meeting"].pk
    return [
        (f"/meetings/{mid}/opinions/add/", {"text": "伪造意见", "source": "seminar", "received_on": "2024-01-01"}),
        (f"/opinions/{t['opinion'].pk}/", {"action": "aspect", "aspect_id": "x"}),
        (f"/opinions/{t['opinion'].pk}/", {"action": "claim", "claimer": "team"}),
        (f"/solicitations/{t['solicitation'].pk}/toggle/", {}),
        (f"/meetings/{mid}/ledger/add/", {"number": "X-1", "problem": "伪造"}),
        (f"/tasks/{t['task'].pk}/close/", {}),
        (f"/materials/{t['material'].pk}/save/", {"text": "篡改"}),
        (f"/materials/{t['material'].pk}/status/", {"status": "final"}),
        (f"/meetings/{mid}/session/save/", {}),
        (f"/meetings/{mid}/reports/meeting_report/save/", {"text": "篡改"}),
        (f"/meetings/{mid}/edit/", {"title": "篡改"}),
    ]


@pytest.mark.parametrize("intruder", ["other_clerk", "other_member"])
def test_other_team_cannot_read_by_guessing(client, world, targets, intruder):
    client.force_login(world[intruder])
    for url in guessed_gets(targets):
        response = client.get(url)
        assert response.status_code in (403, 404, 405), f"{intruder} GET {url} -> {response.status_code}"
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert SECRET.encode() not in body


@pytest.mark.parametrize("intruder", ["other_clerk", "other_member"])
def test_other_team_cannot_change_by_guessing(client, world, targets, intruder):
    from duizhao.web.workbench import models as m

    client.force_login(world[intruder])
    for url, data in guessed_posts(targets):
        response = client.post(url, data)
        assert response.status_code in (403, 404, 405), f"{intruder} POST {url} -> {response.status_code}"
    task = m.Task.objects.get(pk=targets["task"].pk)
    assert task.status != "done" and SECRET in task.problem
    assert m.Opinion.objects.filter(meeting=targets["meeting"]).count() == 1
    assert not m.Opinion.objects.get(pk=targets["opinion"].pk).claimed
    assert m.Solicitation.objects.get(pk=targets["solicitation"].pk).is_open
    assert SECRET in targets["material"].latest().text


def test_logged_out_visitor_gets_nothing(client, targets):
    for url in guessed_gets(targets):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        if response.status_code == 302:
            assert "/login/" in response["Location"]


def test_member_cannot_read_a_colleagues_evidence_of_another_team_by_id(client, world, targets):
    """Ids are sequential; trying the neighbours of one's own evidence id reaches nothing foreign."""
    from duizhao.web.workbench import models as m

    own_task = m.Task.objects.create(meeting=world["other_meeting"], number="2023-09", problem="本班子问题")
    own = m.Evidence(task=own_task, name="本班子佐证.txt")
    own.file.save("own.txt", ContentFile("本班子佐证".encode()), save=True)
    client.force_login(world["other_clerk"])
    assert client.get(f"/evidence/{own.pk}/").status_code == 200
    for guess in range(max(1, own.pk - 5), own.pk + 5):
        if guess != own.pk:
            assert client.get(f"/evidence/{guess}/").status_code in (403, 404)


def test_evidence_files_are_not_served_as_static_or_media(client, world, targets):
    name = targets["evidence"].file.name
    for url in (f"/media/{name}", f"/files/{name}", f"/static/../files/{name}", f"/static/{name}"):
        response = client.get(url)
        assert response.status_code == 404
