""".docx → PDF through LibreOffice headless.

The PDF is made from the very .docx the user gets: its layout (22 lines of 28 characters, see
docs/render.md) is the same in LibreOffice as in Word. Only fonts change, and only where the
official faces are missing on this machine (Debian has none of them): a copy of the file names the
installed free faces of profile `pdf_substitutes` instead. The delivered .docx is never changed.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import uuid
import zipfile
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from duizhao.errors import InputError
from duizhao.model import Annotation, Material
from duizhao.render.gbt9704 import LayoutProfile, default_profile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FONT_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")
INSTALL_HINT = "apt-get install libreoffice-writer-nogui fonts-noto-cjk fonts-arphic-ukai"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def installed_font_families() -> set[str] | None:
    """Font family names fontconfig knows (every name of each face); None without fc-list."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        listed = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return {name.strip() for line in listed.splitlines() for name in line.split(",") if name.strip()}


def missing_for_pdf(profile: LayoutProfile | None = None) -> list[str]:
    """What PDF export lacks on this machine, in Chinese; empty when it can run. The fonts are the
    free faces the layout profile puts in place of the official ones (pdf_substitutes)."""
    profile = profile or default_profile()
    missing = [] if soffice_path() else ["LibreOffice（soffice）"]
    families = installed_font_families()
    if families is None:
        missing.append("fontconfig（fc-list，无法检查字体）")
    else:
        missing += [f"字体 {name}" for name in sorted(set(profile.pdf_substitutes.values())) if name not in families]
    return missing


def pdf_notice(profile: LayoutProfile | None = None) -> str:
    """One sentence for people: why PDF export will not work here and what to install; '' when it will."""
    missing = missing_for_pdf(profile)
    if not missing:
        return ""
    return (
        f"本机暂不能导出 PDF：缺少 {'、'.join(missing)}。Word 文件不受影响。"
        f"请系统管理员安装（Debian/统信）：{INSTALL_HINT}，详见安装说明。"
    )


def require_soffice() -> str:
    path = soffice_path()
    if path is None:
        raise InputError(None, f"未找到 LibreOffice（soffice），无法生成 PDF。请安装：{INSTALL_HINT}")
    return path


def missing_substitutes(profile: LayoutProfile, installed: set[str] | frozenset[str]) -> dict[str, str]:
    """The profile's substitutes for the faces that are not installed."""
    return {name: free for name, free in profile.pdf_substitutes.items() if name not in installed}


def _substitute_in_part(xml: bytes, substitutes: dict[str, str], bold_faces: tuple[str, ...]) -> bytes:
    root = etree.fromstring(xml)
    for fonts in root.iter(_w("rFonts")):
        east_asian = fonts.get(_w("eastAsia"))
        run_properties = fonts.getparent()  # the w:rPr
        if (
            east_asian in substitutes
            and east_asian in bold_faces
            and run_properties is not None
            and run_properties.find(_w("b")) is None
        ):
            fonts.addnext(etree.Element(_w("b")))
        for slot in FONT_SLOTS:
            name = fonts.get(_w(slot))
            if name in substitutes:
                fonts.set(_w(slot), substitutes[name])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def write_font_substituted_copy(
    docx_path: str | Path,
    out_path: str | Path,
    profile: LayoutProfile | None = None,
    installed: set[str] | frozenset[str] | None = None,
) -> Path:
    """Copy a .docx naming installed free faces where the official ones are missing; nothing
    else in the file changes."""
    profile = profile or default_profile()
    if installed is None:
        installed = installed_font_families() or set()  # without fc-list every substitute is applied
    substitutes = missing_substitutes(profile, installed)
    out_path = Path(out_path)
    with zipfile.ZipFile(docx_path) as source, zipfile.ZipFile(out_path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if substitutes and item.filename.startswith("word/") and item.filename.endswith(".xml"):
                data = _substitute_in_part(data, substitutes, profile.pdf_bold)
            target.writestr(item, data)
    return out_path


def convert_to_pdf(
    docx_path: str | Path, pdf_path: str | Path, *, timeout: float = 120, substitute_fonts: bool = True
) -> Path:
    """Convert with LibreOffice headless, in a fresh user profile per call (parallel calls and a
    broken profile cannot interfere). `substitute_fonts` names installed free faces where the
    official ones are missing (default); without it the file is converted as it is."""
    soffice = require_soffice()
    docx_path, pdf_path = Path(docx_path), Path(pdf_path)
    if not docx_path.is_file():
        raise InputError(str(docx_path), "文件不存在")
    work = Path(tempfile.mkdtemp(prefix="duizhao-pdf-"))
    profile_dir = Path(tempfile.gettempdir()) / f"duizhao-lo-{uuid.uuid4().hex}"
    try:
        source = work / "document.docx"
        if substitute_fonts:
            write_font_substituted_copy(docx_path, source)
        else:
            shutil.copyfile(docx_path, source)
        command = [
            soffice,
            f"-env:UserInstallation={profile_dir.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
        _run(command, timeout)
        produced = work / "document.pdf"
        if not produced.is_file():
            raise InputError(str(docx_path), "LibreOffice 未能生成 PDF（文件可能已损坏）")
        pdf_path.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(produced), pdf_path)
        return pdf_path
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(profile_dir, ignore_errors=True)


def _run(command: list[str], timeout: float) -> None:
    # Own process group, so a hung soffice and its children can be ended together on timeout.
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    except OSError as error:
        raise InputError(None, f"无法启动 LibreOffice（{error.strerror or error}）。请安装：{INSTALL_HINT}") from error
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise InputError(None, f"LibreOffice 转换 PDF 超时（{timeout:g} 秒），已终止") from None
    if process.returncode != 0:
        message = stderr.decode("utf-8", "replace").strip()[-300:]
        raise InputError(None, f"LibreOffice 转换 PDF 失败（退出码 {process.returncode}）：{message}")


def render_pdf(
    material: Material,
    pdf_path: str | Path,
    *,
    template: str | Path | None = None,
    annotations: Iterable[Annotation] = (),
    date_line: str | None = None,
    timeout: float = 120,
) -> Path:
    """Typeset a material (as `render_docx` does) straight to PDF."""
    from duizhao.render.docx import render_docx

    require_soffice()
    with tempfile.TemporaryDirectory(prefix="duizhao-render-") as work:
        docx_path = Path(work) / "material.docx"
        render_docx(material, docx_path, template=template, annotations=annotations, date_line=date_line)
        return convert_to_pdf(docx_path, pdf_path, timeout=timeout)
