"""Texts drafted from the workbench's data: the opening 通报, the minutes, the 情况报告 and the
整改落实情况报告; the zip package; the next year's meeting; one team's status for the 督导组."""
from __future__ import annotations

import io
import zipfile
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
    try:
        from duizhao.cycle.recurrence import recurring_problems
    except ImportError:
        return []
    earlier, current = [], [t.problem for t in meeting.tasks.all()]
    previous = meeting.previous
    while previous is not None:
        earlier += [{"year": previous.year, "text": t.problem, "code": t.number} for t in previous.tasks.all()]
        previous = previous.previous
    if not earlier or not current:
        return []
    try:
        found = recurring_problems(current, earlier)
    except TypeError:
        return []
    return [getattr(x, "message", None) or str(x) for x in found]


def minutes_text(meeting: m.Meeting) -> str:
    attendance = list(meeting.attendance.select_related("member"))
    present = [a.member.name for a in attendance if a.present]
    absent = [f"{a.member.name}（{a.absence_reason or '原因未填'}）" for a in attendance if not a.present]
    quorum = services.quorum_of(meeting)
    lines = [
        f"{meeting.team.name}{meeting.title}会议记录",
        "",
        f"时间：{_d(meeting.held_date or meeting.planned_date)}",
        f"地点：{meeting.location or '（待填）'}",
        f"主持人：{meeting.host or '（待填）'}",
        f"记录人：{meeting.recorder or '（待填）'}",
        f"应到 {len(attendance)} 人，实到 {len(present)} 人：{'、'.join(present) or '（待填）'}。{quorum.message}",
    ]
    if absent:
        lines.append(f"缺席：{'、'.join(absent)}。")
    if meeting.supervisors_present:
        lines.append(f"督导组及列席人员：{meeting.supervisors_present}")
    lines += ["", "一、通报事项"]
    for i, a in enumerate(meeting.announcements.all()):
        lines.append(f"（{NUMERALS[i % 10]}）{a.title}")
        if a.body:
            lines.append(a.body)
    lines += ["", "二、对照检查和批评意见"]
    criticisms = list(meeting.criticisms.select_related("giver", "receiver"))
    for i, sc in enumerate(meeting.self_criticisms.select_related("member").order_by("-member__is_head", "member__order")):
        lines.append(f"（{NUMERALS[i % 10]}）{sc.member.name}同志作个人对照检查")
        if sc.text:
            lines.append(sc.text)
        if sc.inquiry_note:
            lines.append(f"谈话函询情况说明：{sc.inquiry_note}")
        received = [c for c in criticisms if c.receiver_id == sc.member_id]
        for c in received:
            lines.append(f"{c.giver.name}同志提出批评意见：{c.text}")
        if sc.response:
            lines.append(f"{sc.member.name}同志表态：{sc.response}")
    lines += ["", "三、督导组点评", meeting.supervisor_comment or "（待填）", "", "四、总结讲话", meeting.summary_speech or "（待填）"]
    return "\n".join(lines) + "\n"


def minutes_docx(meeting: m.Meeting) -> bytes:
    return core.text_docx_bytes(minutes_text(meeting), f"{meeting.title}会议记录")


def draft(meeting: m.Meeting, kind: str) -> str:
    return meeting_report_text(meeting) if kind == "meeting_report" else rectification_text(meeting)


