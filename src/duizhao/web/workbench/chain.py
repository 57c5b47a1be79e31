"""The chain in the workbench: a material's problems as records, their links to the opinions and
talks they answer, the ledger proposed from an approved material, and the trace of every opinion
to its tasks. The judging is done by the core (`cycle.chain`, `cycle.proposal`); this module
converts between the ORM and the core's dataclasses. Records are written when a version is saved
(`record_version`, from `materials.save_version`) or on a POST; every reading function here only
reads, so a page view never writes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery

from duizhao.cycle import chain as core_chain
from duizhao.cycle import proposal as core_proposal
from duizhao.web.workbench import materials as material_core
from duizhao.web.workbench import models as m
from duizhao.web.workbench import services

TASK_FIELDS = ("problem", "measure", "aspect_id", "owner_id", "department", "task_type", "deadline", "source")


# ---------------------------------------------------------------- problems and links


def claimed_opinions(material: m.Material):
    meeting = material.meeting
    if material.member_id:
        return meeting.opinions.filter(claimed_member=material.member)
    return meeting.opinions.filter(claimed_by_team=True)


def talks_to(material: m.Material) -> list[tuple[m.Talk, str]]:
    """Talks in which others spoke to the author, with what they said to him."""
    if not material.member_id:
        return []
    meeting, member = material.meeting, material.member
    said = [(talk, talk.listener_said) for talk in meeting.talks.filter(speaker=member)]
    said += [(talk, talk.speaker_said) for talk in meeting.talks.filter(listener=member)]
    return [(talk, text) for talk, text in said if text.strip()]


def recorded_version(material: m.Material) -> m.MaterialVersion | None:
    """The newest version with problem records (what the chain page and the trace show)."""
    return (
        m.MaterialVersion.objects.filter(material=material, problem_records__isnull=False).order_by("-number").first()
    )


@transaction.atomic
def record_version(version: m.MaterialVersion) -> None:
    """Make a version's problems records (once: `problems_recorded`), carry the links of the
    material's previously recorded version over to the problems they became, mark the rest lost,
    and suggest links. `materials.save_version` calls it in the transaction that saves the version,
    so GET pages only read."""
    locked = m.MaterialVersion.objects.select_for_update().filter(pk=version.pk, problems_recorded=False)
    if not list(locked.values_list("pk", flat=True)):  # recorded already, maybe by a concurrent request
        version.problems_recorded = True
        return
    material = version.material
    previous = (
        m.MaterialVersion.objects.filter(material=material, number__lt=version.number, problem_records__isnull=False)
        .order_by("-number")
        .first()
    )
    parsed = material_core.core_material(version)
    records = [
        m.ProblemRecord.objects.create(
            version=version, index=i, text=p.text, aspect_id=p.aspect_id or "", start=p.start, end=p.end
        )
        for i, p in enumerate(parsed.problems)
    ]
    if previous is not None:
        _follow(previous, records)
    suggest_links(material, records)
    locked.update(problems_recorded=True)
    version.problems_recorded = True


def record_problems(material: m.Material) -> m.MaterialVersion | None:
    """Record the newest version's problems if they are not yet (a version saved before problems
    were recorded on save, in a database not yet migrated): only on POST, never on a page view."""
    version = material.latest()
    if version is not None and not version.problems_recorded:
        record_version(version)
    return version


def needs_recording(material: m.Material) -> m.MaterialVersion | None:
    """The newest version when its problems are not recorded (what the pages say and offer to do)."""
    version = material.latest()
    return version if version is not None and not version.problems_recorded else None


def unrecorded_materials(meeting: m.Meeting) -> list[m.Material]:
    """The meeting's materials whose newest version has no problem records yet."""
    newest = m.MaterialVersion.objects.filter(material=OuterRef("pk")).order_by("-number")
    return list(
        meeting.materials.select_related("member")
        .annotate(newest_recorded=Subquery(newest.values("problems_recorded")[:1]))
        .filter(newest_recorded=False)
        .order_by(F("member__order").asc(nulls_first=True), "id")
    )


def suggest_again(material: m.Material) -> int:
    """Suggestions for opinions claimed (and talks recorded) since the newest version was saved;
    what exists, confirmed or rejected, is left alone. On submit."""
    version = material.latest()
    if version is None or not version.problems_recorded:
        return 0
    return suggest_links(material, list(version.problem_records.order_by("index")))


