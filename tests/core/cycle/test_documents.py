import zipfile
from datetime import date, datetime

import docx
import pytest

from duizhao.cycle.documents import (
    Absence,
    CriticismEntry,
    MeetingReportData,
    MinutesData,
    RectificationReportData,
    Speech,
    draft_meeting_report,
    meeting_report_docx,
    minutes_docx,
    minutes_outline,
    rectification_report_docx,
    rectification_sections,
    report_package_zip,
)
from duizhao.cycle.ledger import Task
from duizhao.errors import InputError


def minutes():
    return MinutesData(
        title="青川县自然资源局党组2025年度民主生活会会议记录",
        topic="2025年度民主生活会",
        held_on=datetime(2025, 12, 26, 8, 30),
        end_time="12时10分",
        place="局机关三楼会议室",
        host="周立新",
        recorder="陈晓",
        expected=["周立新", "李明远", "赵敏", "孙浩"],
        present=["周立新", "李明远", "赵敏"],
        absent=[Absence("孙浩", "在省委党校脱产学习", written_statement=True)],
        attendees=["县委第三督导组 何平"],
        announcements=[("2024年度民主生活会整改落实情况", "上年度查摆问题12个，已完成10个。")],
        team_check="周立新代表班子从五个方面作对照检查。",
        speeches=[
            Speech(
                "周立新",
                "党组书记、局长",
                "对耕地保护督察问题跟踪不紧。",
                [CriticismEntry("李明远", "对分管副局长放手有余、督促不足，卫片图斑整改进度问得少。")],
                "诚恳接受，逐条整改。",
            ),
            Speech("李明远", "副局长", "执法程序把关不严。", [], "接受批评。"),
        ],
        supervisor_comment="会议准备充分，批评有辣味。",
        closing_speech="会后一周内形成整改清单。",
    )


def all_text(document):
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def test_minutes_outline_has_all_record_elements():
    parts = minutes_outline(minutes())
    text = "\n".join([p.text for p in parts] + ["|".join(r) for p in parts for r in p.rows])
    for needed in (
        "议题",
        "主持人|周立新",
        "记录人|陈晓",
        "应到人员|4人",
        "实到人员|3人",
        "孙浩（在省委党校脱产学习，已提交书面发言）",
        "可以召开",
        "2024年度民主生活会整改落实情况",
        "李明远：对分管副局长",
        "表态：诚恳接受",
        "督导组点评",
        "总结讲话",
        "2025年12月26日8时30分至12时10分",
    ):
        assert needed in text, needed
    assert "【未记录批评意见，请核对】" in text  # 李明远 received none


def test_minutes_docx_opens_with_content(tmp_path):
    out = tmp_path / "minutes.docx"
    minutes_docx(minutes(), out)
    document = docx.Document(out)
    text = all_text(document)
    # the builder may break a long title into two centred lines
    assert "".join(p.text for p in document.paragraphs[:2]).startswith("青川县自然资源局党组2025年度民主生活会会议记录")
    assert "局机关三楼会议室" in text and "会议准备充分，批评有辣味。" in text
    assert len(document.tables) == 1 and document.tables[0].cell(0, 0).text == "议题"
    assert round(document.tables[0].columns[0].width.mm) == 36  # grid width, read by LibreOffice
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297