def meeting_report_text(meeting: m.Meeting) -> str:
    summary = services.opinion_summary(meeting)
    attendance = list(meeting.attendance.all())
    present = sum(1 for a in attendance if a.present)
    talks = meeting.talks.count()
    criticisms = meeting.criticisms.count()
    tasks = list(meeting.tasks.select_related("owner"))
    names = services.aspect_names(meeting)
    parent = meeting.team.parent.name if meeting.team.parent else "上级党组织"
    lines = [
        f"关于{meeting.team.name}召开{meeting.title}情况的报告",
        "",
        f"{parent}：",
        f"按照{parent}统一部署，{meeting.team.name}于{_d(meeting.held_date or meeting.planned_date)}召开{meeting.title}。现将有关情况报告如下。",
        "一、基本情况",
        f"会议由{meeting.host or '（主持人）'}主持，应到 {len(attendance)} 人，实到 {present} 人。"
        + (f"{meeting.supervisors_present}到会指导。" if meeting.supervisors_present else ""),
        "二、会前准备情况",
        f"会前广泛征求意见建议 {summary['total']} 条，班子成员开展谈心谈话 {talks} 人次，"
        f"班子和班子成员认真撰写对照检查材料，经书记审核把关。",
        "三、会议召开情况",
        f"会上通报了{'、'.join(a.title for a in meeting.announcements.all()) or '有关情况'}；"
        f"班子成员逐一作个人对照检查，相互提出批评意见 {criticisms} 条，本人作出表态。"
        + ("督导组作了点评。" if meeting.supervisor_comment else ""),
        "四、查摆出的主要问题",
    ]
    by_aspect: dict[str, list[str]] = {}
    for t in tasks:
        by_aspect.setdefault(names.get(t.aspect_id, "其他方面"), []).append(t.problem)
    for i, (aspect, problems) in enumerate(by_aspect.items()):
        lines.append(f"（{NUMERALS[i % 10]}）{aspect}方面：{'；'.join(problems)}。")
    if not by_aspect:
        lines.append("（待填）")
    lines.append("五、整改措施")
    lines.append(f"针对查摆出的问题，建立整改台账 {len(tasks)} 项，明确责任领导、责任部门和完成时限，逐项整改销号。")
    lines += ["", meeting.team.name, _d(timezone.localdate())]
    return "\n".join(lines) + "\n"


def rectification_text(meeting: m.Meeting) -> str:
    tasks = list(meeting.tasks.select_related("owner"))
    done = [t for t in tasks if t.status == "done"]
    today = timezone.localdate()
    overdue = [t for t in tasks if t.is_overdue(today)]
    lines = [
        f"{meeting.team.name}关于{meeting.title}整改落实情况的报告",
        "",
        "一、整改工作开展情况",
        f"会后，班子对查摆出的问题逐项建立整改台账，共 {len(tasks)} 项，截至{_d(today)}已完成 {len(done)} 项，"
        f"持续推进 {len(tasks) - len(done)} 项" + (f"，其中逾期 {len(overdue)} 项" if overdue else "") + "。",
        "二、逐项整改落实情况",
    ]
    for t in tasks:
        state = f"已于{_d(t.closed_on)}销号" if t.closed_on else t.get_status_display()
        lines.append(f"{t.number} {t.problem}。整改措施：{t.measure or '（待填）'}。进展：{state}。{t.progress}")
    lines += ["三、建章立制情况", "（待填）", "四、存在不足和下一步打算",
              "对尚未完成的整改任务，继续明确时限、压实责任，纳入下一年度民主生活会通报。"]
    return "\n".join(lines) + "\n"


def report_text(meeting: m.Meeting, kind: str) -> str:
    report = meeting.reports.filter(kind=kind).first()
    return report.text if report else draft(meeting, kind)


def report_docx(meeting: m.Meeting, kind: str) -> bytes:
    return core.text_docx_bytes(report_text(meeting, kind))


def package_zip(meeting: m.Meeting) -> bytes:
    """情况报告, 整改落实情况报告, 会议记录, 整改台账 and every material, in one archive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for kind, label in m.REPORT_KINDS:
            archive.writestr(f"{label}.docx", report_docx(meeting, kind))
        archive.writestr("会议记录.docx", minutes_docx(meeting))
        ledger = io.BytesIO()
        services.export_ledger(meeting, ledger)
        archive.writestr("整改台账.xlsx", ledger.getvalue())
        for material in meeting.materials.select_related("member"):
            version = material.latest()
            if version is not None:
                archive.writestr(f"对照检查材料/{material.owner_name}.docx", core.docx_bytes(version))
    return buffer.getvalue()


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

    found = [f for f in load_frameworks() if f.year == year and f.meeting_kind == kind]
    return found[0].id if found else None


def team_status(team: m.Team) -> dict:
    today = timezone.localdate()
    meeting = team.meetings.order_by("-year", "-planned_date").first()
    if meeting is None:
        return {"team": team, "meeting": None}
    deadlines = list(meeting.deadlines.all())
    pending = [d for d in deadlines if not d.done_on]
    stage = pending[0].title if pending else "本轮工作已完成"
    scores = []
    for material in meeting.materials.all():
        version = material.latest()
        score = core.score_of(version.review_json) if version else None
        if score is not None:
            scores.append(score)
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
    }
