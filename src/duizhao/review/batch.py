"""Batch review for the 督导组: one summary row per material (who, what, counts, 见人见事, copy
ratio, findings) with a level 不达标 / 需修改 / 基本达标 by thresholds in data/review/rules.toml
[levels], worst first; and the .xlsx the 督导组 opens in Excel/WPS.

    rows = [summarise(name, material, result, copy_ratio=None) for …]
    rows = worst_first(rows)
    write_xlsx(rows, "审读汇总.xlsx")

A material that could not be read is a row too (`error`), listed first: nothing is lost."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from duizhao.model import Finding, Material
from duizhao.review import ReviewResult, merge_places
from duizhao.review.config import ReviewConfig, load_review_config

LEVELS = ("不达标", "需修改", "基本达标")
UNREADABLE = "无法审读"
KIND_NAMES = {"team": "班子", "personal": "个人", "unknown": "未识别"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass
class MaterialRow:
    file: str
    level: str
    unit: str | None = None
    author: str | None = None
    kind: str = ""
    framework: str | None = None
    problems: int = 0
    causes: int = 0
    measures: int = 0
    specificity: int | None = None
    problem_share: float | None = None
    copy_ratio: float | None = None
    errors: int = 0
    warnings: int = 0
    main_findings: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # why this level
    error: str = ""  # why the file could not be reviewed

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def level_of(
    *,
    problems: int,
    errors: int,
    warnings: int,
    specificity: int | float | None,
    copy_ratio: float | None = None,
    config: ReviewConfig | None = None,
) -> tuple[str, list[str]]:
    """The level and the reasons for it (Chinese), by the thresholds in [levels]."""
    limits = (config or load_review_config()).data["levels"]
    fail, revise = [], []
    if problems == 0:
        fail.append("没有识别出查摆的问题")
    if errors >= limits["fail_errors"]:
        fail.append(f"错误 {errors} 条")
    elif errors >= limits["revise_errors"]:
        revise.append(f"错误 {errors} 条")
    if warnings >= limits["fail_warnings"]:
        fail.append(f"警告 {warnings} 条")
    elif warnings >= limits["revise_warnings"]:
        revise.append(f"警告 {warnings} 条")
    if specificity is not None:
        if specificity < limits["fail_below_specificity"]:
            fail.append(f"见人见事具体度 {specificity} 分")
        elif specificity < limits["revise_below_specificity"]:
            revise.append(f"见人见事具体度 {specificity} 分")
    if copy_ratio is not None:
        if copy_ratio >= limits["fail_copy_ratio"]:
            fail.append(f"复制比 {copy_ratio:.0%}")
        elif copy_ratio >= limits["revise_copy_ratio"]:
            revise.append(f"复制比 {copy_ratio:.0%}")
    if fail:
        return LEVELS[0], fail
    return (LEVELS[1], revise) if revise else (LEVELS[2], [])


def count_by_severity(findings: Iterable[Finding | dict[str, Any]]) -> dict[str, int]:
    """Findings counted once per thing (same rule and message), by severity. `findings`: Finding
    objects or dicts with rule, severity and message (the web's stored review)."""
    seen = set()
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        rule, severity, message = (
            (f["rule"], f["severity"], f["message"]) if isinstance(f, dict) else (f.rule, f.severity, f.message)
        )
        if (rule, message) not in seen:
            seen.add((rule, message))
            counts[severity] += 1
    return counts


def summarise(
    file: str,
    material: Material,
    result: ReviewResult,
    *,
    copy_ratio: float | None = None,
    config: ReviewConfig | None = None,
) -> MaterialRow:
    config = config or load_review_config()
    grouped = merge_places(result.findings)
    counts = count_by_severity(grouped)
    specificity = (result.scores.get("specificity") or {}).get("material")
    problems = result.counts.get("problems", 0)
    level, reasons = level_of(
        problems=problems,
        errors=counts["error"],
        warnings=counts["warning"],
        specificity=specificity,
        copy_ratio=copy_ratio,
        config=config,
    )
    return MaterialRow(
        file=file,
        level=level,
        unit=material.unit,
        author=material.author,
        kind=_kind_name(material),
        framework=result.framework_id,
        problems=problems,
        causes=result.counts.get("causes", 0),
        measures=result.counts.get("measures", 0),
        specificity=specificity,
        problem_share=result.scores.get("problem_share"),
        copy_ratio=copy_ratio,
        errors=counts["error"],
        warnings=counts["warning"],
        main_findings=_main_findings(grouped, config.data["levels"]["main_findings"]),
        reasons=reasons,
    )


def _kind_name(material: Material) -> str:
    """班子 / 个人 for a material; what the document is otherwise (讲话稿, 新闻报道 …)."""
    if material.document_kind != "material":
        from duizhao.parse.document_kind import kind_names

        return kind_names().get(material.document_kind, material.document_kind)
    return KIND_NAMES[material.kind]


def unreadable(file: str, error: str) -> MaterialRow:
    return MaterialRow(file=file, level=UNREADABLE, error=error, reasons=[error])


def _main_findings(grouped: list[Finding], limit: int) -> list[str]:
    """The first sentence of the most severe findings, with their number of places (`grouped`:
    merge_places's findings, each with data["places"])."""
    ordered = sorted(grouped, key=lambda f: SEVERITY_ORDER[f.severity])
    lines = []
    for finding in ordered[:limit]:
        head = finding.message.partition("。")[0]
        places = len(finding.data["places"])
        lines.append(head + (f"（{places} 处）" if places > 1 else ""))
    return lines


def worst_first(rows: list[MaterialRow]) -> list[MaterialRow]:
    rank = {level: i for i, level in enumerate((UNREADABLE, *LEVELS))}
    return sorted(
        rows,
        key=lambda r: (
            rank[r.level],
            -r.errors,
            -r.warnings,
            r.specificity if r.specificity is not None else -1,
            r.file,
        ),
    )


COLUMNS: tuple[
    tuple[str, int, Callable[[MaterialRow], str | int | float | None]], ...
] = (  # header, width, value of a row
    ("等级", 10, lambda r: r.level),
    ("文件", 30, lambda r: r.file),
    ("单位", 24, lambda r: r.unit or ""),
    ("作者", 10, lambda r: r.author or ""),
    ("类别", 8, lambda r: r.kind),
    ("年度框架", 12, lambda r: r.framework or "未识别"),
    ("问题", 6, lambda r: r.problems),
    ("原因", 6, lambda r: r.causes),
    ("措施", 6, lambda r: r.measures),
    ("见人见事", 9, lambda r: r.specificity),
    ("问题和原因占比", 14, lambda r: r.problem_share),
    ("复制比", 9, lambda r: r.copy_ratio),
    ("错误", 6, lambda r: r.errors),
    ("警告", 6, lambda r: r.warnings),
    ("定级依据", 28, lambda r: "；".join(r.reasons)),
    ("主要问题", 60, lambda r: "\n".join(r.main_findings) or r.error),
)
PERCENT_COLUMNS = {"问题和原因占比", "复制比"}


def write_xlsx(rows: list[MaterialRow], path: str | Path) -> None:
    """The rows as an .xlsx: bold frozen header, filters on every column, text never a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from duizhao.safety.cells import set_text_cell

    book = Workbook()
    sheet = book.active
    sheet.title = "审读汇总"
    for column, (header, width, _) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=column, value=header)
        cell.font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    for row_number, row in enumerate(rows, start=2):
        for column, (header, _, value) in enumerate(COLUMNS, start=1):
            cell = sheet.cell(row=row_number, column=column)
            set_text_cell(cell, value(row))
            if header in PERCENT_COLUMNS and cell.value is not None:
                cell.number_format = "0%"
            if header == "主要问题":
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(1, len(rows)) + 1}"
    book.save(path)


def level_from_review(review: dict[str, Any], config: ReviewConfig | None = None) -> str:
    """The level of a material from its stored review (the web's JSON: findings with rule,
    severity and message; scores; problems or counts.problems)."""
    counts = count_by_severity(review.get("findings") or ())
    specificity = ((review.get("scores") or {}).get("specificity") or {}).get("material")
    problems = (review.get("counts") or {}).get("problems", review.get("problems")) or 0
    return level_of(
        problems=problems, errors=counts["error"], warnings=counts["warning"], specificity=specificity, config=config
    )[0]
