"""A fictional demo unit (中共青川县自然资源局党组) with a whole cycle: last year's meeting with
unfinished tasks, this year's meeting with opinions, talks, materials, a recorded meeting and a
ledger, so a newcomer sees every page filled. All names and facts are invented."""

from __future__ import annotations

from datetime import date, timedelta
from importlib import resources

from django.db import transaction
from django.db.models import F

from duizhao.web.workbench import models as m
from duizhao.web.workbench import services

DEMO_PASSWORD = "duizhao-demo"
TEAM_NAME = "中共青川县自然资源局党组"

MEMBERS = [
    ("周立新", "党组书记、局长", "全面工作", "办公室,人事股", True, "zhoulixin"),
    ("李明远", "党组成员、副局长", "法规、执法监察", "法规股,执法监察大队", False, "limingyuan"),
    ("陈晓燕", "党组成员、副局长", "不动产登记、耕地保护", "不动产登记中心,耕地保护股", False, "chenxiaoyan"),
    ("吴振华", "党组成员、副局长", "国土空间规划、矿产资源", "规划股,矿产资源股", False, "wuzhenhua"),
    ("孙建国", "党组成员、驻局纪检组组长", "纪检监察", "", False, "sunjianguo"),
]
DEPARTMENT_HEADS = "办公室=赵红梅\n人事股=钱文斌\n法规股=刘思远\n执法监察大队=郑海\n不动产登记中心=冯丽\n耕地保护股=何强\n规划股=许嘉\n矿产资源股=马骏"

OPINIONS = [
    ("不动产登记窗口中午和周末没人值班，上班族办事只能请假。", "chenxiaoyan", "public_form"),
    ("登记窗口补正材料不能一次说清楚，群众来回跑了好几趟。", "chenxiaoyan", "box"),
    ("补正材料没有一次性告知，办继承登记跑了四趟。", None, "seminar"),
    ("党组会学习多是念文件，结合自然资源工作谈体会的少。", None, "form_import"),
    ("执法案件程序不够规范，有的处罚决定前没有告知听证权利。", "limingyuan", "form_import"),
    ("城北工业园区批而未供的土地一直没有处置方案，企业等得着急。", "wuzhenhua", "seminar"),
    ("对年轻干部关心不够，登记窗口的同志长期加班。", None, "public_form"),
    ("公务用车登记有漏登，外出事由不清楚。", None, "box"),
    ("对群众反映的干部接受宴请问题，处理不够及时。", "sunjianguo", "form_import"),
    ("选派干部到乡镇挂职，事先酝酿不够充分。", "zhoulixin", "seminar"),
]

LAST_YEAR_TASKS = [
    (
        "2024-001",
        "耕地保护巡查频次不够，新增违法占地发现不及时。",
        "chenxiaoyan",
        "done",
        "田长制巡查改为每月一次，全年制止新增违法占地23宗。",
    ),
    ("2024-002", "不动产登记办理时限偏长。", "chenxiaoyan", "done", "一窗受理改造完成，一般登记压缩到3个工作日。"),
    (
        "2024-003",
        "全域土地综合整治试点项目推进慢。",
        "wuzhenhua",
        "in_progress",
        "拆旧复垦完成186亩，占年度目标的62%，县级配套资金到位晚。",
    ),
    (
        "2024-004",
        "历史遗留不动产办证难问题化解不够。",
        "chenxiaoyan",
        "in_progress",
        "已化解682户，其余455户因开发企业欠缴出让金未办结。",
    ),
]

THIS_YEAR_TASKS = [
    (
        "不动产登记窗口午间、周末无人值守，补正事项未一次性告知。",
        "opinion",
        "three_reverences",
        "chenxiaoyan",
        "不动产登记中心",
        "immediate",
        "窗口实行午间和周六轮值，推行补正事项一张清单告知，每月抽查退件不少于20件。",
    ),
    (
        "党组会第一议题学习存在以传达代学习现象。",
        "self",
        "political_loyalty",
        "zhoulixin",
        "办公室",
        "deadline",
        "修订第一议题制度，每次学习安排班子成员结合分管工作交流发言。",
    ),
    (
        "执法程序不规范，一宗处罚决定前未告知听证权利导致败诉。",
        "self",
        "three_reverences",
        "limingyuan",
        "法规股",
        "deadline",
        "开展执法案卷全面评查，重大处罚决定一律经法制审核。",
    ),
    (
        "城北工业园区7宗批而未供土地长期未处置。",
        "criticism",
        "responsibility",
        "wuzhenhua",
        "规划股",
        "deadline",
        "主动牵头提出处置方案，一宗一策，年底前消化不少于200亩。",
    ),
    (
        "对高风险岗位专项廉政谈话偏少，对作风问题抓早抓小不够。",
        "supervisor",
        "strict_governance",
        "sunjianguo",
        "驻局纪检组",
        "ongoing",
        "每季度对分管股室开展廉政风险专项检查，高风险岗位专项谈话全覆盖。",
    ),
]