def _follow(previous: m.MaterialVersion, records: list[m.ProblemRecord]) -> None:
    old = list(previous.problem_records.order_by("index"))
    followed = core_chain.follow_links([r.text for r in old], [r.text for r in records])
    for i, j in followed.moved.items():
        for link in old[i].links.filter(lost=False):
            m.ProblemLink.objects.create(
                problem=records[j],
                opinion=link.opinion,
                talk=link.talk,
                state=link.state,
                reason=link.reason,
                score=link.score,
            )
        m.TaskOrigin.objects.filter(problem=old[i]).update(problem=records[j])
    lost = [old[i] for i in followed.lost]
    m.ProblemLink.objects.filter(problem__in=lost).exclude(state="rejected").update(lost=True)


def suggest_links(material: m.Material, records: list[m.ProblemRecord]) -> int:
    """Suggestions for the claimed opinions and the talks each problem answers, leaving alone
    what the author already confirmed or rejected. Returns how many were added."""
    opinions = list(claimed_opinions(material))
    numbers = claimed_numbers(material)
    sources = [core_chain.SourceText(f"o:{o.pk}", o.text, numbers.get(o.pk)) for o in opinions]
    sources += [core_chain.SourceText(f"t:{talk.pk}", text) for talk, text in talks_to(material)]
    added = 0
    for suggestion in core_chain.suggest_links([r.text for r in records], sources):
        record = records[suggestion.problem_index]
        kind, _, pk = suggestion.source_id.partition(":")
        target = {"opinion_id": pk} if kind == "o" else {"talk_id": int(pk)}
        if not record.links.filter(**target).exists():
            m.ProblemLink.objects.create(
                problem=record,
                reason=suggestion.reason,
                score=suggestion.score,
                state="confirmed" if suggestion.reason == "draft" else "suggested",
                **target,
            )
            added += 1
    return added


def claimed_numbers(material: m.Material) -> dict:
    """征求意见第N条 as the first draft numbers the claimed opinions: by aspect and text, never by
    arrival (the same order as every opinion list)."""
    ids = claimed_opinions(material).order_by("aspect_id", "text", "id").values_list("id", flat=True)
    return {pk: number for number, pk in enumerate(ids, start=1)}


@dataclass
class ChainView:
    version: m.MaterialVersion | None
    problems: list[m.ProblemRecord]
    lost_links: list[m.ProblemLink]
    summary: core_chain.ResponseSummary
    unanswered: list[m.Opinion]


def chain_view(material: m.Material) -> ChainView:
    version = recorded_version(material)
    problems = (
        list(
            version.problem_records.prefetch_related(
                Prefetch(
                    "links",
                    queryset=m.ProblemLink.objects.select_related("opinion", "talk", "talk__speaker", "talk__listener"),
                ),
                "tasks__task",
            ).order_by("index")
        )
        if version
        else []
    )
    lost = list(
        m.ProblemLink.objects.filter(problem__version__material=material, lost=True).select_related(
            "problem", "opinion", "talk"
        )
    )
    claimed = list(claimed_opinions(material))
    linked = {
        str(link.opinion_id)
        for p in problems
        for link in p.links.all()
        if link.opinion_id and link.state == "confirmed"
    }
    summary = core_chain.response_summary([str(o.pk) for o in claimed], linked)
    unanswered = [o for o in claimed if str(o.pk) in set(summary.unanswered)]
    return ChainView(version, problems, lost, summary, unanswered)


# ---------------------------------------------------------------- the ledger from a material


