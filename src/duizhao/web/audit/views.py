from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from duizhao.web.audit.models import AuditEntry

READER_ROLES = {"clerk", "supervisor"}
PAGE_SIZE = 100


def readable_team_ids(user) -> set[int] | None:
    """Teams whose audit log `user` may read; None means every team (the administrator)."""
    if user.is_superuser:
        return None
    from duizhao.web.workbench.models import Team
    from duizhao.web.workbench.permissions import team_roles

    return {team.pk for team in Team.objects.all() if team_roles(user, team) & READER_ROLES}


@login_required
def audit_log(request):
    teams = readable_team_ids(request.user)
    if teams is not None and not teams:
        raise PermissionDenied("只有党办和督导组可以查看审计日志。")
    entries = AuditEntry.objects.all()
    if teams is not None:
        entries = entries.filter(team_id__in=teams)
    team = request.GET.get("team", "")
    if team.isdigit():
        entries = entries.filter(team_id=int(team))
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"page": page, "team": team})