# The demo's calendar: the 2025 meeting was held on 26 December 2025 (the date its materials
# carry); everything else is dated from it, so every page and document tells one consistent story.
HELD = date(2025, 12, 26)

LATE_PROGRESS = "已评查执法案卷126件中的98件，因3宗复议案件尚未审结而逾期，计划下月底前完成。"

# For each 2025 task (in THIS_YEAR_TASKS order): deadline (days after the meeting, None = 长期坚持),
# status, progress, date closed and the evidence file of a closed task.
OUTCOMES = [
    (
        36,
        "done",
        "午间和周六轮值已实行，补正事项清单已在窗口公示；1月抽查退件24件，均已一次性告知。",
        date(2026, 1, 28),
        "窗口轮值表和退件抽查记录.txt",
    ),
    (
        95,
        "done",
        "已修订党组第一议题学习制度，此后每次学习安排2名班子成员结合分管工作交流发言。",
        date(2026, 3, 25),
        "党组第一议题学习制度（修订稿）.txt",
    ),
    (66, "in_progress", LATE_PROGRESS, None, None),
    (370, "in_progress", "已提出7宗土地一宗一策处置方案，已消化126亩。", None, None),
    (None, "in_progress", "已开展3轮廉政风险专项检查，高风险岗位专项谈话已全覆盖。", None, None),
]

# The material of each member (None: the team's), all approved by the secretary: a finished cycle.
MATERIALS = [
    (None, "team-2025-qingchuan.txt"),
    ("zhoulixin", "personal-2025-zhou-lixin.txt"),
    ("limingyuan", "personal-2025-li-mingyuan.txt"),
    ("chenxiaoyan", "personal-2025-chen-xiaoyan.txt"),
    ("wuzhenhua", "personal-2025-wu-zhenhua.txt"),
    ("sunjianguo", "personal-2025-sun-jianguo.txt"),
]

ANNOUNCEMENT_TEXTS = {
    "谈话函询": "本年度班子成员未受到谈话函询。",
    "中央八项规定": "局党组对照学习教育查摆的4个方面问题，已整改完成3个；公务用车登记漏登问题列入本次整改台账。",
}

CRITICISMS = [
    (
        "李明远",
        "周立新",
        "周立新同志在8月研究选派干部挂职时，党组会只讨论了10分钟，人选事先没有和班子成员个别酝酿，民主集中制落实不够严格。",
    ),
    (
        "周立新",
        "陈晓燕",
        "陈晓燕同志分管的登记窗口4月出台一次性告知规定后没有跟踪检查，10月抽查40件退件仍有13件未一次性告知，抓落实有头无尾。",
    ),
    (
        "陈晓燕",
        "吴振华",
        "吴振华同志对城北工业园区7宗批而未供土地，一直等园区管委会牵头，全年没有提出处置方案，担当不够。",
    ),
    ("吴振华", "李明远", "希望李明远同志今后多注意身体，工作不要太拼。"),
    (
        "孙建国",
        "李明远",
        "李明远同志分管的执法监察大队一宗非法占地案件处罚前未告知听证权利，导致行政诉讼败诉，对执法程序把关不严。",
    ),
    ("周立新", "孙建国", "孙建国同志对群众反映的干部接受宴请问题，从受理到初核用了两个多月，监督执纪不够及时。"),
]


def _example(name: str) -> str:
    try:
        return (resources.files("duizhao") / "data" / "examples" / name).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return ""


def _materials(meeting: m.Meeting, members: dict) -> None:
    from duizhao.web.workbench import materials as core

    secretary = members["zhoulixin"].user
    for username, name in MATERIALS:
        text = _example(name)
        if not text:
            continue
        material = m.Material.objects.create(meeting=meeting, member=members[username] if username else None)
        core.save_version(
            material, text, origin="import", user=material.member.user if material.member is not None else None
        )
        material.status = "approved"
        material.save()
        m.MaterialComment.objects.create(
            material=material, author=secretary, author_role="secretary", text="审核通过。"
        )


def _remaining_talks(meeting: m.Meeting, members: dict) -> None:
    """Every other required talk, held in the week before the materials were written (a finished
    cycle covers them all); what was said is left to the talk records, not invented here."""
    by_name = {x.name: x for x in members.values()}
    for number, pair in enumerate(services.talk_coverage(meeting).missing):
        speaker = by_name.get(pair.a) or by_name[pair.b]
        partner = pair.b if speaker.name == pair.a else pair.a
        m.Talk.objects.create(
            meeting=meeting,
            speaker=speaker,
            listener=by_name.get(partner),
            other_name="" if partner in by_name else partner,
            talked_on=HELD - timedelta(days=14 - number % 5),
            place="局机关",
        )


