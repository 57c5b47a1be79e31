"""The bridge between the ORM and the plain-Python core (duizhao.cycle and friends):
rows go in as dicts or dataclasses, results are stored back. Views call these; nothing here
re-implements a core rule."""

from __future__ import annotations

import secrets
from datetime import date
from functools import lru_cache

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

from duizhao.web.workbench import models as m

ROLE_GROUPS = {"clerk": "党办", "secretary": "书记", "member": "班子成员", "supervisor": "督导组"}


def framework_by_id(framework_id: str):
    """The framework with this id, or None. Read once per process and again whenever a unit's
    framework file is added, edited or removed (a few stat calls per lookup)."""
    from duizhao.frameworks import user_files_signature

    return _framework_by_id(framework_id, user_files_signature())


@lru_cache(maxsize=64)
def _framework_by_id(framework_id: str, user_files: tuple):
    from duizhao.frameworks import load_frameworks

    return next((f for f in load_frameworks(problems=[]) if f.id == framework_id), None)


def framework_of(meeting: m.Meeting):
    return framework_by_id(meeting.framework_id)


def aspect_names(meeting: m.Meeting) -> dict[str, str]:
    framework = framework_of(meeting)
    return {a.id: a.short_name for a in framework.aspects} if framework else {}


def sync_deadlines(meeting: m.Meeting) -> None:
    """(Re)plan the timetable from the meeting date and the team's settings, keeping what was done."""
    from duizhao.cycle.schedule import plan_timetable

    planned = plan_timetable(
        meeting.meeting_date, meeting_kind=meeting.kind, settings=meeting.team.timetable_settings()
    )
    keep = {d.key: d for d in meeting.deadlines.all()}
    seen = set()
    for deadline in planned:
        if deadline.key in seen:
            continue
        seen.add(deadline.key)
        row = keep.pop(deadline.key, None) or m.Deadline(meeting=meeting, key=deadline.key)
        row.title, row.due, row.basis = deadline.title, deadline.due, deadline.basis
        row.save()
    for stale in keep.values():
        stale.delete()


def schedule_defaults(kind: str = "democratic_life") -> list[dict]:
    from duizhao.cycle.schedule import load_schedule_settings

    entries, seen = [], set()
    for entry in load_schedule_settings()["deadlines"]:
        if kind in entry.get("kinds", [kind]) and entry["key"] not in seen:
            seen.add(entry["key"])
            entries.append(entry)
    return entries


def read_schedule_offsets(values) -> tuple[dict[str, int], list[str]]:
    """The team's offset overrides from form fields `offset_<key>`: whole days (ASCII digits, an
    optional minus) within ± max_offset_days of schedule.toml; returns (overrides that differ
    from the defaults, Chinese errors)."""
    import re

    from duizhao.cycle.schedule import load_schedule_settings

    limit = int(load_schedule_settings().get("max_offset_days", 366))
    overrides, errors = {}, []
    for entry in schedule_defaults():
        raw = (values.get(f"offset_{entry['key']}") or "").strip()
        if not raw:
            continue
        if not re.fullmatch(r"-?[0-9]{1,6}", raw) or abs(int(raw)) > limit:
            errors.append(f"“{entry['title']}”的天数应为 -{limit} 到 {limit} 之间的整数（填写的是“{raw[:20]}”）")
        elif int(raw) != entry["offset_days"]:
            overrides[entry["key"]] = int(raw)
    return overrides, errors


def grant_role(user, team: m.Team, role: str) -> None:
    m.TeamRole.objects.get_or_create(user=user, team=team, role=role)
    group, _ = Group.objects.get_or_create(name=ROLE_GROUPS[role])
    user.groups.add(group)


def create_account(
    username: str,
    role: str,
    team: m.Team,
    *,
    full_name: str = "",
    member: m.Member | None = None,
    password: str | None = None,
) -> tuple[User, str]:
    """A new login that must change its password on first login. Returns (user, one-time password)."""
    User = get_user_model()
    password = password or secrets.token_urlsafe(9)
    with transaction.atomic():
        user = User.objects.create_user(username=username, password=password, first_name=full_name)
        m.AccountState.objects.create(user=user, must_change_password=True)
        grant_role(user, team, role)
        if member is not None:
            member.user = user
            member.save(update_fields=["user"])
    return user, password


# ---------------------------------------------------------------- opinions


def classify_opinion(meeting: m.Meeting, opinion: m.Opinion) -> None:
    from duizhao.cycle.classify import classify_opinion as classify

    framework = framework_of(meeting)
    if framework is None or opinion.aspect_confirmed:
        return
    result = classify(opinion.text, framework)
    opinion.aspect_id = result.aspect_id or ""
    opinion.aspect_confidence = float(result.confidence or 0)


