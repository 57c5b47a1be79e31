"""Home, teams and members, meetings and their timetable, accounts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordChangeView
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from duizhao.safety import normalize_username
from duizhao.web.workbench import forms as f
from duizhao.web.workbench import lifecycle, services
from duizhao.web.workbench import models as m
from duizhao.web.workbench.backends import username_taken
from duizhao.web.workbench.permissions import opinions_counted_for, require, team_roles, visible_teams
from duizhao.web.workbench.views.common import meeting_context, meeting_for


@login_required
def home(request):
    teams = visible_teams(request.user).prefetch_related("meetings")
    rows = []
    today = timezone.localdate()
    for team in teams:
        roles = team_roles(request.user, team)
        meetings = [x for x in team.meetings.all() if not x.archived]
        for meeting in meetings:
            meeting.overdue = sum(1 for t in meeting.tasks.all() if t.is_overdue(today))
            meeting.missed = sum(1 for d in meeting.deadlines.all() if not d.done_on and d.due < today)
        rows.append(
            {
                "team": team,
                "roles": [dict(m.ROLES)[r] for r in sorted(roles)],
                "meetings": meetings,
                "archived": [x for x in team.meetings.all() if x.archived],
                "may_edit": request.user.is_superuser or "clerk" in roles,
            }
        )
    return render(request, "workbench/home.html", {"rows": rows, "today": today})


def _team_for_edit(request, pk) -> m.Team:
    team = get_object_or_404(m.Team, pk=pk)
    if not (request.user.is_superuser or "clerk" in team_roles(request.user, team)):
        raise PermissionDenied("只有党办人员可以维护班子信息。")
    return team


@login_required
def team_new(request):
    if not request.user.is_superuser:
        raise PermissionDenied("只有系统管理员可以新建班子。")
    form = f.TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        team = form.save()
        messages.success(request, f"已新建班子“{team.name}”。")
        return redirect("team_detail", pk=team.pk)
    return render(request, "workbench/form_page.html", {"form": form, "title": "新建班子"})


@login_required
def team_detail(request, pk):
    team = get_object_or_404(m.Team, pk=pk)
    if not (request.user.is_superuser or team_roles(request.user, team)):
        raise PermissionDenied("您不能查看这个班子。")
    may_edit = request.user.is_superuser or "clerk" in team_roles(request.user, team)
    context = {
        "team": team,
        "members": team.members.all(),
        "meetings": team.meetings.all(),
        "may_edit": may_edit,
        "member_form": f.MemberForm(),
        "settings_form": f.TeamSettingsForm(instance=team),
        "meeting_form": _meeting_form(request, initial={"year": timezone.localdate().year, "kind": "democratic_life"}),
        "schedule": [
            {
                "key": e["key"],
                "title": e["title"],
                "default": e["offset_days"],
                "value": (team.schedule_offsets or {}).get(e["key"], e["offset_days"]),
            }
            for e in services.schedule_defaults()
        ],
        "roles": team.roles.select_related("user"),
    }
    return render(request, "workbench/team.html", context)


@login_required
@require_POST
def member_add(request, pk):
    team = _team_for_edit(request, pk)
    form = f.MemberForm(request.POST)
    if form.is_valid():
        member = form.save(commit=False)
        member.team = team
        member.save()
        messages.success(request, f"已添加班子成员 {member.name}。")
    else:
        messages.error(request, "班子成员信息不完整：" + "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("team_detail", pk=team.pk)


@login_required
def member_edit(request, pk):
    member = get_object_or_404(m.Member, pk=pk)
    team = _team_for_edit(request, member.team_id)
    form = f.MemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "已保存。")
        return redirect("team_detail", pk=team.pk)
    return render(request, "workbench/form_page.html", {"form": form, "title": f"编辑班子成员 {member.name}"})


@login_required
@require_POST
def member_account(request, pk):
    """Create a login for a member; the one-time password is shown once."""
    member = get_object_or_404(m.Member, pk=pk)
    team = _team_for_edit(request, member.team_id)
    if member.user_id:
        messages.error(request, f"{member.name} 已有登录账号。")
        return redirect("team_detail", pk=team.pk)
    if member.is_head and not request.user.is_superuser:  # the clerk must not make a 书记
        messages.error(request, f"{member.name} 是主要负责人，书记账号只能由系统管理员创建。")
        return redirect("team_detail", pk=team.pk)
    username = normalize_username(request.POST.get("username", ""))
    role = "secretary" if member.is_head else "member"
    if not username or username_taken(username):
        messages.error(request, "请填写一个尚未使用的用户名。")
        return redirect("team_detail", pk=team.pk)
    user, password = services.create_account(username, role, team, full_name=member.name, member=member)
    if member.is_head:
        services.grant_role(user, team, "member")
    messages.success(request, f"已为 {member.name} 创建账号 {username}，一次性密码：{password}（首次登录须修改）。")
    return redirect("team_detail", pk=team.pk)


@login_required
@require_POST
def team_settings(request, pk):
    team = _team_for_edit(request, pk)
    form = f.TeamSettingsForm(request.POST, instance=team)
    offsets, errors = services.read_schedule_offsets(request.POST)
    if errors:
        messages.error(request, "日程设置未保存：" + "；".join(errors))
        return redirect("team_detail", pk=team.pk)
    if form.is_valid():
        team = form.save(commit=False)
        team.schedule_offsets = offsets
        team.save()
        for meeting in team.meetings.all():
            services.sync_deadlines(meeting)
        messages.success(request, "班子设置已保存，各次会议的日程已重新计算。")
    else:
        messages.error(request, "设置有误：" + "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("team_detail", pk=team.pk)


def _meeting_form(request, *args, **kwargs) -> f.MeetingForm:
    """The meeting form; a unit's framework file that cannot be read is named on the page."""
    form = f.MeetingForm(*args, **kwargs)
    for problem in form.framework_problems:
        messages.warning(request, f"本单位的年度框架文件有误，已跳过：{problem}")
    return form


