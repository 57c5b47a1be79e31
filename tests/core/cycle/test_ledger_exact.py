"""The ledger pinned to exact values: every style and print setting of the export, every limit of
the upload guard on each side, and the exact Chinese messages of the import (mutation testing of
cycle/ledger.py). Texts are our own."""

import dataclasses
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from duizhao.cycle.ledger import (
    Task,
    _find_header,
    _read_rows,
    check_xlsx_file,
    export_ledger_xlsx,
    import_ledger_xlsx,
    ledger_settings,
    neutralise,
    parse_date,
)
from duizhao.errors import InputError

TODAY = date(2026, 4, 10)
SETTINGS = ledger_settings()
HEADERS = [c["header"] for c in SETTINGS["columns"]]
LETTERS = "ABCDEFGHIJKLMNOPQ"


def letter(header: str) -> str:
    return LETTERS[HEADERS.index(header)]


def tasks() -> list[Task]:
    return [
        Task(
            code="T-1",
            problem="基层走访记录不全",
            measure="建立走访登记簿",
            source="talk",
            owner="周海",
            department="综合科",
            deadline=TODAY,  # due today: not overdue yet
            task_type="deadline",
            status="in_progress",
        ),
        Task(
            code="T-2",
            problem="文件办理时限超期",
            measure="实行限时办结",
            source="audit",
            owner="吴敏",
            deadline=date(2026, 4, 9),  # a day late: overdue
            task_type="deadline",
            status="not_started",
            evidence=["登记表.xlsx", "通报.pdf"],
        ),
        Task(
            code="T-3",
            problem="学习笔记流于形式",
            measure="每月交流一次心得",
            source="self",
            owner="周海",
            deadline=date(2026, 1, 5),  # late but done: not overdue
            task_type="deadline",
            status="done",
            evidence=["心得汇编.docx"],
            closed_by="郑洁",
            closed_on=date(2026, 3, 2),
        ),
    ]


@pytest.fixture
def exported(tmp_path) -> Path:
    out = tmp_path / "台账.xlsx"
    export_ledger_xlsx(tasks(), out, title="某局党组整改台账", today=TODAY)
    return out


def edit(path: Path, edits: dict) -> None:
    workbook = load_workbook(path)
    sheet = workbook.active
    for coordinate, value in edits.items():
        sheet[coordinate] = value
    workbook.save(path)


# ---------------------------------------------------------------- Task and neutralise


def test_a_task_is_overdue_only_after_its_deadline_and_until_done():
    task = Task(code="x", problem="p", deadline=date(2026, 4, 10), status="in_progress")
    assert not task.is_overdue(date(2026, 4, 10))
    assert task.is_overdue(date(2026, 4, 11))
    assert not Task(code="x", problem="p", deadline=date(2026, 4, 10), status="done").is_overdue(date(2026, 5, 1))
    assert not Task(code="x", problem="p", deadline=None).is_overdue(date(2030, 1, 1))


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_trigger_is_neutralised(trigger):
    assert neutralise(trigger + "SUM(A1)") == "'" + trigger + "SUM(A1)"


def test_plain_and_empty_texts_are_not_neutralised():
    assert neutralise("整改措施") == "整改措施"
    assert neutralise("") == ""
    assert neutralise("a=b") == "a=b"


# ---------------------------------------------------------------- export


