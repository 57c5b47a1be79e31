"""Joining fields never doubles punctuation or words; the proofreader finds every kind of slip
seen in generated documents (issue 12 §1)."""

from datetime import date

from duizhao.cycle.documents import (
    Absence,
    MeetingReportData,
    RectificationReportData,
    draft_meeting_report,
    rectification_sections,
)
from duizhao.cycle.ledger import Task
from duizhao.cycle.proofread import gaps, proofread
from duizhao.cycle.wording import clause, join_clauses, join_sentence, labelled, names, sentence, tidy


def kinds(text):
    return sorted({slip.kind for slip in proofread(text)})


def test_sentence_ends_exactly_once():
    assert sentence("移送执法大队。") == "移送执法大队。"
    assert sentence("移送执法大队") == "移送执法大队。"
    assert sentence("移送执法大队；") == "移送执法大队。"
    assert sentence("真的吗？") == "真的吗？"
    assert sentence("提出“一次性告知”") == "提出“一次性告知”。"
    assert sentence("（已完成。）") == "（已完成。）"
    assert sentence("  ") == "" and sentence(None) == ""


def test_joining_never_doubles_marks_or_parts():
    assert join_clauses(["长期坚持", "长期坚持。"]) == "长期坚持"
    assert join_sentence(["进展：持续推进", "已化解682户。"]) == "进展：持续推进，已化解682户。"
    assert clause("发现不及时。") + "：已完成" == "发现不及时：已完成"
    assert labelled("整改措施", "每月抽查。") == "整改措施：每月抽查"
    assert labelled("整改措施", "", missing="【待补】") == "【待补】"
    assert names(["李四", "", "王五", "李四"]) == "李四、王五"
    assert tidy("移送执法大队。。进展") == "移送执法大队。进展"


def test_proofreader_finds_each_seen_slip():
    assert kinds("关于召开2025年度民主生活会整改落实情况情况的报告") == ["doubled_word"]
    assert kinds("…移送执法大队。。进展") == ["doubled_punctuation"]
    assert kinds("时限：长期坚持，长期坚持") == ["doubled_word"]
    assert kinds("发现不及时。：已完成") == ["doubled_punctuation"]
    assert kinds("（如无，写明“本年度班子成员未受到谈话函询”）") == ["instruction"]
    assert kinds("（征求意见情况待填）") == ["gap"]
    assert kinds("主持人：【待补】") == ["gap"] and gaps("主持人：【待补】，地点【待补：地点】") == [
        "【待补】",
        "【待补：地点】",
    ]
    assert kinds("责任领导：None") == ["missing_value"] and kinds("进展：nan") == ["missing_value"]
    # correct Chinese passes: reduplications, 等待补偿, the ellipsis, numbers
    assert kinds("逐一认领，层层压实，年年提……不再以等待补偿方案为由拖延，2025-001。") == []


def test_rectification_lines_are_clean_and_say_each_fact_once():
    tasks = [
        Task(
            "2024-003",
            "全域土地综合整治试点项目推进慢。",
            "按整改方案推进。",
            owner="吴振华",
            deadline=date(2025, 12, 31),
            status="in_progress",
            progress="拆旧复垦完成186亩。",
        ),
        Task(
            "2025-005",
            "专项谈话偏少。",
            "高风险岗位专项谈话全覆盖。",
            owner="孙建国",
            deadline=None,
            task_type="ongoing",
        ),
    ]
    data = RectificationReportData(
        unit="中共某县局党组",
        recipient="中共某县委",
        meeting_title="2025年度民主生活会",
        tasks=tasks,
        today=date(2026, 2, 1),
        organisation="成立整改工作专班。",
        institutions=["修订《案卷评查办法》。"],
        next_steps=["继续推进复垦。"],
    )
    text = "\n".join(p for s in rectification_sections(data) for p in s.paragraphs)
    assert proofread(text) == []
    assert "（2025-005，责任领导：孙建国，长期坚持）" in text
    assert "整改措施：按整改方案推进。进展：持续推进，拆旧复垦完成186亩。已逾期。" in text
    assert data.title == "中共某县局党组关于2025年度民主生活会整改落实情况的报告"


def test_meeting_report_states_approvals_and_checks_from_the_records():
    data = MeetingReportData(
        unit="中共某县局党组",
        recipient="中共某县委",
        meeting_title="2025年度民主生活会",
        held_on=date(2026, 1, 10),
        place="三楼会议室。",
        host="张明",
        expected=5,
        present=4,
        absent=[Absence("王强", "外出学习。")],
        study_sessions=3,
        opinions_count=12,
        opinion_methods=["座谈会"],
        talks_count=10,
        materials_expected=6,
        materials_approved=1,
        materials_reviewed_by="党组书记",
        materials_pending=["李华（已退回修改）", "王强（起草中）"],
        announcements=["上年度整改落实情况。", "谈话函询情况"],
        members_checked=4,
        criticisms_count=8,
        problems=[("政治忠诚", "学习不深。")],
        measures=["每月学习。"],
    )
    text = "\n".join(p for s in draft_meeting_report(data).sections for p in s.paragraphs)
    assert "经党组书记审核" not in text
    assert "应有6份，已审核通过1份，李华（已退回修改）、王强（起草中）尚未审核通过。" in text
    assert "到会的4名班子成员逐一作个人对照检查" in text
    assert "王强因外出学习请假" in text and "地点：三楼会议室。" in text
    assert proofread(text) == []
    approved = draft_meeting_report(
        MeetingReportData(**{**data.__dict__, "materials_approved": 6, "materials_pending": []})
    )
    assert "共6份，均已经党组书记审核通过。" in approved.sections[1].paragraphs[3]


def test_generated_files_name_their_title_and_the_unit_not_the_library(tmp_path):
    import docx

    from duizhao.cycle.documents import MinutesData, meeting_report_docx, minutes_docx

    report = tmp_path / "report.docx"
    meeting_report_docx(
        MeetingReportData(
            unit="中共某县局党组", recipient="中共某县委", meeting_title="2025年度民主生活会", held_on=date(2026, 1, 10)
        ),
        report,
    )
    properties = docx.Document(report).core_properties
    assert properties.title == "中共某县局党组关于召开2025年度民主生活会情况的报告"
    assert properties.author == "中共某县局党组" and "python-docx" not in (
        properties.comments + properties.last_modified_by
    )
    minutes = tmp_path / "minutes.docx"
    minutes_docx(
        MinutesData(
            title="某县局党组会议记录",
            topic="议题",
            held_on=date(2026, 1, 10),
            place="",
            host="",
            recorder="张三",
            expected=[],
            present=[],
            unit="中共某县局党组",
        ),
        minutes,
    )
    assert docx.Document(minutes).core_properties.author == "中共某县局党组"


def test_framework_data_cites_no_overseas_media():
    """Sources of the shipped frameworks: domestic official or reference pages only (issue 12 §7)."""
    import re
    from importlib import resources

    overseas = (
        "epochtimes",
        "cna.com.tw",
        "rfa.org",
        "voachinese",
        "voanews",
        "bbc.",
        "dw.com",
        "nytimes",
        "zaobao",
        "rfi.fr",
        "ntdtv",
        "secretchina",
        "aboluowang",
        "boxun",
        "wenxuecity",
        "storm.mg",
        "udn.com",
        "ltn.com.tw",
    )
    folder = resources.files("duizhao") / "data" / "frameworks"
    cited = [
        url
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
        for url in re.findall(r"https?://[^\"\s]+", entry.read_text(encoding="utf-8"))
    ]
    assert cited and not [url for url in cited if any(name in url for name in overseas)]
