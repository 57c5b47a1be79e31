"""Problem records are made when a version is saved (import, editor, first draft), in the same
transaction, with the links carried over from the previous version; every page of the chain (the
material's 问题与意见的对应, the trace, the 反馈 pages, the ledger proposal) only reads. A version
saved before that (a database not yet migrated) is named on the page with a 生成问题记录 button
(POST) for those who may edit, and migration 0008 records every such newest version."""

from datetime import date
from importlib import import_module

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.web.test_chain_pages import MATERIAL_V1, MATERIAL_V2, claim_opinions

MIGRATION = "0008_problems_recorded_on_save"
BEFORE = "0007_public_form_team_public_url"
CLAIMED = [
    "李华同志下基层调研少，全年只去过两个乡镇，基层的审批难问题了解不够。",
    "业务科办理企业申请时限太长，企业反映办事慢。",
    "希望机关食堂增加早餐品种。",
]


@pytest.fixture
def material(meeting, members):
    from duizhao.web.workbench import models as m

    return m.Material.objects.create(meeting=meeting, member=members[1])


@pytest.fixture
def claimed(meeting, members):

    return claim_opinions(meeting, members[1], CLAIMED)


def _counts():
    from duizhao.web.workbench import models as m

    return (
        m.ProblemRecord.objects.count(),
        m.ProblemLink.objects.count(),
        m.TaskOrigin.objects.count(),
        m.MaterialVersion.objects.filter(problems_recorded=True).count(),
    )


def _old_version(material, text, number):
    """A version as a database from before records were made on save holds it: no records."""
    from duizhao.web.workbench import models as m

    return m.MaterialVersion.objects.create(material=material, number=number, text=text, origin="editor")


# ---------------------------------------------------------------- recorded on save


def test_saving_in_the_editor_records_the_problems_and_suggests_their_sources(login, users, material, claimed):
    from duizhao.web.workbench import models as m

    login(users["member"]).post(reverse("material_save", args=[material.pk]), {"mode": "text", "text": MATERIAL_V1})
    version = material.latest()  # saved, not submitted, no page opened
    assert version.problems_recorded
    records = list(version.problem_records.order_by("index"))
    assert [r.aspect_id for r in records] == ["theory_study", "responsibility", "responsibility", "integrity"]
    suggested = {(link.problem.index, link.opinion_id) for link in m.ProblemLink.objects.all()}
    assert suggested == {(1, claimed[0].pk), (2, claimed[1].pk)}


def test_an_import_and_a_first_draft_are_recorded_when_saved(login, users, material, claimed):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from duizhao.web.workbench import models as m

    client = login(users["member"])
    client.post(reverse("material_draft", args=[material.pk]))
    draft = material.latest()
    assert draft.origin == "draft" and draft.problems_recorded and draft.problem_records.exists()
    drafted = m.ProblemLink.objects.filter(problem__version=draft, reason="draft")
    assert {link.opinion_id for link in drafted} == {o.pk for o in claimed}
    assert {link.state for link in drafted} == {"confirmed"}
    client.post(
        reverse("material_import", args=[material.pk]),
        {"file": SimpleUploadedFile("李华.txt", MATERIAL_V1.encode("utf-8"))},
    )
    imported = material.latest()
    assert imported.origin == "import" and imported.problems_recorded and imported.problem_records.count() == 4


def test_a_version_with_no_problems_is_recorded_too(login, users, material, claimed):
    login(users["member"]).post(
        reverse("material_save", args=[material.pk]), {"mode": "text", "text": "一段还没写完的开头。"}
    )
    version = material.latest()
    assert version.problems_recorded and not version.problem_records.exists()
    page = login(users["member"]).get(reverse("material_chain", args=[material.pk])).content.decode()
    assert "尚未生成问题记录" not in page and "材料中还没有读出问题" in page


def test_links_follow_their_problem_into_the_version_being_saved(meeting, members, material, claimed):
    from duizhao.web.workbench import materials as core
    from duizhao.web.workbench import models as m

    first = core.save_version(material, MATERIAL_V1, origin="editor")
    m.ProblemLink.objects.update(state="confirmed")
    theory = first.problem_records.get(index=0)
    m.ProblemLink.objects.create(problem=theory, opinion=claimed[2], state="confirmed", reason="manual")
    task = m.Task.objects.create(meeting=meeting, number="2023-001", problem=theory.text, owner=members[1])
    survey = first.problem_records.get(index=1)
    m.TaskOrigin.objects.create(task=task, material=material, problem=survey, proposed={})
    second = core.save_version(material, MATERIAL_V2, origin="editor")
    assert second.problems_recorded
    moved = {
        (link.problem.index, link.opinion_id, link.state)
        for link in m.ProblemLink.objects.filter(problem__version=second)
    }
    assert moved == {(0, claimed[0].pk, "confirmed"), (1, claimed[1].pk, "confirmed")}
    assert m.ProblemLink.objects.get(lost=True).opinion_id == claimed[2].pk  # theory study left the material
    task.origin.refresh_from_db()
    assert task.origin.problem.version == second and task.origin.problem.index == 0


