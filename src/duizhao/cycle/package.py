"""The report package (.zip): the reports, the minutes, the ledger and the materials in one
flat archive with UTF-8 names that are safe on every system."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

from duizhao.errors import InputError

_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def report_package_zip(files: Mapping[str, str | Path | bytes], out: str | Path | BinaryIO) -> None:
    """Bundle the report and its attachments into one .zip (UTF-8 file names, flat)."""
    used: set[str] = set()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            safe = _safe_name(name, used)
            if isinstance(content, (bytes, bytearray)):
                data = bytes(content)
            else:
                try:
                    data = Path(content).read_bytes()
                except OSError as error:
                    raise InputError(str(content), f"无法读取要打包的文件（{error.strerror or error}）") from error
            archive.writestr(safe, data)


def _safe_name(name: str, used: set[str]) -> str:
    base = _UNSAFE_NAME.sub("_", Path(str(name).replace("\\", "/")).name).strip(" .") or "附件"
    candidate, number = base, 2
    while candidate in used:
        stem, dot, suffix = base.rpartition(".")
        candidate = f"{stem}({number}).{suffix}" if dot else f"{base}({number})"
        number += 1
    used.add(candidate)
    return candidate


def package_bytes(files: Mapping[str, str | Path | bytes]) -> bytes:
    buffer = io.BytesIO()
    report_package_zip(files, buffer)
    return buffer.getvalue()
