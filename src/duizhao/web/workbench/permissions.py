"""Who may do what, enforced on the server for every view and download.

A user's roles are per team (TeamRole). A supervisor (督导组) role on a team reaches every
team below it. The administrator (superuser) sets up teams and accounts and may do anything.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from duizhao.web.workbench.models import Material, Meeting, Member, Opinion, Talk, Task, Team, TeamRole

# action -> roles that may do it on a team's meeting. Object rules (own material, own task,
# own talk, opinions about oneself) are added in `can` below.
ACTIONS: dict[str, set[str]] = {
    "view_meeting": {"clerk", "secretary", "member", "supervisor"},
    "edit_meeting": {"clerk"},  # set-up, timetable, members, talks, meeting record
    "manage_opinions": {"clerk"},  # enter, import, classify, assign
    "view_all_opinions": {"clerk", "secretary", "supervisor"},
    "claim_opinion": {"clerk", "secretary"},  # members claim for themselves (object rule)
    "record_talk": {"clerk"},  # members record their own talks (object rule)
    "edit_talk": {"clerk"},  # edit or delete a talk record; the talk's speaker too (object rule)
    "view_material": {"clerk", "secretary", "supervisor"},  # members: own and the team's
    "edit_material": set(),  # owner member; team material: clerk and secretary (object rule)
    "comment_material": {"secretary", "supervisor"},
    "view_ledger": {"clerk", "secretary", "member", "supervisor"},
    "edit_task": {"clerk"},  # owner member updates progress and evidence (object rule)
    "close_task": {"clerk", "secretary"},
    "import_ledger": {"clerk"},
    "export": {"clerk", "secretary", "supervisor"},
    "edit_report": {"clerk", "secretary"},
    "comment_meeting": {"supervisor"},
}


def team_roles(user, team: Team) -> set[str]:
    if not user.is_authenticated:
        return set()
    cache = user.__dict__.setdefault("_duizhao_roles", {})  # lives as long as the request's user
    if team.pk not in cache:
        cache[team.pk] = _team_roles(user, team)
    return set(cache[team.pk])


def _team_roles(user, team: Team) -> set[str]:
    roles = set(TeamRole.objects.filter(user=user, team=team).exclude(role="supervisor").values_list("role", flat=True))
    ancestors: list[int] = []
    level: Team | None = team
    while level is not None and len(ancestors) < 10:
        ancestors.append(level.pk)
        level = level.parent
    if TeamRole.objects.filter(user=user, team_id__in=ancestors, role="supervisor").exists():
        roles.add("supervisor")
    return roles


def member_of(user) -> Member | None:
    if not user.is_authenticated:
        return None
    return Member.objects.filter(user=user).first()


def _team_of(obj) -> Team:
    if isinstance(obj, Team):
        return obj
    if isinstance(obj, Meeting):
        return obj.team
    if isinstance(obj, (Material, Task)):
        return obj.meeting.team
    return obj.meeting.team


def can(user, action: str, obj) -> bool:
    """May `user` do `action` on `obj` (a Team, Meeting, Material, Task, Talk or Opinion)?"""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action}")
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    team = _team_of(obj)
    roles = team_roles(user, team)
    if roles & ACTIONS[action]:
        return True
    if "member" not in roles:
        return False
    me = member_of(user)
    if me is None or me.team_id != team.pk:
        return False
    if action == "edit_material" and isinstance(obj, Material):
        return obj.member_id == me.pk
    if action == "view_material" and isinstance(obj, Material):
        return obj.member_id in (None, me.pk)
    if action == "edit_task" and isinstance(obj, Task):
        return obj.owner_id == me.pk
    if action == "claim_opinion" and isinstance(obj, Opinion):
        return obj.target_member_id in (None, me.pk)
    if action == "edit_talk" and isinstance(obj, Talk):
        return obj.speaker_id == me.pk
    if action == "record_talk":
        return getattr(obj, "speaker_id", None) == me.pk or isinstance(obj, Meeting)
    # may open the materials page; each material is checked again
    return action == "edit_material" and isinstance(obj, Meeting)


def require(user, action: str, obj) -> None:
    if not can(user, action, obj):
        raise PermissionDenied("您没有执行此操作的权限。")


def visible_teams(user):
    if user.is_superuser:
        return Team.objects.all()
    direct = set(TeamRole.objects.filter(user=user).values_list("team_id", flat=True))
    supervised = set(TeamRole.objects.filter(user=user, role="supervisor").values_list("team_id", flat=True))
    frontier = set(supervised)
    while frontier:
        below = set(Team.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - direct
        direct |= below
        frontier = below
    return Team.objects.filter(id__in=direct)


def sees_opinions_live(user, meeting: Meeting) -> bool:
    """The clerk (who runs the collection), the supervisors and the administrator see opinions as
    they arrive; the team's members, the secretary included, only in released batches."""
    return user.is_superuser or bool(team_roles(user, meeting.team) & {"clerk", "supervisor"})


def released_opinions(meeting: Meeting):
    """While a link of the meeting is open, only the opinions of earlier days (daily batches): a
    member polling the page must not see an opinion about him seconds after a colleague left his
    office. Once every link is closed, all of them."""
    from django.utils import timezone

    opinions = meeting.opinions.all()
    if meeting.solicitations.filter(is_open=True).exists():
        opinions = opinions.filter(received_on__lt=timezone.localdate())
    return opinions


def opinions_counted_for(user, meeting: Meeting):
    """The opinions whose counts (overview, dashboard, list header) the user may see."""
    return meeting.opinions.all() if sees_opinions_live(user, meeting) else released_opinions(meeting)


def opinions_visible_to(user, meeting: Meeting):
    if can(user, "view_all_opinions", meeting):
        return opinions_counted_for(user, meeting)
    me = member_of(user)
    if me is None or me.team_id != meeting.team_id or not can(user, "view_meeting", meeting):
        return meeting.opinions.none()
    from django.db.models import Q

    return released_opinions(meeting).filter(Q(target_member=me) | Q(target_member__isnull=True) | Q(claimed_member=me))
