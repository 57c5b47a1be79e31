"""GB/T 9704 .docx output: a small generic `DocumentBuilder` and `render_docx` for materials.

python-docx writes font names only into the Latin slots and knows no fields, grids or theme
stripping, so this module sets `w:eastAsia`, `w:hint`, character spacing, the PAGE field and
`w:docGrid` itself (see docs/render.md); parts python-docx keeps as bytes are rewritten after
saving (`package_parts`). Every layout number comes from the layout profile (`gbt9704.py`).
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, cast

import docx
import docx.document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.font import CT_RPr
from docx.oxml.text.parfmt import CT_PPr
from docx.section import Section
from docx.shared import Length, Mm, Twips
from docx.styles.style import BaseStyle, ParagraphStyle
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from duizhao.errors import InputError
from duizhao.model import Annotation, Block, Material
from duizhao.render.gbt9704 import LayoutProfile, RoleFormat, default_profile
from duizhao.render.package_parts import rewrite_parts

# Punctuation whose glyph Word takes from the Latin font unless the run says w:hint="eastAsia".
AMBIGUOUS_CJK_PUNCTUATION = frozenset("“”‘’…—·、–")
_AMBIGUOUS = re.compile("[" + re.escape("".join(sorted(AMBIGUOUS_CJK_PUNCTUATION))) + "]")
THEME_FONT_ATTRIBUTES = ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme", "w:cstheme")
DATE_LINE = re.compile(r"^[（(]?\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*[）)]?$")

_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
# Our roles -> the built-in Word styles that carry them (present in Word's and most unit templates).
ROLE_STYLES = {
    "title": "Title",
    "subtitle": "Subtitle",
    "body": "Normal",
    "heading1": "Heading 1",
    "heading2": "Heading 2",
    "heading3": "Heading 3",
    "heading4": "Heading 4",
}

# Names a unit's template made in Chinese WPS/Word may give the same styles.
CHINESE_STYLE_NAMES = {
    "title": ("标题",),
    "subtitle": ("副标题",),
    "body": ("正文",),
    "heading1": ("标题 1", "标题1"),
    "heading2": ("标题 2", "标题2"),
    "heading3": ("标题 3", "标题3"),
    "heading4": ("标题 4", "标题4"),
}


# ---------------------------------------------------------------- low-level XML helpers

# Child order of w:pPr and w:rPr in the schema (Word refuses some files with children out of order).
PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]
RPR_ORDER = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
]


def _append(parent: etree._Element, child: etree._Element) -> None:
    """`parent.append(child)`. lxml's stubs type a child as its parent's own element class;
    python-docx's trees mix classes (a CT_R holds CT_RPr, CT_Text …), so both are plain
    elements here."""
    parent.append(child)


def _insert(parent: etree._Element, index: int, child: etree._Element) -> None:
    """`parent.insert(index, child)`, typed as `_append` is."""
    parent.insert(index, child)


def _add_next(element: etree._Element, sibling: etree._Element) -> None:
    """`element.addnext(sibling)`, typed as `_append` is."""
    element.addnext(sibling)


def _new_run_properties() -> CT_RPr:
    """A new w:rPr element: python-docx's element class lookup makes it a CT_RPr."""
    return cast(CT_RPr, OxmlElement("w:rPr"))


def sort_children(element: etree._Element, order: Sequence[str]) -> None:
    """Put the children of a w:pPr / w:rPr in schema order (unknown ones last, order kept)."""
    rank: dict[object, int] = {qn(f"w:{name}"): index for index, name in enumerate(order)}  # tag -> place
    children = sorted(element, key=lambda child: rank.get(child.tag, len(order)))
    for child in children:
        element.append(child)


def _child(parent: etree._Element, tag: str) -> etree._Element:
    """The first child `tag` of `parent`, created (in schema order where python-docx knows it:
    its `get_or_add_<tag>` methods are made at run time from its schema declarations, and only
    some of them are declared for type checkers)."""
    getter = getattr(parent, f"get_or_add_{tag.split(':')[1]}", None)
    if getter is not None:
        made: etree._Element = getter()
        return made
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        _append(parent, found)
    return found


