"""Documents after the meeting: the minutes (会议记录), the report to the higher level
(民主生活会情况报告, §4.6), the rectification report (整改落实情况报告, §4.7) and the zip package.

Each document is first an OUTLINE (plain data: a list of `Part`s), built by a content function
that tests can read; `_typeset` then lays the outline out with `duizhao.render.docx.DocumentBuilder`
(GB/T 9704). The report text is drafted from the facts by `draft_meeting_report` and can be
edited (it is a list of sections) before export.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from duizhao.cycle.ledger import Task
from duizhao.cycle.meeting import quorum
from duizhao.cycle.package import package_bytes, report_package_zip  # noqa: F401  (one import for callers)
from duizhao.cycle.wording import clause, join_clauses, join_sentence, labelled, sentence

# ---------------------------------------------------------------- data


@dataclass
class CriticismEntry:
    giver: str
    text: str


@dataclass
class Speech:
    """One member's part of the meeting: self-examination, criticisms received, 表态."""

    speaker: str
    title: str = ""  # 职务
    self_check: str = ""  # summary of the 个人对照检查
    criticisms: list[CriticismEntry] = field(default_factory=list)
    response: str = ""  # 表态


@dataclass
class Absence:
    name: str
    reason: str
    written_statement: bool = False  # submitted a written 发言, read out by another member


@dataclass
class MinutesData:
    title: str  # e.g. 青川县自然资源局党组2025年度民主生活会会议记录
    topic: str  # 议题
    held_on: datetime | date | None  # None: not held yet
    place: str
    host: str  # 主持人
    recorder: str  # 记录人
    expected: list[str]  # 应到 (names)
    present: list[str]  # 实到 (names)
    absent: list[Absence] = field(default_factory=list)
    attendees: list[str] = field(default_factory=list)  # 列席 (督导组, others)
    announcements: list[tuple[str, str]] = field(default_factory=list)  # (通报 item, content)
    team_check: str = ""  # summary of the 班子对照检查
    speeches: list[Speech] = field(default_factory=list)
    supervisor_comment: str = ""
    closing_speech: str = ""
    end_time: str = ""  # e.g. 12时10分
    unit: str = ""  # the team, named as the file's author


@dataclass
class ReportSection:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    table: list[list[str]] = field(default_factory=list)  # optional rows, first row the header


@dataclass
class MeetingReportData:
    """Facts for the 情况报告; `sections` holds the (editable) text, drafted from the facts."""

    unit: str  # e.g. 中共青川县自然资源局党组
    recipient: str  # 上级党组织, e.g. 中共青川县委
    meeting_title: str  # e.g. 2025年度民主生活会
    held_on: date | None  # None: not held yet, left for the clerk to fill
    place: str = ""
    host: str = ""
    expected: int = 0
    present: int | None = 0  # None: attendance not recorded
    absent: list[Absence] = field(default_factory=list)
    supervisors: list[str] = field(default_factory=list)  # 督导组/列席人员
    theme: str = ""
    study_sessions: int | None = None
    opinions_count: int | None = None
    opinion_methods: list[str] = field(default_factory=list)  # 座谈会, 征求意见表, …
    talks_count: int | None = None
    materials_reviewed_by: str = ""  # who reviewed, e.g. 党组书记、县委督导组 (said only when all were approved)
    materials_expected: int | None = None  # the team's material + one per member
    materials_approved: int | None = None
    materials_pending: list[str] = field(default_factory=list)  # e.g. 李明远（已退回修改）
    announcements: list[str] = field(default_factory=list)  # 通报 items
    members_checked: int | None = None  # members present who did a personal check
    written_statements: list[str] = field(default_factory=list)  # absent members whose written 发言 was read out
    criticisms_count: int | None = None
    supervisor_comment: str = ""
    closing_summary: str = ""
    problems: list[tuple[str, str]] = field(default_factory=list)  # (aspect short name, problem)
    causes: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    signed_on: date | None = None
    quorum_ratio: Any = None  # None: the ratio of data/cycle/meeting.toml
    sections: list[ReportSection] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.unit}关于召开{self.meeting_title}情况的报告"


@dataclass
class RectificationReportData:
    unit: str
    recipient: str
    meeting_title: str
    tasks: list[Task]
    today: date
    organisation: str = ""  # 组织领导: how the work was organised (written by the clerk)
    institutions: list[str] = field(default_factory=list)  # 建章立制: rules made or revised
    shortcomings: list[str] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.unit}关于{self.meeting_title}整改落实情况的报告"