def _this_year_tasks(meeting: m.Meeting, members: dict) -> None:
    from django.core.files.base import ContentFile

    rows = zip(THIS_YEAR_TASKS, OUTCOMES)
    for i, ((problem, source, aspect, owner, department, kind, measure), outcome) in enumerate(rows, start=1):
        days, status, progress, closed_on, evidence = outcome
        task = m.Task.objects.create(
            meeting=meeting,
            number=f"2025-{i:03d}",
            problem=problem,
            source=source,
            aspect_id=aspect,
            owner=members[owner],
            department=department,
            task_type=kind,
            measure=measure,
            deadline=None if days is None else HELD + timedelta(days=days),
            status=status,
            progress=progress,
            closed_on=closed_on,
            verified_by="周立新" if closed_on else "",
        )
        if evidence:
            item = m.Evidence(task=task, name=evidence)
            item.file.save("evidence", ContentFile(f"{evidence}：{progress}".encode()), save=False)
            item.save()


def _filled_reports(meeting: m.Meeting) -> None:
    """The reports as the demo clerk finished them: the drafts from the records, with the parts
    the records cannot know (study sessions, how the work was organised, new rules) written in."""
    from dataclasses import replace

    from duizhao.cycle.documents import draft_meeting_report, rectification_sections
    from duizhao.web.workbench import reports

    report = draft_meeting_report(replace(reports.meeting_report_data(meeting), study_sessions=6))
    m.Report.objects.create(
        meeting=meeting,
        kind="meeting_report",
        text=reports.sections_text(report.sections),
        submitted_on=HELD + timedelta(days=12),
    )
    rectification = replace(
        reports.rectification_data(meeting),
        organisation="会后局党组制定整改方案，逐项明确责任领导、责任股室和完成时限，每月党组会听取一次整改进展。",
        institutions=["修订《党组第一议题学习制度》", "制定《不动产登记补正事项一次性告知办法》"],
        next_steps=["对持续推进的任务每月调度一次，逾期任务由责任领导在党组会上说明原因"],
    )
    m.Report.objects.create(
        meeting=meeting, kind="rectification_report", text=reports.sections_text(rectification_sections(rectification))
    )