def set_fonts(rPr: CT_RPr, east_asia: str, latin: str, *, hint: bool = False) -> None:
    """Write all four font slots explicitly (no theme fonts), East Asian face in `w:eastAsia`."""
    fonts = rPr.get_or_add_rFonts()
    for attribute in THEME_FONT_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    if hint:
        fonts.set(qn("w:hint"), "eastAsia")


def _set_size(rPr: CT_RPr, size: Length) -> None:
    half_points = str(round(size.pt * 2))
    rPr.get_or_add_sz().set(qn("w:val"), half_points)
    size_cs: etree._Element | None = rPr.find(qn("w:szCs"))
    if size_cs is None:
        size_cs = OxmlElement("w:szCs")
        _add_next(rPr.get_or_add_sz(), size_cs)
    size_cs.set(qn("w:val"), half_points)


def _set_bold(rPr: CT_RPr, bold: bool) -> None:
    # python-docx makes these methods at run time from CT_RPr's schema and does not declare them
    rPr._remove_b()  # type: ignore[attr-defined]
    rPr._remove_bCs()  # type: ignore[attr-defined]
    if bold:
        rPr._add_b()  # type: ignore[attr-defined]
        rPr._add_bCs()  # type: ignore[attr-defined]


def format_run_properties(rPr: CT_RPr, role: RoleFormat, *, hint: bool = False) -> None:
    set_fonts(rPr, role.font, role.latin, hint=hint)
    _set_bold(rPr, role.bold)
    _set_size(rPr, role.size)
    _child(rPr, "w:spacing").set(qn("w:val"), str(role.char_spacing))
    rPr._remove_color()
    sort_children(rPr, RPR_ORDER)


def strip_theme_fonts(element: etree._Element) -> None:
    """Remove theme font references below `element` (WPS reports them as missing fonts)."""
    for fonts in element.iter(qn("w:rFonts")):
        for attribute in THEME_FONT_ATTRIBUTES:
            fonts.attrib.pop(qn(attribute), None)


THEME_FONT_ATTRIBUTE_BYTES = re.compile(rb'\s+w:(?:asciiTheme|eastAsiaTheme|hAnsiTheme|cstheme)="[^"]*"')


def strip_theme_font_attributes(xml: bytes) -> bytes:
    """For parts python-docx keeps as bytes (Word 2010's stylesWithEffects.xml)."""
    return THEME_FONT_ATTRIBUTE_BYTES.sub(b"", xml)


def font_table_xml(profile: LayoutProfile) -> bytes:
    """The document's font table (word/fontTable.xml) instead of the blank's (Calibri, Cambria,
    ＭＳ 明朝 …): the faces we use, each with GB2312 charset and its fallback name, so Word/WPS
    substitute sensibly when one is missing."""
    w_ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    root = etree.Element(f"{{{w_ns}}}fonts", nsmap={"w": w_ns})

    def add(name: str, alt: str, charset: str, family: str) -> None:
        font = etree.SubElement(root, f"{{{w_ns}}}font", {f"{{{w_ns}}}name": name})
        if alt:
            etree.SubElement(font, f"{{{w_ns}}}altName", {f"{{{w_ns}}}val": alt})
        etree.SubElement(font, f"{{{w_ns}}}charset", {f"{{{w_ns}}}val": charset})
        etree.SubElement(font, f"{{{w_ns}}}family", {f"{{{w_ns}}}val": family})
        etree.SubElement(font, f"{{{w_ns}}}pitch", {f"{{{w_ns}}}val": "variable"})

    add(profile.latin_font, "", "00", "roman")
    for name, alt in profile.word_fonts:
        add(name, alt, "86", "modern")  # 86 = GB2312
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def needs_east_asian_hint(text: str) -> bool:
    return _AMBIGUOUS.search(text) is not None


def _set_exact_spacing(pPr: CT_PPr, line: Twips) -> None:
    spacing = _child(pPr, "w:spacing")
    for attribute in ("w:beforeLines", "w:afterLines", "w:beforeAutospacing", "w:afterAutospacing"):
        spacing.attrib.pop(qn(attribute), None)
    spacing.set(qn("w:before"), "0")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), str(line.twips))
    spacing.set(qn("w:lineRule"), "exact")


