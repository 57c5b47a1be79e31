"""Set-up that fits the year (issue 12 §4): a new meeting defaults to its year's framework, a
mismatch is refused until confirmed, a year without a framework is said plainly and the clerk
can add it (file or form); carried-over tasks keep 方面 and 来源; no 通报 item twice."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from duizhao.cycle.meeting import framework_for_year, framework_mismatch
from duizhao.frameworks import load_frameworks
from duizhao.web.workbench import models as m

FORM = {
    "title": "2025年度民主生活会",
    "kind": "democratic_life",
    "meeting_type": "annual",
    "year": 2025,
    "planned_date": "2026-01-20",
}


@pytest.fixture
def own_frameworks(tmp_path, monkeypatch):
    monkeypatch.setenv("DUIZHAO_DATA_DIR", str(tmp_path))
    return tmp_path / "frameworks"


def test_the_core_finds_the_years_framework_and_names_a_mismatch():
    frameworks = load_frameworks()
    assert framework_for_year(frameworks, 2025).id == "dsh-2025"
    assert framework_for_year(frameworks, 2025, "organisational_life").id == "osh-2025"
    assert framework_for_year(frameworks, 2099) is None
    assert framework_mismatch(framework_for_year(frameworks, 2025), 2025) is None
    assert "2019年度" in framework_mismatch(framework_for_year(frameworks, 2019), 2025)


def test_a_new_meeting_defaults_to_its_years_framework(login, users, team):
    form = login(users["clerk"]).get(reverse("team_detail", args=[team.pk])).context["meeting_form"]
    from django.utils import timezone

    expected = framework_for_year(load_frameworks(), timezone.localdate().year)
    assert form.initial["framework_id"] == (expected.id if expected else None)


def test_a_mismatched_framework_is_refused_until_confirmed(login, users, team):
    client = login(users["clerk"])
    url = reverse("meeting_new", args=[team.pk])
    refused = client.post(url, {**FORM, "framework_id": "dsh-2019"})
    assert refused.status_code == 200 and not m.Meeting.objects.filter(team=team).exists()
    page = refused.content.decode()
    assert "所选框架是2019年度的，本次会议是2025年度" in page and "2025年度民主生活会" in page and "仍然使用" in page
    client.post(url, {**FORM, "framework_id": "dsh-2019", "accept_mismatch": "on"})
    assert m.Meeting.objects.get(team=team).framework_id == "dsh-2019"
    client.post(url, {**FORM, "title": "正确的", "framework_id": "dsh-2025"})
    assert m.Meeting.objects.get(team=team, title="正确的").framework_id == "dsh-2025"


def test_a_year_without_a_framework_is_said_plainly_and_the_clerk_adds_it(login, users, team, own_frameworks):
    client = login(users["clerk"])
    refused = client.post(
        reverse("meeting_new", args=[team.pk]),
        {**FORM, "year": 2099, "title": "2099年度民主生活会", "framework_id": "dsh-2025"},
    )
    assert "2099年度民主生活会的框架还没有收入本软件" in refused.content.decode()

    client.post(
        reverse("framework_add"),
        {
            "year": 2099,
            "kind": "democratic_life",
            "title": "2099年度民主生活会",
            "theme": "本年度主题",
            "aspects": "学习：带头加强学习\n作风：带头改进作风",
        },
    )
    assert (own_frameworks / "unit-dsh-2099.toml").exists()
    assert framework_for_year(load_frameworks(), 2099).aspects[1].short_name == "作风"
    client.post(
        reverse("meeting_new", args=[team.pk]),
        {**FORM, "year": 2099, "title": "2099年度民主生活会", "framework_id": "unit-dsh-2099"},
    )
    assert m.Meeting.objects.get(team=team, year=2099).framework_id == "unit-dsh-2099"


def test_a_framework_file_is_checked_before_it_is_saved(login, users, own_frameworks):
    client = login(users["clerk"])
    bad = client.post(
        reverse("framework_add"),
        {"kind": "democratic_life", "file": SimpleUploadedFile("x.toml", b"id = 1\n[[")},
        follow=True,
    )
    assert "年度框架未保存" in bad.content.decode() and not list(own_frameworks.glob("*.toml"))
    good = (
        'id = "unit-2098"\nyear = 2098\nmeeting_kind = "democratic_life"\nmeeting_type = "annual"\n'
        'title = "2098年度民主生活会"\n[[aspects]]\nid = "a"\nshort_name = "学习"\nwording = "带头学习"\n'
    ).encode()
    client.post(reverse("framework_add"), {"kind": "democratic_life", "file": SimpleUploadedFile("f.toml", good)})
    assert framework_for_year(load_frameworks(), 2098).id == "unit-2098"


def test_only_clerks_add_frameworks(login, users):
    assert login(users["member"]).get(reverse("framework_add")).status_code == 403


def test_carried_tasks_keep_aspect_and_source_and_the_carryover_item_is_listed_once(db, team, members):
    from duizhao.web.workbench import reports

    last = m.Meeting.objects.create(
        team=team,
        year=2024,
        framework_id="dsh-2024",
        title="2024年度民主生活会",
        planned_date=date(2025, 1, 16),
        held_date=date(2025, 1, 16),
    )
    m.Task.objects.create(
        meeting=last,
        number="2024-001",
        problem="执法程序不规范。",
        source="opinion",
        aspect_id="political_discipline",
        owner=members[1],
    )
    new = reports.start_next_meeting(last)
    carried = new.tasks.get()
    assert carried.source == "opinion" and carried.carried_from is not None
    assert carried.aspect_id in {
        a.id for f in load_frameworks() if f.id == "dsh-2025" for a in f.aspects
    }  # in 2025's terms
    titles = list(new.announcements.values_list("title", flat=True))
    assert titles.count("2024年度民主生活会查摆问题整改落实情况") == 1
    assert not [t for t in titles if "上一年度" in t]
    assert len(titles) == len(set(titles))


def test_a_wrong_year_carryover_wording_is_not_used(db, team):
    from duizhao.web.workbench import reports

    last = m.Meeting.objects.create(
        team=team,
        year=2023,
        framework_id="dsh-2023",
        title="2023年度民主生活会",
        planned_date=date(2024, 1, 16),
        held_date=date(2024, 1, 16),
    )
    new = m.Meeting.objects.create(
        team=team,
        year=2024,
        framework_id="dsh-2025",
        title="2024年度民主生活会",
        planned_date=date(2025, 1, 16),
        previous=last,
    )
    titles = [title for title, _ in reports.default_announcements(new)]
    assert titles[0] == "2023年度民主生活会整改措施落实情况"
    assert "2024年度民主生活会查摆问题整改落实情况" not in titles