@dataclass(frozen=True)
class Part:
    """One element of an outline: kind is title | subtitle | heading | paragraph | table | addressee | signature."""

    kind: str
    text: str = ""
    level: int = 0
    rows: tuple[tuple[str, ...], ...] = ()
    widths_mm: tuple[float, ...] = ()
    header: bool = True  # a table's first row is a header row


# ---------------------------------------------------------------- words


def date_words(value: date | datetime | None) -> str:
    if value is None:
        return ""
    words = f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, datetime) and (value.hour or value.minute):
        words += f"{value.hour}时{value.minute:02d}分" if value.minute else f"{value.hour}时"
    return words


def _names(names: list[str]) -> str:
    from duizhao.cycle.wording import names as joined

    return joined(names)


def _ordinal(n: int) -> str:
    digits = "一二三四五六七八九十"
    return digits[n - 1] if n <= 10 else ("十" + digits[n - 11] if n < 20 else str(n))


def _count(value: int | None, unit: str, placeholder: str = "【待补】") -> str:
    return f"{value}{unit}" if value is not None else placeholder


# ---------------------------------------------------------------- minutes


def _as(kind: type, value: Any) -> Any:
    """Accept a dict (as the workbench may pass) where a dataclass is expected."""
    return kind(**value) if isinstance(value, dict) else value


def _normalised_minutes(given: MinutesData | dict[str, Any]) -> MinutesData:
    minutes: MinutesData = _as(MinutesData, given)
    speeches = []
    for speech in minutes.speeches:
        speech = _as(Speech, speech)
        speeches.append(replace(speech, criticisms=[_as(CriticismEntry, c) for c in speech.criticisms]))
    absent = [_as(Absence, a) for a in minutes.absent]
    announcements = [
        (a.get("title", ""), a.get("content", "")) if isinstance(a, dict) else (a[0], a[1])
        for a in minutes.announcements
    ]
    return replace(minutes, speeches=speeches, absent=absent, announcements=announcements)


def minutes_outline(minutes: MinutesData | dict[str, Any]) -> list[Part]:
    """The 会议记录 as an outline: the record elements of §1.1 in meeting order. Nested parts may
    be dicts (speeches, criticisms, absences; announcements as (item, content) or {title, content})."""
    minutes = _normalised_minutes(minutes)
    recorded = bool(minutes.present or minutes.absent)  # attendance taken
    parts = [Part("title", minutes.title)]
    absent = "；".join(
        f"{a.name}（{join_clauses([a.reason, '已提交书面发言' if a.written_statement else ''])}）"
        for a in minutes.absent
    )
    rows = [
        ("议题", minutes.topic),
        (
            "时间",
            (date_words(minutes.held_on) or "【待补：召开日期】")
            + (f"至{minutes.end_time}" if minutes.end_time else ""),
        ),
        ("地点", minutes.place),
        ("主持人", minutes.host),
        ("记录人", minutes.recorder),
        ("应到人员", f"{len(minutes.expected)}人：{_names(minutes.expected)}"),
        ("实到人员", f"{len(minutes.present)}人：{_names(minutes.present)}" if recorded else "【待补：实到人员】"),
        ("缺席人员及原因", absent or "无"),
        ("列席人员", _names(minutes.attendees) or "无"),
    ]
    parts.append(Part("table", rows=tuple(rows), widths_mm=(36, 120), header=False))
    if recorded:
        result = quorum(len(minutes.expected), len(minutes.present))
        parts.append(Part("paragraph", f"到会情况：{sentence(result.message)}"))
    section = 0

    def heading(text: str) -> None:
        nonlocal section
        section += 1
        parts.append(Part("heading", f"{_ordinal(section)}、{text}", level=1))

    if minutes.announcements:
        heading("通报情况")
        for number, (item, content) in enumerate(minutes.announcements, start=1):
            parts.append(Part("heading", f"（{_ordinal(number)}）{item}", level=2))
            parts.append(Part("paragraph", _paragraph(content) or "【待补：通报内容】"))
    if minutes.team_check:
        heading("班子对照检查")
        parts.append(Part("paragraph", _paragraph(minutes.team_check)))
    if minutes.speeches:
        heading("个人对照检查和相互批评")
        for number, speech in enumerate(minutes.speeches, start=1):
            who = f"{speech.speaker}（{speech.title}）" if speech.title else speech.speaker
            parts.append(Part("heading", f"（{_ordinal(number)}）{who}", level=2))
            parts.append(Part("paragraph", f"对照检查：{_paragraph(speech.self_check) or '【待补】'}"))
            if speech.criticisms:
                parts.append(Part("paragraph", "其他同志提出的批评意见："))
                for index, criticism in enumerate(speech.criticisms, start=1):
                    parts.append(Part("paragraph", f"{index}. {criticism.giver}：{_paragraph(criticism.text)}"))
            else:
                parts.append(Part("paragraph", "其他同志提出的批评意见：【未记录批评意见，请核对】"))
            parts.append(Part("paragraph", f"表态：{_paragraph(speech.response) or '【待补】'}"))
    for absence in minutes.absent:
        if absence.written_statement:
            parts.append(
                Part("paragraph", f"{absence.name}同志因{clause(absence.reason)}未能到会，其书面发言已在会上宣读。")
            )
    if minutes.supervisor_comment:
        heading("督导组点评")
        parts.append(Part("paragraph", _paragraph(minutes.supervisor_comment)))
    if minutes.closing_speech:
        heading("总结讲话")
        parts.append(Part("paragraph", _paragraph(minutes.closing_speech)))
    parts.append(Part("signature", f"记录人：{minutes.recorder}"))
    return parts


