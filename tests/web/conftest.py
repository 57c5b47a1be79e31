"""pytest-django set-up for the workbench: a private data dir, settings from duizhao.web.settings,
and a small team with one account per role."""

import os
import tempfile
from datetime import date

_DATA = tempfile.mkdtemp(prefix="duizhao-web-test-")
os.environ.setdefault("DUIZHAO_DATA_DIR", _DATA)
os.environ["DJANGO_SETTINGS_MODULE"] = "duizhao.web.settings"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

import django

django.setup()


import pytest

PASSWORD = "Test-pass-2025"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Argon2 (the real first hasher, see test_config) costs ~100 ms per account; these tests make many."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def team(db):
    from duizhao.web.workbench.models import Team

    parent = Team.objects.create(name="某市局党组")
    return Team.objects.create(name="某县局党组", unit="某县局", parent=parent)


@pytest.fixture
def members(team):
    from duizhao.web.workbench.models import Member

    rows = [
        ("张明", "党组书记、局长", True, "全面工作", "办公室"),
        ("李华", "党组成员、副局长", False, "业务工作", "业务科"),
        ("王强", "党组成员、纪检组长", False, "纪检监察", "监察室"),
    ]
    return [
        Member.objects.create(team=team, name=n, title=t, is_head=h, portfolio=p, departments=d, order=i)
        for i, (n, t, h, p, d) in enumerate(rows)
    ]


@pytest.fixture
def meeting(team, members):
    from duizhao.web.workbench import services
    from duizhao.web.workbench.models import Meeting

    meeting = Meeting.objects.create(
        team=team,
        year=2023,
        framework_id="dsh-2023",
        title="2023年度专题民主生活会",
        planned_date=date(2024, 1, 20),
        kind="democratic_life",
        meeting_type="thematic",
    )
    services.sync_deadlines(meeting)
    return meeting


def make_user(username, team=None, role=None, member=None, superuser=False):
    from django.contrib.auth import get_user_model

    from duizhao.web.workbench import services

    User = get_user_model()
    if superuser:
        return User.objects.create_superuser(username, "", PASSWORD)
    user = User.objects.create_user(username, password=PASSWORD)
    if role:
        services.grant_role(user, team, role)
    if member is not None:
        member.user = user
        member.save()
    return user


@pytest.fixture
def users(team, members):
    """One account per role. `other_clerk` is the clerk of an unrelated team."""
    from duizhao.web.workbench.models import Team

    other = Team.objects.create(name="另一县局党组")
    head_user = make_user("secretary", team, "secretary", member=members[0])
    from duizhao.web.workbench import services

    services.grant_role(head_user, team, "member")
    return {
        "admin": make_user("root", superuser=True),
        "clerk": make_user("clerk", team, "clerk"),
        "secretary": head_user,
        "member": make_user("member", team, "member", member=members[1]),
        "other_member": make_user("member2", team, "member", member=members[2]),
        "supervisor": make_user("supervisor", team.parent, "supervisor"),
        "other_clerk": make_user("otherclerk", other, "clerk"),
    }


@pytest.fixture(name="make_user")
def make_user_fixture(db):
    return make_user


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user
