"""Security tests: the plain ones need nothing; the web ones get Django with a private data dir
(a real SQLite file, so tests can read what was written) and two teams with one account per role."""

import os
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # helpers, whatever pytest's import mode

import fuzzing
from security_world import build_team, make_user

os.environ.setdefault("DUIZHAO_DATA_DIR", tempfile.mkdtemp(prefix="duizhao-security-test-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "duizhao.web.settings"

import django

django.setup()


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
        "team": team,
        "members": members,
        "meeting": meeting,
        "other": other,
        "other_members": other_members,
        "other_meeting": other_meeting,
        "admin": make_user("root", superuser=True),
        "clerk": make_user("clerk", team, "clerk"),
        "secretary": secretary,
        "member": make_user("member", team, "member", member=members[1]),
        "member2": make_user("member2", team, "member", member=members[2]),
        "supervisor": make_user("supervisor", parent, "supervisor"),
        "other_clerk": make_user("otherclerk", other, "clerk"),
        "other_member": make_user("othermember", other, "member", member=other_members[1]),
    }
