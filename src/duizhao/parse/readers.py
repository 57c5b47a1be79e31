"""Read a material from disk into text: .txt / .md in any common Chinese encoding, or .docx.

Hostile input is refused here with an `InputError` in Chinese: missing files, folders, empty or
oversized files, binaries, unknown formats, encrypted or corrupt Word files, zip bombs and XML
with a DOCTYPE or entities.
"""

from __future__ import annotations

import codecs
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from duizhao.errors import InputError
from duizhao.parse.damage import common_share

if TYPE_CHECKING:  # loaded only when a .docx is read
    from docx.document import Document
    from docx.oxml.table import CT_Tbl
    from docx.oxml.text.paragraph import CT_P
    from docx.text.paragraph import Paragraph
    from lxml import etree

MAX_INPUT_BYTES = 20 * 1024 * 1024  # any file we read
MAX_DOCX_UNCOMPRESSED = 200 * 1024 * 1024  # all parts of a .docx together, once unpacked
MAX_DOCX_RATIO = 100  # uncompressed/compressed size of one part; zip bombs go far above
MAX_DOCX_ENTRIES = 2000
BIG5_MARGIN = 0.15  # how much more of the Big5 reading must be common characters to prefer it

TEXT_FORMATS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md"}
DOCX_FORMATS = {".docx": "docx"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class RawDocument:
    """A file's decoded text before cleaning."""

    text: str
    format: str  # txt | md | docx
    name: str  # the file name, for messages and reports
    encoding: str = ""  # how a text file was decoded
    notes: list[str] = field(default_factory=list)  # Chinese remarks about the reading itself
    # For .docx: line index -> heading level taken from the paragraph style, markdown-like
    # (1 = the document title, 2 = a level-1 heading, …), for headings that carry no number.
    outline: dict[int, int] = field(default_factory=dict)


def read_document(path: str | Path) -> RawDocument:
    path = Path(path)
    name = path.name
    if not path.exists():
        raise InputError(str(path), "文件不存在")
    if path.is_dir():
        raise InputError(str(path), "这是一个文件夹，不是文件")
    suffix = path.suffix.lower()
    if suffix not in TEXT_FORMATS and suffix not in DOCX_FORMATS:
        known = "、".join([*TEXT_FORMATS, *DOCX_FORMATS])
        raise InputError(str(path), f"不支持的文件格式“{suffix or '（无扩展名）'}”，可读取：{known}")
    try:
        size = path.stat().st_size
    except OSError as error:
        raise InputError(str(path), f"无法读取文件（{error.strerror or error}）") from error
    if size == 0:
        raise InputError(str(path), "文件是空的")
    if size > MAX_INPUT_BYTES:
        raise InputError(
            str(path), f"文件太大（{size / 1024 / 1024:.1f} MB），上限为 {MAX_INPUT_BYTES // 1024 // 1024} MB"
        )
    if suffix in DOCX_FORMATS:
        text, outline = _read_docx(path)
        return RawDocument(text=text, format="docx", name=name, outline=outline)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(str(path), f"无法读取文件（{error.strerror or error}）") from error
    text, encoding = decode_text(data, str(path))
    if not text.strip():
        raise InputError(str(path), "文件里没有文字")
    return RawDocument(text=text, format=TEXT_FORMATS[suffix], name=name, encoding=encoding)


# ---------------------------------------------------------------- plain text

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]


