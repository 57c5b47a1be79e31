"""The rectification ledger (整改台账): one row per task, written to .xlsx the way offices keep
it and read back after people have edited it, with a clear report of what changed.

Columns, labels and limits are data (`data/cycle/ledger.toml`).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from duizhao.cycle._common import load_cycle_data
from duizhao.errors import InputError

TASK_TYPES = ("immediate", "deadline", "ongoing")
STATUSES = ("not_started", "in_progress", "done")
SOURCES = ("opinion", "talk", "self", "criticism", "supervisor", "inspection", "audit", "carryover")
# Characters that make a spreadsheet treat a cell as a formula (CSV/formula injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
HEADER_ROW = 3
FIRST_DATA_ROW = HEADER_ROW + 1


@dataclass
class Task:
    """One ledger row (整改任务)."""

    code: str  # 问题编号: stable id, carries over to next year's 通报
    problem: str
    measure: str = ""
    source: str = "self"  # one of SOURCES
    aspect: str = ""  # the aspect's short name or wording
    owner: str = ""  # 责任领导
    department: str = ""  # 责任部门/责任人
    deadline: date | None = None  # None = 长期坚持
    task_type: str = "deadline"  # one of TASK_TYPES
    status: str = "not_started"  # one of STATUSES
    progress: str = ""
    evidence: list[str] = field(default_factory=list)  # file names of 佐证材料
    closed_by: str = ""
    closed_on: date | None = None
    cause: str = ""  # 原因
    target: str = ""  # 整改目标

    def is_overdue(self, today: date) -> bool:
        return self.status != "done" and self.deadline is not None and self.deadline < today


@dataclass(frozen=True)
class Change:
    code: str
    field: str  # Task attribute
    old: Any
    new: Any
    label: str = ""  # the Chinese column heading


@dataclass(frozen=True)
class Rejection:
    row: int  # spreadsheet row number (1-based, as Excel shows it)
    reason: str  # Chinese


@dataclass
class LedgerImport:
    changes: list[Change]
    rejected: list[Rejection]
    new_tasks: list[Task]  # rows without 问题编号: code left empty for the caller to assign
    updated: list[Task] = field(default_factory=list)  # `existing` with the accepted changes applied
    warnings: list[str] = field(default_factory=list)  # Chinese, nothing was refused


# ---------------------------------------------------------------- settings


def ledger_settings() -> dict[str, Any]:
    return load_cycle_data("ledger.toml")


def _labels(settings: dict[str, Any], kind: str) -> dict[str, str]:
    return dict(settings["labels"][kind])


# ---------------------------------------------------------------- export


def neutralise(text: str) -> str:
    """Prefix a cell text that a spreadsheet would run as a formula with an apostrophe."""
    return "'" + text if text and text.startswith(FORMULA_TRIGGERS) else text


def _unneutralise(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS) else text


def export_ledger_xlsx(tasks: list[Task], out: str | Path | BinaryIO, *, title: str, today: date) -> None:
    """Write the ledger: title row, summary row, styled and frozen header, drop-downs for the
    coded columns, overdue rows in red, landscape A4 print setup with repeated header."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    settings = ledger_settings()
    columns = settings["columns"]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "整改台账"
    last_letter = get_column_letter(len(columns))
    styles = _styles()

    sheet.merge_cells(f"A1:{last_letter}1")
    title_cell = sheet.cell(row=1, column=1, value=neutralise(title))
    title_cell.font, title_cell.alignment = styles["title_font"], styles["center"]
    sheet.row_dimensions[1].height = 32
    sheet.merge_cells(f"A2:{last_letter}2")
    sheet.cell(row=2, column=1, value=_summary_line(tasks, today)).alignment = styles["left"]

    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=column["header"])
        cell.font, cell.fill, cell.alignment, cell.border = (
            styles["header_font"],
            styles["header_fill"],
            styles["center"],
            styles["border"],
        )
        sheet.column_dimensions[get_column_letter(index)].width = column["width"]
    sheet.row_dimensions[HEADER_ROW].height = 30

    for offset, task in enumerate(tasks):
        row = FIRST_DATA_ROW + offset
        overdue = task.is_overdue(today)
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(row=row, column=index, value=_cell_value(task, column["field"], offset + 1, settings))
            cell.alignment, cell.border = styles["wrap"], styles["border"]
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
            if overdue:
                cell.fill, cell.font = styles["overdue_fill"], styles["overdue_font"]

    _add_validations(sheet, columns, settings, FIRST_DATA_ROW + max(len(tasks), 1) + 200)
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=3)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    workbook.save(out)


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="808080")
    return {
        "title_font": Font(name="方正小标宋简体", size=18, bold=True),
        "header_font": Font(name="黑体", size=11, bold=True),
        "header_fill": PatternFill("solid", fgColor="D9E1F2"),
        "overdue_fill": PatternFill("solid", fgColor="FFC7CE"),
        "overdue_font": Font(color="9C0006"),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "left": Alignment(horizontal="left", vertical="center"),
        "wrap": Alignment(vertical="top", wrap_text=True),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
    }


