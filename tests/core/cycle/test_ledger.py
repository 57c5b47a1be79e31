import zipfile
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from duizhao.cycle.ledger import Task, export_ledger_xlsx, import_ledger_xlsx, ledger_bytes
from duizhao.errors import InputError

TODAY = date(2026, 3, 1)


def sample_tasks():
    return [
        Task(
            code="2025-01",
            problem="服务窗口预约渠道单一，群众反映办事要跑两趟",
            measure="上线预约小程序并公布咨询电话",
            source="opinion",
            aspect="敬畏人民",
            owner="李明",
            department="政务服务科/赵芳",
            deadline=date(2026, 1, 31),
            task_type="deadline",
            status="in_progress",
            progress="小程序已测试",
        ),
        Task(
            code="2025-02",
            problem='=HYPERLINK("http://x")',
            measure="+开展专题学习",
            source="self",
            aspect="党性修养",
            owner="王强",
            department="办公室",
            deadline=None,
            task_type="ongoing",
            status="not_started",
            evidence=["@学习记录.pdf"],
        ),
        Task(
            code="2025-03",
            problem="调研报告数量多、转化少",
            measure="每份调研报告列出转化清单",
            source="criticism",
            aspect="担当作为",
            owner="王强",
            department="规划科",
            deadline=date(2026, 6, 30),
            task_type="deadline",
            status="done",
            progress="已建立清单",
            evidence=["转化清单.docx", "会议纪要.pdf"],
            closed_by="张丽",
            closed_on=date(2026, 2, 20),
        ),
    ]


@pytest.fixture
def exported(tmp_path):
    out = tmp_path / "ledger.xlsx"
    export_ledger_xlsx(sample_tasks(), out, title="青川县自然资源局党组2025年度民主生活会整改台账", today=TODAY)
    return out


def headers(sheet):
    return [c.value for c in sheet[3]]


def test_export_layout(exported):
    sheet = load_workbook(exported).active
    assert sheet["A1"].value.startswith("青川县") and sheet["A1"].font.bold
    assert "A1:Q1" in {str(r) for r in sheet.merged_cells.ranges}
    assert headers(sheet)[:8] == [
        "序号",
        "问题编号",
        "问题来源",
        "所属方面",
        "问题描述",
        "原因",
        "整改目标",
        "整改措施",
    ]
    assert "整改类型" in headers(sheet) and "状态" in headers(sheet) and "佐证材料" in headers(sheet)
    assert sheet.freeze_panes == "C4"
    assert sheet.column_dimensions["E"].width == 40
    assert sheet["E4"].alignment.wrap_text
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    assert "逾期未完成1项" in sheet["A2"].value


def test_export_values_validations_and_red_overdue(exported):
    sheet = load_workbook(exported).active
    row = {h: c for h, c in zip(headers(sheet), sheet[4])}
    assert row["问题来源"].value == "征求意见" and row["状态"].value == "持续推进"
    assert row["完成时限"].value == datetime(2026, 1, 31)
    assert row["问题描述"].fill.fgColor.rgb.endswith("FFC7CE")  # overdue and not done
    done_row = {h: c for h, c in zip(headers(sheet), sheet[6])}
    assert not done_row["问题描述"].fill.fgColor.rgb.endswith("FFC7CE")
    assert done_row["佐证材料"].value == "转化清单.docx\n会议纪要.pdf"
    lists = {str(dv.sqref)[0]: dv.formula1 for dv in sheet.data_validations.dataValidation}
    status_col = headers(sheet).index("状态")
    type_col = headers(sheet).index("整改类型")
    assert "ABCDEFGHIJKLMNOPQ"[status_col] in lists and "已完成" in lists["ABCDEFGHIJKLMNOPQ"[status_col]]
    assert "立行立改" in lists["ABCDEFGHIJKLMNOPQ"[type_col]]


def test_export_neutralises_formulas(exported):
    sheet = load_workbook(exported).active
    row = {h: c for h, c in zip(headers(sheet), sheet[5])}
    assert row["问题描述"].value.startswith("'=") and row["问题描述"].data_type == "s"
    assert row["整改措施"].value == "'+开展专题学习"
    assert row["佐证材料"].value == "'@学习记录.pdf"
    assert row["完成时限"].value == "长期坚持"
    with zipfile.ZipFile(exported) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml


def edit(path, edits):
    workbook = load_workbook(path)
    sheet = workbook.active
    for coordinate, value in edits.items():
        sheet[coordinate] = value
    workbook.save(path)


def column(exported, name):
    sheet = load_workbook(exported).active
    return "ABCDEFGHIJKLMNOPQ"[headers(sheet).index(name)]


def test_import_round_trip_without_edits_changes_nothing(exported):
    result = import_ledger_xlsx(exported, sample_tasks(), today=TODAY)
    assert result.changes == [] and result.rejected == [] and result.new_tasks == []
    assert result.updated == sample_tasks()