def test_export_styles_and_print_setup_exactly(exported):
    workbook = load_workbook(exported)
    sheet = workbook.active
    assert workbook.sheetnames == ["整改台账"]
    last = LETTERS[len(HEADERS) - 1]
    assert {str(r) for r in sheet.merged_cells.ranges} == {f"A1:{last}1", f"A2:{last}2"}
    title = sheet["A1"]
    assert title.value == "某局党组整改台账"
    assert (title.font.name, title.font.size, title.font.bold) == ("方正小标宋简体", 18, True)
    assert (title.alignment.horizontal, title.alignment.vertical, title.alignment.wrap_text) == (
        "center",
        "center",
        True,
    )
    assert sheet.row_dimensions[1].height == 32
    assert (sheet["A2"].alignment.horizontal, sheet["A2"].alignment.vertical) == ("left", "center")
    assert sheet["A2"].value == (
        "导出日期：2026年4月10日　共3项，已完成1项，逾期未完成1项（红色标出）。请勿修改“问题编号”列。"
    )
    assert [c.value for c in sheet[3]] == HEADERS
    for index, column in enumerate(SETTINGS["columns"], start=1):
        cell = sheet.cell(row=3, column=index)
        assert (cell.font.name, cell.font.size, cell.font.bold) == ("黑体", 11, True)
        assert (cell.fill.fill_type, cell.fill.fgColor.rgb) == ("solid", "00D9E1F2")
        assert (cell.alignment.horizontal, cell.alignment.vertical, cell.alignment.wrap_text) == (
            "center",
            "center",
            True,
        )
        for side in (cell.border.left, cell.border.right, cell.border.top, cell.border.bottom):
            assert (side.style, side.color.rgb) == ("thin", "00808080")
        assert sheet.column_dimensions[LETTERS[index - 1]].width == column["width"]
    assert sheet.row_dimensions[3].height == 30
    data = sheet.cell(row=4, column=5)
    assert (data.alignment.vertical, data.alignment.wrap_text, data.alignment.horizontal) == ("top", True, None)
    assert (data.border.left.style, data.border.bottom.style) == ("thin", "thin")
    assert sheet.freeze_panes == "C4"
    assert sheet.print_title_rows == "$3:$3"
    setup = sheet.page_setup
    assert (setup.orientation, int(setup.paperSize), setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.print_options.horizontalCentered is True
    assert sheet.oddFooter.center.text == "第 &P 页，共 &N 页"


def test_export_cell_values_and_overdue_rows(exported):
    sheet = load_workbook(exported).active
    rows = [{h: c for h, c in zip(HEADERS, sheet[row])} for row in (4, 5, 6)]
    assert [r["序号"].value for r in rows] == [1, 2, 3]
    assert [r["问题来源"].value for r in rows] == ["谈心谈话", "审计", "自己查摆"]
    assert [r["状态"].value for r in rows] == ["持续推进", "未启动", "已完成"]
    assert [r["整改类型"].value for r in rows] == ["限期整改"] * 3
    assert rows[1]["佐证材料"].value == "登记表.xlsx\n通报.pdf"
    assert rows[0]["佐证材料"].value is None or rows[0]["佐证材料"].value == ""
    assert rows[2]["销号日期"].value == datetime(2026, 3, 2)
    assert rows[2]["销号日期"].number_format == "yyyy-mm-dd"
    assert rows[0]["完成时限"].number_format == "yyyy-mm-dd"
    assert rows[0]["问题描述"].number_format == "General"
    assert rows[0]["销号日期"].value is None
    for row, overdue in zip(rows, (False, True, False)):
        for cell in row.values():
            if overdue:
                assert (cell.fill.fill_type, cell.fill.fgColor.rgb) == ("solid", "00FFC7CE")
                assert cell.font.color.rgb == "009C0006"
            else:
                assert cell.fill.fill_type is None
                assert cell.font.color.rgb != "009C0006"


def test_export_of_a_task_without_deadline_and_a_formula_title(tmp_path):
    out = tmp_path / "l.xlsx"
    task = Task(code="T-9", problem="-2分", measure="=1+1", task_type="ongoing", deadline=None)
    export_ledger_xlsx([task], out, title="=标题", today=TODAY)
    sheet = load_workbook(out).active
    row = {h: c.value for h, c in zip(HEADERS, sheet[4])}
    assert sheet["A1"].value == "'=标题"
    assert row["完成时限"] == "长期坚持" and row["问题描述"] == "'-2分" and row["整改措施"] == "'=1+1"
    assert sheet["A2"].value.startswith("导出日期：2026年4月10日　共1项，已完成0项，逾期未完成0项")


def test_export_drop_downs_exactly(exported):
    sheet = load_workbook(exported).active
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    expected = {
        "问题来源": "征求意见,谈心谈话,自己查摆,相互批评,督导组点评,巡视巡察,审计,上年度未完成",
        "整改类型": "立行立改,限期整改,长期坚持",
        "状态": "未启动,持续推进,已完成",
    }
    assert set(validations) == {f"{letter(h)}4:{letter(h)}207" for h in expected}  # 4 + 3 rows + 200
    for header, options in expected.items():
        v = validations[f"{letter(header)}4:{letter(header)}207"]
        assert (v.type, v.formula1, v.allow_blank, v.showErrorMessage) == ("list", f'"{options}"', True, True)
        assert (v.errorTitle, v.error) == ("输入有误", f"请从下拉列表中选择{header}")


def test_drop_downs_of_an_empty_ledger_reach_201_rows_below_the_header(tmp_path):
    out = tmp_path / "empty.xlsx"
    export_ledger_xlsx([], out, title="空台账", today=TODAY)
    sheet = load_workbook(out).active
    assert {str(v.sqref) for v in sheet.data_validations.dataValidation} == {
        f"{letter(h)}4:{letter(h)}205" for h in ("问题来源", "整改类型", "状态")
    }
    assert sheet["A2"].value.startswith("导出日期：2026年4月10日　共0项，已完成0项，逾期未完成0项")


# ---------------------------------------------------------------- upload guard, each limit on each side


def limits(**overrides) -> dict:
    values = dict(SETTINGS["limits"])
    values.update(overrides)
    return {"limits": values}


def small_xlsx(path: Path) -> Path:
    workbook = Workbook()
    workbook.active["A1"] = "问题编号"
    workbook.save(path)
    return path


def test_file_size_limit_on_each_side(tmp_path):
    path = small_xlsx(tmp_path / "a.xlsx")
    size = path.stat().st_size
    check_xlsx_file(path, limits(max_file_bytes=size))
    with pytest.raises(InputError) as refused:
        check_xlsx_file(path, limits(max_file_bytes=size - 1))
    assert refused.value.reason == f"文件过大（{size // 1_000_000} MB），台账文件不应超过 0 MB"
    assert refused.value.path == str(path)


def test_file_size_message_in_megabytes(tmp_path):
    path = tmp_path / "big.xlsx"
    path.write_bytes(b"\0" * 2_000_000)
    with pytest.raises(InputError) as refused:
        check_xlsx_file(path, limits(max_file_bytes=1_999_999))
    assert refused.value.reason == "文件过大（2 MB），台账文件不应超过 1 MB"


def test_missing_file_and_not_a_zip(tmp_path):
    with pytest.raises(InputError) as missing:
        check_xlsx_file(tmp_path / "无.xlsx")
    assert missing.value.reason == "无法读取文件（No such file or directory）"
    assert missing.value.path == str(tmp_path / "无.xlsx")
    text = tmp_path / "t.xlsx"
    text.write_text("纯文本", encoding="utf-8")
    with pytest.raises(InputError) as not_zip:
        check_xlsx_file(text)
    assert not_zip.value.reason == "不是 Excel .xlsx 文件（如为 .xls 或 .et，请在 Excel/WPS 中另存为 .xlsx）"
    assert not_zip.value.path == str(text)


def zip_with(path: Path, entries: dict[str, bytes], method=zipfile.ZIP_STORED) -> Path:
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def test_zip_entry_limit_on_each_side(tmp_path):
    path = zip_with(tmp_path / "e.xlsx", {"xl/workbook.xml": b"<w/>", "a": b"1", "b": b"2"})
    check_xlsx_file(path, limits(max_zip_entries=3))
    with pytest.raises(InputError) as refused:
        check_xlsx_file(path, limits(max_zip_entries=2))
    assert (refused.value.path, refused.value.reason) == (str(path), "文件内部结构异常（条目过多），已拒绝打开")


def test_uncompressed_size_limit_on_each_side(tmp_path):
    path = zip_with(tmp_path / "u.xlsx", {"xl/workbook.xml": b"<w/>", "a": b"x" * 96})
    check_xlsx_file(path, limits(max_uncompressed_bytes=100))
    with pytest.raises(InputError) as refused:
        check_xlsx_file(path, limits(max_uncompressed_bytes=99))
    assert (refused.value.path, refused.value.reason) == (str(path), "文件解压后过大，疑似压缩炸弹，已拒绝打开")


def test_compression_ratio_limit_on_each_side(tmp_path):
    path = zip_with(tmp_path / "r.xlsx", {"xl/workbook.xml": b"<w/>", "z": b"\0" * 1_000_001}, zipfile.ZIP_DEFLATED)
    with zipfile.ZipFile(path) as archive:
        entry = archive.getinfo("z")
    ratio = entry.file_size / entry.compress_size
    check_xlsx_file(path, limits(max_compression_ratio=ratio))
    with pytest.raises(InputError) as refused:
        check_xlsx_file(path, limits(max_compression_ratio=ratio * 0.999))
    assert (refused.value.path, refused.value.reason) == (str(path), "文件压缩比异常，疑似压缩炸弹，已拒绝打开")


def test_a_highly_compressed_entry_of_one_megabyte_or_less_passes(tmp_path):
    path = zip_with(tmp_path / "m.xlsx", {"xl/workbook.xml": b"<w/>", "z": b"\0" * 1_000_000}, zipfile.ZIP_DEFLATED)
    check_xlsx_file(path, limits(max_compression_ratio=1))
    bigger = zip_with(tmp_path / "n.xlsx", {"xl/workbook.xml": b"<w/>", "z": b"\0" * 1_000_001}, zipfile.ZIP_DEFLATED)
    with pytest.raises(InputError):
        check_xlsx_file(bigger, limits(max_compression_ratio=1))


def test_an_empty_entry_does_not_divide_by_zero_and_a_zip_without_workbook_is_refused(tmp_path):
    empty = zip_with(tmp_path / "e.xlsx", {"xl/workbook.xml": b"<w/>", "empty": b""}, zipfile.ZIP_DEFLATED)
    check_xlsx_file(empty, limits(max_compression_ratio=0))
    other = zip_with(tmp_path / "o.xlsx", {"word/document.xml": b"<d/>"})
    with pytest.raises(InputError) as refused:
        check_xlsx_file(other)
    assert (refused.value.path, refused.value.reason) == (str(other), "不是 Excel .xlsx 工作簿（缺少工作簿内容）")


def test_a_broken_zip_is_refused_as_damaged(tmp_path):
    path = small_xlsx(tmp_path / "b.xlsx")
    data = bytearray(path.read_bytes())
    entry = data.find(b"PK\x01\x02")  # a central directory entry without its signature
    data[entry : entry + 4] = b"PK\x01\x03"
    path.write_bytes(bytes(data))
    if not zipfile.is_zipfile(path):
        pytest.fail("the damaged file must still look like a zip to reach the second check")
    with pytest.raises(InputError) as refused:
        check_xlsx_file(path)
    assert refused.value.reason.startswith("文件已损坏，无法打开（") and refused.value.path == str(path)


def test_row_limit_on_each_side(tmp_path):
    workbook = Workbook()
    for row in range(1, 6):
        workbook.active.cell(row=row, column=1, value=row)
    path = tmp_path / "rows.xlsx"
    workbook.save(path)
    assert [number for number, _ in _read_rows(path, limits(max_rows=5))] == [1, 2, 3, 4, 5]
    with pytest.raises(InputError) as refused:
        _read_rows(path, limits(max_rows=4))
    assert (refused.value.path, refused.value.reason) == (str(path), "行数超过 4，不像整改台账")


# ---------------------------------------------------------------- header


def test_the_header_is_looked_for_in_the_first_ten_rows_only(tmp_path):
    def rows(at: int) -> list:
        blank: list = [(n, (None,)) for n in range(1, at)]
        return blank + [(at, ("序号", " 问题 编号 ", "存在问题", "编号"))]

    position, found = _find_header(rows(10), SETTINGS, "x")
    assert position == 10
    assert found == {"index": 0, "code": 1, "problem": 2}  # the first 问题编号-like column wins
    with pytest.raises(InputError) as refused:
        _find_header(rows(11), SETTINGS, tmp_path / "x.xlsx")
    assert refused.value.path == str(tmp_path / "x.xlsx")
    assert refused.value.reason == "未找到台账表头（应有“问题编号”“问题描述”等列），请使用本系统导出的台账填写"
    with pytest.raises(InputError):
        _find_header([(1, ("问题编号", "整改措施"))], SETTINGS, "x")  # no 问题描述


def test_the_sheet_with_the_header_is_read_even_when_it_is_not_the_first(tmp_path):
    workbook = Workbook()
    workbook.active.title = "说明"
    workbook.active["A1"] = "填表说明"
    ledger = workbook.create_sheet("台账")
    for row in range(1, 10):
        ledger.cell(row=row, column=1, value=f"第{row}行")
    for index, (header, value) in enumerate(
        (("问题编号", "T-1"), ("问题描述", "基层走访记录不全"), ("整改措施", "建立走访登记簿"), ("状态", "已完成")),
        start=1,
    ):
        ledger.cell(row=10, column=index, value=header)
        ledger.cell(row=11, column=index, value=value)
    path = tmp_path / "two.xlsx"
    workbook.save(path)
    result = import_ledger_xlsx(path, tasks()[:1], today=TODAY)
    assert [(c.code, c.field, c.new) for c in result.changes if c.field == "status"] == [("T-1", "status", "done")]
    # a header below row 10 is not found on the second sheet, so the first sheet is read
    ledger.insert_rows(1)
    workbook.save(path)
    with pytest.raises(InputError, match="未找到台账表头"):
        import_ledger_xlsx(path, tasks()[:1], today=TODAY)


# ---------------------------------------------------------------- dates and texts


@pytest.mark.parametrize(
    "text", ["2026-03-31", "2026/3/31", "2026.3.31", "2026年3月31日", "2026 年 3 月 31", " 2026-3-31 "]
)
def test_dates_written_as_text(text):
    assert parse_date(text) == date(2026, 3, 31)


def test_real_dates_and_bad_dates():
    assert parse_date(datetime(2026, 3, 31, 15, 0)) == date(2026, 3, 31)
    assert parse_date(date(2026, 3, 31)) == date(2026, 3, 31)
    for bad in ("2026-3", "x2026-03-31", "2026-03-31x", "26-03-31", None):
        with pytest.raises(ValueError):
            parse_date(bad)


# ---------------------------------------------------------------- import messages


def test_import_messages_exactly(exported):
    code, problem, measure = letter("问题编号"), letter("问题描述"), letter("整改措施")
    status, kind, source = letter("状态"), letter("整改类型"), letter("问题来源")
    deadline, closed = letter("完成时限"), letter("销号日期")
    owner = letter("责任领导")
    edit(
        exported,
        {
            f"{status}4": "快了",
            f"{kind}4": "看情况",
            f"{source}4": "听说",
            f"{deadline}5": "下月底",
            f"{closed}6": "上周",
            f"{owner}6": "",
            f"{code}7": "",
            f"{problem}7": "",
            f"{measure}7": "",
            f"{letter('进展情况')}7": "只写了进展",
            f"{code}8": "T-2",
            f"{problem}8": "重复的行",
            f"{code}9": "T-2",
            f"{problem}9": "又重复",
        },
    )
    result = import_ledger_xlsx(exported, tasks(), today=TODAY)
    assert [(r.row, r.reason) for r in result.rejected] == [
        (4, "状态“快了”无法识别（应为：未启动、持续推进、已完成）"),
        (4, "整改类型“看情况”无法识别（应为：立行立改、限期整改、长期坚持）"),
        (
            4,
            "问题来源“听说”无法识别（应为：征求意见、谈心谈话、自己查摆、相互批评、督导组点评、巡视巡察、审计、上年度未完成）",
        ),
        (5, "完成时限“下月底”不是有效日期（应如 2026-03-31，或填“长期坚持”）"),
        (6, "销号日期“上周”不是有效日期"),
        (7, "新增问题缺少问题描述、整改措施"),
        (8, "问题编号“T-2”与第5行重复"),
        (9, "问题编号“T-2”与第5行重复"),
    ]
    assert result.changes == [] and result.new_tasks == []


def test_clearing_required_fields_is_refused_with_the_old_text(exported):
    problem, measure, owner = letter("问题描述"), letter("整改措施"), letter("责任领导")
    edit(exported, {f"{problem}4": "", f"{measure}4": " ", f"{owner}4": None, f"{owner}5": ""})
    old = tasks()
    old[0].problem = "一二三四五六七八九十一二三四五六七八九十多余"
    result = import_ledger_xlsx(exported, old, today=TODAY)
    assert [(r.row, r.reason) for r in result.rejected] == [
        (4, "问题描述被清空（原为“一二三四五六七八九十一二三四五六七八九十”），如需删除该问题请在系统中操作"),
        (4, "整改措施被清空（原为“建立走访登记簿”），如需删除该问题请在系统中操作"),
        (4, "责任领导被清空（原为“周海”），如需删除该问题请在系统中操作"),
        (5, "责任领导被清空（原为“吴敏”），如需删除该问题请在系统中操作"),
    ]


def test_an_empty_field_may_stay_empty(tmp_path):
    old = tasks()
    old[0].owner = ""
    old[0].measure = ""
    export_ledger_xlsx(old, tmp_path / "l.xlsx", title="台账", today=TODAY)
    result = import_ledger_xlsx(tmp_path / "l.xlsx", old, today=TODAY)
    assert result.rejected == [] and result.changes == []


def test_unknown_code_and_new_rows(exported):
    code, problem, measure = letter("问题编号"), letter("问题描述"), letter("整改措施")
    edit(
        exported,
        {
            f"{code}7": "X-9",
            f"{problem}7": "自编编号",
            f"{measure}7": "措施",
            f"{code}8": "",
            f"{problem}8": "只有问题",
            f"{code}9": None,
            f"{problem}9": "新问题",
            f"{measure}9": "新措施",
            f"{letter('完成时限')}9": "2026-05-01",
            f"{letter('序号')}10": 7,  # a row with only its number is blank: skipped, not the end
            f"{problem}11": "第二个新问题",
            f"{measure}11": "措施二",
        },
    )
    result = import_ledger_xlsx(exported, tasks(), today=TODAY)
    assert [(r.row, r.reason) for r in result.rejected] == [
        (7, "问题编号“X-9”在本台账中不存在（请勿自行编写编号，新增问题请将编号留空）"),
        (8, "新增问题缺少整改措施"),
    ]
    assert result.new_tasks == [
        Task(code="", problem="新问题", measure="新措施", source="self", deadline=date(2026, 5, 1), evidence=[]),
        Task(code="", problem="第二个新问题", measure="措施二", deadline=None, evidence=[]),
    ]


def test_a_deadline_task_needs_a_date_and_ongoing_text_means_none(exported):
    kind, deadline = letter("整改类型"), letter("完成时限")
    edit(exported, {f"{deadline}4": "长期坚持", f"{kind}5": "长期坚持", f"{deadline}5": "长期坚持"})
    result = import_ledger_xlsx(exported, tasks(), today=TODAY)
    assert [(r.row, r.reason) for r in result.rejected] == [(4, "整改类型为“限期整改”，但未填写完成时限")]
    assert [(c.code, c.field, c.old, c.new, c.label) for c in result.changes] == [
        ("T-2", "deadline", date(2026, 4, 9), None, "完成时限"),
        ("T-2", "task_type", "deadline", "ongoing", "整改类型"),
    ]
    assert result.updated[1].deadline is None and result.updated[1].task_type == "ongoing"
    assert result.updated[0] == tasks()[0]


def test_closing_today_is_accepted_and_tomorrow_is_not(exported):
    closed, status = letter("销号日期"), letter("状态")
    edit(exported, {f"{closed}4": "2026-04-10", f"{status}4": "已完成", f"{closed}5": "2026-04-11"})
    result = import_ledger_xlsx(exported, tasks(), today=TODAY)
    assert [(r.row, r.reason) for r in result.rejected] == [(5, "销号日期2026-04-11晚于今天")]
    assert [(c.field, c.new) for c in result.changes] == [("status", "done"), ("closed_on", date(2026, 4, 10))]
    assert result.warnings == [
        "第4行（T-1）标为已完成，但没有佐证材料，销号前请补充",
        "第4行（T-1）标为已完成，但未填写销号核验人",
    ]


def test_evidence_split_codes_aliases_and_whole_numbers(exported):
    evidence, status, source, code = letter("佐证材料"), letter("状态"), letter("问题来源"), letter("问题编号")
    closed_by, progress = letter("销号核验人"), letter("进展情况")
    edit(
        exported,
        {
            f"{evidence}4": "甲.pdf；乙.pdf; 丙.pdf\n 丁.pdf ;",
            f"{status}4": "done",
            f"{closed_by}4": "'=郑洁",
            f"{source}4": "巡察",
            f"{progress}4": 12.0,
            f"{status}5": "进行中",
            f"{code}6": "'-T-3",
        },
    )
    old = tasks()
    old[2].code = "-T-3"
    result = import_ledger_xlsx(exported, old, today=TODAY)
    assert result.rejected == []
    assert [(c.code, c.field, c.new) for c in result.changes] == [
        ("T-1", "source", "inspection"),
        ("T-1", "status", "done"),
        ("T-1", "progress", "12"),
        ("T-1", "evidence", ["甲.pdf", "乙.pdf", "丙.pdf", "丁.pdf"]),
        ("T-1", "closed_by", "=郑洁"),
        ("T-2", "status", "in_progress"),
    ]
    assert result.warnings == []


def test_a_row_missing_from_the_file_is_kept_with_a_warning(exported):
    workbook = load_workbook(exported)
    workbook.active.delete_rows(5)
    workbook.save(exported)
    result = import_ledger_xlsx(exported, tasks(), today=TODAY)
    assert result.warnings == ["导入的文件中没有问题编号“T-2”，该项保持原样"]
    assert result.updated == tasks()


def test_a_task_has_these_defaults():
    assert dataclasses.asdict(Task(code="T-0", problem="问题")) == {
        "code": "T-0",
        "problem": "问题",
        "measure": "",
        "source": "self",
        "aspect": "",
        "owner": "",
        "department": "",
        "deadline": None,
        "task_type": "deadline",
        "status": "not_started",
        "progress": "",
        "evidence": [],
        "closed_by": "",
        "closed_on": None,
        "cause": "",
        "target": "",
    }


def test_every_text_column_is_read_back(exported):
    edits = {
        "问题描述": "基层走访记录不全（已细化）",
        "原因": "制度执行不严",
        "整改目标": "走访全覆盖",
        "整改措施": "建立走访登记簿并每月通报",
        "所属方面": "'重点方面",  # an apostrophe not before a formula trigger is kept
        "责任领导": "钱伟",
        "责任部门/责任人": "党建办",
        "进展情况": 2.5,
        "销号核验人": "孙悦",
    }
    edit(exported, {f"{letter(header)}4": value for header, value in edits.items()})
    result = import_ledger_xlsx(exported, tasks(), today=TODAY)
    assert result.rejected == []
    assert [(c.code, c.field, c.new, c.label) for c in result.changes] == [
        ("T-1", "problem", "基层走访记录不全（已细化）", "问题描述"),
        ("T-1", "measure", "建立走访登记簿并每月通报", "整改措施"),
        ("T-1", "aspect", "'重点方面", "所属方面"),
        ("T-1", "owner", "钱伟", "责任领导"),
        ("T-1", "department", "党建办", "责任部门/责任人"),
        ("T-1", "progress", "2.5", "进展情况"),
        ("T-1", "closed_by", "孙悦", "销号核验人"),
        ("T-1", "cause", "制度执行不严", "原因"),
        ("T-1", "target", "走访全覆盖", "整改目标"),
    ]
    assert result.updated[0].owner == "钱伟" and result.updated[1:] == tasks()[1:]


def test_whole_numbers_written_as_decimals_read_as_whole_numbers():
    from duizhao.cycle.ledger import _text

    assert (_text(12.0), _text(2.5), _text(7), _text(None), _text(" '+3 ")) == ("12", "2.5", "7", "", "+3")


def test_an_unknown_coded_value_is_exported_as_it_is(tmp_path):
    out = tmp_path / "l.xlsx"
    export_ledger_xlsx([Task(code="T-5", problem="p", status="paused")], out, title="台账", today=TODAY)
    row = {h: c.value for h, c in zip(HEADERS, load_workbook(out).active[4])}
    assert (row["状态"], row["问题来源"], row["整改类型"]) == ("paused", "自己查摆", "限期整改")


def test_a_formula_is_read_as_its_saved_value_not_its_text(exported):
    edit(exported, {f"{letter('进展情况')}4": "=1+1"})  # saved by openpyxl: no computed value
    result = import_ledger_xlsx(exported, tasks(), today=TODAY)
    assert result.changes == [] and result.rejected == []


def test_the_first_sheet_with_a_header_in_its_first_ten_rows_is_read(tmp_path):
    workbook = Workbook()
    notes = workbook.active
    notes.title = "说明"
    notes.cell(row=11, column=1, value="问题编号")  # too far down to be the ledger's header
    notes.cell(row=11, column=2, value="问题描述")
    ledger = workbook.create_sheet("台账")
    for index, (header, value) in enumerate(
        (("问题编号", "T-1"), ("问题描述", "基层走访记录不全"), ("整改措施", "建立走访登记簿"), ("状态", "已完成")),
        start=1,
    ):
        ledger.cell(row=1, column=index, value=header)
        ledger.cell(row=2, column=index, value=value)
    path = tmp_path / "sheets.xlsx"
    workbook.save(path)
    result = import_ledger_xlsx(path, tasks()[:1], today=TODAY)
    assert [(c.field, c.new) for c in result.changes] == [("status", "done")]


def test_an_unreadable_workbook_names_the_file_and_the_error(tmp_path):
    broken = zip_with(tmp_path / "broken.xlsx", {"xl/workbook.xml": b"<not-xml"})
    with pytest.raises(InputError) as refused:
        import_ledger_xlsx(broken, [], today=TODAY)
    assert refused.value.path == str(broken)
    assert refused.value.reason.startswith("无法读取 Excel 文件（") and "NoneType" not in refused.value.reason
    assert refused.value.reason.endswith("），请确认文件完好")
    no_header = small_xlsx(tmp_path / "no-header.xlsx")
    workbook = load_workbook(no_header)
    workbook.active["A1"] = "随便什么表"
    workbook.save(no_header)
    with pytest.raises(InputError) as missing:
        import_ledger_xlsx(no_header, [], today=TODAY)
    assert missing.value.path == str(no_header)