def _summary_line(tasks: list[Task], today: date) -> str:
    done = sum(t.status == "done" for t in tasks)
    overdue = sum(t.is_overdue(today) for t in tasks)
    return (
        f"导出日期：{today.year}年{today.month}月{today.day}日　共{len(tasks)}项，"
        f"已完成{done}项，逾期未完成{overdue}项（红色标出）。请勿修改“问题编号”列。"
    )


def _cell_value(task: Task, name: str, index: int, settings: dict[str, Any]) -> Any:
    if name == "index":
        return index
    value = getattr(task, name)
    if name in ("status", "task_type", "source"):
        return _labels(settings, name).get(value, value)
    if name == "deadline" and value is None:
        return settings["ongoing_deadline_text"]
    if name == "evidence":
        return neutralise("\n".join(value))
    if isinstance(value, str):
        return neutralise(value)
    return value


def _add_validations(sheet: Any, columns: list[dict[str, Any]], settings: dict[str, Any], last_row: int) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for index, column in enumerate(columns, start=1):
        name = column["field"]
        if name not in ("status", "task_type", "source"):
            continue
        options = ",".join(_labels(settings, name).values())
        validation = DataValidation(
            type="list",
            formula1=f'"{options}"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="输入有误",
            error=f"请从下拉列表中选择{column['header']}",
        )
        letter = get_column_letter(index)
        validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}")
        sheet.add_data_validation(validation)


# ---------------------------------------------------------------- import


def check_xlsx_file(path: str | Path, settings: dict[str, Any] | None = None) -> None:
    """Refuse, before openpyxl sees it, a file that is missing, too big, not an .xlsx, or a zip bomb."""
    limits = (settings or ledger_settings())["limits"]
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise InputError(str(path), f"无法读取文件（{error.strerror or error}）") from error
    if size > limits["max_file_bytes"]:
        raise InputError(
            str(path),
            f"文件过大（{size // 1_000_000} MB），台账文件不应超过 {limits['max_file_bytes'] // 1_000_000} MB",
        )
    if not zipfile.is_zipfile(path):
        raise InputError(str(path), "不是 Excel .xlsx 文件（如为 .xls 或 .et，请在 Excel/WPS 中另存为 .xlsx）")
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise InputError(str(path), f"文件已损坏，无法打开（{error}）") from error
    if len(entries) > limits["max_zip_entries"]:
        raise InputError(str(path), "文件内部结构异常（条目过多），已拒绝打开")
    total = sum(e.file_size for e in entries)
    if total > limits["max_uncompressed_bytes"]:
        raise InputError(str(path), "文件解压后过大，疑似压缩炸弹，已拒绝打开")
    for entry in entries:
        if (
            entry.compress_size
            and entry.file_size / entry.compress_size > limits["max_compression_ratio"]
            and entry.file_size > 1_000_000
        ):
            raise InputError(str(path), "文件压缩比异常，疑似压缩炸弹，已拒绝打开")
    if "xl/workbook.xml" not in {e.filename for e in entries}:
        raise InputError(str(path), "不是 Excel .xlsx 工作簿（缺少工作簿内容）")