def _set_indent(
    pPr: CT_PPr, *, first_line_chars: int = 0, left_chars: int = 0, right_chars: int = 0, char_width: Length
) -> None:
    ind = pPr.get_or_add_ind()
    ind.attrib.clear()
    pairs = (("firstLine", first_line_chars), ("left", left_chars), ("right", right_chars))
    for name, chars in pairs:
        ind.set(qn(f"w:{name}Chars"), str(chars * 100))
        ind.set(qn(f"w:{name}"), str(chars * char_width.twips))


def _set_alignment(pPr: CT_PPr, align: str) -> None:
    pPr.jc_val = _ALIGN[align]


def _no_char_grid(pPr: CT_PPr) -> None:
    """Text not in the body size keeps its own glyph width: the character grid is for 3号 body text."""
    _child(pPr, "w:snapToGrid").set(qn("w:val"), "0")


def _add_field(paragraph: Paragraph, instruction: str, placeholder: str, role: RoleFormat) -> None:
    """A complex field (python-docx has no field API): begin, instruction, separate, result, end."""
    parts = [
        ("fldChar", "begin"),
        ("instrText", f" {instruction} "),
        ("fldChar", "separate"),
        ("t", placeholder),
        ("fldChar", "end"),
    ]
    for kind, value in parts:
        run = paragraph.add_run()
        format_run_properties(run._r.get_or_add_rPr(), role)
        if kind == "fldChar":
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), value)
        else:
            element = OxmlElement(f"w:{kind}")
            element.set(qn("xml:space"), "preserve")
            element.text = value
        _append(run._r, element)


# ---------------------------------------------------------------- the builder

_BLANK_CACHE: dict[int, tuple[LayoutProfile, bytes]] = {}


