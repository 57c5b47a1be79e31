"""Helpers for the web security tests: accounts with one real Argon2 hash, and whole teams."""

from datetime import date

PASSWORD = "Test-pass-2025"


_HASH = []


def password_hash() -> str:
    """One real Argon2 hash of PASSWORD, computed once: hashing is slow by design."""
    if not _HASH:
        from django.contrib.auth.hashers import make_password

        _HASH.append(make_password(PASSWORD))
    return _HASH[0]


def make_user(username, team=None, role=None, member=None, superuser=False):
    from django.contrib.auth import get_user_model

    from duizhao.web.workbench import services

    User = get_user_model()
    user = User(username=username, is_superuser=superuser, is_staff=superuser, password=password_hash())
    user.save()
    if superuser:
        return user
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
    members = [
        Member.objects.create(team=team, name=n, title="党组成员", is_head=(i == 0), order=i)
        for i, n in enumerate(people)
    ]
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
    return team, members, meeting
