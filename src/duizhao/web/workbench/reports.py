"""Texts drafted from the workbench's data: the opening 通报, the minutes, the 情况报告 and the
整改落实情况报告; the zip package; the next year's meeting; one team's status for the 督导组."""
from __future__ import annotations

import io
import re
from datetime import date

from django.db import transaction
from django.utils import timezone

from duizhao.web.workbench import materials as core
from duizhao.web.workbench import models as m
from duizhao.web.workbench import services

NUMERALS = "一二三四五六七八九十"


def _d(value: date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else "（日期待填）"


def carryover_text(meeting: m.Meeting) -> str:
    previous = meeting.previous
    if previous is None:
        return ""
    tasks = list(previous.tasks.select_related("owner"))
    if not tasks:
        return f"{previous.title}未建立整改台账。"
    done = [t for t in tasks if t.status == "done"]
    lines = [f"{previous.title}查摆问题 {len(tasks)} 项，已完成 {len(done)} 项，持续推进 {len(tasks) - len(done)} 项。"]
    for t in tasks:
        state = "已完成" if t.status == "done" else f"{t.get_status_display()}（{t.progress or '未说明原因'}）"
        lines.append(f"{t.number} {t.problem}：{state}。")
    return "\n".join(lines)


def default_announcements(meeting: m.Meeting) -> list[tuple[str, str]]:
    summary = services.opinion_summary(meeting)
    items = []
    if meeting.previous is not None:
        items.append(("上一年度民主生活会整改措施落实情况", carryover_text(meeting)))
    items.append(("本次民主生活会征求意见情况",
                  f"共征求意见建议 {summary['total']} 条，其中对领导班子 {summary['to_team']} 条、对班子成员 {summary['to_members']} 条，"
                  f"已全部原汁原味反馈本人。" if summary["total"] else "（征求意见情况待填）"))
    items.append(("班子成员受到谈话函询情况", "（如无，写明“本年度班子成员未受到谈话函询”）"))
    framework = services.framework_of(meeting)
    for extra in (framework.announcements if framework else ()):
        items.append((extra, ""))
    return items


def recurring(meeting: m.Meeting) -> list[str]:
    """Problems that come back from earlier years (cycle.recurrence), as Chinese lines."""
    from duizhao.cycle.recurrence import recurring_problems

    current = [t.problem for t in meeting.tasks.exclude(source="carryover")]
    earlier = []
    previous = meeting.previous
    while previous is not None and len(earlier) < 2000:
        earlier += [{"year": previous.year, "text": t.problem} for t in previous.tasks.all()]
        previous = previous.previous
    if not earlier or not current:
        return []
    return [f"“{r.text}”与{'、'.join(str(y) for y in r.years)}年查摆的“{r.best.text}”相近，属于反复出现的问题。"
            for r in recurring_problems(current, earlier)]


def minutes_data(meeting: m.Meeting):
    """The meeting record as cycle.documents.MinutesData."""
    from duizhao.cycle.documents import Absence, CriticismEntry, MinutesData, Speech

    attendance = list(meeting.attendance.select_related("member").order_by("-member__is_head", "member__order"))
    members = [a.member for a in attendance] or list(meeting.team.members.filter(active=True))
    criticisms = list(meeting.criticisms.select_related("giver", "receiver"))
    speeches = []
    for sc in meeting.self_criticisms.select_related("member").order_by("-member__is_head", "member__order"):
        text = sc.text + (f"\n谈话函询情况说明：{sc.inquiry_note}" if sc.inquiry_note else "")
        speeches.append(Speech(
            speaker=sc.member.name, title=sc.member.title, self_check=text,
            criticisms=[CriticismEntry(c.giver.name, c.text) for c in criticisms if c.receiver_id == sc.member_id],
            response=sc.response,
        ))
    return MinutesData(
        title=f"{meeting.team.name}{meeting.title}会议记录",
        topic=meeting.title,
        held_on=meeting.held_date or meeting.planned_date,
        place=meeting.location, host=meeting.host, recorder=meeting.recorder,
        expected=[x.name for x in members],
        present=[a.member.name for a in attendance if a.present] if attendance else [],
        absent=[Absence(a.member.name, a.absence_reason or "原因未填") for a in attendance if not a.present],
        attendees=[x for x in meeting.supervisors_present.replace("，", "、").split("、") if x.strip()],
        announcements=[(a.title, a.body) for a in meeting.announcements.all()],
        speeches=speeches,
        supervisor_comment=meeting.supervisor_comment,
        closing_speech=meeting.summary_speech,
    )


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
    names = services.aspect_names(meeting)
    sources = dict(m.OPINION_SOURCES)
    methods = sorted({sources[o] for o in meeting.opinions.values_list("source", flat=True)})
    reviewers = []
    if meeting.materials.filter(comments__author_role="secretary").exists():
        reviewers.append("书记审核")
    if meeting.materials.filter(comments__author_role="supervisor").exists():
        reviewers.append("督导组审核")
    framework = services.framework_of(meeting)
    data = MeetingReportData(
        unit=meeting.team.name, recipient=_recipient(meeting), meeting_title=meeting.title,
        held_on=meeting.held_date or meeting.planned_date, place=meeting.location, host=meeting.host,
        expected=len(attendance) or meeting.team.members.filter(active=True).count(),
        present=sum(1 for a in attendance if a.present),
        absent=[Absence(a.member.name, a.absence_reason or "原因未填") for a in attendance if not a.present],
        supervisors=[x for x in meeting.supervisors_present.replace("，", "、").split("、") if x.strip()],
        theme=framework.theme if framework else "",
        opinions_count=meeting.opinions.count(), opinion_methods=methods,
        talks_count=meeting.talks.count(),
        materials_reviewed_by="、".join(reviewers),
        announcements=[a.title for a in meeting.announcements.all()],
        members_checked=sum(1 for sc in meeting.self_criticisms.all() if sc.text) or None,
        criticisms_count=meeting.criticisms.count(),
        supervisor_comment=meeting.supervisor_comment, closing_summary=meeting.summary_speech,
        problems=[(names.get(t.aspect_id, ""), t.problem) for t in meeting.tasks.exclude(source="carryover")],
        measures=[t.measure for t in meeting.tasks.exclude(source="carryover") if t.measure],
        attachments=["会议记录", "班子对照检查材料", "班子成员个人对照检查材料", "整改台账"],
        quorum_ratio=meeting.team.quorum_ratio,
    )
    return draft_meeting_report(data)


def rectification_data(meeting: m.Meeting):
    from duizhao.cycle.documents import RectificationReportData

    names = services.aspect_names(meeting)
    tasks = [services.core_task(t, names) for t in meeting.tasks.select_related("owner").prefetch_related("evidence")]
    return RectificationReportData(unit=meeting.team.name, recipient=_recipient(meeting), meeting_title=meeting.title,
                                   tasks=tasks, today=timezone.localdate())


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

    sections = []
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


def report_docx(meeting: m.Meeting, kind: str) -> bytes:
    """Typeset the (possibly edited) report text with the core's report layout."""
    from dataclasses import replace

    from duizhao.cycle.documents import meeting_report_docx

    data = meeting_report_data(meeting)
    sections = text_sections(report_text(meeting, kind))
    if kind == "rectification_report":
        rect = rectification_data(meeting)
        data = replace(data, meeting_title=f"{meeting.title}整改落实情况", signed_on=rect.today)
    buffer = io.BytesIO()
    meeting_report_docx(replace(data, sections=sections), buffer)
    return buffer.getvalue()


def package_zip(meeting: m.Meeting) -> bytes:
    """情况报告, 整改落实情况报告, 会议记录, 整改台账 and every material, in one archive."""
    from duizhao.cycle.documents import package_bytes

    files = {f"{label}.docx": report_docx(meeting, kind) for kind, label in m.REPORT_KINDS}
    files["会议记录.docx"] = minutes_docx(meeting)
    ledger = io.BytesIO()
    services.export_ledger(meeting, ledger)
    files["整改台账.xlsx"] = ledger.getvalue()
    for material in meeting.materials.select_related("member"):
        version = material.latest()
        if version is not None:
            files[f"对照检查材料-{material.owner_name}.docx"] = core.docx_bytes(version)
    return package_bytes(files)


def start_next_meeting(meeting: m.Meeting) -> m.Meeting:
    """Next year's meeting: unfinished tasks carry over, last year's 整改 is the opening 通报."""
    with transaction.atomic():
        year = meeting.year + 1
        planned = meeting.planned_date.replace(year=meeting.planned_date.year + 1)
        new = m.Meeting.objects.create(
            team=meeting.team, kind=meeting.kind, meeting_type="annual", year=year,
            framework_id=_framework_for_year(year, meeting.kind) or meeting.framework_id,
            title=f"{year}年度{meeting.get_kind_display()}", planned_date=planned, previous=meeting,
        )
        for t in meeting.tasks.exclude(status="done"):
            m.Task.objects.create(
                meeting=new, number=t.number, problem=t.problem, source="carryover", aspect_id="",
                cause=t.cause, target=t.target, measure=t.measure, owner=t.owner, department=t.department,
                deadline=t.deadline, task_type=t.task_type, status=t.status, progress=t.progress, carried_from=t,
            )
        services.sync_deadlines(new)
        for order, (title, body) in enumerate(default_announcements(new)):
            m.Announcement.objects.create(meeting=new, title=title, body=body, order=order)
    return new


def _framework_for_year(year: int, kind: str) -> str | None:
    from duizhao.frameworks import load_frameworks

    found = [f for f in load_frameworks(problems=[]) if f.year == year and f.meeting_kind == kind]
    return found[0].id if found else None


def team_status(team: m.Team) -> dict:
    today = timezone.localdate()
    meeting = team.meetings.order_by("-year", "-planned_date").first()
    if meeting is None:
        return {"team": team, "meeting": None}
    deadlines = list(meeting.deadlines.all())
    pending = [d for d in deadlines if not d.done_on]
    stage = pending[0].title if pending else "本轮工作已完成"
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
        "team": team, "meeting": meeting, "stage": stage,
        "met": sum(1 for d in deadlines if d.done_on and not d.missed(today)),
        "missed": sum(1 for d in deadlines if d.missed(today)),
        "materials": meeting.materials.count(),
        "approved": meeting.materials.filter(status="approved").count(),
        "score": round(sum(scores) / len(scores), 1) if scores else None,
        "tasks": len(tasks), "overdue": sum(1 for t in tasks if t.is_overdue(today)),
        "opinions": meeting.opinions.count(),
        "levels": [(level, sum(1 for _, lv in material_levels if lv == level)) for level in LEVELS],
        "material_levels": material_levels,
    }