def regroup_opinions(meeting: m.Meeting) -> int:
    """Group near-duplicate opinions; returns the number of groups with more than one opinion."""
    from duizhao.cycle.classify import group_near_duplicates

    opinions = list(meeting.opinions.all())
    groups = group_near_duplicates([o.text for o in opinions])
    for o in opinions:
        o.group = None
    count = 0
    for number, indexes in enumerate(groups, start=1):
        indexes = list(indexes)
        if len(indexes) < 2:
            continue
        count += 1
        for i in indexes:
            opinions[i].group = number
    m.Opinion.objects.bulk_update(opinions, ["group"])
    return count


def add_opinion(
    meeting: m.Meeting,
    text: str,
    source: str,
    *,
    target: m.Member | None = None,
    aspect_id: str = "",
    received_on: date | None = None,
) -> m.Opinion:
    opinion = m.Opinion(
        meeting=meeting,
        text=text.strip(),
        source=source,
        target_member=target,
        received_on=received_on or timezone.localdate(),
    )
    if aspect_id:
        opinion.aspect_id, opinion.aspect_confirmed = aspect_id, True
    else:
        classify_opinion(meeting, opinion)
    opinion.save()
    return opinion


def opinion_summary(meeting: m.Meeting, opinions=None) -> dict:
    """Counts for the overview and the dashboard, computed by the database in one grouped query
    (the clerk's pages stay cheap while a meeting hall is submitting thousands of opinions).
    `opinions`: the queryset a user may count (permissions.opinions_counted_for); default all."""
    from django.db.models import Count, Q

    names = aspect_names(meeting)
    source_names = dict(m.OPINION_SOURCES)
    opinions = m.Opinion.objects.filter(meeting=meeting) if opinions is None else opinions
    rows = (
        opinions.order_by()
        .values("aspect_id", "source")
        .annotate(
            n=Count("pk"),
            claimed=Count("pk", filter=Q(claimed_by_team=True) | Q(claimed_member__isnull=False)),
            to_team=Count("pk", filter=Q(target_member__isnull=True)),
        )
    )
    by_aspect: dict[str, int] = {}
    by_source: dict[str, int] = {}
    total = claimed = to_team = 0
    for row in sorted(rows, key=lambda r: (r["aspect_id"], r["source"])):
        key = names.get(row["aspect_id"], "未分类")
        by_aspect[key] = by_aspect.get(key, 0) + row["n"]
        label = source_names.get(row["source"], row["source"])
        by_source[label] = by_source.get(label, 0) + row["n"]
        total += row["n"]
        claimed += row["claimed"]
        to_team += row["to_team"]
    return {
        "total": total,
        "claimed": claimed,
        "unclaimed": total - claimed,
        "to_team": to_team,
        "to_members": total - to_team,
        "by_aspect": by_aspect,
        "by_source": by_source,
    }


# ---------------------------------------------------------------- talks


def talk_coverage(meeting: m.Meeting):
    from duizhao.cycle.talks import required_pairs
    from duizhao.cycle.talks import talk_coverage as coverage

    members = [
        {"name": x.name, "is_head": x.is_head, "portfolio": x.department_list()}
        for x in meeting.team.members.filter(active=True)
    ]
    pairs = required_pairs(members, meeting.team.department_head_map())
    talks = [(t.speaker.name, t.partner_name) for t in meeting.talks.select_related("speaker", "listener")]
    return coverage(pairs, talks)


# ---------------------------------------------------------------- meeting


def quorum_of(meeting: m.Meeting):
    from duizhao.cycle.meeting import quorum

    rows = list(meeting.attendance.all())
    expected = meeting.team.members.filter(active=True).count()
    present = sum(1 for r in rows if r.present)
    return quorum(expected, present, meeting.team.quorum_ratio)


def criticism_matrix(meeting: m.Meeting):
    from duizhao.cycle.meeting import criticism_matrix as matrix

    members = [{"name": x.name, "is_head": x.is_head} for x in meeting.team.members.filter(active=True)]
    criticisms = [
        {"giver": c.giver.name, "receiver": c.receiver.name, "text": c.text}
        for c in meeting.criticisms.select_related("giver", "receiver")
    ]
    return matrix(members, criticisms)


def criticism_findings(text: str) -> list:
    from duizhao.review.criticism import assess_criticism

    return list(assess_criticism(text))


def agenda(meeting: m.Meeting):
    from duizhao.cycle.meeting import standard_agenda

    members = [{"name": x.name, "is_head": x.is_head} for x in meeting.team.members.filter(active=True)]
    return standard_agenda(framework_of(meeting), members=members)


# ---------------------------------------------------------------- ledger