def load_demo(today: date | None = None) -> bool:
    """Create the demo unit once; False when it is already there."""
    if m.Team.objects.filter(name=TEAM_NAME).exists():
        return False
    from duizhao.web.workbench import reports

    today = today or date.today()
    with transaction.atomic():
        parent = m.Team.objects.create(name="中共青川县委", unit="青川县委")
        team = m.Team.objects.create(
            name=TEAM_NAME, unit="青川县自然资源局", parent=parent, department_heads=DEPARTMENT_HEADS
        )
        members = {}
        for order, (name, title, portfolio, departments, head, username) in enumerate(MEMBERS):
            member = m.Member.objects.create(
                team=team,
                name=name,
                title=title,
                portfolio=portfolio,
                departments=departments,
                is_head=head,
                order=order,
            )
            user, _ = services.create_account(
                username, "secretary" if head else "member", team, full_name=name, member=member, password=DEMO_PASSWORD
            )
            if head:
                services.grant_role(user, team, "member")
            m.AccountState.objects.filter(user=user).update(must_change_password=False)
            members[username] = member
        for username, full_name, role, where in (
            ("dangban", "赵红梅", "clerk", team),
            ("duzhao", "县委督导组", "supervisor", parent),
        ):
            user, _ = services.create_account(username, role, where, full_name=full_name, password=DEMO_PASSWORD)
            m.AccountState.objects.filter(user=user).update(must_change_password=False)

        last = m.Meeting.objects.create(
            team=team,
            year=2024,
            framework_id="dsh-2024",
            title="2024年度民主生活会",
            planned_date=date(2025, 1, 16),
            held_date=date(2025, 1, 16),
            location="局机关三楼会议室",
            host="周立新",
            recorder="赵红梅",
        )
        services.sync_deadlines(last)
        last.deadlines.filter(due__lte=today).update(done_on=None)
        for d in last.deadlines.all():
            d.done_on = d.due if d.due <= today else None
            d.save()
        for code, problem, owner, status, progress in LAST_YEAR_TASKS:
            m.Task.objects.create(
                meeting=last,
                number=code,
                problem=problem,
                owner=members[owner],
                status=status,
                progress=progress,
                deadline=date(2025, 12, 31),
                task_type="deadline",
                measure="按整改方案推进",
                closed_on=date(2025, 11, 30) if status == "done" else None,
                verified_by="赵红梅" if status == "done" else "",
            )

        meeting = reports.start_next_meeting(last)
        meeting.planned_date = meeting.held_date = HELD
        meeting.framework_id = "dsh-2025"
        meeting.title = "2025年度民主生活会"
        meeting.location, meeting.host, meeting.recorder = "局机关三楼会议室", "周立新", "赵红梅"
        meeting.supervisors_present = "县委第三督导组"
        meeting.supervisor_comment = (
            "会前准备扎实，征求意见和谈心谈话覆盖面较广；查摆问题较为具体，多数问题有事例。"
            "个别批评意见以希望代替批评，辣味不足；整改措施要明确时限，逐项销号。"
        )
        meeting.summary_speech = "会后对查摆出的问题逐项建立台账，明确责任领导和时限，整改情况在下次民主生活会上通报。"
        meeting.save()
        services.sync_deadlines(meeting)

        solicitation = m.Solicitation.objects.create(meeting=meeting)
        m.Solicitation.objects.create(meeting=meeting, member=members["chenxiaoyan"])
        del solicitation
        for text, target, source in OPINIONS:
            opinion = services.add_opinion(
                meeting,
                text,
                source,
                target=members.get(target) if target else None,
                received_on=HELD - timedelta(days=30),
            )
            if target:
                opinion.claimed_member = members[target]
            else:
                opinion.claimed_by_team = True
            opinion.save()
        services.regroup_opinions(meeting)

        names = [x for x in members.values()]
        secretary = names[0]
        for other in names[1:]:
            m.Talk.objects.create(
                meeting=meeting,
                speaker=secretary,
                listener=other,
                talked_on=HELD - timedelta(days=15),
                place="书记办公室",
                speaker_said=f"{other.name}同志分管工作推进有力，但对分管股室廉政风险排查停留在填表层面。",
                listener_said="周立新同志抓全面工作有魄力，但研究干部事项时酝酿不够充分。",
                follow_up="各自在对照检查材料中认领",
            )
        m.Talk.objects.create(
            meeting=meeting,
            speaker=members["chenxiaoyan"],
            listener=members["wuzhenhua"],
            talked_on=HELD - timedelta(days=12),
            speaker_said="园区批而未供土地要主动牵头。",
            listener_said="登记窗口一次性告知要跟踪落实。",
        )

        _remaining_talks(meeting, members)
        _materials(meeting, members)
        _this_year_tasks(meeting, members)
        by_name = {x.name: x for x in members.values()}
        for giver, receiver, text in CRITICISMS:
            m.Criticism.objects.create(meeting=meeting, giver=by_name[giver], receiver=by_name[receiver], text=text)
        for member in members.values():
            absent = member.name == "孙建国"
            m.Attendance.objects.create(
                meeting=meeting,
                member=member,
                present=not absent,
                absence_reason="参加省纪委集中培训" if absent else "",
            )
            m.SelfCriticism.objects.create(
                meeting=meeting,
                member=member,
                text=f"{member.name}同志对照五个方面查摆了分管工作中的具体问题，剖析了思想根源，提出了整改措施。",
                response="诚恳接受同志们的批评意见，逐条认领，列入个人整改清单，限期整改。",
            )
        _fill_chain(meeting)
        meeting.announcements.all().delete()
        for order, (title, body) in enumerate(reports.default_announcements(meeting)):
            body = body or next((text for key, text in ANNOUNCEMENT_TEXTS.items() if key in title), "")
            m.Announcement.objects.create(meeting=meeting, title=title, body=body, order=order)
        _filled_reports(meeting)
        m.Deadline.objects.filter(meeting=meeting, due__lte=today).update(done_on=F("due"))
    return True


def _fill_chain(meeting: m.Meeting) -> None:
    """The demo's chain: each material's problem records (made when `_materials` saved it), the
    suggested sources confirmed (as their authors would), and each typed task tied to the problem
    it answers."""
    from duizhao.cycle.recurrence import similarity
    from duizhao.web.workbench import chain

    records = []
    for material in meeting.materials.all():
        records += list(m.ProblemRecord.objects.filter(version=material.latest()).select_related("version__material"))
    m.ProblemLink.objects.filter(problem__in=records).update(state="confirmed")
    for task in meeting.tasks.all():
        scored = [(similarity(task.problem, record.text), record) for record in records]
        score, record = max(scored, key=lambda pair: pair[0], default=(0.0, None))
        if record is not None and score >= 0.2:
            values = chain.current_values(task)
            m.TaskOrigin.objects.create(task=task, material=record.version.material, problem=record, proposed=values)
