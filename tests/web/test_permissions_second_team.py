"""A member role on a second team does not make the user a member there; a member records talks
as their speaker only.

A user is a member (Member row) of one team; a TeamRole can still give them the "member" role on
another team. The object rules of `can` (own material, team material, own talk…) must then apply
only on the team the Member row belongs to: on the second team they see what any member-role
holder sees through ACTIONS, and nothing the object rules add."""

from datetime import date

import pytest

from duizhao.web.workbench import models as m
from duizhao.web.workbench import services
from duizhao.web.workbench.permissions import can, opinions_visible_to


@pytest.fixture
def second_team(team, members):
    other = m.Team.objects.create(name="另一县局党组", parent=team.parent)
    stranger = m.Member.objects.create(team=other, name="赵刚", title="党组成员", order=0)
    meeting = m.Meeting.objects.create(
        team=other,
        year=2023,
        framework_id="dsh-2023",
        title="2023年度专题民主生活会",
        planned_date=date(2024, 1, 20),
        kind="democratic_life",
        meeting_type="thematic",
    )
    team_material = m.Material.objects.create(meeting=meeting, member=None)
    talk = m.Talk.objects.create(meeting=meeting, speaker=stranger, other_name="某科长", talked_on=date(2024, 1, 5))
    opinion = m.Opinion.objects.create(
        meeting=meeting, text="学习不够深入。", source="seminar", received_on=date(2024, 1, 2)
    )
    return {"team": other, "meeting": meeting, "team_material": team_material, "talk": talk, "opinion": opinion}


@pytest.fixture
def member_with_second_role(make_user, team, members, second_team):
    user = make_user("twoteams", team, "member", member=members[1])
    services.grant_role(user, second_team["team"], "member")
    return user


def test_member_role_on_a_second_team_grants_only_what_the_role_grants(member_with_second_role, second_team):
    user, other = member_with_second_role, second_team
    assert can(user, "view_meeting", other["meeting"])  # the role's own right (ACTIONS)
    assert not can(user, "view_material", other["team_material"])
    assert not can(user, "record_talk", other["meeting"])
    assert not can(user, "edit_material", other["meeting"])
    assert not can(user, "claim_opinion", other["opinion"])
    assert list(opinions_visible_to(user, other["meeting"])) == []


def test_the_same_rules_hold_on_the_users_own_team(member_with_second_role, meeting):
    own_material = m.Material.objects.create(meeting=meeting, member=None)
    assert can(member_with_second_role, "view_material", own_material)
    assert can(member_with_second_role, "record_talk", meeting)
    assert can(member_with_second_role, "edit_material", meeting)  # opens the page; each material is checked


def test_a_member_records_talks_as_their_speaker_only(member_with_second_role, meeting, members):
    own = m.Talk.objects.create(meeting=meeting, speaker=members[1], other_name="某科长", talked_on=date(2024, 1, 5))
    other = m.Talk.objects.create(meeting=meeting, speaker=members[2], other_name="某科长", talked_on=date(2024, 1, 6))
    assert can(member_with_second_role, "record_talk", own)
    assert not can(member_with_second_role, "record_talk", other)


def test_an_unknown_action_is_refused_by_name(member_with_second_role, meeting):
    with pytest.raises(ValueError, match="unknown action view_everything"):
        can(member_with_second_role, "view_everything", meeting)
