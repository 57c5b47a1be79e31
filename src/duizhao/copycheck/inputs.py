"""Reading a material for the copy check: the project parser when it exists, else plain text."""
from __future__ import annotations

from pathlib import Path

from duizhao.errors import InputError
from duizhao.model import Material

MAX_BYTES = 20 * 1024 * 1024


def _parser():
    try:
        from duizhao.parse import parse_material
    except ImportError:
        return None
    return parse_material


def _read_plain(path: Path) -> Material:
    if path.suffix.lower() not in (".txt", ".md", ".text", ""):
        raise InputError(str(path), "暂时只能读取 .txt 文本文件")
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError(str(path), "无法识别文件编码（应为 UTF-8 或 GB18030）")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Material(text=text, source_name=path.name)


def load_material(path: str | Path) -> Material:
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "文件不存在或不是普通文件")
    if path.stat().st_size > MAX_BYTES:
        raise InputError(str(path), "文件太大（超过 20 MB）")
    parse_material = _parser()
    if parse_material is None:
        return _read_plain(path)
    material = parse_material(path)
    if not material.source_name:
        material.source_name = path.name
    return material
