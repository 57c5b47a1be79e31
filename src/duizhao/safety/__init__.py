"""Plain-Python checks for everything that comes from outside: uploaded files, file names,
form text and spreadsheet cells. No Django import, so the core, the CLI and the web app share them.

    check = validate_upload(name, data, allowed=EVIDENCE_KINDS, max_bytes=20_000_000)
    if not check.ok: show check.reason (Chinese); store nothing
    else: store data under check.safe_name
"""

from duizhao.safety.cells import csv_text, looks_like_formula, set_text_cell
from duizhao.safety.limits import Limits, limits
from duizhao.safety.names import extension, normalize_username, safe_filename
from duizhao.safety.text import FormTextRefused, clean_form_text
from duizhao.safety.uploads import (
    EVIDENCE_KINDS,
    LEDGER_KINDS,
    MATERIAL_KINDS,
    UploadCheck,
    UploadRefused,
    decode_text,
    sniff,
    validate_upload,
    validate_uploaded_file,
)

__all__ = [
    "EVIDENCE_KINDS",
    "LEDGER_KINDS",
    "MATERIAL_KINDS",
    "FormTextRefused",
    "Limits",
    "UploadCheck",
    "UploadRefused",
    "clean_form_text",
    "csv_text",
    "decode_text",
    "extension",
    "limits",
    "looks_like_formula",
    "normalize_username",
    "safe_filename",
    "set_text_cell",
    "sniff",
    "validate_upload",
    "validate_uploaded_file",
]