def test_import_reports_changes_and_rejections(exported):
    status, progress, deadline = column(exported, "状态"), column(exported, "进展情况"), column(exported, "完成时限")
    problem, measure, code = column(exported, "问题描述"), column(exported, "整改措施"), column(exported, "问题编号")
    edit(
        exported,
        {
            f"{status}4": "已完成",
            f"{progress}4": "小程序1月20日上线",
            f"{deadline}4": "2026年2月15日",
            f"{status}5": "快完成了",  # unknown status -> row rejected
            f"{measure}6": "",  # deleted required field -> row rejected
            f"{code}7": "",
            f"{problem}7": "新增：会议室预约不透明",
            f"{measure}7": "公开预约表",
            f"{status}7": "未启动",
            f"{column(exported, '整改类型')}7": "立行立改",
            f"{code}8": "2099-99",
            f"{problem}8": "编号不存在的行",
            f"{measure}8": "x",
        },
    )
    result = import_ledger_xlsx(exported, sample_tasks(), today=TODAY)
    changed = {(c.code, c.field): (c.old, c.new) for c in result.changes}
    assert changed[("2025-01", "status")] == ("in_progress", "done")
    assert changed[("2025-01", "deadline")] == (date(2026, 1, 31), date(2026, 2, 15))
    assert changed[("2025-01", "progress")][1] == "小程序1月20日上线"
    assert all(c.code == "2025-01" for c in result.changes)
    reasons = {r.row: r.reason for r in result.rejected}
    assert "快完成了" in reasons[5] and "无法识别" in reasons[5]
    assert "整改措施被清空" in reasons[6]
    assert "2099-99" in reasons[8] and "不存在" in reasons[8]
    assert [t.problem for t in result.new_tasks] == ["新增：会议室预约不透明"]
    assert result.new_tasks[0].task_type == "immediate" and result.new_tasks[0].code == ""
    assert result.updated[0].status == "done" and result.updated[1] == sample_tasks()[1]
    assert any("2025-01" in w and "佐证材料" in w for w in result.warnings)


def test_import_bad_dates_and_duplicates(exported):
    deadline, code = column(exported, "完成时限"), column(exported, "问题编号")
    closed = column(exported, "销号日期")
    edit(exported, {f"{deadline}4": "下个月", f"{code}5": "2025-03", f"{closed}6": date(2027, 1, 1)})
    result = import_ledger_xlsx(exported, sample_tasks(), today=TODAY)
    reasons = [(r.row, r.reason) for r in result.rejected]
    assert [row for row, _ in reasons] == [4, 6, 6]
    assert "下个月" in reasons[0][1] and "不是有效日期" in reasons[0][1]
    assert {reason for row, reason in reasons if row == 6} == {
        "销号日期2027-01-01晚于今天",
        "问题编号“2025-03”与第5行重复",
    }
    # the row of 2025-02 now carries 2025-03, so 2025-02 is missing from the file and kept as it was
    assert len(result.warnings) == 1 and "2025-02" in result.warnings[0] and "保持原样" in result.warnings[0]
    assert result.updated[1] == sample_tasks()[1]


def test_import_refuses_bad_files(tmp_path):
    text = tmp_path / "notes.xlsx"
    text.write_text("not a spreadsheet", encoding="utf-8")
    with pytest.raises(InputError, match="不是 Excel"):
        import_ledger_xlsx(text, [], today=TODAY)
    with pytest.raises(InputError, match="无法读取"):
        import_ledger_xlsx(tmp_path / "missing.xlsx", [], today=TODAY)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 50_000_000)
    with pytest.raises(InputError, match="压缩"):
        import_ledger_xlsx(bomb, [], today=TODAY)
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not-xml")
    with pytest.raises(InputError, match="无法读取 Excel"):
        import_ledger_xlsx(broken, [], today=TODAY)
    no_header = tmp_path / "other.xlsx"
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = "随便什么表"
    workbook.save(no_header)
    with pytest.raises(InputError, match="表头"):
        import_ledger_xlsx(no_header, [], today=TODAY)


def test_ledger_bytes_is_an_xlsx():
    data = ledger_bytes(sample_tasks(), title="台账", today=TODAY)
    assert data[:2] == b"PK"


def test_cause_and_target_survive_the_round_trip(tmp_path):
    from duizhao.cycle.ledger import Task, import_ledger_xlsx

    task = Task(
        "2025-001",
        "调研少",
        "每季度调研",
        owner="李明远",
        task_type="ongoing",
        cause="宗旨意识淡化",
        target="年内走遍所有乡镇",
    )
    out = tmp_path / "l.xlsx"
    export_ledger_xlsx([task], out, title="台账", today=TODAY)
    book = load_workbook(out)
    sheet = book.active
    row = {h: c for h, c in zip(headers(sheet), sheet[4])}
    assert row["原因"].value == "宗旨意识淡化" and row["整改目标"].value == "年内走遍所有乡镇"
    row["整改目标"].value = "年内走遍12个乡镇"
    book.save(out)
    result = import_ledger_xlsx(out, [task], today=TODAY)
    assert [(c.field, c.new, c.label) for c in result.changes] == [("target", "年内走遍12个乡镇", "整改目标")]