def ledger_proposal(material: m.Material) -> list[core_proposal.ProposedTask]:
    """The proposed rows: one per problem of the newest version, then (for a member's material)
    one per criticism he received at the meeting, each matched with the measure that answers it."""
    version = material.latest()
    if version is None:
        return []
    parsed = material_core.core_material(version)
    framework = services.framework_of(material.meeting)
    short = {a.id: a.short_name for a in framework.aspects} if framework else {}
    problems = [
        core_proposal.ProblemInput(p.text, p.aspect_id, short.get(p.aspect_id or "", "")) for p in parsed.problems
    ]
    problems += [core_proposal.ProblemInput(text) for text in received_criticisms(material)]
    measures = [core_proposal.MeasureInput(text) for text in _measure_texts(parsed)]
    leaders = [
        core_proposal.Leader(x.name, x.portfolio, x.is_head) for x in material.meeting.team.members.filter(active=True)
    ]
    meeting = material.meeting
    return core_proposal.propose_ledger(
        problems,
        measures,
        meeting_date=meeting.held_date or meeting.planned_date,
        kind=material.kind,
        author=material.member.name if material.member is not None else "",
        leaders=leaders,
    )


CRITICISM_PREFIX = "会上批评意见："


def received_criticisms(material: m.Material) -> list[str]:
    if not material.member_id:
        return []
    texts = material.meeting.criticisms.filter(receiver=material.member).order_by("id").values_list("text", flat=True)
    return [CRITICISM_PREFIX + text for text in texts]


def _measure_texts(parsed) -> list[str]:
    """Each measure's sub-items when it has them (they answer problems one by one), else the measure."""
    texts = []
    for measure in parsed.measures:
        texts += [item.text for item in measure.items] or [measure.text]
    return texts


def proposal_values(
    row: core_proposal.ProposedTask,
    meeting: m.Meeting,
    aspect_ids: dict[str, str],
    owners: dict[str, int],
    answers_opinions: set[str],
) -> dict:
    """A proposed row as the task fields it sets (JSON-friendly: what `TaskOrigin.proposed` keeps)."""
    source = (
        "criticism"
        if row.problem.startswith(CRITICISM_PREFIX)
        else "opinion"
        if row.problem in answers_opinions
        else "self"
    )
    return {
        "problem": core_chain.strip_draft_marks(row.problem),
        "measure": row.measure,
        "aspect_id": aspect_ids.get(row.aspect, ""),
        "owner_id": owners.get(row.owner),
        "department": row.department,
        "task_type": row.task_type,
        "deadline": row.deadline.isoformat() if row.deadline else None,
        "source": source,
    }


def current_values(task: m.Task) -> dict:
    values = {name: getattr(task, name) for name in TASK_FIELDS}
    values["deadline"] = task.deadline.isoformat() if task.deadline else None
    return values


def _set(task: m.Task, values: dict) -> None:
    for name, value in values.items():
        setattr(task, name, date.fromisoformat(value) if name == "deadline" and value else value)


@dataclass
class CommitResult:
    added: list[m.Task]
    updated: list[tuple[m.Task, str, object, object]]
    kept_edits: list[tuple[m.Task, str, object, object]]
    orphaned: list[m.Task]


def proposal_rows(material: m.Material, rows: list[core_proposal.ProposedTask]) -> list[dict]:
    meeting = material.meeting
    framework = services.framework_of(meeting)
    aspect_ids = {a.short_name: a.id for a in framework.aspects} if framework else {}
    owners = dict(meeting.team.members.values_list("name", "id"))
    version = recorded_version(material)
    answers_opinions = (
        set(
            m.ProblemRecord.objects.filter(
                version=version, links__state="confirmed", links__opinion__isnull=False
            ).values_list("text", flat=True)
        )
        if version
        else set()
    )
    return [proposal_values(row, meeting, aspect_ids, owners, answers_opinions) for row in rows]


@transaction.atomic
def commit_proposal(material: m.Material, values: list[dict]) -> CommitResult:
    """Create the proposed tasks (`values`: rows of `proposal_rows`, as the clerk corrected
    them), or, when the material was proposed before, apply only what nobody edited by hand
    (`cycle.proposal.merge_proposal`), and say what changed."""
    origins = list(material.proposed_tasks.select_related("task"))
    existing = [core_proposal.ExistingTask(o.task_id, o.proposed, current_values(o.task)) for o in origins]
    plan = core_proposal.merge_proposal(existing, values)
    tasks = {o.task_id: o.task for o in origins}
    changed = {task_id for task_id, *_ in plan.updated}
    for task_id, name, _old, new in plan.updated:
        _set(tasks[task_id], {name: new})
    for origin in origins:
        if origin.task_id in plan.paired:
            origin.proposed = values[plan.paired[origin.task_id]]
            origin.save(update_fields=["proposed"])
        if origin.task_id in changed:
            origin.task.save()
    version = recorded_version(material)
    records = {core_chain.strip_draft_marks(r.text): r for r in (version.problem_records.all() if version else [])}
    added = [_create_task(material, values[r], records.get(values[r]["problem"])) for r in plan.added]
    return CommitResult(
        added,
        [(tasks[t], n, o, v) for t, n, o, v in plan.updated],
        [(tasks[t], n, o, v) for t, n, o, v in plan.kept_edits],
        [tasks[t] for t in plan.orphaned],
    )


