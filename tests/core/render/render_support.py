"""Shared by the render tests: materials built by hand, paths, and helpers to read .docx XML."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from duizhao.model import Block, Material
from needed import SEED  # noqa: F401  (re-exported for the render tests)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
REPO = Path(__file__).resolve().parents[3]
ARTIFACTS = REPO / "test-artifacts"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def build_material(lines: list[tuple]) -> Material:
    """`lines`: (kind, level, text) or (kind, level, text, run_in); offsets point into the text."""
    text, blocks = "", []
    for line in lines:
        kind, level, line_text, *rest = line
        start = len(text)
        text += line_text + "\n"
        blocks.append(
            Block(
                kind=kind,
                level=level,
                text=line_text,
                start=start,
                end=start + len(line_text),
                run_in=rest[0] if rest else 0,
            )
        )
    return Material(text=text, title=blocks[0].text if blocks else "", blocks=blocks)


RUN_IN_HEAD = "（一）在带头强化政治忠诚、提高政治能力方面。"
SMALL_MATERIAL = [
    ("title", 0, "青川县自然资源局党组领导班子"),
    ("title", 0, "2025年度民主生活会对照检查材料"),
    ("subtitle", 0, "（2025年12月26日）"),
    ("paragraph", 0, "会前共征求意见建议52条，开展谈心谈话46人次，学习“第一议题”19次……"),
    ("heading", 1, "一、存在的主要问题"),
    ("heading", 2, RUN_IN_HEAD + "一是学习存在“以传达代学习”现象，8次只宣读原文。", len(RUN_IN_HEAD)),
    ("heading", 3, "1.具体表现"),
    ("heading", 4, "（1）卫片执法图斑整改进度排全市第7位"),
    ("paragraph", 0, "整改措施：每次学习须安排至少1名班子成员交流发言（责任领导：周立新）。"),
]


def docx_part(path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def docx_parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