def test_a_failing_record_saves_no_version(monkeypatch, material, claimed):
    """Version and records are one transaction: no version is left without its records."""
    from duizhao.web.workbench import chain
    from duizhao.web.workbench import materials as core

    def broken(material, records):
        raise RuntimeError("suggest_links broke")

    monkeypatch.setattr(chain, "suggest_links", broken)
    with pytest.raises(RuntimeError):
        core.save_version(material, MATERIAL_V1, origin="editor")
    assert material.latest() is None and _counts() == (0, 0, 0, 0)


def test_submitting_suggests_opinions_claimed_since_the_save(login, users, meeting, members, material):
    from duizhao.web.workbench import models as m

    client = login(users["member"])
    client.post(reverse("material_save", args=[material.pk]), {"mode": "text", "text": MATERIAL_V1})
    assert not m.ProblemLink.objects.exists()  # nothing claimed yet
    m.Opinion.objects.create(
        meeting=meeting, text=CLAIMED[1], source="box", received_on=date(2024, 1, 3), claimed_member=members[1]
    )
    client.post(reverse("material_status", args=[material.pk]), {"action": "submit"})
    assert {link.problem.index for link in m.ProblemLink.objects.all()} == {2}


# ---------------------------------------------------------------- pages only read


def _get_pages(login, users, meeting, material):
    """Every page of the chain, as the roles that open them; returns the pages' statements."""
    from duizhao.web.workbench import models as m

    token = m.FeedbackPage.objects.create(meeting=meeting).token
    pages = [
        ("member", reverse("material_chain", args=[material.pk])),
        ("supervisor", reverse("material_chain", args=[material.pk])),
        ("member", reverse("material_detail", args=[material.pk])),
        ("clerk", reverse("ledger_proposal", args=[material.pk])),
        ("supervisor", reverse("meeting_trace", args=[meeting.pk])),
        ("clerk", reverse("meeting_trace", args=[meeting.pk]) + "?format=json"),
        ("clerk", reverse("feedback_manage", args=[meeting.pk])),
        ("clerk", reverse("feedback_notice", args=[meeting.pk])),
        ("supervisor", reverse("supervision")),
        (None, reverse("public_feedback", args=[token])),
    ]
    statements = []
    for role, url in pages:
        client = login(users[role]) if role else login(users["member"])
        if role is None:
            client.logout()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        statements += [q["sql"] for q in queries.captured_queries]
    return statements


