"""The parts of an Office package (.docx/.xlsx), read as streams with bounded memory.

* XML parts are checked by expat in 64 KiB pieces without building a tree: DOCTYPE and entity
  declarations are refused (XXE, billion laughs); memory stays flat however large the part.
* Relationship parts (`*.rels`): a target outside the file (`TargetMode="External"`) other than a
  hyperlink is refused: an attached template `file://server/share/evil.dotm`, a linked picture or
  OLE object makes Word reach out to another computer when the file is opened.
* Every other part is recognised by its content, not its name: an OLE compound file (a VBA
  project stored as `media/image1.png`, an embedded object) is refused; oletools tells a macro
  project from another embedded object for the message.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from typing import NoReturn
from xml.parsers import expat

CHUNK = 64 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE_ANALYSED_BYTES = 20_000_000  # larger compound files are refused without asking oletools
_HYPERLINK = "/hyperlink"


class PartRefused(Exception):
    """The message is Chinese, for the user."""


def _stream(package: zipfile.ZipFile, entry: zipfile.ZipInfo) -> Iterator[bytes]:
    """The entry's bytes in pieces, never more than its declared size (the directory may lie);
    reading to the end checks the CRC."""
    remaining = entry.file_size
    with package.open(entry) as handle:
        while True:
            piece = handle.read(CHUNK)
            if not piece:
                return
            remaining -= len(piece)
            if remaining < 0:
                raise PartRefused("压缩包目录与内容不符，疑似恶意文件")
            yield piece


def _refuse_declaration(*args: object) -> NoReturn:
    raise PartRefused("文件的 XML 部件含有 DOCTYPE 或实体声明（可能用于读取服务器文件），已拒绝")


def check_xml_part(package: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_declaration
    parser.EntityDeclHandler = _refuse_declaration
    parser.UnparsedEntityDeclHandler = _refuse_declaration
    parser.ExternalEntityRefHandler = _refuse_declaration
    external: list[str] = []
    if entry.filename.lower().endswith(".rels"):

        def relationship(name: str, attributes: dict[str, str]) -> None:
            if (
                name.rsplit("}", 1)[-1].endswith("Relationship")
                and attributes.get("TargetMode") == "External"
                and not (attributes.get("Type") or "").endswith(_HYPERLINK)
            ):
                external.append((attributes.get("Type") or "").rsplit("/", 1)[-1])

        parser.StartElementHandler = relationship
    try:
        for piece in _stream(package, entry):
            parser.Parse(piece, False)
        parser.Parse(b"", True)
    except expat.ExpatError:
        raise PartRefused(f"文件已损坏（部件 {entry.filename} 不是有效的 XML）") from None
    if external:
        raise PartRefused(
            f"文件含有指向外部的链接（{external[0] or '外部对象'}，如附加模板、链接的图片或对象），"
            "打开时会访问其他电脑，已拒绝；请删除链接或另存为普通文档后再上传"
        )


def check_binary_part(package: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    """Stream the part to the end (CRC) and look at what it is, whatever its name says."""
    head = b""
    kept = bytearray()
    for piece in _stream(package, entry):
        if not head:
            head = piece[:8]
        if head == OLE_MAGIC and len(kept) <= OLE_ANALYSED_BYTES:
            kept.extend(piece)
    if head == OLE_MAGIC:
        what = "宏（VBA 工程）" if _has_vba(entry.filename, bytes(kept)) else "嵌入的 OLE 对象"
        raise PartRefused(f"文件内含{what}（部件 {entry.filename}），已拒绝；请删除后另存为 .docx / .xlsx")


def _has_vba(name: str, data: bytes) -> bool:
    if len(data) > OLE_ANALYSED_BYTES:
        return False
    try:
        from oletools.olevba import VBA_Parser  # type: ignore[import-untyped]

        parser = VBA_Parser(name, data=data)
        try:
            return bool(parser.detect_vba_macros())
        finally:
            parser.close()
    except Exception:  # noqa: BLE001  oletools could not read it: still an OLE file, refused as such
        return False