class DocumentBuilder:
    """Builds a GB/T 9704-style document: title, subtitle lines, headings, paragraphs, simple
    tables and "— N —" page numbers. With `template` (a unit's .docx) the template's styles and
    page setup are used instead of ours: its body is cleared, its sections and styles kept.

    Typical use::

        builder = DocumentBuilder()
        builder.title("青川县自然资源局党组会议纪要")
        builder.subtitle("（2025年12月20日）")
        builder.heading(1, "一、会议议题")
        builder.paragraph("……")
        builder.table([["序号", "事项"], ["1", "……"]], widths_mm=[20, 136])
        builder.save("out.docx")
    """

    def __init__(self, *, template: str | Path | IO[bytes] | None = None, profile: LayoutProfile | None = None):
        self.profile = profile or default_profile()
        self.uses_template = template is not None
        self._style_ids: dict[str, str | None] = {}
        self._role_style_names: dict[str, str] = {}  # role -> a template's own style name
        self._rpr_cache: dict[tuple[RoleFormat | None, str | None, bool], CT_RPr | None] = {}
        if template is None:
            self.document = docx.Document(io.BytesIO(self._prepared_blank()))
        else:
            self.document = _open_template(template)
            self._ensure_role_styles()
            self._ensure_page_numbers()

    def _prepared_blank(self) -> bytes:
        """Our blank document (page setup, styles, footers) saved once per profile and reopened
        for each new document: setting up styles costs more than rendering a whole material."""
        key = id(self.profile)
        cached = _BLANK_CACHE.get(key)
        if cached is None or cached[0] is not self.profile:
            self.document = docx.Document()
            self._apply_profile()
            self._ensure_role_styles()
            self._ensure_page_numbers()
            self._set_east_asian_theme_language()
            buffer = io.BytesIO()
            self.document.save(buffer)
            blank = rewrite_parts(
                buffer.getvalue(),
                {
                    "word/fontTable.xml": lambda _: font_table_xml(self.profile),
                    "word/stylesWithEffects.xml": strip_theme_font_attributes,
                },
            )
            cached = _BLANK_CACHE[key] = (self.profile, blank)
        return cached[1]

    # -- setup

    def _apply_profile(self) -> None:
        profile = self.profile
        section = self.document.sections[0]
        section.start_type = WD_SECTION.NEW_PAGE
        section.page_width, section.page_height = profile.page_width, profile.page_height
        section.top_margin, section.bottom_margin = profile.top_margin, profile.bottom_margin
        section.left_margin, section.right_margin = profile.left_margin, profile.right_margin
        section.footer_distance = profile.footer_distance
        section.header_distance = profile.header_distance
        section.gutter = Mm(0)
        # A grid of lines only: 28 characters a line come from the roles' character spacing,
        # which Word, WPS and LibreOffice lay out alike (a character grid they do not).
        grid = _child(section._sectPr, "w:docGrid")
        grid.attrib.clear()
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(profile.line_pitch.twips))
        self._apply_defaults()

    def _set_east_asian_theme_language(self) -> None:
        """python-docx's blank says ja-JP, which makes LibreOffice fall back to Japanese faces."""
        theme_language = self.document.settings.element.find(qn("w:themeFontLang"))
        if theme_language is not None:
            theme_language.set(qn("w:eastAsia"), self.profile.language)

    def _apply_defaults(self) -> None:
        styles = self.document.styles.element
        strip_theme_fonts(styles)
        body = self.profile.role("body")
        defaults = styles.find(qn("w:docDefaults"))
        rPr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        set_fonts(rPr, body.font, body.latin)
        _set_size(rPr, body.size)
        language = _child(rPr, "w:lang")
        language.set(qn("w:eastAsia"), self.profile.language)
        sort_children(rPr, RPR_ORDER)
        pPr_default = defaults.find(qn("w:pPrDefault"))
        if pPr_default is None:
            pPr_default = OxmlElement("w:pPrDefault")
            defaults.append(pPr_default)
        pPr = pPr_default.find(qn("w:pPr"))
        if pPr is None:
            pPr = OxmlElement("w:pPr")
            pPr_default.append(pPr)
        _set_exact_spacing(pPr, self.profile.line_pitch)

    def _ensure_role_styles(self) -> None:
        """Define our role styles (always, without a template; only the missing ones with one).
        A template's style may carry its Chinese name (WPS: “标题 1”), which counts as present."""
        styles = self.document.styles
        existing = {style.name for style in styles}
        for role, style_name in ROLE_STYLES.items():
            if self.uses_template:
                found = next(
                    (name for name in (style_name, *CHINESE_STYLE_NAMES.get(role, ())) if name in existing), None
                )
                if found is not None:
                    self._role_style_names[role] = found
                    continue
            style = styles[style_name] if style_name in existing else styles.add_style(style_name, 1)
            # paragraph styles: Word's built-in ones in python-docx's blank, or one added as such (1)
            self._define_style(cast(ParagraphStyle, style), role)
        if not self.uses_template:
            strip_theme_fonts(styles.element)

    def _define_style(self, style: ParagraphStyle, role_name: str) -> None:
        role = self.profile.role(role_name)
        element = style.element
        for tag in ("w:pPr", "w:rPr"):
            old = element.find(qn(tag))
            if old is not None:
                element.remove(old)
        if role_name != "body":
            style.base_style = self.document.styles["Normal"]
            style.next_paragraph_style = self.document.styles["Normal"]
        style.quick_style = True
        pPr = element.get_or_add_pPr()
        rPr = element.get_or_add_rPr()
        if role_name.startswith("heading"):
            level = int(role_name[-1])
            pPr.get_or_add_keepNext()
            outline = _child(pPr, "w:outlineLvl")
            outline.set(qn("w:val"), str(level - 1))
        if role_name == "body":
            widow = _child(pPr, "w:widowControl")
            widow.set(qn("w:val"), "0")
        if role.size != self.profile.role("body").size:
            _no_char_grid(pPr)
        _set_exact_spacing(pPr, self.profile.line_pitch)
        _set_indent(pPr, first_line_chars=role.first_line_chars, char_width=self.profile.role("body").size)
        _set_alignment(pPr, role.align)
        sort_children(pPr, PPR_ORDER)
        format_run_properties(rPr, role)
        sort_children(rPr, RPR_ORDER)

    def _ensure_page_numbers(self) -> None:
        """Odd pages: "— N —" at the right, even pages at the left (GB/T 9704 7.5), unless a
        template already numbers its pages."""
        section = self.document.sections[-1]
        if self.uses_template and _has_page_field(section):
            return
        self.document.settings.odd_and_even_pages_header_footer = True
        section.different_first_page_header_footer = False
        role = self.profile.role("page_number")
        for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
            footer.is_linked_to_previous = False
            for paragraph in list(footer.paragraphs):
                paragraph._p.getparent().remove(paragraph._p)
            paragraph = footer.add_paragraph()
            pPr = paragraph._p.get_or_add_pPr()
            spacing = _child(pPr, "w:spacing")
            spacing.set(qn("w:before"), "0")
            spacing.set(qn("w:after"), "0")
            spacing.set(qn("w:line"), "240")
            spacing.set(qn("w:lineRule"), "auto")
            indent = {"left_chars": role.indent_chars} if side == "left" else {"right_chars": role.indent_chars}
            _set_indent(pPr, char_width=role.size, **indent)
            _set_alignment(pPr, side)
            _no_char_grid(pPr)
            sort_children(pPr, PPR_ORDER)
            self._add_run(paragraph, "— ", role)
            _add_field(paragraph, "PAGE", "1", role)
            self._add_run(paragraph, " —", role)

    # -- content

    def _style_for(self, role: str) -> BaseStyle:
        style: BaseStyle = self.document.styles[self._style_name(role)]
        return style

    def _style_name(self, role: str) -> str:
        return self._role_style_names.get(role) or ROLE_STYLES.get(role, "Normal")

    def _style_id(self, role: str) -> str | None:
        if role not in self._style_ids:
            self._style_ids[role] = self._style_for(role).style_id
        return self._style_ids[role]

    def _default_style_id(self) -> str | None:
        if "<default>" not in self._style_ids:
            default = self.document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
            self._style_ids["<default>"] = default.style_id if default is not None else None
        return self._style_ids["<default>"]

    def _run_properties(self, role: RoleFormat | None, copy_from_style: str | None, hint: bool) -> CT_RPr | None:
        """The w:rPr for a run, built once per (role, style, hint) and copied (python-docx's
        element-by-element building is the slow part of rendering)."""
        key = (role, copy_from_style, hint)
        if key not in self._rpr_cache:
            rPr = None
            if copy_from_style is not None:
                style_rPr = self.document.styles[copy_from_style].element.rPr
                rPr = copy.deepcopy(style_rPr) if style_rPr is not None else None
            elif role is not None:
                rPr = _new_run_properties()
                format_run_properties(rPr, role, hint=hint)
            if hint and (rPr is None or role is None):
                rPr = rPr if rPr is not None else _new_run_properties()
                rPr.get_or_add_rFonts().set(qn("w:hint"), "eastAsia")
                sort_children(rPr, RPR_ORDER)
            self._rpr_cache[key] = rPr
        return self._rpr_cache[key]

    def _add_run(
        self, paragraph: Paragraph, text: str, role: RoleFormat | None, *, copy_from_style: str | None = None
    ) -> Run:
        if "\t" in text or "\n" in text:
            run = paragraph.add_run(text)  # python-docx turns these into w:tab / w:br
        else:  # one w:t directly: python-docx's text setter walks the text character by character
            r = paragraph._p.add_r()
            r.add_t(text)
            run = Run(r, paragraph)
        rPr = self._run_properties(role, copy_from_style, needs_east_asian_hint(text))
        if rPr is not None:
            _insert(run._r, 0, copy.deepcopy(rPr))
        return run

    def _run_role(self, role_name: str) -> RoleFormat | None:
        """Direct run formatting only for our own profile; a template's styles speak for themselves."""
        return None if self.uses_template else self.profile.role(role_name)

    def add_segments(self, role: str, segments: Sequence[tuple[str, str]]) -> tuple[Paragraph, list[Run]]:
        """A paragraph in the style of `role` made of runs `(text, run_role)`; one run per
        segment, so callers can anchor comments on exact words."""
        paragraph = self.document.add_paragraph()
        style_id = self._style_id(role)
        if style_id != self._default_style_id():
            paragraph._p.get_or_add_pPr().style = style_id
        runs = []
        for text, run_role in segments:
            copy_from = None
            if self.uses_template and run_role != role and run_role in ROLE_STYLES:
                copy_from = self._style_name(run_role)
            runs.append(self._add_run(paragraph, text, self._run_role(run_role), copy_from_style=copy_from))
        return paragraph, runs

    def title(self, text: str, *, split: bool = True) -> Paragraph:
        """The title, in as many centred lines as it needs, broken between words (see
        `title_lines`). Returns the first line's paragraph."""
        return self.title_lines(text, split=split)[0][0]

    def title_lines(self, text: str, *, split: bool = True) -> list[tuple[Paragraph, list[Run]]]:
        lines = title_lines(text, self.profile) if split else [text]
        return [self.add_segments("title", [(line, "title")]) for line in lines]

    def subtitle(self, text: str) -> Paragraph:
        return self.add_segments("subtitle", [(text, "subtitle")])[0]

    def heading(self, level: int, text: str, *, run_in: int = 0) -> Paragraph:
        """A heading of level 1–4. With `run_in`, only the first `run_in` characters are the
        heading ("（一）在…方面。"), the rest is body text in the same paragraph."""
        role = f"heading{min(max(level, 1), 4)}"
        if run_in and run_in < len(text):
            return self.add_segments("body", [(text[:run_in], role), (text[run_in:], "body")])[0]
        return self.add_segments(role, [(text, role)])[0]

    def paragraph(self, text: str, *, align: str | None = None, indent: bool = True) -> Paragraph:
        paragraph = self.add_segments("body", [(text, "body")])[0]
        pPr = paragraph._p.get_or_add_pPr()
        if align is not None:
            _set_alignment(pPr, align)
        if not indent:
            _set_indent(pPr, char_width=self.profile.role("body").size)
        return paragraph

    def blank(self) -> Paragraph:
        return self.document.add_paragraph()

    def table(
        self, rows: Sequence[Sequence[str]], widths_mm: Sequence[float] | None = None, *, header: bool = True
    ) -> Table:
        """A simple bordered table; the first row is bold when `header`. Cells hold plain text."""
        rows = [list(row) for row in rows]
        columns = max((len(row) for row in rows), default=0)
        table: Table = self.document.add_table(rows=len(rows), cols=columns)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _set_table_borders(table)
        role = self.profile.role("table")
        widths = [Mm(width) for width in widths_mm] if widths_mm else None
        for row_index, row in enumerate(rows):
            for column, cell in enumerate(table.rows[row_index].cells):
                if widths:
                    cell.width = widths[column]
                paragraph = cell.paragraphs[0]
                pPr = paragraph._p.get_or_add_pPr()
                spacing = _child(pPr, "w:spacing")
                spacing.set(qn("w:line"), "240")
                spacing.set(qn("w:lineRule"), "auto")
                _set_indent(pPr, char_width=role.size)
                _set_alignment(pPr, "center" if header and row_index == 0 else role.align)
                _no_char_grid(pPr)
                sort_children(pPr, PPR_ORDER)
                text = row[column] if column < len(row) else ""
                run = self._add_run(paragraph, text, role)
                if header and row_index == 0:
                    _set_bold(run._r.get_or_add_rPr(), True)
        if header and rows:
            _child(table.rows[0]._tr.get_or_add_trPr(), "w:tblHeader")  # repeated on each page
        return table

    def set_properties(self, *, title: str = "", author: str = "") -> None:
        """The file's title and author (Word's properties; LibreOffice carries them into the PDF)."""
        properties = self.document.core_properties
        properties.title = title[:255]
        properties.author = properties.last_modified_by = author[:255]

    def save(self, out: str | Path | IO[bytes]) -> None:
        properties = self.document.core_properties
        for name in ("author", "last_modified_by", "comments"):  # python-docx's own template names itself
            if "python-docx" in (getattr(properties, name) or ""):
                setattr(properties, name, "")
        self.document.save(str(out) if isinstance(out, Path) else out)


