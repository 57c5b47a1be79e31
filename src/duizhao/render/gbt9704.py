"""The GB/T 9704 layout profile: page, grid and per-role fonts, read from a small TOML file
(`render/templates/gbt9704.toml`) into named length types, so no layout number lives in code.

28 characters a line come from character spacing, not from Word's character grid: Word, WPS and
LibreOffice all add `w:spacing` (twentieths of a point) to each glyph's advance, while LibreOffice
puts a 16 pt glyph in two cells of a grid narrower than the glyph (see docs/render.md)."""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from docx.shared import Emu, Length, Mm, Pt, Twips

# `w:spacing` in a run's properties is in twentieths of a point.
SPACING_UNITS_PER_PT = 20

ROLES = ("title", "subtitle", "body", "heading1", "heading2", "heading3", "heading4", "table", "page_number")


@dataclass(frozen=True)
class RoleFormat:
    font: str  # East Asian face
    size: Length
    latin: str
    bold: bool = False
    align: str = "justify"  # left | center | right | justify
    first_line_chars: int = 0
    indent_chars: int = 0
    char_spacing: int = 0  # w:spacing, twentieths of a point added to each character's advance


@dataclass(frozen=True)
class LayoutProfile:
    name: str
    page_width: Length
    page_height: Length
    top_margin: Length
    left_margin: Length  # binding side (订口)
    text_width: Length
    text_height: Length
    footer_distance: Length
    header_distance: Length
    lines_per_page: int
    chars_per_line: int
    latin_font: str
    language: str
    roles: dict[str, RoleFormat]
    pdf_substitutes: dict[str, str]
    pdf_bold: tuple[str, ...] = ()
    word_fonts: tuple[tuple[str, str], ...] = ()  # (face, fallback name) for the font table
    title_break_after: tuple[str, ...] = ()
    title_break_before: tuple[str, ...] = ()

    @property
    def right_margin(self) -> Length:
        return Emu(self.page_width - self.left_margin - self.text_width)

    @property
    def bottom_margin(self) -> Length:
        return Emu(self.page_height - self.top_margin - self.text_height)

    @property
    def line_pitch(self) -> Twips:
        """Grid line pitch: the largest whole twip count that fits `lines_per_page` lines."""
        text_height_twips = self.page_height.twips - self.top_margin.twips - self.bottom_margin.twips
        return Twips(text_height_twips // self.lines_per_page)

    @property
    def title_chars_per_line(self) -> int:
        text_width_pt = Twips(self.page_width.twips - self.left_margin.twips - self.right_margin.twips).pt
        return int(text_width_pt // self.roles["title"].size.pt)

    def role(self, name: str) -> RoleFormat:
        return self.roles[name]


def body_char_spacing(text_width: Length, chars_per_line: int, body_size: Length) -> int:
    """The largest `w:spacing` (twentieths of a point) with which `chars_per_line` body characters
    still fit the text block width: -5 (−0.25 pt) for 28 characters of 16 pt in 156 mm."""
    # python-docx leaves Length.pt unannotated: a float
    cell_pt: float = Twips(text_width.twips).pt / chars_per_line
    body_pt: float = body_size.pt
    return math.floor((cell_pt - body_pt) * SPACING_UNITS_PER_PT)


def _role(raw: dict[str, Any], latin: str, body_size_pt: float, char_spacing: int) -> RoleFormat:
    """`raw`: one role's table of the layout profile's TOML (tomllib's own type)."""
    return RoleFormat(
        font=raw["font"],
        size=Pt(raw["size_pt"]),
        latin=raw.get("latin", latin),
        bold=raw.get("bold", False),
        align=raw.get("align", "justify"),
        first_line_chars=raw.get("first_line_chars", 0),
        indent_chars=raw.get("indent_chars", 0),
        # Only text in the body size keeps to the 28-a-line measure; other sizes set explicitly 0
        # so they do not inherit the Normal style's spacing.
        char_spacing=char_spacing if raw["size_pt"] == body_size_pt else 0,
    )


@lru_cache(maxsize=1)
def default_profile() -> LayoutProfile:
    text = resources.files("duizhao.render").joinpath("templates/gbt9704.toml").read_text(encoding="utf-8")
    return _parse(text)


def _parse(text: str) -> LayoutProfile:
    raw = tomllib.loads(text)
    page, fonts = raw["page"], raw["fonts"]
    latin = fonts["latin"]
    body_size_pt = raw["roles"]["body"]["size_pt"]
    spacing = body_char_spacing(Mm(page["text_width_mm"]), page["chars_per_line"], Pt(body_size_pt))
    return LayoutProfile(
        name=raw.get("name", ""),
        page_width=Mm(page["width_mm"]),
        page_height=Mm(page["height_mm"]),
        top_margin=Mm(page["top_mm"]),
        left_margin=Mm(page["binding_mm"]),
        text_width=Mm(page["text_width_mm"]),
        text_height=Mm(page["text_height_mm"]),
        footer_distance=Mm(page["footer_distance_mm"]),
        header_distance=Mm(page["header_distance_mm"]),
        lines_per_page=page["lines_per_page"],
        chars_per_line=page["chars_per_line"],
        latin_font=latin,
        language=fonts.get("language", "zh-CN"),
        roles={name: _role(raw["roles"][name], latin, body_size_pt, spacing) for name in ROLES},
        pdf_substitutes=dict(raw.get("pdf_substitutes", {})),
        pdf_bold=tuple(raw.get("pdf_bold", {}).get("fonts", ())),
        word_fonts=tuple(raw.get("word_fonts", {}).items()),
        title_break_after=tuple(raw.get("title_breaks", {}).get("after", ())),
        title_break_before=tuple(raw.get("title_breaks", {}).get("before", ())),
    )
