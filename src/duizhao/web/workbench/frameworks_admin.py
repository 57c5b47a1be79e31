"""A unit adds a year's framework (theme, aspects, 通报 items) when it is announced: as a TOML
file like the shipped ones, or through a form that writes such a file into
<data dir>/frameworks/, where duizhao.frameworks reads unit files from."""

from __future__ import annotations

import json
import os
import re
import tomllib
from pathlib import Path

from duizhao.errors import InputError
from duizhao.frameworks import framework_from_dict

MAX_FILE_BYTES = 200_000
_ID = re.compile(r"^[A-Za-z0-9_-]{1,60}$")


def frameworks_folder() -> Path:
    folder = Path(os.environ.get("DUIZHAO_DATA_DIR") or Path.home() / ".duizhao") / "frameworks"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def parse_framework_file(data: bytes, name: str = "框架文件"):
    """The framework a TOML file describes, or InputError with the Chinese reason."""
    if len(data) > MAX_FILE_BYTES:
        raise InputError(name, "文件太大（年度框架文件不超过 200 KB）")
    try:
        parsed = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise InputError(name, f"不是有效的 UTF-8 TOML 文件（{error}）") from error
    framework = framework_from_dict(parsed, name)
    if not _ID.match(framework.id):
        raise InputError(name, "id 只能用字母、数字、连字符和下划线")
    if not framework.aspects:
        raise InputError(name, "至少要有一个对照检查方面")
    return framework


def framework_toml(
    *, year: int, kind: str, title: str, theme: str, aspects: list[tuple[str, str]], announcements: list[str]
) -> tuple[str, str]:
    """(id, TOML text) for a framework entered in the form; `aspects` are (short name, wording)."""
    prefix = "dsh" if kind == "democratic_life" else "osh"
    framework_id = f"unit-{prefix}-{year}"
    q = lambda text: json.dumps(text.strip(), ensure_ascii=False)  # noqa: E731  a TOML basic string
    lines = [
        "# 由党办在工作台添加",
        f"id = {q(framework_id)}",
        f"year = {int(year)}",
        f"meeting_kind = {q(kind)}",
        'meeting_type = "annual"',
        f"title = {q(title)}",
        f"theme = {q(theme)}",
        "theme_unverified = false",
        f"announcements = [{', '.join(q(a) for a in announcements)}]",
        "sources = []",
        "",
    ]
    for number, (short_name, wording) in enumerate(aspects, start=1):
        lines += [
            "[[aspects]]",
            f'id = "aspect_{number}"',
            f"short_name = {q(short_name)}",
            f"wording = {q(wording)}",
            "",
        ]
    return framework_id, "\n".join(lines)


def aspect_lines(text: str) -> list[tuple[str, str]]:
    """Lines "简称：正式表述" (or one wording per line, its first 4 characters as the short name)."""
    aspects = []
    for line in text.splitlines():
        line = line.strip().lstrip("0123456789.、（）() ")
        if not line:
            continue
        short, sep, wording = line.replace(":", "：").partition("：")
        if not sep:
            short, wording = line[:4], line
        aspects.append((short.strip(), wording.strip()))
    return aspects


def save_framework(framework_id: str, text: str) -> Path:
    """Write the unit's framework file (replacing one with the same id)."""
    framework = framework_from_dict(tomllib.loads(text), framework_id)  # refuse what could not be read back
    path = frameworks_folder() / f"{framework.id}.toml"
    partial = path.with_suffix(".toml.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
    return path
