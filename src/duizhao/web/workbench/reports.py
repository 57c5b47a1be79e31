"""Texts drafted from the workbench's data: the opening 通报, the minutes, the 情况报告 and the
整改落实情况报告; the zip package; the next year's meeting; one team's status for the 督导组."""

from __future__ import annotations

import io
import re
from datetime import date

from django.utils import timezone

from duizhao.web.workbench import materials as core
from duizhao.web.workbench import models as m
from duizhao.web.workbench import services

NUMERALS = "一二三四五六七八九十"


def _d(value: date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else "（日期待填）"


def carryover_text(meeting: m.Meeting) -> str:
    from duizhao.cycle.wording import clause, join_sentence

    previous = meeting.previous
    if previous is None:
        return ""
    tasks = list(previous.tasks.select_related("owner"))
    opinions = previous_opinions_line(previous)
    if not tasks:
        return "\n".join(filter(None, [f"{previous.title}未建立整改台账。", opinions]))
    done = [t for t in tasks if t.status == "done"]
    lines = [f"{previous.title}查摆问题{len(tasks)}项，已完成{len(done)}项，持续推进{len(tasks) - len(done)}项。"]
    if opinions:
        lines.append(opinions)
    for t in tasks:
        state = "已完成" if t.status == "done" else join_sentence([t.get_status_display(), t.progress or "未说明原因"])
        lines.append(f"{t.number} {clause(t.problem)}：{clause(state)}。")
    return "\n".join(lines)


def previous_opinions_line(previous: m.Meeting) -> str:
    """What became of last year's opinions, from the chain (each group of like opinions and the
    status of the tasks that answer it); "" when none were collected."""
    from duizhao.web.workbench import chain

    feedback = chain.feedback(previous, timezone.localdate())
    if not feedback.opinion_count:
        return ""
    counts = feedback.count_by_status()
    parts = "，".join(f"{status}{n}项" for status, n in counts.items())
    return f"{previous.title}征求意见建议{feedback.opinion_count}条，归并为{len(feedback.items)}项，其中{parts}。"


def carryover_title(meeting: m.Meeting) -> str:
    """The 通报 item on last year's 整改: the framework's wording when it names the right year."""
    from duizhao.cycle.meeting import carryover_announcement

    wording, _ = carryover_announcement(services.framework_of(meeting))
    previous = meeting.previous
    years = {int(y) for y in re.findall(r"(20\d\d)年", wording or "")}
    if wording and (not years or (previous is not None and years == {previous.year})):
        return wording
    return f"{previous.title}整改措施落实情况" if previous is not None else "上一年度民主生活会整改措施落实情况"


def default_announcements(meeting: m.Meeting) -> list[tuple[str, str]]:
    """The opening 通报 items with what the records say; an item the records cannot fill is left
    empty (the form shows what to write), never filled with instruction text."""
    from duizhao.cycle.meeting import carryover_announcement

    summary = services.opinion_summary(meeting)
    items = []
    if meeting.previous is not None:
        items.append((carryover_title(meeting), carryover_text(meeting)))
    items.append(
        (
            f"本次{meeting.get_kind_display()}征求意见情况",
            f"共征求意见建议{summary['total']}条，其中对领导班子{summary['to_team']}条、对班子成员{summary['to_members']}条，"
            f"已全部原汁原味反馈本人。"
            if summary["total"]
            else "",
        )
    )
    items.append(("班子成员受到谈话函询情况", ""))
    _, extra = carryover_announcement(services.framework_of(meeting))
    titles = {title for title, _ in items}
    items += [(text, "") for text in extra if text not in titles]
    return items


# What the announcement form shows in an empty field (never stored as a value).
ANNOUNCEMENT_HINTS = {
    "征求意见情况": "写明征求意见的方式、条数和反馈情况",
    "谈话函询": "如无，写明“本年度班子成员未受到谈话函询”",
    "整改": "写明上年度查摆问题的整改完成情况",
}


def announcement_hint(title: str) -> str:
    return next((hint for key, hint in ANNOUNCEMENT_HINTS.items() if key in title), "写明通报内容")


def recurring(meeting: m.Meeting) -> list[str]:
    """Problems that come back from earlier years (cycle.recurrence), as Chinese lines."""
    from duizhao.cycle.recurrence import recurring_problems

    current = list(
        dict.fromkeys(
            [t.problem for t in meeting.tasks.filter(carried_from__isnull=True)] + _recorded_problems(meeting)
        )
    )
    earlier: list[dict[str, int | str]] = []  # {"year": …, "text": …}
    previous = meeting.previous
    while previous is not None and len(earlier) < 2000:
        texts = dict.fromkeys([t.problem for t in previous.tasks.all()] + _recorded_problems(previous))
        earlier += [{"year": previous.year, "text": text} for text in texts]
        previous = previous.previous
    if not earlier or not current:
        return []
    return [
        f"“{r.text}”与{'、'.join(str(y) for y in r.years)}年查摆的“{r.best.text}”相近，属于反复出现的问题。"
        for r in recurring_problems(current, earlier)
    ]


def _recorded_problems(meeting: m.Meeting) -> list[str]:
    """The problems the materials of a meeting found (newest recorded version of each)."""
    from duizhao.cycle.chain import strip_draft_marks
    from duizhao.web.workbench import chain

    texts = []
    for material in meeting.materials.all():
        version = chain.recorded_version(material)
        if version is not None:
            texts += [strip_draft_marks(r.text) for r in version.problem_records.all()]
    return texts


def minutes_data(meeting: m.Meeting):
    """The meeting record as cycle.documents.MinutesData."""
    from duizhao.cycle.documents import Absence, CriticismEntry, MinutesData, Speech

    attendance = list(meeting.attendance.select_related("member").order_by("-member__is_head", "member__order"))
    members = [a.member for a in attendance] or list(meeting.team.members.filter(active=True))
    criticisms = list(meeting.criticisms.select_related("giver", "receiver"))
    statements = written_statements(meeting)
    # Rows are created when the session page is opened: attendance counts once the meeting is recorded as held.
    recorded = bool(meeting.held_date) and bool(attendance)
    absent_ids = {a.member_id for a in attendance if not a.present} if recorded else set()
    speeches = []
    for sc in meeting.self_criticisms.select_related("member").order_by("-member__is_head", "member__order"):
        if sc.member_id in absent_ids and sc.member_id not in statements:
            continue
        text = sc.text + (f"\n谈话函询情况说明：{sc.inquiry_note}" if sc.inquiry_note else "")
        speeches.append(
            Speech(
                speaker=sc.member.name,
                title=sc.member.title,
                self_check=text,
                criticisms=[CriticismEntry(c.giver.name, c.text) for c in criticisms if c.receiver_id == sc.member_id],
                response=sc.response,
            )
        )
    return MinutesData(
        title=f"{meeting.team.name}{meeting.title}会议记录",
        topic=meeting.title,
        held_on=meeting.held_date,
        place=meeting.location,
        host=meeting.host,
        recorder=meeting.recorder,
        expected=[x.name for x in members],
        present=[a.member.name for a in attendance if a.present] if recorded else [],
        absent=[
            Absence(a.member.name, a.absence_reason or "【待补：缺席原因】", a.member_id in statements)
            for a in attendance
            if not a.present and recorded
        ],
        attendees=[x for x in meeting.supervisors_present.replace("，", "、").split("、") if x.strip()],
        announcements=[(a.title, a.body) for a in meeting.announcements.all()],
        speeches=speeches,
        supervisor_comment=meeting.supervisor_comment,
        closing_speech=meeting.summary_speech,
        unit=meeting.team.name,
    )


def written_statements(meeting: m.Meeting) -> set[int]:
    """Absent members whose self-examination was recorded: their written 发言 was read out."""
    absent = set(meeting.attendance.filter(present=False).values_list("member_id", flat=True))
    return {sc.member_id for sc in meeting.self_criticisms.all() if sc.text.strip() and sc.member_id in absent}


def minutes_docx(meeting: m.Meeting) -> bytes:
    from duizhao.cycle.documents import minutes_docx as typeset

    buffer = io.BytesIO()
    typeset(minutes_data(meeting), buffer)
    return buffer.getvalue()


def _recipient(meeting: m.Meeting) -> str:
    return meeting.team.parent.name if meeting.team.parent else "上级党组织"


def meeting_report_data(meeting: m.Meeting):
    from duizhao.cycle.documents import Absence, MeetingReportData, draft_meeting_report

    attendance = list(meeting.attendance.select_related("member"))
    present_ids = {a.member_id for a in attendance if a.present}
    recorded = bool(meeting.held_date) and bool(attendance)
    statements = written_statements(meeting)
    names = services.aspect_names(meeting)
    sources = dict(m.OPINION_SOURCES)
    methods = sorted({sources[o] for o in meeting.opinions.values_list("source", flat=True)})
    framework = services.framework_of(meeting)
    data = MeetingReportData(
        unit=meeting.team.name,
        recipient=_recipient(meeting),
        meeting_title=meeting.title,
        held_on=meeting.held_date,
        place=meeting.location,
        host=meeting.host,
        expected=len(attendance) or meeting.team.members.filter(active=True).count(),
        present=sum(1 for a in attendance if a.present) if recorded else None,
        absent=[Absence(a.member.name, a.absence_reason) for a in attendance if not a.present and recorded],
        written_statements=[a.member.name for a in attendance if not a.present and a.member_id in statements],
        supervisors=[x for x in meeting.supervisors_present.replace("，", "、").split("、") if x.strip()],
        theme=framework.theme if framework else "",
        opinions_count=meeting.opinions.count(),
        opinion_methods=methods,
        talks_count=meeting.talks.count(),
        **material_facts(meeting),
        announcements=[a.title for a in meeting.announcements.all()],
        members_checked=sum(1 for sc in meeting.self_criticisms.all() if sc.text and sc.member_id in present_ids),
        criticisms_count=meeting.criticisms.count(),
        supervisor_comment=meeting.supervisor_comment,
        closing_summary=meeting.summary_speech,
        problems=[(names.get(t.aspect_id, ""), t.problem) for t in meeting.tasks.filter(carried_from__isnull=True)],
        measures=[t.measure for t in meeting.tasks.filter(carried_from__isnull=True) if t.measure],
        attachments=["会议记录", "班子对照检查材料", "班子成员个人对照检查材料", "整改台账"],
        quorum_ratio=meeting.team.quorum_ratio,
    )
    return draft_meeting_report(data)


def material_facts(meeting: m.Meeting) -> dict:
    """Materials expected (the team's and one per active member), approved, and who approved them."""
    statuses = dict(m.MATERIAL_STATUSES)
    by_owner = {mat.member_id: mat for mat in meeting.materials.select_related("member")}
    expected = [None] + [x.pk for x in meeting.team.members.filter(active=True)]
    pending = []
    for owner in expected:
        material = by_owner.get(owner)
        if material is None or material.status != "approved":
            who = (
                material.owner_name if material else (meeting.team.members.get(pk=owner).name if owner else "领导班子")
            )
            pending.append(f"{who}（{statuses[material.status] if material else '未建立'}）")
    roles = set(
        m.MaterialComment.objects.filter(material__meeting=meeting, material__status="approved").values_list(
            "author_role", flat=True
        )
    )
    reviewers = [word for role, word in (("secretary", "党组书记"), ("supervisor", "督导组")) if role in roles]
    return {
        "materials_expected": len(expected),
        "materials_approved": len(expected) - len(pending),
        "materials_pending": pending,
        "materials_reviewed_by": "、".join(reviewers),
    }


def rectification_data(meeting: m.Meeting):
    from duizhao.cycle.documents import RectificationReportData

    names = services.aspect_names(meeting)
    tasks = [services.core_task(t, names) for t in meeting.tasks.select_related("owner").prefetch_related("evidence")]
    return RectificationReportData(
        unit=meeting.team.name,
        recipient=_recipient(meeting),
        meeting_title=meeting.title,
        tasks=tasks,
        today=timezone.localdate(),
    )


def sections_text(sections) -> str:
    lines = []
    for section in sections:
        lines.append(section.heading)
        lines += list(section.paragraphs)
    return "\n".join(lines) + "\n"


HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|附件$)")


