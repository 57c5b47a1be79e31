"""Builders of hostile and broken files for the security tests (all generated in memory)."""
from __future__ import annotations

import io
import struct
import zipfile
import zlib

import docx
import openpyxl

from needed import SAMPLES  # noqa: E402,F401  (re-exported for the security tests)


def good_docx(text: str = "关于某单位领导班子对照检查材料的测试段落。") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def good_xlsx(rows=(("序号", "问题", "措施"), (1, "测试问题", "测试措施"))) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, *, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """Copy an Office zip, replacing or adding parts."""
    replace, add = replace or {}, add or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            payload = replace.get(entry.filename, source.read(entry))
            info = zipfile.ZipInfo(entry.filename, date_time=entry.date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, payload)
        for name, payload in add.items():
            target.writestr(name, payload)
    return out.getvalue()


def with_declared_size(data: bytes, part: str, size: int) -> bytes:
    """Patch the central directory so `part` claims `size` uncompressed bytes (a lying directory)."""
    buffer = bytearray(data)
    signature = b"PK\x01\x02"
    position = buffer.find(signature)
    while position != -1:
        name_length = struct.unpack("<H", buffer[position + 28:position + 30])[0]
        name = bytes(buffer[position + 46:position + 46 + name_length]).decode()
        if name == part:
            buffer[position + 24:position + 28] = struct.pack("<I", size)
            return bytes(buffer)
        position = buffer.find(signature, position + 4)
    raise KeyError(part)


def flagged_encrypted(data: bytes) -> bytes:
    """Set the "encrypted" bit of every entry in the local and central headers."""
    buffer = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        position = buffer.find(signature)
        while position != -1:
            buffer[position + offset] |= 0x1
            position = buffer.find(signature, position + 4)
    return bytes(buffer)


def deflate_bomb_docx(megabytes: int = 30) -> bytes:
    """A real bomb: a docx whose extra part inflates from ~30 KB to `megabytes` MB of zeros."""
    return rezip(good_docx(), add={"word/media/padding.xml": b"\0" * (megabytes * 1_000_000)})


XXE_DOCUMENT = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
)

BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
    + b']><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">&lol9;</Types>'
)


def png_header(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = struct.pack(">I", len(ihdr)) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return b"\x89PNG\r\n\x1a\n" + chunk + b"\0\0\0\0IEND\xaeB`\x82"


def jpeg_header(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof + b"\xff\xd9"


PDF_OK = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PDF_SCRIPT = b"%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\n%%EOF\n"
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
HTML_PAGE = b"<html><script>alert(document.cookie)</script></html>"