def display_width(text: str) -> float:
    """Width in full-width characters: half-width (Latin, digits) count ½."""
    return sum(0.5 if ord(char) < 0x2E80 else 1 for char in text)


def title_lines(text: str, profile: LayoutProfile) -> list[str]:
    """Break a title too long for one line into two at the most balanced place where the
    profile's break words allow (after "民主生活会", before "对照检查材料", ...)."""
    limit = profile.title_chars_per_line
    if display_width(text) <= limit:
        return [text]
    cuts: set[int] = set()
    for word in profile.title_break_after:
        cuts.update(m.end() for m in re.finditer(re.escape(word), text))
    for word in profile.title_break_before:
        cuts.update(m.start() for m in re.finditer(re.escape(word), text))
    fitting = [
        cut
        for cut in cuts
        if 0 < cut < len(text) and display_width(text[:cut]) <= limit and display_width(text[cut:]) <= limit
    ]
    if not fitting:
        return [text]
    best = min(fitting, key=lambda cut: abs(display_width(text[:cut]) - display_width(text[cut:])))
    return [text[:best], text[best:]]


def _set_table_borders(table: Table) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = OxmlElement(f"w:{side}")
        border.set(qn("w:val"), "single")
        border.set(qn("w:sz"), "4")
        border.set(qn("w:space"), "0")
        border.set(qn("w:color"), "000000")
        borders.append(border)
    _append(table._tbl.tblPr, borders)


