"""Steps that could lose work, made safe: report versions (kept whenever a text is replaced),
next year's meeting (only after the meeting is recorded, undoable while the new one is empty),
removing or archiving a meeting created by mistake."""

from __future__ import annotations

from django.db import transaction

from duizhao.web.workbench import models as m
from duizhao.web.workbench import services

# ---------------------------------------------------------------- report versions


def save_report_text(meeting: m.Meeting, kind: str, text: str, *, user=None, note: str = "保存前的版本") -> m.Report:
    """Store `text` as the report; the text it replaces is kept as a version."""
    with transaction.atomic():
        report = m.Report.objects.select_for_update().filter(meeting=meeting, kind=kind).first()
        if report is None:
            return m.Report.objects.create(meeting=meeting, kind=kind, text=text)
        if report.text.strip() != text.strip():
            m.ReportVersion.objects.create(report=report, text=report.text, saved_by=_user(user), note=note)
            report.text = text
            report.save(update_fields=["text", "updated_at"])
    return report


def restore_report_version(version: m.ReportVersion, *, user=None) -> m.Report:
    return save_report_text(version.report.meeting, version.report.kind, version.text, user=user, note="恢复前的版本")


def _user(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None


# ---------------------------------------------------------------- meeting contents


def meeting_contents(meeting: m.Meeting) -> dict[str, int]:
    """What people have entered for a meeting (Chinese label → count). Rows the workbench makes
    by itself (timetable, default 通报, attendance rows, tasks carried over unchanged) are not counted."""
    counts = {
        "意见": meeting.opinions.count(),
        "征求意见链接": meeting.solicitations.count(),
        "谈话记录": meeting.talks.count(),
        "对照检查材料": meeting.materials.count(),
        "批评意见": meeting.criticisms.count(),
        "个人对照检查记录": meeting.self_criticisms.exclude(text="").count(),
        "报告": meeting.reports.count(),
        "新增整改任务": meeting.tasks.filter(carried_from__isnull=True).count(),
        "佐证材料": m.Evidence.objects.filter(task__meeting=meeting).count(),
        "会议召开记录": 1 if meeting.held_date else 0,
    }
    return {label: n for label, n in counts.items() if n}


def changed_carryovers(meeting: m.Meeting) -> list[str]:
    """Carried-over tasks edited since they were carried (their progress or status moved on)."""
    changed = []
    for task in meeting.tasks.filter(carried_from__isnull=False).select_related("carried_from"):
        origin = task.carried_from
        assert origin is not None  # filtered on carried_from__isnull=False
        if (task.status, task.progress, task.measure) != (origin.status, origin.progress, origin.measure):
            changed.append(task.number)
    return changed


def is_empty(meeting: m.Meeting) -> bool:
    return not meeting_contents(meeting) and not changed_carryovers(meeting)


# ---------------------------------------------------------------- next year's meeting


def next_meeting_refusal(meeting: m.Meeting) -> str | None:
    """Why next year's meeting cannot be opened from this one yet (Chinese), or None."""
    if not meeting.held_date:
        return "本次会议尚未召开：请先在“会议召开”页记录召开日期和会议情况，会议召开后才能开启下一年度会议。"
    following = meeting.next_meetings.first()
    if following is not None:
        return f"已从本次会议开启“{following.title}”，不能重复开启。"
    return None


def undoable_start(meeting: m.Meeting) -> bool:
    """A meeting opened from last year's can be undone (removed) while nothing was entered in it."""
    opened = meeting.previous_id is not None and meeting.tasks.filter(carried_from__isnull=False).exists()
    return opened and is_empty(meeting)


def remove_meeting(meeting: m.Meeting) -> str:
    """Delete a meeting that holds nothing people entered (the audit log records the deletion);
    last year's tasks it carried over are no longer marked as carried. Returns its title."""
    if not is_empty(meeting):
        raise ValueError("meeting has contents")
    title = meeting.title
    with transaction.atomic():
        meeting.delete()
    return title


def year_framework_id(year: int, kind: str) -> str | None:
    from duizhao.cycle.meeting import framework_for_year
    from duizhao.frameworks import load_frameworks

    found = framework_for_year(load_frameworks(problems=[]), year, kind)
    return found.id if found else None


def carried_aspect(task: m.Task, old_framework, new_framework) -> str:
    """The task's 方面 in next year's framework: the same aspect id, else the aspect its old
    wording names, else the classifier's reading of the problem; "" when nothing fits."""
    if new_framework is None:
        return ""
    ids = {a.id for a in new_framework.aspects}
    if task.aspect_id in ids:
        return task.aspect_id
    from duizhao.frameworks import AspectMatcher

    old = old_framework.aspect(task.aspect_id) if old_framework is not None and task.aspect_id else None
    if old is not None:
        for phrase in (old.wording, old.short_name):
            found = AspectMatcher([new_framework]).best_aspect(phrase, new_framework.id)
            if found is not None:
                return found.id
    from duizhao.cycle.classify import classify_opinion

    return classify_opinion(task.problem, new_framework).aspect_id or ""


def original_source(task: m.Task) -> str:
    """Where the problem first came from, following earlier carry-overs back."""
    seen = 0
    while task.source == "carryover" and task.carried_from is not None and seen < 50:
        task, seen = task.carried_from, seen + 1
    return task.source


def start_next_meeting(meeting: m.Meeting) -> m.Meeting:
    """Next year's meeting: unfinished tasks carry over with their 方面 and 来源, last year's
    整改 is the opening 通报 (listed once, under the right year)."""
    from duizhao.web.workbench import reports

    with transaction.atomic():
        year = meeting.year + 1
        planned = meeting.planned_date.replace(year=meeting.planned_date.year + 1)
        new = m.Meeting.objects.create(
            team=meeting.team,
            kind=meeting.kind,
            meeting_type="annual",
            year=year,
            framework_id=year_framework_id(year, meeting.kind) or meeting.framework_id,
            title=f"{year}年度{meeting.get_kind_display()}",
            planned_date=planned,
            previous=meeting,
        )
        old_framework, new_framework = services.framework_of(meeting), services.framework_of(new)
        for t in meeting.tasks.exclude(status="done").select_related("carried_from"):
            m.Task.objects.create(
                meeting=new,
                number=t.number,
                problem=t.problem,
                source=original_source(t),
                aspect_id=carried_aspect(t, old_framework, new_framework),
                cause=t.cause,
                target=t.target,
                measure=t.measure,
                owner=t.owner,
                department=t.department,
                deadline=t.deadline,
                task_type=t.task_type,
                status=t.status,
                progress=t.progress,
                carried_from=t,
            )
        services.sync_deadlines(new)
        for order, (title, body) in enumerate(reports.default_announcements(new)):
            m.Announcement.objects.create(meeting=new, title=title, body=body, order=order)
    return new
