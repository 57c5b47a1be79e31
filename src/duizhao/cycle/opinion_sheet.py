"""征求意见汇总表: the opinions collected for one leader (or for the team), verbatim (原汁原味),
grouped by aspect in the framework's order, with the channel they came through and nothing that
identifies a giver (no name, no date, no order of arrival: within an aspect they are sorted by
text). The clerk hands it to each leader before the writing starts; as Word and as Excel."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from duizhao.cycle.ledger import neutralise

UNCLASSIFIED = "其他（未归类）"


@dataclass(frozen=True)
class SheetOpinion:
    text: str
    aspect: str  # the aspect's short name; "" when not classified
    channel: str  # 座谈会, 意见箱, 网上征求意见 …


@dataclass(frozen=True)
class OpinionSheet:
    unit: str  # 中共××党组
    meeting_title: str  # 2025年度民主生活会
    subject: str  # "领导班子" or the leader's name
    groups: list[tuple[str, list[SheetOpinion]]]  # (aspect, opinions), in the framework's order

    @property
    def title(self) -> str:
        whose = "领导班子" if self.subject == "领导班子" else f"{self.subject}同志"
        return f"{self.meeting_title}{whose}征求意见汇总表"

    @property
    def count(self) -> int:
        return sum(len(items) for _, items in self.groups)


def build_sheet(
    unit: str, meeting_title: str, subject: str, opinions: Sequence[SheetOpinion], aspect_order: Sequence[str]
) -> OpinionSheet:
    rank = {name: index for index, name in enumerate(aspect_order)}
    grouped: dict[str, list[SheetOpinion]] = {}
    for opinion in opinions:
        grouped.setdefault(opinion.aspect or UNCLASSIFIED, []).append(opinion)
    order = sorted(grouped, key=lambda name: (rank.get(name, len(rank)), name))
    return OpinionSheet(
        unit, meeting_title, subject, [(name, sorted(grouped[name], key=lambda o: o.text)) for name in order]
    )


def sheet_docx(sheet: OpinionSheet, out: str | Path | IO[bytes]) -> None:
    from duizhao.render.docx import DocumentBuilder

    builder = DocumentBuilder()
    builder.title(sheet.title)
    builder.subtitle(sheet.unit)
    builder.paragraph(f"共收集意见建议{sheet.count}条，按对照检查方面归类，原文照录；不含提出人的任何信息。")
    rows = [["序号", "意见建议（原文）", "渠道"]]
    for aspect, items in sheet.groups:
        rows.append(["", f"{aspect}（{len(items)}条）", ""])
        rows += [[str(index), item.text, item.channel] for index, item in enumerate(items, start=1)]
    if sheet.count:
        builder.table(rows, widths_mm=[14, 112, 30])
    builder.save(out)


def sheet_xlsx(sheet: OpinionSheet, out: str | Path | IO[bytes]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    table = book.active
    table.title = "征求意见汇总表"
    table.append([sheet.title])
    table["A1"].font = Font(bold=True, size=14)
    table.append(["序号", "所属方面", "意见建议（原文）", "渠道"])
    number = 0
    for aspect, items in sheet.groups:
        for item in items:
            number += 1
            table.append([number, aspect, neutralise(item.text), item.channel])
    for column, width in zip("ABCD", (6, 16, 70, 14)):
        table.column_dimensions[column].width = width
    for row in table.iter_rows(min_row=3, min_col=3, max_col=3):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    table.freeze_panes = "A3"
    table.auto_filter.ref = f"A2:D{max(table.max_row, 2)}"
    book.save(out)
