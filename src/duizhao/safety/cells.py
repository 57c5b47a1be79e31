"""User text written into a spreadsheet must stay text: a cell starting with `=` would be a
formula (`=HYPERLINK(...)`, `=cmd|...`), and `+ - @` start formulas when a CSV is opened."""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d")  # \uff1d: full-width ＝, which some spreadsheets accept


def looks_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def set_text_cell(cell: Any, value: object) -> None:  # an openpyxl Cell
    """Set an openpyxl cell so that user text is stored as a string, never as a formula.
    Numbers, dates and None pass through unchanged."""
    cell.value = value
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"
    if looks_like_formula(value):
        cell.quotePrefix = True  # Excel/WPS keep it text when the user edits the cell


def csv_text(value: object) -> object:
    """For CSV exports: prefix an apostrophe to text a spreadsheet would read as a formula."""
    return "'" + value if isinstance(value, str) and looks_like_formula(value) else value