def text_sections(text: str):
    """The edited text back into sections: a line like 一、… (or 附件) starts a section."""
    from duizhao.cycle.documents import ReportSection

    sections: list[ReportSection] = []
    for line in (x.strip() for x in text.splitlines()):
        if not line:
            continue
        if HEADING.match(line) or not sections:
            sections.append(ReportSection(line, []))
        else:
            sections[-1].paragraphs.append(line)
    return sections


def draft(meeting: m.Meeting, kind: str) -> str:
    if kind == "meeting_report":
        return sections_text(meeting_report_data(meeting).sections)
    from duizhao.cycle.documents import rectification_sections

    return sections_text(rectification_sections(rectification_data(meeting)))


def report_text(meeting: m.Meeting, kind: str) -> str:
    report = meeting.reports.filter(kind=kind).first()
    return report.text if report else draft(meeting, kind)


def report_title(meeting: m.Meeting, kind: str) -> str:
    if kind == "rectification_report":
        return rectification_data(meeting).title
    return meeting_report_data(meeting).title


def report_docx(meeting: m.Meeting, kind: str) -> bytes:
    """Typeset the (possibly edited) report text with the core's report layout."""
    from duizhao.cycle.documents import report_docx as typeset

    signed = timezone.localdate() if kind == "rectification_report" else (meeting.held_date or timezone.localdate())
    saved = meeting.reports.filter(kind=kind).first()
    if saved is not None and saved.submitted_on:
        signed = saved.submitted_on
    buffer = io.BytesIO()
    typeset(
        report_title(meeting, kind),
        _recipient(meeting),
        text_sections(report_text(meeting, kind)),
        meeting.team.name,
        signed,
        buffer,
    )
    return buffer.getvalue()