def next_task_number(meeting: m.Meeting) -> str:
    """The year's next number after the highest one used (2025-007 after 2025-006, even when
    2025-002 was deleted); carried-over numbers of other years do not count."""
    prefix = f"{meeting.year}-"
    used = [t.number[len(prefix) :] for t in meeting.tasks.filter(number__startswith=prefix)]
    highest = max((int(n) for n in used if n.isdigit()), default=0)
    return f"{prefix}{highest + 1:03d}"


def core_task(task: m.Task, names: dict[str, str]):
    from duizhao.cycle.ledger import Task

    return Task(
        code=task.number,
        problem=task.problem,
        measure=task.measure,
        source=task.source,
        aspect=names.get(task.aspect_id, ""),
        owner=task.owner.name if task.owner is not None else "",
        department=task.department,
        deadline=task.deadline,
        task_type=task.task_type,
        status=task.status,
        progress=task.progress,
        evidence=[e.name for e in task.evidence.all()],
        closed_by=task.verified_by,
        closed_on=task.closed_on,
        cause=task.cause,
        target=task.target,
    )


def export_ledger(meeting: m.Meeting, out) -> None:
    from duizhao.cycle.ledger import export_ledger_xlsx

    names = aspect_names(meeting)
    tasks = [core_task(t, names) for t in meeting.tasks.select_related("owner").prefetch_related("evidence")]
    export_ledger_xlsx(tasks, out, title=f"{meeting.team.name}{meeting.title}整改台账", today=timezone.localdate())


def _apply_field(task: m.Task, name: str, value, meeting: m.Meeting, ids: dict[str, str]) -> str | None:
    """Set one changed core field on the row; returns a Chinese warning when it cannot."""
    if name == "aspect":
        if value and value not in ids:
            return f"{task.number}：方面“{value}”不在本年度框架中，未更改"
        task.aspect_id = ids.get(value, "")
    elif name == "owner":
        member = meeting.team.members.filter(name=value).first() if value else None
        if value and member is None:
            return f"{task.number}：责任领导“{value}”不是本班子成员，未更改"
        task.owner = member
    elif name == "closed_by":
        task.verified_by = value or ""
    elif name == "evidence":
        return None  # files are uploaded in the workbench, not through the spreadsheet
    elif name in {
        "problem",
        "cause",
        "target",
        "measure",
        "source",
        "department",
        "deadline",
        "task_type",
        "status",
        "progress",
        "closed_on",
    }:
        setattr(task, name, value if value is not None or name in {"deadline", "closed_on"} else "")
    return None


def import_ledger(meeting: m.Meeting, path, *, user=None):
    """Read an edited ledger back and apply what it changes. Returns (LedgerImport, warnings, refused):
    `result.changes` holds only the changes applied; `refused` the (change, Chinese reason) pairs
    the workbench would not apply, so the report never counts a refused change as made."""
    from dataclasses import replace

    from duizhao.cycle.ledger import import_ledger_xlsx

    names = aspect_names(meeting)
    ids = {v: k for k, v in names.items()}
    rows = {t.number: t for t in meeting.tasks.select_related("owner").prefetch_related("evidence")}
    result = import_ledger_xlsx(path, [core_task(t, names) for t in rows.values()], today=timezone.localdate())
    warnings = list(result.warnings)
    applied, refused = [], []
    with transaction.atomic():
        touched = set()
        statuses = {code: task.status for code, task in rows.items()}
        for change in result.changes:
            task = rows[change.code]
            reason = _apply_field(task, change.field, change.new, meeting, ids)
            if reason is None and change.field == "status":
                reason = _done_only_by_closing(task, statuses[change.code])
            if reason:
                refused.append((change, reason))
                continue
            applied.append(change)
            touched.add(change.code)
        for code in touched:
            rows[code].save()
        for new in result.new_tasks:
            task = m.Task(meeting=meeting, number=next_task_number(meeting), problem=new.problem)
            for name in (
                "cause",
                "target",
                "measure",
                "source",
                "department",
                "deadline",
                "task_type",
                "status",
                "progress",
                "aspect",
                "owner",
            ):
                warning = _apply_field(task, name, getattr(new, name), meeting, ids)
                if warning:
                    warnings.append(warning)
            refusal = _done_only_by_closing(task, "not_started")
            if refusal:
                warnings.append(refusal)
            task.save()
    return replace(result, changes=applied), warnings, refused


def _done_only_by_closing(task: m.Task, before: str) -> str | None:
    """An imported row may not make a task done: that is 销号, with evidence, a verifier and a
    date. Returns the Chinese reason (and keeps the old status) when the row tried."""
    if task.status != "done" or before == "done":
        return None
    closed = task.pk is not None and task.evidence.exists() and task.verified_by and task.closed_on
    if closed:
        return None
    task.status = before
    return f"{task.number or '新任务'}：“已完成”须经销号（上传佐证、填写验收人和销号日期），进展情况未改为已完成"
