"""Security tests: the plain ones need nothing; the web ones get Django with a private data dir
(a real SQLite file, so tests can read what was written) and a small team with one account per role."""
import os
import tempfile
from datetime import date

import pytest

import fuzzing

os.environ.setdefault("DUIZHAO_DATA_DIR", tempfile.mkdtemp(prefix="duizhao-security-test-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "duizhao.web.settings"

import django  # noqa: E402

django.setup()

PASSWORD = "Test-pass-2025"


@pytest.fixture(scope="session", autouse=True)
def _fuzz_tally():
    yield
    if fuzzing.RAN:
        fuzzing.write_counts()


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


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


def build_team(name: str, parent=None, people=("张明", "李华", "王强")):
    from duizhao.web.workbench import services
    from duizhao.web.workbench.models import Meeting, Member, Team

    team = Team.objects.create(name=name, unit=name, parent=parent)
    members = [Member.objects.create(team=team, name=n, title="党组成员", is_head=(i == 0), order=i)
               for i, n in enumerate(people)]
    meeting = Meeting.objects.create(team=team, year=2023, framework_id="dsh-2023", title="2023年度专题民主生活会",
                                     planned_date=date(2024, 1, 20), kind="democratic_life", meeting_type="thematic")
    services.sync_deadlines(meeting)
    return team, members, meeting


@pytest.fixture
def world(db):
    """Two sibling teams under one parent, each with a clerk and members; a supervisor above."""
    from duizhao.web.workbench import services

    parent, _, _ = build_team("某市局党组", people=("赵一",))
    team, members, meeting = build_team("某县局党组", parent)
    other, other_members, other_meeting = build_team("另一县局党组", parent, people=("孙二", "周三"))
    secretary = make_user("secretary", team, "secretary", member=members[0])
    services.grant_role(secretary, team, "member")
    return {
        "team": team, "members": members, "meeting": meeting,
        "other": other, "other_members": other_members, "other_meeting": other_meeting,
        "admin": make_user("root", superuser=True),
        "clerk": make_user("clerk", team, "clerk"),
        "secretary": secretary,
        "member": make_user("member", team, "member", member=members[1]),
        "member2": make_user("member2", team, "member", member=members[2]),
        "supervisor": make_user("supervisor", parent, "supervisor"),
        "other_clerk": make_user("otherclerk", other, "clerk"),
        "other_member": make_user("othermember", other, "member", member=other_members[1]),
    }