def report_facts(**changes):
    data = MeetingReportData(
        unit="中共青川县自然资源局党组",
        recipient="中共青川县委",
        meeting_title="2025年度民主生活会",
        held_on=date(2025, 12, 26),
        place="局机关三楼会议室",
        host="周立新",
        expected=4,
        present=3,
        absent=[Absence("孙浩", "脱产学习")],
        supervisors=["县委第三督导组"],
        study_sessions=6,
        opinions_count=41,
        opinion_methods=["座谈会", "征求意见表"],
        talks_count=None,
        announcements=["2024年度整改落实情况"],
        members_checked=4,
        criticisms_count=23,
        problems=[("政治忠诚", "耕地保护督察问题跟踪不紧")],
        measures=["建立卫片图斑一图斑一台账"],
        attachments=["会议记录", "班子对照检查材料"],
        signed_on=date(2026, 1, 5),
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def test_draft_meeting_report_uses_facts_and_marks_gaps():
    report = draft_meeting_report(report_facts())
    headings = [s.heading for s in report.sections]
    assert headings[:5] == [
        "一、基本情况",
        "二、会前准备情况",
        "三、会议召开情况",
        "四、查摆出的主要问题及原因",
        "五、整改措施和下一步打算",
    ]
    text = "\n".join(p for s in report.sections for p in s.paragraphs)
    assert "应到4人，实到3人，孙浩因脱产学习请假" in text
    assert "征求意见建议41条" in text and "谈心谈话【待补】" in text  # unknown count is never invented
    assert "相互提出批评意见23条" in text and "政治忠诚方面：耕地保护督察问题跟踪不紧" in text
    low = draft_meeting_report(report_facts(present=2))
    assert "未达到" in low.sections[0].paragraphs[0]


def test_meeting_report_docx_keeps_edits(tmp_path):
    report = draft_meeting_report(report_facts())
    report.sections[1].paragraphs.append("会前班子成员到青竹镇开展专题调研2次。")
    out = tmp_path / "report.docx"
    meeting_report_docx(report, out)
    text = all_text(docx.Document(out))
    assert text.replace("\n", "").startswith("中共青川县自然资源局党组关于召开2025年度民主生活会情况的报告")
    assert "中共青川县委：" in text and "专题调研2次" in text and "2026年1月5日" in text


def test_rectification_report(tmp_path):
    tasks = [
        Task(
            "2025-01",
            "卫片图斑整改慢",
            "一图斑一台账",
            owner="李明远",
            deadline=date(2026, 3, 31),
            status="done",
            evidence=["台账.xlsx"],
            progress="已建立",
        ),
        Task("2025-02", "窗口排队时间长", "上线预约", owner="赵敏", deadline=date(2026, 1, 31), status="in_progress"),
        Task("2025-03", "理论学习不深", "每季度读书交流", owner="周立新", deadline=None, task_type="ongoing"),
    ]
    data = RectificationReportData(
        unit="中共青川县自然资源局党组",
        recipient="中共青川县委",
        meeting_title="2025年度民主生活会",
        tasks=tasks,
        today=date(2026, 2, 15),
        institutions=["修订《执法案件审核办法》"],
    )
    sections = rectification_sections(data)
    text = "\n".join(p for s in sections for p in s.paragraphs)
    assert "整改任务3项" in text and "已完成1项" in text and "逾期未完成1项" in text
    assert "佐证材料：台账.xlsx" in text and "已逾期。【待补：逾期原因和新的完成时间】" in text and "长期坚持" in text
    assert sections[1].table[0] == ["问题编号", "问题", "责任领导", "完成时限", "状态"]
    out = tmp_path / "rect.docx"
    rectification_report_docx(data, out)
    document = docx.Document(out)
    assert "修订《执法案件审核办法》" in all_text(document)
    assert document.tables[0].cell(1, 0).text == "2025-01"


def test_report_package_zip(tmp_path):
    minutes_path = tmp_path / "minutes.docx"
    minutes_docx(minutes(), minutes_path)
    out = tmp_path / "package.zip"
    report_package_zip({"会议记录.docx": minutes_path, "../../etc/情况报告.docx": b"x", "情况报告.docx": b"y"}, out)
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        assert names == ["会议记录.docx", "情况报告.docx", "情况报告(2).docx"]
        assert archive.read("情况报告(2).docx") == b"y"
    with pytest.raises(InputError):
        report_package_zip({"a.docx": tmp_path / "missing.docx"}, tmp_path / "p2.zip")


def test_minutes_accept_plain_dicts():
    from dataclasses import asdict

    data = asdict(minutes())
    data["announcements"] = [{"title": "征求意见情况", "content": "共41条。"}]
    text = "\n".join(p.text for p in minutes_outline(data))
    assert "李明远：对分管副局长" in text and "征求意见情况" in text and "共41条。" in text