def _has_page_field(section: Section) -> bool:
    for footer in (section.footer, section.even_page_footer):
        if footer.is_linked_to_previous:
            continue
        for instruction in footer._element.iter(qn("w:instrText")):
            if "PAGE" in (instruction.text or ""):
                return True
        for simple in footer._element.iter(qn("w:fldSimple")):
            if "PAGE" in simple.get(qn("w:instr"), ""):
                return True
    return False


def _open_template(template: str | Path | IO[bytes]) -> docx.document.Document:
    """A unit's template with an empty body: sections (page setup, footers) and styles kept."""
    try:
        document = docx.Document(str(template) if isinstance(template, Path) else template)
    except Exception as error:  # python-docx raises several kinds for a non-docx file
        name = str(template) if isinstance(template, (str, Path)) else None
        raise InputError(name, f"无法作为 Word 模板打开（需要 .docx 文件）：{error}") from error
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return document


# ---------------------------------------------------------------- materials


def render_docx(
    material: Material,
    out: str | Path | IO[bytes],
    *,
    template: str | Path | IO[bytes] | None = None,
    annotations: Iterable[Annotation] = (),
    date_line: str | None = None,
    profile: LayoutProfile | None = None,
) -> None:
    """Typeset a material to .docx. Each annotation becomes a Word comment (批注) on exactly the
    words of its span (offsets in `material.text`)."""
    builder = DocumentBuilder(template=template, profile=profile)
    titles = [b.text for b in material.blocks if b.kind == "title"]
    builder.set_properties(title=material.title or "".join(titles), author=material.unit or material.author or "")
    blocks = _blocks_with_date(material, date_line)
    annotations = [a for a in annotations if a.end >= a.start]
    cuts = {point for a in annotations for point in (a.start, max(a.end, a.start + 1))}
    placed: list[tuple[int, int, Run]] = []  # (start, end, run) in material.text offsets
    head_done = False
    for block in blocks:
        if block.kind not in ("title", "subtitle") and not head_done:
            head_done = True
            if any(b.kind in ("title", "subtitle") for b in blocks):
                builder.blank()
        placed.extend(_add_block(builder, material, block, cuts))
    for annotation in annotations:
        _add_comment(builder.document, annotation, placed)
    builder.save(out)