# Materials in these states are not the author's final text: the package leaves them out.
UNFINISHED_MATERIAL = {"draft", "returned"}


def package_files(meeting: m.Meeting, *, drafts: bool = False, evidence: bool = False) -> dict[str, bytes]:
    """The package's documents and the materials whose author finished them (submitted or approved).
    `drafts`: also the unfinished ones, named 未定稿-…; `evidence`: the ledger's evidence files too."""
    files = {f"{label}.docx": report_docx(meeting, kind) for kind, label in m.REPORT_KINDS}
    files["会议记录.docx"] = minutes_docx(meeting)
    ledger = io.BytesIO()
    services.export_ledger(meeting, ledger)
    files["整改台账.xlsx"] = ledger.getvalue()
    for material in meeting.materials.select_related("member"):
        version = material.latest()
        if version is None:
            continue
        if material.status not in UNFINISHED_MATERIAL:
            files[f"对照检查材料-{material.owner_name}.docx"] = core.docx_bytes(version)
        elif drafts:
            files[f"未定稿-对照检查材料-{material.owner_name}.docx"] = core.docx_bytes(version)
    if evidence:
        for item in (
            m.Evidence.objects.filter(task__meeting=meeting).select_related("task").order_by("task__number", "id")
        ):
            with item.file.open("rb") as handle:
                files[f"佐证材料-{item.task.number}-{item.name}"] = handle.read()
    return files


