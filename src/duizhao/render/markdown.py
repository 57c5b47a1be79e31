"""Markdown output of a material: the title lines as `#`, headings one level deeper, one
paragraph per block. A run-in heading ("（一）在…方面。" followed by its text) stays a plain
paragraph, as written: its numbering already marks it, and the parser reads it back as one."""

from __future__ import annotations

import re

from duizhao.model import Block, Material

# Only a leading `#` or `>` would change a line's meaning; `*` stays as written, since in
# materials it is a placeholder (占位符) the parser must see unchanged.
_LINE_START_SYNTAX = re.compile(r"^([#>])")


def _escape(text: str) -> str:
    return _LINE_START_SYNTAX.sub(r"\\\1", text)


def _block_markdown(block: Block) -> str:
    text = block.text.strip()
    if block.kind == "title":
        return f"# {_escape(text)}"
    if block.kind == "heading":
        level = min(max(block.level, 1), 4)
        if 0 < block.run_in < len(block.text):
            return _escape(text)
        return f"{'#' * (level + 1)} {_escape(text)}"
    return _escape(text)


def render_markdown(material: Material) -> str:
    blocks = material.blocks or [
        Block(kind="paragraph", level=0, text=line, start=0, end=0)
        for line in material.text.split("\n")
        if line.strip()
    ]
    return "\n\n".join(_block_markdown(block) for block in blocks if block.text.strip()) + "\n"