def import_ledger_xlsx(path: str | Path, existing: list[Task], *, today: date) -> LedgerImport:
    """Read an edited ledger back, matched by 问题编号. Bad rows are rejected with a Chinese
    reason (the rest is still read); an unreadable file raises InputError."""
    settings = ledger_settings()
    check_xlsx_file(path, settings)
    rows = _read_rows(path, settings)
    header_row, columns = _find_header(rows, settings, path)
    by_code = {t.code: t for t in existing}
    result = LedgerImport(changes=[], rejected=[], new_tasks=[])
    updated = {t.code: t for t in existing}
    seen: dict[str, int] = {}
    present: set[str] = set()
    for number, row in rows[header_row:]:
        values = {name: (row[i] if i < len(row) else None) for name, i in columns.items()}
        if all(_blank(v) for k, v in values.items() if k != "index"):
            continue
        code = _text(values.get("code"))
        present.add(code)
        errors, parsed = _parse_row(values, settings, today)
        if code and code in seen:
            errors.append(f"问题编号“{code}”与第{seen[code]}行重复")
        elif code and code not in by_code:
            errors.append(f"问题编号“{code}”在本台账中不存在（请勿自行编写编号，新增问题请将编号留空）")
        if code:
            seen.setdefault(code, number)
        if errors:
            result.rejected += [Rejection(number, reason) for reason in errors]
            continue
        if not code:
            missing = [
                label for key, label in (("problem", "问题描述"), ("measure", "整改措施")) if not parsed.get(key)
            ]
            if missing:
                result.rejected.append(Rejection(number, f"新增问题缺少{'、'.join(missing)}"))
                continue
            result.new_tasks.append(Task(code="", **parsed))  # a blank column keeps the Task default
            continue
        task = by_code[code]
        row_errors = _required_kept(task, parsed)
        if row_errors:
            result.rejected += [Rejection(number, reason) for reason in row_errors]
            continue
        changed = _diff(task, parsed, settings)
        result.changes += changed
        if changed:
            updated[code] = replace(task, **{c.field: c.new for c in changed})
        _warn_row(updated[code], number, result.warnings)
    for code in by_code:
        if code not in present:
            result.warnings.append(f"导入的文件中没有问题编号“{code}”，该项保持原样")
    result.updated = [updated[t.code] for t in existing]
    return result