def _create_task(material: m.Material, values: dict, record: m.ProblemRecord | None) -> m.Task:
    meeting = material.meeting
    task = m.Task(meeting=meeting, number=services.next_task_number(meeting))
    _set(task, values)
    task.save()
    m.TaskOrigin.objects.create(task=task, material=material, problem=record, proposed=values)
    return task


# ---------------------------------------------------------------- following the chain


def trace(meeting: m.Meeting, today: date | None = None) -> dict:
    """Every opinion forward to the problems that answer it and their tasks; tasks with no
    opinion and problems with no task apart. What `duizhao trace --json` prints."""
    names = services.aspect_names(meeting)
    latest = _latest_recorded_versions(meeting)
    problems = {
        p.pk: p
        for p in m.ProblemRecord.objects.filter(version_id__in=latest).select_related("version__material__member")
    }
    tasks = _task_entries(meeting, today)
    origin_of = dict(m.TaskOrigin.objects.filter(task__meeting=meeting).values_list("task_id", "problem_id"))
    tasks_of: dict = {}
    for task_id, problem_id in origin_of.items():
        tasks_of.setdefault(problem_id, []).append(tasks[task_id])
    problems_of: dict = {}
    for opinion_id, problem_id in m.ProblemLink.objects.filter(
        problem_id__in=problems, state="confirmed", lost=False, opinion__isnull=False
    ).values_list("opinion_id", "problem_id"):
        problems_of.setdefault(opinion_id, []).append(problems[problem_id])
    linked = {p.pk for ps in problems_of.values() for p in ps}
    return {
        "opinions": [
            {
                "id": str(pk),
                "aspect": names.get(aspect_id, ""),
                "text": text,
                "problems": [_problem_entry(p, tasks_of) for p in problems_of.get(pk, [])],
            }
            for pk, aspect_id, text in meeting.opinions.order_by("aspect_id", "text", "id").values_list(
                "id", "aspect_id", "text"
            )
        ],
        "problems_without_task": [_problem_entry(p, tasks_of) for p in problems.values() if not tasks_of.get(p.pk)],
        "tasks_without_opinion": [entry for task_id, entry in tasks.items() if origin_of.get(task_id) not in linked],
    }


def _latest_recorded_versions(meeting: m.Meeting) -> set[int]:
    latest = set()
    for material in meeting.materials.all():
        version = recorded_version(material)
        if version is not None:
            latest.add(version.pk)
    return latest


def _task_entries(meeting: m.Meeting, today) -> dict:
    """{task id: entry}, in ledger order, from one query (evidence counted, carry-over annotated)."""
    carried = m.Task.objects.filter(carried_from=OuterRef("pk"))
    query = (
        meeting.tasks.select_related("owner")
        .annotate(evidence_count=Count("evidence", distinct=True), has_carried_to=Exists(carried))
        .order_by("number", "id")
    )
    return {
        task.pk: {
            "number": task.number,
            "problem": task.problem,
            "status": task.get_status_display(),
            "overdue": task.is_overdue(today),
            "owner": task.owner.name if task.owner is not None else "",
            "deadline": task.deadline.isoformat() if task.deadline else None,
            "evidence": task.evidence_count,
        }
        for task in query
    }


def _problem_entry(problem: m.ProblemRecord, tasks_of: dict) -> dict:
    return {
        "material": problem.version.material.owner_name,
        "text": problem.text,
        "tasks": tasks_of.get(problem.pk, []),
    }


# ---------------------------------------------------------------- telling the people