def decode_text(data: bytes, where: str = "") -> tuple[str, str]:
    """Decode bytes of a text file: BOM, then strict UTF-8, then UTF-16 recognised by its NUL
    bytes, then GB18030 (a superset of GBK and GB2312). Binary data is refused."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise InputError(where, f"文件以 {encoding} 标记开头，但内容无法按此编码解码") from error
    sample = data[:65536]
    if b"\x00" not in sample:
        try:
            return _check_text(data.decode("utf-8"), where), "utf-8"
        except UnicodeDecodeError:
            pass
        return _decode_double_byte(data, where)
    utf16 = _utf16_guess(sample)
    if utf16:
        try:
            return _check_text(data.decode(utf16), where), utf16
        except UnicodeDecodeError:
            pass
    raise InputError(where, "这是二进制文件，不是文本文件")


def _decode_double_byte(data: bytes, where: str) -> tuple[str, str]:
    """GB18030 (a superset of GBK and GB2312), unless the file is Big5 (traditional characters,
    from Hong Kong, Macao or Taiwan sources). Big5 bytes usually decode as GB18030 too, into
    rare characters (乱码), so when both decode, the reading made of common characters wins;
    GB18030 keeps ties."""
    readings = []
    for encoding in ("gb18030", "big5"):
        try:
            readings.append((encoding, data.decode(encoding)))
        except UnicodeDecodeError:
            continue
    if not readings:
        raise InputError(where, "无法识别文件的文字编码（不是 UTF-8、GBK/GB18030、Big5 或 UTF-16），可能是二进制文件")
    encoding, text = readings[0]
    if len(readings) == 2 and common_share(readings[1][1][:20000]) > common_share(text[:20000]) + BIG5_MARGIN:
        encoding, text = readings[1]
    return _check_text(text, where), encoding


def _utf16_guess(sample: bytes) -> str | None:
    """Text with NUL bytes may be UTF-16 without a BOM: decode it both ways and keep the reading
    that is mostly Chinese, ASCII and punctuation. Binary data reads as neither."""
    sample = sample[: len(sample) - len(sample) % 2]
    best, best_score = None, 0.0
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        plausible = sum(
            1
            for ch in text
            if "\u4e00" <= ch <= "\u9fff"
            or " " <= ch <= "~"
            or ch in "\n\r\t"
            or "\u3000" <= ch <= "\u303f"
            or "\uff00" <= ch <= "\uffef"
        )
        score = plausible / max(1, len(text))
        if score > best_score:
            best, best_score = encoding, score
    return best if best_score >= 0.9 else None


_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f]")  # control characters other than \t \n \v \f \r


def _check_text(text: str, where: str) -> str:
    """Refuse decoded text that is mostly control characters (a binary file that happens to decode)."""
    sample = text[:20000]
    controls = len(_CONTROLS.findall(sample))
    if sample and controls > 0.05 * len(sample):
        raise InputError(where, "这是二进制文件，不是文本文件")
    return text


# ---------------------------------------------------------------- .docx


def _read_docx(path: Path) -> tuple[str, dict[int, int]]:
    where = str(path)
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head == OLE_MAGIC:
        raise InputError(where, "这是加密的或旧版（.doc）Word 文件，请在 Word 中解除密码或另存为 .docx 后再试")
    if not zipfile.is_zipfile(path):
        raise InputError(where, "文件已损坏，不是有效的 .docx（不是 zip 包）")
    try:
        with zipfile.ZipFile(path) as archive:
            _check_zip(archive, where)
            _check_xml_parts(archive, where)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError) as error:
        raise InputError(where, f"文件已损坏，无法解压（{error}）") from error
    try:
        import docx  # python-docx; imported here so the text path stays light
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as error:  # pragma: no cover - it is a pinned dependency
        raise InputError(where, "缺少 python-docx，无法读取 .docx") from error
    try:
        document = docx.Document(str(path))
    except PackageNotFoundError as error:
        raise InputError(where, "文件已损坏，不是有效的 Word 文档") from error
    except (KeyError, ValueError, zipfile.BadZipFile) as error:
        raise InputError(where, f"文件已损坏，无法读取 Word 内容（{error}）") from error
    except Exception as error:  # lxml syntax errors and the like: still the file's fault
        raise InputError(where, f"文件已损坏，无法读取 Word 内容（{type(error).__name__}）") from error
    lines, outline = _docx_lines(document)
    return "\n".join(lines), outline


def _check_zip(archive: zipfile.ZipFile, where: str) -> None:
    entries = archive.infolist()
    if len(entries) > MAX_DOCX_ENTRIES:
        raise InputError(where, f"文件内部条目过多（{len(entries)} 个），拒绝读取")
    total = 0
    for entry in entries:
        total += entry.file_size
        if (
            entry.compress_size
            and entry.file_size / entry.compress_size > MAX_DOCX_RATIO
            and entry.file_size > 1024 * 1024
        ):
            raise InputError(where, f"文件内部压缩比异常（{entry.filename}），疑似压缩炸弹，拒绝读取")
        if entry.compress_size == 0 and entry.file_size > 1024 * 1024:
            raise InputError(where, f"文件内部大小异常（{entry.filename}），拒绝读取")
    if total > MAX_DOCX_UNCOMPRESSED:
        raise InputError(where, f"文件解压后过大（{total / 1024 / 1024:.0f} MB），疑似压缩炸弹，拒绝读取")
    if "word/document.xml" not in archive.namelist():
        raise InputError(where, "文件已损坏，不是有效的 Word 文档（缺少正文 word/document.xml）")


def _check_xml_parts(archive: zipfile.ZipFile, where: str) -> None:
    """Refuse any XML part with a DOCTYPE or entity declarations (XXE, billion laughs)."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    for entry in archive.infolist():
        if not entry.filename.endswith((".xml", ".rels")):
            continue
        data = archive.read(entry)
        try:
            fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        except DefusedXmlException as error:
            raise InputError(
                where, f"文件含有不安全的 XML 声明（DOCTYPE/实体，位于 {entry.filename}），拒绝读取"
            ) from error
        except ParseError as error:
            raise InputError(where, f"文件已损坏，XML 无法解析（{entry.filename}）") from error


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN = "零一二三四五六七八九"