def _paragraph(text: str | None) -> str:
    """A stored text as it goes into a document: its own lines kept, each ending once."""
    lines = [sentence(line) for line in (text or "").splitlines() if line.strip()]
    return "\n".join(lines)


def minutes_docx(minutes: MinutesData, out: str | Path | BinaryIO) -> None:
    _typeset(minutes_outline(minutes), out, author=_as(MinutesData, minutes).unit)


# ---------------------------------------------------------------- meeting report


def draft_meeting_report(data: MeetingReportData) -> MeetingReportData:
    """Return a copy whose `sections` are drafted from the facts (§4.6 outline). Missing facts
    become visible 【待补】 markers, never invented numbers or approvals."""
    data = _as(MeetingReportData, data)
    data = replace(data, absent=[_as(Absence, a) for a in data.absent])
    sections = [
        ReportSection("一、基本情况", [_basic_facts(data)]),
        ReportSection("二、会前准备情况", _preparation(data)),
        ReportSection("三、会议召开情况", _meeting_facts(data)),
        ReportSection("四、查摆出的主要问题及原因", _problems(data)),
        ReportSection(
            "五、整改措施和下一步打算",
            [f"{i}. {sentence(t)}" for i, t in enumerate(data.measures, 1)] or ["【待补：整改措施】"],
        ),
    ]
    if data.attachments:
        sections.append(ReportSection("附件", [f"{i}. {clause(name)}" for i, name in enumerate(data.attachments, 1)]))
    return replace(data, sections=sections)


def _basic_facts(data: MeetingReportData) -> str:
    known = data.expected and data.present is not None
    check = quorum(data.expected, data.present, data.quorum_ratio) if known and data.present is not None else None
    opening = join_clauses(
        [
            f"{date_words(data.held_on) or '【待补：召开日期】'}，{data.unit}召开{data.meeting_title}",
            f"地点：{clause(data.place)}" if clause(data.place) else "",
        ]
    )
    attendance = f"会议由{clause(data.host) or '【待补】'}主持，应到{data.expected or '【待补】'}人，实到{data.present if known else '【待补】'}人"
    if data.absent:
        attendance += "，" + "；".join(f"{a.name}因{clause(a.reason) or '【待补：缺席原因】'}请假" for a in data.absent)
    text = sentence(opening) + sentence(attendance)
    if check is not None and not check.ok:
        text += f"【注意：{clause(check.message)}】"
    if data.supervisors:
        text += f"{_names(data.supervisors)}到会指导。"
    if data.theme:
        text += sentence(f"会议主题：{clause(data.theme)}")
    return text


def _materials_fact(data: MeetingReportData) -> str:
    """How many materials were approved, from the records; never "经…审核" for unapproved ones."""
    what = "班子对照检查材料和班子成员个人对照检查材料"
    if data.materials_expected is None:
        if data.materials_reviewed_by:
            return sentence(f"{what}经{clause(data.materials_reviewed_by)}")
        return f"{what}【待补：审核把关情况】。"
    approved = data.materials_approved or 0
    if data.materials_expected and approved >= data.materials_expected:
        by = f"经{clause(data.materials_reviewed_by)}" if data.materials_reviewed_by else ""
        return f"{what}共{data.materials_expected}份，均已{by}审核通过。"
    text = f"{what}应有{data.materials_expected}份，已审核通过{approved}份"
    if data.materials_pending:
        text += f"，{_names(data.materials_pending)}尚未审核通过"
    return sentence(text)