def opinion_tasks(meeting: m.Meeting) -> dict:
    """{opinion id: [task, …]}: the tasks of the problems (in each material's newest recorded
    version) that answer the opinion."""
    latest = _latest_recorded_versions(meeting)
    tasks_of_problem: dict = {}
    for origin in m.TaskOrigin.objects.filter(task__meeting=meeting, problem__version_id__in=latest).select_related(
        "task"
    ):
        tasks_of_problem.setdefault(origin.problem_id, []).append(origin.task)
    result: dict = {}
    for link in m.ProblemLink.objects.filter(
        problem__version_id__in=latest, state="confirmed", lost=False, opinion__isnull=False
    ).only("opinion_id", "problem_id"):
        for task in tasks_of_problem.get(link.problem_id, []):
            if task not in result.setdefault(link.opinion_id, []):
                result[link.opinion_id].append(task)
    return result


def feedback(meeting: m.Meeting, today: date):
    from duizhao.cycle.feedback import Feedback, group_items

    tasks = opinion_tasks(meeting)
    rows = [
        (
            o.group,
            o.text,
            o.response,
            tuple(t.status for t in tasks.get(o.pk, [])),
            tuple(t.number for t in tasks.get(o.pk, [])),
        )
        for o in meeting.opinions.order_by("text")
    ]
    return Feedback(meeting.team.name, meeting.title, today, group_items(rows))


def opinion_sheet(meeting: m.Meeting, member: m.Member | None):
    """征求意见汇总表 of one leader (opinions about him) or of the team (opinions about no one)."""
    from duizhao.cycle.opinion_sheet import SheetOpinion, build_sheet

    names = services.aspect_names(meeting)
    framework = services.framework_of(meeting)
    order = [a.short_name for a in framework.aspects] if framework else []
    channels = dict(m.OPINION_SOURCES)
    opinions = (
        meeting.opinions.filter(target_member=member) if member else meeting.opinions.filter(target_member__isnull=True)
    )
    return build_sheet(
        meeting.team.name,
        meeting.title,
        member.name if member else "领导班子",
        [SheetOpinion(o.text, names.get(o.aspect_id, ""), channels.get(o.source, "")) for o in opinions],
        order,
    )


@dataclass(frozen=True)
class ChainCounts:
    """How far a meeting's chain has come, for the 督导 overview."""

    opinions_answered: int
    opinions_claimed: int
    problems_with_task: int
    problems: int
    tasks_closed_on_evidence: int
    tasks: int
    overdue: int


def chain_counts(meeting: m.Meeting, today: date) -> ChainCounts:
    """From what is recorded (problems are recorded when a version is saved), never from page views."""
    latest = _latest_recorded_versions(meeting)
    claimed = meeting.opinions.filter(Q(claimed_by_team=True) | Q(claimed_member__isnull=False))
    answered = claimed.filter(
        problem_links__state="confirmed", problem_links__lost=False, problem_links__problem__version_id__in=latest
    ).distinct()
    problems = m.ProblemRecord.objects.filter(version_id__in=latest)
    tasks = list(meeting.tasks.prefetch_related("evidence"))
    return ChainCounts(
        opinions_answered=answered.count(),
        opinions_claimed=claimed.count(),
        problems_with_task=problems.filter(tasks__isnull=False).distinct().count(),
        problems=problems.count(),
        tasks_closed_on_evidence=sum(1 for t in tasks if t.status == "done" and t.closed_on and t.evidence.all()),
        tasks=len(tasks),
        overdue=sum(1 for t in tasks if t.is_overdue(today)),
    )


def task_origin(task: m.Task, visible_opinions) -> dict | None:
    """Where a task came from, back along the chain: its problem, the material, and the
    confirmed opinions the problem answers (only those in `visible_opinions`, the queryset of
    opinions the viewer may read)."""
    origin = m.TaskOrigin.objects.filter(task=task).select_related("material__member", "problem").first()
    if origin is None:
        return None
    opinions = []
    if origin.problem is not None:
        linked = origin.problem.links.filter(state="confirmed", lost=False, opinion__isnull=False).values_list(
            "opinion_id", flat=True
        )
        opinions = list(visible_opinions.filter(pk__in=list(linked)).values_list("text", flat=True))
    return {
        "material": origin.material,
        "problem": origin.problem.text if origin.problem is not None else "",
        "opinions": opinions,
    }