def package_gaps(meeting: m.Meeting, *, drafts: bool = False) -> list[str]:
    """What the package still lacks (Chinese lines): every 【】 gap in the reports and the minutes,
    and the materials left out because they were returned or never submitted. Read from the
    documents' text, without typesetting them, so the reports page can show it."""
    from duizhao.cycle.documents import minutes_outline
    from duizhao.cycle.proofread import gaps

    texts = {f"{label}.docx": report_text(meeting, kind) for kind, label in m.REPORT_KINDS}
    outline = minutes_outline(minutes_data(meeting))
    texts["会议记录.docx"] = "\n".join([p.text for p in outline] + ["\n".join(r) for p in outline for r in p.rows])
    missing = [f"{name}：{gap}" for name, text in texts.items() for gap in gaps(text)]
    statuses = dict(m.MATERIAL_STATUSES)
    for material in meeting.materials.select_related("member").order_by("member__order", "id"):
        has_text = material.versions.exists()
        if not has_text or material.status in UNFINISHED_MATERIAL:
            state = statuses[material.status] if has_text else "尚无正文"
            included = "已作为未定稿收入" if drafts and has_text else "未收入材料包"
            missing.append(f"对照检查材料-{material.owner_name}：{state}，{included}")
    return missing


GAPS_FILE = "待补事项清单.txt"