def _blocks_with_date(material: Material, date_line: str | None) -> list[Block]:
    blocks = list(material.blocks) or _fallback_blocks(material.text)
    if not date_line:
        return blocks
    text = date_line.strip()
    if not text.startswith(("（", "(")):
        text = f"（{text}）"
    date_block = Block(kind="subtitle", level=0, text=text, start=-1, end=-1)
    for index, block in enumerate(blocks):
        if block.kind == "subtitle" and DATE_LINE.match(block.text.strip()):
            blocks[index] = date_block
            return blocks
    head = [i for i, b in enumerate(blocks) if b.kind in ("title", "subtitle")]
    blocks.insert(head[-1] + 1 if head else 0, date_block)
    return blocks


def _fallback_blocks(text: str) -> list[Block]:
    """Lines as paragraphs, the first as the title: for a material that came without layout."""
    blocks: list[Block] = []
    offset = 0
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        if line.strip():
            kind = "title" if not blocks else "paragraph"
            blocks.append(Block(kind=kind, level=0, text=line, start=start, end=end))
    return blocks


def _add_block(
    builder: DocumentBuilder, material: Material, block: Block, cuts: set[int]
) -> list[tuple[int, int, Run]]:
    """Add one block as runs split at the run-in heading end and at every annotation boundary."""
    text = block.text
    start = _block_start(material, block)
    if block.kind == "heading":
        role = f"heading{min(max(block.level, 1), 4)}"
        run_in = block.run_in if 0 < block.run_in < len(text) else 0
        paragraph_role = "body" if run_in else role
        if not run_in and block.level <= 2 and _reads_as_sentence(text):
            role = paragraph_role = "body"
    else:
        role = paragraph_role = block.kind if block.kind in ("title", "subtitle") else "body"
        run_in = 0
    points = {0, len(text)}
    if run_in:
        points.add(run_in)
    if start >= 0:
        points.update(point - start for point in cuts if start < point < start + len(text))
    if block.kind == "title" and len(points) == 2:
        placed, offset = [], start
        for _, (run,) in builder.title_lines(text):
            placed.append((offset, offset + len(run.text), run))
            offset += len(run.text)
        return placed if start >= 0 else []
    ordered = sorted(points)
    segments = []
    for a, b in zip(ordered, ordered[1:]):
        segments.append((text[a:b], role if (not run_in or b <= run_in) else "body"))
    if not segments:
        return []
    _, runs = builder.add_segments(paragraph_role, segments)
    if start < 0:
        return []
    return [(start + a, start + b, run) for (a, b), run in zip(zip(ordered, ordered[1:]), runs)]