@login_required
def meeting_new(request, pk):
    team = _team_for_edit(request, pk)
    year = timezone.localdate().year
    form = _meeting_form(request, request.POST or None, initial={"year": year, "kind": "democratic_life"})
    note = ""
    if request.method == "GET" and f.year_framework_id(year, "democratic_life") is None:
        note = f.missing_framework_words(year, "democratic_life").split("也可以")[0]
    if request.method == "POST" and form.is_valid():
        meeting = form.save(commit=False)
        meeting.team = team
        meeting.previous = team.meetings.filter(year__lt=meeting.year).order_by("-year", "-planned_date").first()
        meeting.save()
        services.sync_deadlines(meeting)
        messages.success(request, f"已创建“{meeting.title}”，并生成会前会后日程。")
        return redirect("meeting_detail", pk=meeting.pk)
    return render(
        request,
        "workbench/form_page.html",
        {"form": form, "title": f"{team.name} · 新建会议", "note": note, "link": ("framework_add", "添加年度框架")},
    )


@login_required
def meeting_edit(request, pk):
    meeting = meeting_for(request, pk, "edit_meeting")
    form = _meeting_form(request, request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        form.save()
        services.sync_deadlines(meeting)
        messages.success(request, "会议信息已保存，日程已重新计算。")
        return redirect("meeting_detail", pk=meeting.pk)
    return render(request, "workbench/form_page.html", {"form": form, "title": f"编辑 {meeting.title}"})


def _stage(meeting: m.Meeting, deadlines: list) -> dict | None:
    """The stage derived from the records (cycle.progress), with the timetable's due date for it."""
    from duizhao.cycle.progress import current_stage
    from duizhao.web.workbench.reports import cycle_facts

    stage = current_stage(cycle_facts(meeting))
    if stage.key == "finished":
        return None
    due = next((d.due for d in deadlines if d.key == stage.key), None)
    return {"title": stage.words, "due": due}


@login_required
def meeting_detail(request, pk):
    meeting = meeting_for(request, pk)
    today = timezone.localdate()
    deadlines = list(meeting.deadlines.all())
    tasks = list(meeting.tasks.all())
    coverage = services.talk_coverage(meeting)  # no members yet: no pairs, nothing missing
    context = meeting_context(
        request,
        meeting,
        "meeting_detail",
        removable=lifecycle.is_empty(meeting),
        undoable=lifecycle.undoable_start(meeting),
        deadlines=deadlines,
        stage=_stage(meeting, deadlines),
        today=today,
        summary=services.opinion_summary(meeting, opinions_counted_for(request.user, meeting)),
        coverage=coverage,
        talks_done=len(coverage.done) if coverage else 0,
        talks_required=len(coverage.done) + len(coverage.missing) if coverage else 0,
        tasks_total=len(tasks),
        tasks_done=sum(1 for t in tasks if t.status == "done"),
        tasks_overdue=[t for t in tasks if t.is_overdue(today)],
        materials=meeting.materials.select_related("member"),
        framework=services.framework_of(meeting),
    )
    return render(request, "workbench/meeting.html", context)


@login_required
@require_POST
def deadline_done(request, pk):
    deadline = get_object_or_404(m.Deadline, pk=pk)
    require(request.user, "edit_meeting", deadline.meeting)
    deadline.done_on = None if deadline.done_on else timezone.localdate()
    deadline.save(update_fields=["done_on"])
    if request.headers.get("HX-Request"):
        return render(
            request,
            "workbench/_deadline_row.html",
            {"d": deadline, "today": timezone.localdate(), "may": {"edit_meeting": True}},
        )
    return redirect("meeting_detail", pk=deadline.meeting_id)


@login_required
def dashboard_data(request, pk):
    """Chart data for ECharts (opinions by aspect and source, task progress)."""
    from django.http import JsonResponse

    meeting = meeting_for(request, pk)
    summary = services.opinion_summary(meeting, opinions_counted_for(request.user, meeting))
    tasks = list(meeting.tasks.all())
    today = timezone.localdate()
    statuses = dict(m.TASK_STATUSES)
    status_counts = {label: 0 for label in statuses.values()}
    for t in tasks:
        status_counts[statuses[t.status]] += 1
    return JsonResponse(
        {
            "by_aspect": summary["by_aspect"],
            "by_source": summary["by_source"],
            "tasks": status_counts,
            "overdue": sum(1 for t in tasks if t.is_overdue(today)),
        }
    )


class PasswordChange(PasswordChangeView):
    template_name = "workbench/form_page.html"
    extra_context = {"title": "修改密码", "note": "首次登录请设置您自己的密码（至少 8 位，不能全是数字）。"}

    def form_valid(self, form):
        response = super().form_valid(form)
        m.AccountState.objects.filter(user=self.request.user).update(must_change_password=False)
        messages.success(self.request, "密码已修改。")
        return response


@login_required
@require_POST
def team_account(request, pk):
    """The administrator creates a 党办 / 书记 / 督导组 login for a team (one-time password)."""
    if not request.user.is_superuser:
        raise PermissionDenied("只有系统管理员可以为班子创建账号。")
    team = get_object_or_404(m.Team, pk=pk)
    username = normalize_username(request.POST.get("username", ""))
    role = request.POST.get("role", "")
    if role not in dict(m.ROLES) or not username or username_taken(username):
        messages.error(request, "请填写一个尚未使用的用户名并选择角色。")
        return redirect("team_detail", pk=team.pk)
    _user, password = services.create_account(username, role, team, full_name=request.POST.get("full_name", "").strip())
    messages.success(request, f"已创建{dict(m.ROLES)[role]}账号 {username}，一次性密码：{password}（首次登录须修改）。")
    return redirect("team_detail", pk=team.pk)
