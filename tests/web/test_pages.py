"""Every main page renders for the clerk, in Chinese, without errors."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize("name", ["meeting_detail", "opinions", "ledger"])
def test_meeting_pages_render(login, users, meeting, name):
    response = login(users["clerk"]).get(reverse(name, args=[meeting.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert meeting.title in text
    assert "Traceback" not in text


def test_home_lists_the_team_for_its_clerk_only(login, users, meeting):
    assert "某县局党组" in login(users["clerk"]).get("/").content.decode()
    assert "某县局党组" not in login(users["other_clerk"]).get("/").content.decode()


def test_login_required(client, meeting):
    response = client.get(reverse("meeting_detail", args=[meeting.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_timetable_from_plan_timetable(login, users, meeting):
    keys = set(meeting.deadlines.values_list("key", flat=True))
    assert {"plan_to_parent", "meeting", "report"} <= keys
    report = meeting.deadlines.get(key="report")
    assert (report.due - meeting.planned_date).days == 15


def test_team_settings_change_the_timetable(login, users, meeting):
    client = login(users["clerk"])
    response = client.post(
        reverse("team_settings", args=[meeting.team.pk]),
        {"quorum_ratio": "2/3", "department_heads": "", "offset_report": "10"},
    )
    assert response.status_code == 302
    assert (meeting.deadlines.get(key="report").due - meeting.planned_date).days == 10


def test_no_page_loads_from_the_internet(login, users, meeting):
    """Every address a page loads or links is on this server. (Only addresses are searched: a
    random CSRF token may well contain the letters "cdn".)"""
    import re

    client = login(users["clerk"])
    for name in ["meeting_detail", "opinions", "ledger"]:
        html = client.get(reverse(name, args=[meeting.pk])).content.decode()
        addresses = re.findall(r"""\b(?:src|href|action)\s*=\s*["']([^"']*)["']""", html, re.I)
        addresses += re.findall(r"""url\(\s*["']?([^"')]*)""", html, re.I)
        assert any(a.startswith("/static/") for a in addresses)
        for address in addresses:
            assert not re.match(r"(https?:)?//", address, re.I), address
            assert "cdn" not in address.lower(), address


def test_every_tab_renders_for_a_new_team_without_members(client, make_user):
    from datetime import date

    from duizhao.web.workbench import services
    from duizhao.web.workbench.models import Meeting, Team

    team = Team.objects.create(name="新班子")
    meeting = Meeting.objects.create(
        team=team, year=2025, framework_id="dsh-2025", title="2025年度民主生活会", planned_date=date(2026, 1, 10)
    )
    services.sync_deadlines(meeting)
    client.force_login(make_user("newclerk", team, "clerk"))
    for name in ["meeting_detail", "opinions", "talks", "materials", "session", "ledger", "reports"]:
        response = client.get(reverse(name, args=[meeting.pk]))
        assert response.status_code == 200, name
    assert client.get(reverse("minutes_download", args=[meeting.pk])).status_code == 200
    assert client.get(reverse("package_download", args=[meeting.pk])).status_code == 200


def test_administrator_sets_up_a_team_and_its_clerk(client, make_user):
    from duizhao.web.workbench.models import AccountState, Team, TeamRole

    client.force_login(make_user("root2", superuser=True))
    client.post(reverse("team_new"), {"name": "试点局党组", "unit": "试点局"})
    team = Team.objects.get(name="试点局党组")
    response = client.post(
        reverse("team_account", args=[team.pk]),
        {"username": "pilot", "full_name": "孟丽", "role": "clerk"},
        follow=True,
    )
    assert "一次性密码" in response.content.decode()
    role = TeamRole.objects.get(team=team)
    assert role.role == "clerk" and AccountState.objects.get(user=role.user).must_change_password
    client.force_login(role.user)
    assert client.get("/").status_code == 302  # must change the password first
    client.force_login(make_user("plainclerk", team, "clerk"))
    assert client.post(reverse("team_account", args=[team.pk]), {"username": "x", "role": "clerk"}).status_code == 403


def test_models_and_migrations_agree(db):
    from io import StringIO

    from django.core.management import call_command

    call_command("makemigrations", "workbench", "--check", "--dry-run", stdout=StringIO())


def test_error_pages_are_chinese_without_tracebacks(login, users, meeting):
    client = login(users["other_clerk"])
    forbidden = client.get(reverse("meeting_detail", args=[meeting.pk]))
    assert forbidden.status_code == 403 and "没有权限" in forbidden.content.decode()
    missing = client.get("/meetings/999999/")
    assert missing.status_code == 404 and "页面不存在" in missing.content.decode()


def test_an_organisational_life_meeting_of_a_branch(login, users, team, members):
    from datetime import date

    from duizhao.web.workbench import services
    from duizhao.web.workbench.models import Meeting

    meeting = Meeting.objects.create(
        team=team,
        kind="organisational_life",
        year=2025,
        framework_id="osh-2025",
        title="2025年度组织生活会",
        planned_date=date(2026, 1, 20),
    )
    services.sync_deadlines(meeting)
    assert meeting.deadlines.exists()
    client = login(users["clerk"])
    for name in ["meeting_detail", "session", "reports"]:
        assert client.get(reverse(name, args=[meeting.pk])).status_code == 200, name
    assert "组织生活会" in client.get(reverse("session", args=[meeting.pk])).content.decode()
