"""Ledger rules pinned on each side (the survivors of mutation testing of cycle/ledger.py)."""

import io

from openpyxl import load_workbook
from test_ledger import TODAY, column, edit, sample_tasks

from duizhao.cycle.ledger import export_ledger_xlsx, import_ledger_xlsx, ledger_bytes

TITLE = "青川县自然资源局党组2025年度民主生活会整改台账"


def test_a_new_row_without_a_source_is_a_problem_found_by_the_team_itself(tmp_path):
    path = tmp_path / "ledger.xlsx"
    export_ledger_xlsx(sample_tasks(), path, title=TITLE, today=TODAY)
    code, problem, measure, source = (column(path, name) for name in ("问题编号", "问题描述", "整改措施", "问题来源"))
    edit(path, {f"{code}7": "", f"{problem}7": "新增：公文流转慢", f"{measure}7": "压缩流转环节", f"{source}7": None})
    new = import_ledger_xlsx(path, sample_tasks(), today=TODAY).new_tasks
    assert [(t.problem, t.source) for t in new] == [("新增：公文流转慢", "self")]


def test_ledger_bytes_is_the_exported_workbook_with_its_title():
    sheet = load_workbook(io.BytesIO(ledger_bytes(sample_tasks(), title=TITLE, today=TODAY))).active
    assert sheet["A1"].value == TITLE
    assert [sheet.cell(row, 2).value for row in (4, 5, 6)] == ["2025-01", "2025-02", "2025-03"]