def _preparation(data: MeetingReportData) -> list[str]:
    methods = _names(data.opinion_methods) or "【待补：征求意见方式】"
    return [
        f"会前组织集中学习研讨{_count(data.study_sessions, '次')}。",
        f"通过{methods}等方式征求意见建议{_count(data.opinions_count, '条')}，汇总后原汁原味反馈班子成员认领。",
        f"班子成员开展谈心谈话{_count(data.talks_count, '人次')}。",
        _materials_fact(data),
    ]


def _meeting_facts(data: MeetingReportData) -> list[str]:
    meeting = []
    if data.announcements:
        meeting.append(sentence("会上通报了" + join_clauses(data.announcements, "；")))
    checked = (
        f"到会的{data.members_checked}名班子成员逐一作个人对照检查"
        if data.members_checked is not None
        else "【待补】名班子成员逐一作个人对照检查"
    )
    meeting.append(
        join_sentence(
            [
                "主要负责同志代表班子作对照检查",
                checked,
                f"相互提出批评意见{_count(data.criticisms_count, '条')}",
                "本人作出表态",
            ]
        )
    )
    if data.written_statements:
        meeting.append(sentence(f"{_names(data.written_statements)}未到会，书面发言已在会上宣读"))
    if data.supervisor_comment:
        meeting.append(f"督导组点评：{sentence(data.supervisor_comment)}")
    if data.closing_summary:
        meeting.append(f"主要负责同志作总结讲话：{sentence(data.closing_summary)}")
    return meeting


def _problems(data: MeetingReportData) -> list[str]:
    problems = [
        f"{index}. {aspect + '方面：' if aspect else ''}{sentence(text)}"
        for index, (aspect, text) in enumerate(data.problems, 1)
    ]
    causes = [f"{index}. {sentence(text)}" for index, text in enumerate(data.causes, 1)]
    return (problems or ["【待补：查摆出的主要问题】"]) + (["原因剖析："] + causes if causes else [])


def meeting_report_outline(data: MeetingReportData) -> list[Part]:
    report = data if data.sections else draft_meeting_report(data)
    parts = [Part("title", report.title), Part("addressee", f"{report.recipient}：")]
    parts += _sections_parts(report.sections)
    parts.append(Part("signature", report.unit))
    parts.append(Part("signature", date_words(report.signed_on or report.held_on) or "【待补：日期】"))
    return parts


def meeting_report_docx(report: MeetingReportData, out: str | Path | BinaryIO) -> None:
    _typeset(meeting_report_outline(report), out)


def report_outline(title: str, recipient: str, sections: list[ReportSection], unit: str, signed_on: date) -> list[Part]:
    """Any report (情况报告 or 整改落实情况报告) from its title and its edited sections."""
    parts = [Part("title", title), Part("addressee", f"{recipient}：")]
    parts += _sections_parts(sections)
    return parts + [Part("signature", unit), Part("signature", date_words(signed_on))]


def report_docx(
    title: str, recipient: str, sections: list[ReportSection], unit: str, signed_on: date, out: str | Path | BinaryIO
) -> None:
    _typeset(report_outline(title, recipient, sections, unit, signed_on), out)


def _sections_parts(sections: list[ReportSection]) -> list[Part]:
    parts = []
    for section in sections:
        parts.append(Part("heading", section.heading, level=1))
        parts += [Part("paragraph", text) for text in section.paragraphs]
        if section.table:
            parts.append(Part("table", rows=tuple(tuple(r) for r in section.table)))
    return parts


# ---------------------------------------------------------------- rectification report

STATUS_WORDS = {"done": "已完成", "in_progress": "持续推进", "not_started": "未启动"}
TYPE_WORDS = {"immediate": "立行立改", "deadline": "限期整改", "ongoing": "长期坚持"}