def _chinese_number(n: int) -> str:
    if n <= 0 or n >= 100:
        return str(n)
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else _CN[tens] + "十")) + (_CN[ones] if ones else "")


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting"):
        return _chinese_number(n)
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return "甲乙丙丁戊己庚辛壬癸"[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return f"{n}."  # ⒈ is one character the parser would not take for "1."
    if fmt == "ideographDigital":
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt == "chineseLegalSimplified" and 1 <= n <= 10:
        return "壹贰叁肆伍陆柒捌玖拾"[n - 1]
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter") and 1 <= n <= 26:
        letter = chr(ord("a") + n - 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate({ord(d): chr(0xFF10 + int(d)) for d in "0123456789"})
    return str(n)


class _DocxNumbering:
    """Word's automatic numbering (numbering.xml): python-docx gives a paragraph's text without
    its number, so the number a reader sees ("一、", "（二）", "3.") is rebuilt here."""

    def __init__(self, document: Document) -> None:
        self.nums: dict[str, tuple[str, dict[int, tuple[str, str, int]]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError, ValueError):
            return
        abstract = {}
        for node in root.findall(_W + "abstractNum"):
            levels = {}
            for lvl in node.findall(_W + "lvl"):
                fmt = self._val(lvl, "numFmt") or "decimal"
                text = self._val(lvl, "lvlText") or ""
                start = self._val(lvl, "start")
                levels[int(lvl.get(_W + "ilvl", "0"))] = (fmt, text, int(start) if start and start.isdigit() else 1)
            abstract[node.get(_W + "abstractNumId")] = levels
        for num in root.findall(_W + "num"):
            ref = num.find(_W + "abstractNumId")
            if ref is not None:
                key = ref.get(_W + "val")
                levels = dict(abstract.get(key, {}))
                # A list that restarts (<w:lvlOverride><w:startOverride w:val="1"/>) counts on its own.
                for override in num.findall(_W + "lvlOverride"):
                    start = self._val(override, "startOverride")
                    level = int(override.get(_W + "ilvl", "0"))
                    if start and start.isdigit() and level in levels:
                        fmt, text, _ = levels[level]
                        levels[level] = (fmt, text, int(start))
                        key = f"{key}/{num.get(_W + 'numId')}"
                self.nums[num.get(_W + "numId")] = (key, levels)

    @staticmethod
    def _val(node: etree._Element, tag: str) -> str | None:
        child = node.find(_W + tag)
        return child.get(_W + "val") if child is not None else None

    def _num_pr(self, paragraph: Paragraph) -> Any:  # CT_NumPr | None: python-docx types CT_PPr.numPr as its descriptor
        p_pr = paragraph._p.pPr
        if p_pr is not None and p_pr.numPr is not None:
            return p_pr.numPr
        style = paragraph.style
        for _ in range(6):  # follow basedOn a few steps
            if style is None:
                return None
            p_pr = style.element.pPr
            if p_pr is not None and p_pr.numPr is not None:
                return p_pr.numPr
            style = style.base_style
        return None

    def marker(self, paragraph: Paragraph) -> str:
        if not self.nums:
            return ""
        try:
            num_pr = self._num_pr(paragraph)
        except (AttributeError, KeyError, ValueError):
            return ""
        if num_pr is None or num_pr.numId is None:
            return ""
        num_id = str(num_pr.numId.val)
        level = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
        if num_id not in self.nums:
            return ""
        key, levels = self.nums[num_id]
        if level not in levels:
            return ""
        fmt, text, start = levels[level]
        counts = self.counters.setdefault(key, {})
        counts[level] = counts.get(level, start - 1) + 1
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]
        if fmt in ("bullet", "none") or not text:
            return ""

        def number(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            k_fmt, _, k_start = levels.get(k, ("decimal", "", 1))
            return _format_number(counts.get(k, k_start), k_fmt)

        return re.sub(r"%(\d)", number, text)


_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)


def _style_level(paragraph: Paragraph) -> int:
    """Markdown-like level of a paragraph from its style: Title → 1, Heading N → N + 1."""
    try:
        name = (paragraph.style.name or "").strip() if paragraph.style is not None else ""
    except (KeyError, ValueError, AttributeError):
        return 0
    if name.lower() in ("title", "标题"):
        return 1
    match = _HEADING_STYLE.match(name)
    return min(int(match.group(1)) + 1, 5) if match else 0


_WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MARKUP = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_NAMESPACES = {"w": _WORD, "mc": _MARKUP}
# Text a reader sees: runs anywhere in the paragraph (tracked insertions, smart tags, simple
# fields, hyperlinks), but not deleted or moved-away text, nor text boxes (read on their own), nor
# the fallback copy of a drawing.
_SKIP_IN_BOX = "not(ancestor::w:del) and not(ancestor::w:moveFrom) and not(ancestor::mc:Fallback)"
_SKIP = _SKIP_IN_BOX + " and not(ancestor::w:txbxContent)"


def _text_nodes(skip: str) -> str:
    return " | ".join(f".//w:r/w:{tag}[{skip}]" for tag in ("t", "tab", "br", "cr", "noBreakHyphen"))


_TEXT_BOXES = ".//w:txbxContent[not(ancestor::mc:Fallback) and not(ancestor::w:txbxContent)]"


@lru_cache(maxsize=8)
def _xpath(expression: str) -> etree.XPath:
    from lxml import etree  # python-docx's XML library, loaded only when a .docx is read

    return etree.XPath(expression, namespaces=_NAMESPACES)


def paragraph_text(p: etree._Element, in_text_box: bool = False) -> str:
    """The text of a w:p element. python-docx's `Paragraph.text` leaves out tracked insertions
    (w:ins), smart tags and simple fields, which real edited documents are full of."""
    parts = []
    for node in _xpath(_text_nodes(_SKIP_IN_BOX if in_text_box else _SKIP))(p):
        tag = node.tag.rsplit("}", 1)[-1]
        if tag == "t":
            parts.append(node.text or "")
        elif tag == "tab":
            parts.append("\t")
        elif tag == "noBreakHyphen":
            parts.append("-")
        elif tag == "cr" or node.get(f"{{{_WORD}}}type") in (None, "textWrapping"):
            parts.append("\n")
    return "".join(parts)


def _text_box_lines(p: etree._Element) -> list[str]:
    """Paragraphs in the text boxes anchored in a paragraph (a title set in a box)."""
    lines = []
    for box in _xpath(_TEXT_BOXES)(p):
        for inner in _xpath("./w:p")(box):
            text = paragraph_text(inner, in_text_box=True)
            if text.strip():
                lines.append(text)
    return lines


def _body_blocks(parent: etree._Element, depth: int = 0) -> Iterator[etree._Element]:
    """Paragraphs and tables of the body in order, including those wrapped in content controls
    (w:sdt, which Word and WPS templates put around whole passages) or custom XML."""
    for child in parent.iterchildren():
        tag = str(child.tag).rsplit("}", 1)[-1]  # lxml types a tag as str, bytes or QName: a str here
        if tag in ("p", "tbl"):
            yield child
        elif tag in ("sdt", "sdtContent", "customXml") and depth < 8:
            yield from _body_blocks(child, depth + 1)


def _docx_lines(document: Document) -> tuple[list[str], dict[int, int]]:
    """Paragraphs and tables of the body in document order, automatic numbers put back in front of
    their paragraphs; a table row becomes one line with its cells separated by “ | ”. Heading
    styles are returned as outline levels by line index."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    outline: dict[int, int] = {}
    line_number = 0
    numbering = _DocxNumbering(document)
    for child in _body_blocks(document.element.body):
        tag = str(child.tag).rsplit("}", 1)[-1]  # lxml types a tag as str, bytes or QName: a str here
        if tag == "p":
            paragraph = Paragraph(cast("CT_P", child), document)  # python-docx's class for a w:p
            for box_text in _text_box_lines(child):
                lines.append(box_text)
                line_number += box_text.count("\n") + 1
            text = paragraph_text(child)
            marker = numbering.marker(paragraph)
            if marker and text.strip() and not text.lstrip().startswith(marker):
                text = marker + text
            level = _style_level(paragraph)
            if level and text.strip():
                outline[line_number] = level
            lines.append(text)
            line_number += text.count("\n") + 1
        elif tag == "tbl":
            for row in Table(cast("CT_Tbl", child), document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = " ".join(paragraph_text(p._p).strip() for p in cell.paragraphs).strip()
                    if not cells or text != cells[-1]:  # merged cells repeat themselves
                        cells.append(text)
                row_text = " | ".join(cells).replace("\n", " ")
                lines.append(row_text)
                line_number += 1
    return lines, outline
