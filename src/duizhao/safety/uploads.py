"""Check one uploaded file before anything stores or parses it.

`validate_upload(name, data, allowed=..., max_bytes=...)` never raises for bad content: it
returns an `UploadCheck` whose `reason` is a Chinese sentence for the user when the file is
refused. Refused are: empty or oversized files, unknown or unwanted kinds, macro-enabled and
legacy Office formats, content that does not match the extension (magic bytes), zip bombs
(judged from the zip directory before anything is inflated), encrypted or path-traversing zip
entries, more XML than readers should parse, XML parts with a DOCTYPE or entity declaration,
external relationships (attached templates, linked objects), embedded macros / ActiveX / OLE
objects whatever their part is named (safety.office), PDFs with JavaScript, launch or embedded-file
actions after decoding (safety.pdf), pixel bombs, and text that is not decodable or is binary.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as SafeET

from duizhao.errors import InputError
from duizhao.safety import office
from duizhao.safety.limits import Limits, limits
from duizhao.safety.names import extension, safe_filename
from duizhao.safety.pdf import PdfUnreadable, pdf_active_content

# extension -> kind
EXTENSION_KIND = {
    "docx": "docx",
    "xlsx": "xlsx",
    "pdf": "pdf",
    "png": "png",
    "jpg": "jpg",
    "jpeg": "jpg",
    "txt": "txt",
    "md": "md",
    "csv": "csv",
}
KIND_LABEL = {
    "docx": "Word 文档 (.docx)",
    "xlsx": "Excel 表格 (.xlsx)",
    "pdf": "PDF 文件",
    "png": "PNG 图片",
    "jpg": "JPEG 图片",
    "txt": "纯文本 (.txt)",
    "md": "Markdown 文本 (.md)",
    "csv": "CSV 表格",
    "zip": "压缩包或 Office 文档",
    "ole": "旧版 Office 文件 (.doc/.xls)",
    "gif": "GIF 图片",
    "text": "纯文本",
    "unknown": "无法识别的二进制内容",
}
MACRO_EXTENSIONS = {"docm", "dotm", "xlsm", "xltm", "xlsb", "xlam", "pptm", "potm", "ppsm", "ppam"}
LEGACY_EXTENSIONS = {"doc", "dot", "xls", "xlt", "ppt", "wps", "et", "dps", "rtf"}
TEXT_KINDS = {"txt", "md", "csv"}
ZIP_KINDS = {"docx", "xlsx"}

# Sets for the callers: what each upload accepts.
MATERIAL_KINDS = frozenset({"docx", "txt", "md"})
LEDGER_KINDS = frozenset({"xlsx"})
EVIDENCE_KINDS = frozenset({"pdf", "docx", "xlsx", "png", "jpg", "txt"})

_XML_PART = re.compile(r"\.(xml|rels|vml)$", re.IGNORECASE)
_EXECUTABLE_PART = re.compile(
    r"(^|/)(vbaproject\.bin|vbadata\.xml|activex[^/]*\.(bin|xml)|oleobject[^/]*\.bin)$", re.IGNORECASE
)
_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia)\b")
_MAIN_TYPES = {
    "wordprocessingml.document.main+xml": "docx",
    "wordprocessingml.template.main+xml": "docx",
    "spreadsheetml.sheet.main+xml": "xlsx",
    "spreadsheetml.template.main+xml": "xlsx",
}
_REL_OFFICE_DOCUMENT = "/officeDocument"


class UploadRefused(InputError):
    """An upload that `validate_upload` refused; `reason` is the Chinese message."""


@dataclass(frozen=True)
class UploadCheck:
    ok: bool
    safe_name: str
    kind: str | None = None  # docx / xlsx / pdf / png / jpg / txt / md / csv when ok
    size: int = 0
    sha256: str = ""
    reason: str | None = None  # Chinese, for the user, when refused

    def raise_if_refused(self) -> UploadCheck:
        if not self.ok:
            raise UploadRefused(self.safe_name, self.reason or "文件被拒绝")
        return self


class _Refuse(Exception):
    pass


def validate_upload(
    name: str | None, data: bytes, *, allowed: set[str] | frozenset[str], max_bytes: int | None = None
) -> UploadCheck:
    safe = safe_filename(name)
    try:
        kind = _check(safe, data, set(allowed), max_bytes or limits().max_bytes)
    except _Refuse as refusal:
        return UploadCheck(ok=False, safe_name=safe, size=len(data), reason=str(refusal))
    return UploadCheck(ok=True, safe_name=safe, kind=kind, size=len(data), sha256=hashlib.sha256(data).hexdigest())


def _allowed_text(allowed: set[str]) -> str:
    return "、".join(KIND_LABEL.get(kind, kind) for kind in sorted(allowed))


def _check(safe: str, data: bytes, allowed: set[str], max_bytes: int) -> str:
    ext = extension(safe)
    if ext in MACRO_EXTENSIONS:
        raise _Refuse(f"不接受含宏的文件格式 .{ext}，请另存为 .docx 或 .xlsx 后再上传")
    if ext in LEGACY_EXTENSIONS:
        raise _Refuse(f"不接受旧版格式 .{ext}，请另存为 .docx 或 .xlsx 后再上传")
    kind = EXTENSION_KIND.get(ext)
    if kind is None or kind not in allowed:
        raise _Refuse(f"不支持的文件类型{('.' + ext) if ext else '（无扩展名）'}，只接受：{_allowed_text(allowed)}")
    if not data:
        raise _Refuse("文件为空")
    if len(data) > max_bytes:
        raise _Refuse(f"文件过大（{_megabytes(len(data))}），上限为 {_megabytes(max_bytes)}")
    actual = sniff(data)
    expected = "zip" if kind in ZIP_KINDS else ("text" if kind in TEXT_KINDS else kind)
    if expected == "text" and actual == "unknown":
        raise _Refuse("文本编码无法识别或含有二进制内容，请另存为 UTF-8 编码的文本")
    if actual != expected:
        raise _Refuse(f"文件内容与扩展名 .{ext} 不符（内容是{KIND_LABEL.get(actual, actual)}），请检查文件")
    try:
        if kind in ZIP_KINDS:
            found = _check_office_zip(data)
            if found != kind:
                raise _Refuse(f"文件内容与扩展名 .{ext} 不符（内容是{KIND_LABEL.get(found, found)}）")
        elif kind in TEXT_KINDS:
            _check_text(data)
        elif kind == "pdf":
            _check_pdf(data)
        elif kind in {"png", "jpg"}:
            _check_image(kind, data)
    except _Refuse:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        OSError,
        ValueError,
        struct.error,
        zlib.error,
        RuntimeError,
        NotImplementedError,
        IndexError,
        KeyError,
        ParseError,
    ):
        raise _Refuse(f"文件已损坏或格式无效，无法作为{KIND_LABEL[kind]}读取") from None
    return kind


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def sniff(data: bytes) -> str:
    """What the bytes are, from their magic number: zip, pdf, png, jpg, gif, ole, text or unknown."""
    head = data[:8]
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if decode_text(data[:65536], partial=True) is not None:
        return "text"
    return "pdf" if b"%PDF-" in data[:1024] else "unknown"


def decode_text(data: bytes, partial: bool = False) -> str | None:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030; None when none decodes.
    `partial` allows a multi-byte character cut at the end of a sample."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    elif data.startswith(b"\xef\xbb\xbf"):
        encodings = ["utf-8-sig"]
    else:
        encodings = ["utf-8", "gb18030"]
    for encoding in encodings:
        for cut in range(4) if partial else (0,):
            try:
                text = (data[: len(data) - cut] if cut else data).decode(encoding)
            except UnicodeDecodeError:
                continue
            if "\x00" not in text:
                return text
    return None


def _check_text(data: bytes) -> None:
    text = decode_text(data)
    if text is None:
        raise _Refuse("文本编码无法识别或含有二进制内容，请另存为 UTF-8 编码的文本")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f") + text.count("\x7f")
    if text and controls / len(text) > limits().text_max_control_ratio:
        raise _Refuse("文本中含有大量控制字符，疑似二进制文件")


def _check_office_zip(data: bytes) -> str:
    lim = limits()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        entries = package.infolist()
        if len(entries) > lim.zip_max_entries:
            raise _Refuse(f"压缩包内文件过多（{len(entries)} 个），疑似恶意文件")
        total = sum(entry.file_size for entry in entries)
        packed = sum(entry.compress_size for entry in entries)
        if total > lim.zip_max_total_uncompressed:
            raise _Refuse(f"解压后过大（{_megabytes(total)}），疑似“压缩炸弹”，已拒绝")
        if total > lim.zip_ratio_applies_above and total > lim.zip_max_ratio * max(packed, 1):
            raise _Refuse(f"压缩比异常（{total / max(packed, 1):.0f} 倍），疑似“压缩炸弹”，已拒绝")
        names = set()
        for entry in entries:
            _check_entry(entry, lim)
            names.add(entry.filename)
        if "[Content_Types].xml" not in names:
            raise _Refuse("不是有效的 Office 文档（缺少 [Content_Types].xml）")
        xml_total = sum(entry.file_size for entry in entries if _XML_PART.search(entry.filename))
        if xml_total > lim.zip_max_parsed_xml_total:
            raise _Refuse(
                f"文档的文字与格式部分解压后共 {_megabytes(xml_total)}，超过上限 "
                f"{_megabytes(lim.zip_max_parsed_xml_total)}，疑似恶意文件，已拒绝"
            )
        try:
            for entry in entries:
                if _XML_PART.search(entry.filename):
                    office.check_xml_part(package, entry)
                else:
                    office.check_binary_part(package, entry)
        except office.PartRefused as refusal:
            raise _Refuse(str(refusal)) from None
        return _office_kind(package, names)


def _check_entry(entry: zipfile.ZipInfo, lim: Limits) -> None:
    name = entry.filename
    if (
        name.startswith(("/", "\\"))
        or "\\" in name
        or re.match(r"^[A-Za-z]:", name)
        or ".." in posixpath.normpath(name).split("/")
        or "\x00" in name
    ):
        raise _Refuse("压缩包内含有越界路径，已拒绝")
    if entry.flag_bits & 0x1:
        raise _Refuse("文件已加密，请取消密码保护后再上传")
    if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise _Refuse("压缩方式不受支持，请用 Word/Excel/WPS 重新另存后再上传")
    if entry.file_size > lim.zip_max_entry_uncompressed:
        raise _Refuse(f"压缩包内单个部件解压后过大（{_megabytes(entry.file_size)}），疑似“压缩炸弹”")
    if entry.file_size > lim.zip_ratio_applies_above and entry.file_size > lim.zip_max_ratio * max(
        entry.compress_size, 1
    ):
        raise _Refuse("压缩比异常，疑似“压缩炸弹”，已拒绝")
    if _EXECUTABLE_PART.search(name):
        raise _Refuse("文件内含宏、ActiveX 控件或可执行的嵌入对象，已拒绝；请删除后另存为 .docx / .xlsx")


def _office_kind(package: zipfile.ZipFile, names: set[str]) -> str:
    content_types = SafeET.fromstring(package.read("[Content_Types].xml"), forbid_dtd=True)
    declared = {}
    for element in content_types:
        part = element.get("PartName")
        if part:
            declared[part.lstrip("/")] = element.get("ContentType", "")
    if any("macroenabled" in value.lower() or "vbaproject" in value.lower() for value in declared.values()):
        raise _Refuse("文件是含宏的格式，已拒绝；请另存为 .docx / .xlsx")
    main = _main_part(package, names)
    if main is None:
        raise _Refuse("不是有效的 Office 文档（找不到正文部件）")
    content_type = declared.get(main, "")
    for suffix, kind in _MAIN_TYPES.items():
        if content_type.endswith(suffix):
            if main not in names:
                raise _Refuse("不是有效的 Office 文档（正文部件缺失）")
            return kind
    if "presentationml" in content_type:
        return "pptx"
    return "zip"


def _main_part(package: zipfile.ZipFile, names: set[str]) -> str | None:
    if "_rels/.rels" not in names:
        return None
    rels = SafeET.fromstring(package.read("_rels/.rels"), forbid_dtd=True)
    for rel in rels:
        if (rel.get("Type") or "").endswith(_REL_OFFICE_DOCUMENT) and rel.get("TargetMode") != "External":
            return posixpath.normpath((rel.get("Target") or "").lstrip("/"))
    return None


def _check_pdf(data: bytes) -> None:
    match = _PDF_ACTIVE.search(data)  # also what the decoder below might skip in a damaged file
    try:
        found = match.group(1).decode() if match else pdf_active_content(data)
    except PdfUnreadable as refusal:
        raise _Refuse(str(refusal)) from None
    if found:
        raise _Refuse(f"PDF 文件含有脚本或嵌入动作（{found}），已拒绝；请用“打印为 PDF”重新生成")


def _check_image(kind: str, data: bytes) -> None:
    width, height = _png_size(data) if kind == "png" else _jpeg_size(data)
    if width <= 0 or height <= 0:
        raise ValueError("no size")
    if width * height > limits().image_max_pixels:
        raise _Refuse(f"图片尺寸过大（{width}×{height} 像素），已拒绝")


def _png_size(data: bytes) -> tuple[int, int]:
    if data[12:16] != b"IHDR":
        raise ValueError("no IHDR")
    return struct.unpack(">II", data[16:24])


def _jpeg_size(data: bytes) -> tuple[int, int]:
    """Width and height from the first SOF marker."""
    position = 2
    while position + 9 < len(data):
        if data[position] != 0xFF:
            raise ValueError("bad marker")
        marker = data[position + 1]
        if marker == 0xFF:
            position += 1
            continue
        length = struct.unpack(">H", data[position + 2 : position + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            return width, height
        if length < 2:
            raise ValueError("bad length")
        position += 2 + length
    raise ValueError("no SOF")


def validate_uploaded_file(
    upload: Any, *, allowed: set[str] | frozenset[str], max_bytes: int | None = None
) -> tuple[UploadCheck, bytes]:
    """The same check for an uploaded file object (`.name`, `.size`, `.chunks()`, as Django's
    UploadedFile has): refuses an oversized upload before reading it into memory."""
    max_bytes = max_bytes or limits().max_bytes
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        return UploadCheck(
            ok=False,
            safe_name=safe_filename(getattr(upload, "name", "")),
            size=size,
            reason=f"文件过大（{_megabytes(size)}），上限为 {_megabytes(max_bytes)}",
        ), b""
    data = b"".join(upload.chunks())
    return validate_upload(getattr(upload, "name", ""), data, allowed=allowed, max_bytes=max_bytes), data
