"""Active content in a PDF, found after the PDF is decoded (pikepdf/qpdf): names written with
`#xx` escapes (`/J#61vaScript`), objects inside compressed object streams, actions reached
from the catalogue, pages, annotations or form fields. A byte search sees none of these."""

from __future__ import annotations

import io
from typing import Any

import pikepdf

# dictionary keys whose mere presence means a script, an embedded file or rich media
_ACTIVE_KEYS = {
    "/JS": "JavaScript",
    "/JavaScript": "JavaScript",
    "/EmbeddedFile": "EmbeddedFile",
    "/EmbeddedFiles": "EmbeddedFile",
    "/RichMedia": "RichMedia",
    "/Launch": "Launch",
    "/XFA": "XFA",
}
# action types (/S) that run something, open something outside the file or send data out
_ACTIVE_ACTIONS = {
    "/JavaScript": "JavaScript",
    "/Launch": "Launch",
    "/ImportData": "ImportData",
    "/SubmitForm": "SubmitForm",
    "/RichMediaExecute": "RichMedia",
    "/GoToE": "EmbeddedFile",
    "/Rendition": "Rendition",
    "/Sound": "Sound",
    "/Movie": "Movie",
}
_ACTIVE_TYPES = {"/EmbeddedFile": "EmbeddedFile", "/Filespec": None}


class PdfUnreadable(Exception):
    """The PDF is damaged beyond repair, or encrypted; the message is Chinese."""


def _active_in(dictionary: Any) -> str | None:
    for key in dictionary.keys():  # noqa: SIM118  a pikepdf Dictionary, not a dict
        if key in _ACTIVE_KEYS:
            return _ACTIVE_KEYS[key]
    action = dictionary.get("/S")
    if isinstance(action, pikepdf.Name) and str(action) in _ACTIVE_ACTIONS:
        return _ACTIVE_ACTIONS[str(action)]
    kind = dictionary.get("/Type")
    if isinstance(kind, pikepdf.Name) and str(kind) == "/Filespec" and "/EF" in dictionary:
        return "EmbeddedFile"
    if isinstance(kind, pikepdf.Name) and _ACTIVE_TYPES.get(str(kind)):
        return _ACTIVE_TYPES[str(kind)]
    return None


def _walk(value: Any, seen: set[Any], depth: int = 0) -> str | None:
    """Direct (not indirect) dictionaries and arrays nested in an object: an OpenAction is often
    written inline in the catalogue."""
    if depth > 50:
        return None
    if isinstance(value, pikepdf.Stream):
        value = value.stream_dict
    if isinstance(value, pikepdf.Dictionary):
        found = _active_in(value)
        if found:
            return found
        children = value.values()
    elif isinstance(value, pikepdf.Array):
        children = list(value)
    else:
        return None
    for child in children:
        if isinstance(child, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)):
            if child.is_indirect:
                continue  # visited on its own in the object table
            found = _walk(child, seen, depth + 1)
            if found:
                return found
    return None


def pdf_active_content(data: bytes) -> str | None:
    """The kind of active content (JavaScript, Launch, EmbeddedFile, …) found anywhere, or None."""
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise PdfUnreadable("PDF 文件已加密，请取消密码保护后再上传") from None
    except (pikepdf.PdfError, ValueError, RuntimeError):
        raise PdfUnreadable("PDF 文件已损坏，无法读取；请重新生成后再上传") from None
    with pdf:  # opened with the empty user password, objects are decrypted as they are read
        seen: set[Any] = set()
        for obj in pdf.objects:  # every object, those inside compressed object streams included
            found = _walk(obj, seen)
            if found:
                return found
        return _walk(pdf.trailer, seen)