def package_zip(meeting: m.Meeting, *, drafts: bool = False, evidence: bool = False) -> bytes:
    """情况报告, 整改落实情况报告, 会议记录, 整改台账 and every submitted material, in one archive;
    when something is still missing, a list of it (待补事项清单.txt) goes in too."""
    from duizhao.cycle.package import package_bytes

    files, missing = package_files(meeting, drafts=drafts, evidence=evidence), package_gaps(meeting, drafts=drafts)
    if missing:
        heading = f"{meeting.team.name}{meeting.title}材料包尚有{len(missing)}处待补或未收入："
        files[GAPS_FILE] = ("\n".join([heading] + missing) + "\n").encode("utf-8")
    return package_bytes(files)


def start_next_meeting(meeting: m.Meeting) -> m.Meeting:
    from duizhao.web.workbench.lifecycle import start_next_meeting as start

    return start(meeting)


def cycle_facts(meeting: m.Meeting):
    """The records the stage is derived from (cycle.progress), counted by the database."""
    from duizhao.cycle.progress import CycleFacts

    try:
        coverage = services.talk_coverage(meeting)
        talks_done, talks_required = len(coverage.done), len(coverage.done) + len(coverage.missing)
    except Exception:  # noqa: BLE001  no members yet: nothing to cover
        talks_done = talks_required = 0
    expected = 1 + meeting.team.members.filter(active=True).count()
    sent = set(meeting.reports.filter(submitted_on__isnull=False).values_list("kind", flat=True))
    return CycleFacts(
        opinions=meeting.opinions.count(),
        talks_done=talks_done,
        talks_required=talks_required,
        materials_expected=expected,
        materials_submitted=meeting.materials.filter(status__in=["submitted", "approved"]).count(),
        materials_approved=meeting.materials.filter(status="approved").count(),
        held=bool(meeting.held_date),
        tasks=meeting.tasks.count(),
        meeting_report_sent="meeting_report" in sent,
        rectification_report_sent="rectification_report" in sent,
        confirmed=set(meeting.deadlines.filter(done_on__isnull=False).values_list("key", flat=True)),
    )


def team_status(team: m.Team) -> dict:
    """One row of the 督导 overview: every figure from the records, none from page views."""
    from duizhao.cycle.progress import current_stage

    today = timezone.localdate()
    meeting = team.meetings.filter(archived=False).order_by("-year", "-planned_date").first()
    if meeting is None:
        return {"team": team, "meeting": None}
    deadlines = list(meeting.deadlines.all())
    facts = cycle_facts(meeting)
    from duizhao.review.batch import LEVELS, level_from_review

    scores, material_levels = [], []
    for material in meeting.materials.all():
        version = material.latest()
        score = core.score_of(version.review_json) if version else None
        if score is not None:
            scores.append(score)
        reviewed = version and ("problems" in version.review_json or "counts" in version.review_json)
        if reviewed:  # the same levels as `duizhao review DIR` gives the 督导组 (a failed review has none)
            material_levels.append((material.owner_name, level_from_review(version.review_json)))
    material_levels.sort(key=lambda pair: (LEVELS.index(pair[1]), pair[0]))
    tasks = list(meeting.tasks.all())
    return {
        "team": team,
        "meeting": meeting,
        "stage": current_stage(facts).words,
        "met": sum(1 for d in deadlines if d.done_on and not d.missed(today)),
        "missed": sum(1 for d in deadlines if d.missed(today)),
        "materials": facts.materials_expected,
        "approved": facts.materials_approved,
        "score": round(sum(scores) / len(scores), 1) if scores else None,
        "tasks": len(tasks),
        "overdue": sum(1 for t in tasks if t.is_overdue(today)),
        "opinions": facts.opinions,
        "levels": [(level, sum(1 for _, lv in material_levels if lv == level)) for level in LEVELS],
        "material_levels": material_levels,
    }