_WHOLE_SENTENCE = re.compile(r"[，,].*[。；;！!？?]$")
_ASPECT_HEADING = re.compile(r"方面(?:存在的问题|的差距|的不足)?[。：:]?$")


def _reads_as_sentence(text: str) -> bool:
    """A line numbered 一、 or （一） that is one whole sentence of several clauses ("（三）针对…，
    由办公室牵头…，3月底前公开。", a measure as drafts write it) is body text: typeset in 仿宋, not
    in the heading's 黑体 or 楷体. The parser keeps it as a heading, since its items hang on it."""
    return bool(_WHOLE_SENTENCE.search(text)) and not _ASPECT_HEADING.search(text)


def _block_start(material: Material, block: Block) -> int:
    """Where the block's text starts in `material.text` (-1 when it is not from the text)."""
    if block.start < 0:
        return -1
    if material.text[block.start : block.start + len(block.text)] == block.text:
        return block.start
    found = material.text.find(block.text, max(block.start - 200, 0))
    return found


def _add_comment(document: docx.document.Document, annotation: Annotation, placed: list[tuple[int, int, Run]]) -> None:
    end = max(annotation.end, annotation.start + 1)
    runs = [run for start, stop, run in placed if start < end and stop > annotation.start]
    if not runs:
        runs = _nearest_runs(annotation.start, placed)
    if not runs:
        return
    initials = (annotation.author or "d")[:1]
    document.add_comment(runs, text=annotation.text, author=annotation.author or "duizhao", initials=initials)


def _nearest_runs(offset: int, placed: list[tuple[int, int, Run]]) -> list[Run]:
    """For an annotation outside every block (e.g. on a blank line): the closest run."""
    if not placed:
        return []
    _, _, run = min(placed, key=lambda item: min(abs(item[0] - offset), abs(item[1] - offset)))
    return [run]
