"""Turn any uploaded file name into one that is safe to show and to store under.

Path parts (`../`, `C:\\`), control and direction-override characters (U+202E makes
`报告\u202excod.exe` look like `报告exe.docx`) and characters Windows forbids are removed;
the extension is kept so the kind check still sees it.
"""

from __future__ import annotations

import re
import unicodedata

from duizhao.safety.limits import limits

FALLBACK_NAME = "未命名文件"
_FORBIDDEN_CHARS = re.compile(r'[<>:"|?*\x00-\x1f\x7f]')
_REMOVED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def safe_filename(name: str | None, max_chars: int | None = None) -> str:
    max_chars = max_chars or limits().max_name_chars
    text = unicodedata.normalize("NFC", name or "")
    text = re.split(r"[/\\]", text)[-1]
    text = "".join(" " if ch.isspace() else ch for ch in text if unicodedata.category(ch) not in _REMOVED_CATEGORIES)
    text = _FORBIDDEN_CHARS.sub("_", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    if not text:
        return FALLBACK_NAME
    stem, dot, ext = text.rpartition(".")
    if not dot or not stem or len(ext) > 10:
        stem, ext = text, ""
    if stem.split(".")[0].upper() in _WINDOWS_RESERVED:
        stem = "_" + stem
    ext_part = f".{ext}" if ext else ""
    stem = stem[: max(1, max_chars - len(ext_part))].rstrip(" .") or FALLBACK_NAME
    return stem + ext_part


def extension(name: str) -> str:
    """Lower-case extension without the dot ('' when none)."""
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def normalize_username(value: str | None) -> str:
    """The one form of a user name, used for the login throttle, the login and account creation:
    NFKC (full-width `ｗｕ` is `wu`), surrounding spaces removed, case folded."""
    return unicodedata.normalize("NFKC", value or "").strip().casefold()
