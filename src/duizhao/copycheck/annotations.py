"""A copy-check report's passages as annotations (Word comments, HTML highlights) that name
their source: what `duizhao check --html/--docx` and the workbench's annotated view show."""

from __future__ import annotations

from duizhao.copycheck.check import CopyReport
from duizhao.model import Annotation


def passages_to_annotations(report: CopyReport) -> list[Annotation]:
    """One annotation (Word comment / HTML highlight) per passage, naming its source."""
    notes = []
    for p in report.passages:
        if p.category == "copy":
            text = f"疑似复制自《{p.source}》第 {p.source_start}–{p.source_end} 字，相似度 {p.similarity:.2f}"
        elif p.category == "official":
            text = f"引用官方表述：{p.source}（不计入复制比）"
        else:
            documents = report.documents(p)
            held = f"文库中 {documents} 篇文档都有" if documents else "文库中多篇文档都有"
            text = f"常见套话，{held}（例如《{p.source}》），不计入复制比"
        notes.append(
            Annotation(
                start=p.start,
                end=p.end,
                text=text,
                author="duizhao 查重",
                category=f"copy.{p.category}" if p.category != "copy" else "copy",
            )
        )
    return notes
