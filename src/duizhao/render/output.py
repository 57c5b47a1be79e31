"""One entry for every output format of a material: .docx, .pdf, .md, .json."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from duizhao.errors import InputError
from duizhao.model import Annotation, Material

FORMATS = ("docx", "pdf", "md", "json")
SUFFIXES = {".docx": "docx", ".pdf": "pdf", ".md": "md", ".markdown": "md", ".json": "json"}


def format_for(path: str | Path, requested: str | None = None) -> str:
    """The requested format, else the one the output file's suffix names, else .docx."""
    if requested:
        if requested not in FORMATS:
            raise InputError(None, f"不支持的输出格式“{requested}”，可选：{'、'.join(FORMATS)}")
        return requested
    return SUFFIXES.get(Path(path).suffix.lower(), "docx")


def material_json(material: Material) -> str:
    return json.dumps(material.to_dict(), ensure_ascii=False, indent=2) + "\n"


def write_material(
    material: Material,
    out: str | Path,
    fmt: str | None = None,
    *,
    template: str | Path | None = None,
    annotations: Iterable[Annotation] = (),
    date_line: str | None = None,
    timeout: float = 120,
) -> Path:
    """Write `material` to `out` in `fmt` (default: from the suffix). Returns the path written."""
    out = Path(out)
    fmt = format_for(out, fmt)
    if template is not None and not Path(template).is_file():
        raise InputError(str(template), "模板文件不存在")
    if out.is_dir():
        raise InputError(str(out), "这是一个文件夹，请给出输出文件名")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        _write(material, out, fmt, template, annotations, date_line, timeout)
    except OSError as error:
        raise InputError(str(out), f"无法写入文件（{error.strerror or error}）") from error
    return out


def _write(
    material: Material,
    out: Path,
    fmt: str,
    template: str | Path | None,
    annotations: Iterable[Annotation],
    date_line: str | None,
    timeout: float,
) -> None:
    if fmt == "docx":
        from duizhao.render.docx import render_docx

        render_docx(material, out, template=template, annotations=annotations, date_line=date_line)
    elif fmt == "pdf":
        from duizhao.render.pdf import render_pdf

        render_pdf(material, out, template=template, annotations=annotations, date_line=date_line, timeout=timeout)
    elif fmt == "md":
        from duizhao.render.markdown import render_markdown

        out.write_text(render_markdown(material), encoding="utf-8")
    else:
        out.write_text(material_json(material), encoding="utf-8")