def rectification_sections(data: RectificationReportData) -> list[ReportSection]:
    tasks = data.tasks
    done = [t for t in tasks if t.status == "done"]
    overdue = [t for t in tasks if t.is_overdue(data.today)]
    summary = (
        f"{data.meeting_title}共查摆问题、形成整改任务{len(tasks)}项，截至{date_words(data.today)}，"
        f"已完成{len(done)}项，持续推进{sum(t.status == 'in_progress' for t in tasks)}项，"
        f"未启动{sum(t.status == 'not_started' for t in tasks)}项"
        + (f"，其中逾期未完成{len(overdue)}项" if overdue else "")
        + "。"
    )
    items = [_task_line(number, task, data.today) for number, task in enumerate(tasks, start=1)]
    table = [["问题编号", "问题", "责任领导", "完成时限", "状态"]] + [
        [
            t.code,
            clause(t.problem)[:30],
            t.owner or "【待补】",
            _deadline_words(t),
            STATUS_WORDS.get(t.status, t.status),
        ]
        for t in tasks
    ]
    return [
        ReportSection(
            "一、整改工作开展情况", [data.organisation or "【待补：组织领导、整改方案制定和推进情况】", summary]
        ),
        ReportSection("二、逐条整改落实情况", items or ["【无整改任务】"], table if tasks else []),
        ReportSection(
            "三、建章立制情况",
            [f"{i}. {text}" for i, text in enumerate(data.institutions, 1)] or ["【待补：新建或修订的制度】"],
        ),
        ReportSection(
            "四、存在的不足和下一步打算",
            [f"{i}. {text}" for i, text in enumerate(data.shortcomings + data.next_steps, 1)]
            or ["【待补：尚未完成事项的原因和下一步措施】"],
        ),
    ]


def _deadline_words(task: Task) -> str:
    return date_words(task.deadline) if task.deadline else "长期坚持"


def _task_line(number: int, task: Task, today: date) -> str:
    """One task as a sentence: every field said once, each value's own 。 not doubled."""
    kind = TYPE_WORDS.get(task.task_type, task.task_type)
    deadline = _deadline_words(task)
    timing = deadline if deadline == kind else join_clauses([f"时限：{deadline}", kind])
    facts = join_clauses([task.code, f"责任领导：{task.owner or '【待补】'}", timing])
    line = f"{number}. {clause(task.problem)}（{facts}）。"
    line += sentence(labelled("整改措施", task.measure, missing="整改措施：【待补】"))
    line += join_sentence([f"进展：{STATUS_WORDS.get(task.status, task.status)}", task.progress])
    if task.status == "done" and task.evidence:
        line += sentence(f"佐证材料：{_names(task.evidence)}")
    if task.is_overdue(today):
        line += "已逾期。" if clause(task.progress) else "已逾期。【待补：逾期原因和新的完成时间】"
    return line


def rectification_report_outline(data: RectificationReportData) -> list[Part]:
    parts = [Part("title", data.title), Part("addressee", f"{data.recipient}：")]
    parts += _sections_parts(rectification_sections(data))
    parts += [Part("signature", data.unit), Part("signature", date_words(data.today))]
    return parts


def rectification_report_docx(data: RectificationReportData, out: str | Path | BinaryIO) -> None:
    _typeset(rectification_report_outline(data), out)


# ---------------------------------------------------------------- typesetting and package


def _typeset(parts: list[Part], out: str | Path | BinaryIO, *, author: str = "") -> None:
    from duizhao.render.docx import DocumentBuilder

    builder = DocumentBuilder()
    _set_properties(builder, parts, author)
    for part in parts:
        if part.kind == "title":
            builder.title(part.text)
        elif part.kind == "subtitle":
            builder.subtitle(part.text)
        elif part.kind == "heading":
            builder.heading(part.level, part.text)
        elif part.kind == "addressee":
            builder.paragraph(part.text, indent=False)
        elif part.kind == "signature":
            builder.paragraph(part.text, align="right", indent=False)
        elif part.kind == "table":
            widths = list(part.widths_mm) or _even_widths(len(part.rows[0]) if part.rows else 1)
            table = builder.table([list(r) for r in part.rows], widths_mm=widths, header=part.header)
            _fix_column_widths(table, widths)
        else:
            builder.paragraph(part.text)
    builder.save(out)


def _set_properties(builder: Any, parts: list[Part], author: str = "") -> None:
    """Title and author of the file (shown by Word and kept in the PDF): the document's title and
    the unit that signs it, never the library that wrote it."""
    titles = [p.text for p in parts if p.kind == "title"]
    signatures = (
        [author] if author else [p.text for p in parts if p.kind == "signature" and p.text and not p.text[0].isdigit()]
    )
    builder.set_properties(title="".join(titles), author=signatures[0] if signatures else "")


def _fix_column_widths(table: Any, widths_mm: list[float]) -> None:
    """Write the widths into the table grid too: LibreOffice reads <w:gridCol>, not cell widths."""
    from docx.shared import Mm

    table.autofit = False
    for column, width in zip(table.columns, widths_mm):
        column.width = Mm(width)


def _even_widths(columns: int, total: float = 156.0) -> list[float]:
    return [total / columns] * columns