def _read_rows(path: str | Path, settings: dict[str, Any]) -> list[tuple[int, tuple[Any, ...]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on broken files
        raise InputError(str(path), f"无法读取 Excel 文件（{type(error).__name__}），请确认文件完好") from error
    try:
        sheet = next((s for s in workbook.worksheets if _has_header(s)), workbook.worksheets[0])
        rows = []
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > settings["limits"]["max_rows"]:
                raise InputError(str(path), f"行数超过 {settings['limits']['max_rows']}，不像整改台账")
            rows.append((number, row))
        return rows
    except InputError:
        raise
    except Exception as error:
        raise InputError(str(path), f"读取 Excel 内容出错（{type(error).__name__}）") from error
    finally:
        workbook.close()


def _has_header(sheet: Any) -> bool:
    for row in sheet.iter_rows(min_row=1, max_row=10, values_only=True):
        if any(_text(v) == "问题编号" for v in row):
            return True
    return False


def _find_header(
    rows: list[tuple[int, tuple[Any, ...]]], settings: dict[str, Any], path: str | Path
) -> tuple[int, dict[str, int]]:
    names = {}
    for column in settings["columns"]:
        for heading in [column["header"], *column.get("aliases", [])]:
            names[_norm_heading(heading)] = column["field"]
    for position, (_number, row) in enumerate(rows[:10]):
        found: dict[str, int] = {}
        for index, value in enumerate(row):
            name = names.get(_norm_heading(_text(value)))
            if name and name not in found:
                found[name] = index
        if "code" in found and "problem" in found:
            return position + 1, found
    raise InputError(str(path), "未找到台账表头（应有“问题编号”“问题描述”等列），请使用本系统导出的台账填写")


def _norm_heading(text: str) -> str:
    return re.sub(r"[\s（）()/、*＊]", "", text)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _unneutralise(str(value).strip())


_DATE_PATTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_date(value: Any) -> date | None:
    """A cell's date: a real date, or text like 2026-03-31, 2026/3/31, 2026.3.31, 2026年3月31日.
    Raises ValueError for anything else."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE_PATTERN.match(_text(value))
    if not match:
        raise ValueError  # the callers say in Chinese which cell it was
    return date(int(match[1]), int(match[2]), int(match[3]))


def _code_for(value: Any, kind: str, settings: dict[str, Any]) -> str | None:
    text = _text(value)
    labels = _labels(settings, kind)
    by_label = {label: key for key, label in labels.items()}
    return by_label.get(text) or (text if text in labels else None) or settings["aliases"][kind].get(text)


def _parse_row(values: dict[str, Any], settings: dict[str, Any], today: date) -> tuple[list[str], dict[str, Any]]:
    errors: list[str] = []
    parsed: dict[str, Any] = {}
    for name in ("problem", "cause", "target", "measure", "aspect", "owner", "department", "progress", "closed_by"):
        if name in values:
            parsed[name] = _text(values[name])
    for name, heading in (("status", "状态"), ("task_type", "整改类型"), ("source", "问题来源")):
        if name in values and not _blank(values[name]):
            key = _code_for(values[name], name, settings)
            if key is None:
                allowed = "、".join(_labels(settings, name).values())
                errors.append(f"{heading}“{_text(values[name])}”无法识别（应为：{allowed}）")
            else:
                parsed[name] = key
    if "deadline" in values:
        raw = values["deadline"]
        if _blank(raw) or _text(raw) == settings["ongoing_deadline_text"]:
            parsed["deadline"] = None
        else:
            try:
                parsed["deadline"] = parse_date(raw)
            except ValueError:
                errors.append(f"完成时限“{_text(raw)}”不是有效日期（应如 2026-03-31，或填“长期坚持”）")
    if "closed_on" in values:
        raw = values["closed_on"]
        if _blank(raw):
            parsed["closed_on"] = None
        else:
            try:
                parsed["closed_on"] = parse_date(raw)
                if parsed["closed_on"] > today:
                    errors.append(f"销号日期{parsed['closed_on'].isoformat()}晚于今天")
            except ValueError:
                errors.append(f"销号日期“{_text(raw)}”不是有效日期")
    if "evidence" in values:
        parsed["evidence"] = [e.strip() for e in re.split(r"[\n；;]", _text(values["evidence"])) if e.strip()]
    if parsed.get("task_type") == "deadline" and "deadline" in parsed and parsed["deadline"] is None:
        errors.append("整改类型为“限期整改”，但未填写完成时限")
    return errors, parsed


def _required_kept(task: Task, parsed: dict[str, Any]) -> list[str]:
    return [
        f"{label}被清空（原为“{getattr(task, name)[:20]}”），如需删除该问题请在系统中操作"
        for name, label in (("problem", "问题描述"), ("measure", "整改措施"), ("owner", "责任领导"))
        if name in parsed and not parsed[name] and getattr(task, name)
    ]


def _diff(task: Task, parsed: dict[str, Any], settings: dict[str, Any]) -> list[Change]:
    headers = {c["field"]: c["header"] for c in settings["columns"]}
    changes = []
    for f in fields(Task):
        if f.name in parsed and parsed[f.name] != getattr(task, f.name):
            changes.append(Change(task.code, f.name, getattr(task, f.name), parsed[f.name], headers[f.name]))
    return changes


def _warn_row(task: Task, number: int, warnings: list[str]) -> None:
    if task.status == "done" and not task.evidence:
        warnings.append(f"第{number}行（{task.code}）标为已完成，但没有佐证材料，销号前请补充")
    if task.status == "done" and not task.closed_by:
        warnings.append(f"第{number}行（{task.code}）标为已完成，但未填写销号核验人")


def ledger_bytes(tasks: list[Task], *, title: str, today: date) -> bytes:
    """The exported ledger as bytes (for a download response or a zip package)."""
    buffer = io.BytesIO()
    export_ledger_xlsx(tasks, buffer, title=title, today=today)
    return buffer.getvalue()