def _writes(statements):
    return [s for s in statements if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_no_page_of_the_chain_writes(login, users, meeting, members, material, claimed):
    from duizhao.web.workbench import materials as core
    from duizhao.web.workbench import models as m

    core.save_version(material, MATERIAL_V1, origin="editor")
    core.save_version(m.Material.objects.create(meeting=meeting), MATERIAL_V1, origin="editor")
    _old_version(material, MATERIAL_V2, 2)  # and one version from before records were made on save
    material.status = "approved"
    material.save()
    before = _counts()
    statements = _get_pages(login, users, meeting, material)
    assert statements and _writes(statements) == []
    assert _counts() == before


def test_an_unrecorded_version_is_named_and_recorded_on_post(login, users, meeting, material, claimed):
    from duizhao.web.workbench import models as m

    _old_version(material, MATERIAL_V1, 1)
    chain_url = reverse("material_chain", args=[material.pk])
    page = login(users["member"]).get(chain_url).content.decode()
    assert "第 1 版尚未生成问题记录" in page and reverse("material_record", args=[material.pk]) in page
    assert "材料中还没有读出问题" not in page
    page = login(users["supervisor"]).get(chain_url).content.decode()
    assert "第 1 版尚未生成问题记录" in page and "请材料撰写人或党办生成问题记录" in page
    assert reverse("material_record", args=[material.pk]) not in page
    assert login(users["other_member"]).post(reverse("material_record", args=[material.pk])).status_code == 403
    assert login(users["supervisor"]).post(reverse("material_record", args=[material.pk])).status_code == 403
    assert not m.ProblemRecord.objects.exists()

    response = login(users["member"]).post(reverse("material_record", args=[material.pk]))
    assert response.status_code == 302 and response["Location"] == chain_url
    assert material.latest().problems_recorded and m.ProblemRecord.objects.count() == 4
    assert m.ProblemLink.objects.count() == 2
    page = login(users["member"]).get(chain_url).content.decode()
    assert "尚未生成问题记录" not in page and "认领意见 3 条，材料回应了 0 条" in page
    login(users["member"]).post(reverse("material_record", args=[material.pk]))  # a second click adds nothing
    assert (m.ProblemRecord.objects.count(), m.ProblemLink.objects.count()) == (4, 2)


def test_the_trace_and_feedback_pages_name_unrecorded_materials(login, users, meeting, material, claimed):
    from duizhao.web.workbench import models as m

    _old_version(material, MATERIAL_V1, 1)
    record_url = reverse("meeting_record", args=[meeting.pk])
    for name in ("meeting_trace", "feedback_manage"):
        clerk_page = login(users["clerk"]).get(reverse(name, args=[meeting.pk])).content.decode()
        assert "以下材料的最新版本尚未生成问题记录" in clerk_page and "李华" in clerk_page and record_url in clerk_page
        other = login(users["supervisor" if name == "meeting_trace" else "secretary"])
        page = other.get(reverse(name, args=[meeting.pk])).content.decode()
        assert "尚未生成问题记录" in page and "请党办生成问题记录" in page and record_url not in page
    assert login(users["supervisor"]).post(record_url).status_code == 403
    assert login(users["secretary"]).post(record_url).status_code == 403
    assert not m.ProblemRecord.objects.exists()

    response = login(users["clerk"]).post(record_url, {"back": "feedback"})
    assert response["Location"] == reverse("feedback_manage", args=[meeting.pk])
    assert m.ProblemRecord.objects.count() == 4 and material.latest().problems_recorded
    page = login(users["clerk"]).get(reverse("meeting_trace", args=[meeting.pk])).content.decode()
    assert "尚未生成问题记录" not in page


# ---------------------------------------------------------------- the migration


def test_the_migration_function_is_idempotent(material, claimed):
    from django.apps import apps

    from duizhao.web.workbench import materials as core
    from duizhao.web.workbench import models as m

    migration = import_module(f"duizhao.web.workbench.migrations.{MIGRATION}")
    core.save_version(material, MATERIAL_V1, origin="editor")
    m.ProblemLink.objects.update(state="confirmed")
    _old_version(material, MATERIAL_V2, 2)
    before = _counts()
    migration.record_newest_versions(apps, None)
    once = _counts()
    assert once[0] == before[0] + 3 and once[3] == 2  # V2's three problems
    migration.record_newest_versions(apps, None)
    assert _counts() == once


@pytest.mark.django_db(transaction=True)
def test_the_migration_records_the_newest_versions_that_have_none():
    """Back to 0007, a database as it was (one material recorded at v1 with confirmed links, then
    edited to v2 without records; another never recorded), forward to 0008."""
    from django.db.migrations.executor import MigrationExecutor

    from duizhao.parse import parse_text
    from duizhao.web.workbench import models as m

    executor = MigrationExecutor(connection)
    executor.migrate([("workbench", BEFORE)])
    old = executor.loader.project_state([("workbench", BEFORE)]).apps
    Team, Member, Meeting = (old.get_model("workbench", n) for n in ("Team", "Member", "Meeting"))
    Material, Version, Opinion = (old.get_model("workbench", n) for n in ("Material", "MaterialVersion", "Opinion"))
    Record, Link = (old.get_model("workbench", n) for n in ("ProblemRecord", "ProblemLink"))
    team = Team.objects.create(name="某县局党组")
    li = Member.objects.create(team=team, name="李华", order=1)
    meeting = Meeting.objects.create(
        team=team, year=2023, framework_id="dsh-2023", title="2023年度专题民主生活会", planned_date=date(2024, 1, 20)
    )
    opinions = [
        Opinion.objects.create(
            meeting=meeting, text=text, source="box", received_on=date(2024, 1, 2), claimed_member=li
        )
        for text in CLAIMED
    ]
    personal = Material.objects.create(meeting=meeting, member=li)
    v1 = Version.objects.create(material=personal, number=1, text=MATERIAL_V1)
    for i, problem in enumerate(parse_text(MATERIAL_V1).problems):
        Record.objects.create(version=v1, index=i, text=problem.text, aspect_id=problem.aspect_id or "")
    Link.objects.create(problem=Record.objects.get(version=v1, index=1), opinion=opinions[0], state="confirmed")
    Link.objects.create(problem=Record.objects.get(version=v1, index=0), opinion=opinions[2], state="confirmed")
    Version.objects.create(material=personal, number=2, text=MATERIAL_V2)
    team_material = Material.objects.create(meeting=meeting)
    Version.objects.create(material=team_material, number=1, text=MATERIAL_V1)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    v1, v2 = m.MaterialVersion.objects.filter(material_id=personal.pk).order_by("number")
    assert v1.problems_recorded and v2.problems_recorded
    assert [r.aspect_id for r in v2.problem_records.order_by("index")] == [
        "responsibility",
        "responsibility",
        "integrity",
    ]
    links = {
        (link.problem.index, link.opinion_id, link.state) for link in m.ProblemLink.objects.filter(problem__version=v2)
    }
    assert (0, opinions[0].pk, "confirmed") in links  # carried over from v1
    assert (1, opinions[1].pk, "suggested") in links  # suggested to the claimed opinion
    assert m.ProblemLink.objects.get(opinion_id=opinions[2].pk).lost
    team_version = m.MaterialVersion.objects.get(material_id=team_material.pk)
    assert team_version.problems_recorded and team_version.problem_records.count() == 4
