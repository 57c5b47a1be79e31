"""Builders of hostile and broken files for the security tests (all generated in memory)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import docx
import openpyxl

from needed import SAMPLES  # noqa: F401  (re-exported for the security tests)


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
        name_length = struct.unpack("<H", buffer[position + 28 : position + 30])[0]
        name = bytes(buffer[position + 46 : position + 46 + name_length]).decode()
        if name == part:
            buffer[position + 24 : position + 28] = struct.pack("<I", size)
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


PDF_SCRIPT = b"%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\n%%EOF\n"
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
HTML_PAGE = b"<html><script>alert(document.cookie)</script></html>"


# ---------------------------------------------------------------- issue 13: what the probe got accepted


def real_pdf(extra_catalog: dict | None = None, *, object_streams: bool = False) -> bytes:
    """A one-page PDF written by pikepdf; `extra_catalog` entries become indirect objects (in a
    compressed object stream when object_streams is set)."""
    import io

    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    for key, value in (extra_catalog or {}).items():
        pdf.Root[key] = pdf.make_indirect(value)
    out = io.BytesIO()
    mode = pikepdf.ObjectStreamMode.generate if object_streams else pikepdf.ObjectStreamMode.disable
    pdf.save(out, object_stream_mode=mode, compress_streams=object_streams, qdf=not object_streams)
    return out.getvalue()


def pdf_with_escaped_names() -> tuple[bytes, bytes]:
    """/J#61vaScript and /L#61unch: the same names written with #xx escapes (no byte search finds them)."""
    import pikepdf

    script = real_pdf({"/OpenAction": pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))})
    launch = real_pdf({"/OpenAction": pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe"))})
    script = script.replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS ", b"/J#53 ")
    launch = launch.replace(b"/Launch", b"/L#61unch")
    assert b"/JavaScript" not in script and b"/Launch" not in launch
    return script, launch


def pdf_with_script_in_object_stream() -> bytes:
    import pikepdf

    data = real_pdf(
        {"/OpenAction": pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))},
        object_streams=True,
    )
    assert b"JavaScript" not in data and b"/JS" not in data, "the action must sit in a compressed object stream"
    return data


ATTACHED_TEMPLATE_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"'
    b' Target="file://fileserver/share/evil.dotm" TargetMode="External"/></Relationships>'
)


def docx_with_external_template() -> bytes:
    return rezip(good_docx(), add={"word/_rels/settings.xml.rels": ATTACHED_TEMPLATE_RELS})


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE compound file (CFB v3, 512-byte sectors, every stream padded to 4096 bytes so
    no mini stream is needed). `streams` maps 'STORAGE/name' or 'name' to bytes."""
    import struct

    sector = 512
    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    storages = sorted({path.split("/")[0] for path in streams if "/" in path})
    entries = [{"name": "Root Entry", "type": 5, "children": []}]
    index = {}
    for storage in storages:
        index[storage] = len(entries)
        entries.append({"name": storage, "type": 1, "children": []})
        entries[0]["children"].append(index[storage])
    body = b""
    for path, data in streams.items():
        data = data.ljust(4096, b"\0")
        parent = index[path.split("/")[0]] if "/" in path else 0
        entry = {
            "name": path.split("/")[-1],
            "type": 2,
            "children": [],
            "start": len(body) // sector,
            "size": len(data),
        }
        entries[parent]["children"].append(len(entries))
        entries.append(entry)
        body += data.ljust(-(-len(data) // sector) * sector, b"\0")
    stream_sectors = len(body) // sector
    directory_sectors = -(-len(entries) * 128 // sector)
    fat_sectors = 1
    while (stream_sectors + directory_sectors + fat_sectors) > fat_sectors * 128:
        fat_sectors += 1
    fat = []
    position = 0
    for entry in entries:
        if entry["type"] == 2:
            count = entry["size"] // sector
            fat += [entry["start"] + i + 1 for i in range(count - 1)] + [end]
            position += count
    directory_start = stream_sectors
    fat += [directory_start + i + 1 for i in range(directory_sectors - 1)] + [end]
    fat += [fat_sector] * fat_sectors
    fat += [free] * (fat_sectors * 128 - len(fat))
    directory = b""
    for number, entry in enumerate(entries):
        name = entry["name"].encode("utf-16-le") + b"\0\0"
        child = entry["children"][0] if entry["children"] else free
        right = free
        for siblings in (e["children"] for e in entries):
            if number in siblings and siblings.index(number) + 1 < len(siblings):
                right = siblings[siblings.index(number) + 1]
        directory += (
            name.ljust(64, b"\0")
            + struct.pack("<HBBIII", len(name), entry["type"], 1, free, right, child)
            + b"\0" * 16
            + b"\0" * 4
            + b"\0" * 16
            + struct.pack("<III", entry.get("start", end if entry["type"] == 5 else 0), entry.get("size", 0), 0)
        )
    directory = directory.ljust(directory_sectors * sector, b"\0")
    difat = [stream_sectors + directory_sectors + i for i in range(fat_sectors)] + [free] * (109 - fat_sectors)
    header = (
        bytes.fromhex("d0cf11e0a1b11ae1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, fat_sectors, directory_start, 0, 4096, end, 0, end, 0)
        + struct.pack("<109I", *difat)
    )
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    return header + body + directory + fat_bytes


def vba_project() -> bytes:
    return compound_file(
        {
            "VBA/dir": b"\x01" * 64,
            "VBA/_VBA_PROJECT": b"\xcc\x61" + b"\0" * 5,
            "VBA/Module1": b'Attribute VB_Name = "Module1"',
            "PROJECT": b'ID="{00000000}"\r\nModule=Module1\r\n',
        }
    )


def docx_with_vba_named_as_image() -> bytes:
    return rezip(good_docx(), add={"word/media/image1.png": vba_project()})


PDF_OK = real_pdf()  # a PDF with pages: qpdf refuses one without any as damaged
