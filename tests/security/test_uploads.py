"""duizhao.safety.validate_upload: every hostile or broken file is refused with a Chinese reason;
real documents pass."""

import subprocess
import sys

import pytest
from hostile import (
    BILLION_LAUGHS,
    HTML_PAGE,
    PDF_OK,
    PDF_SCRIPT,
    WINDOWS_EXE,
    XXE_DOCUMENT,
    deflate_bomb_docx,
    flagged_encrypted,
    good_docx,
    good_xlsx,
    jpeg_header,
    png_header,
    rezip,
    with_declared_size,
)

import needed
from duizhao.safety import (
    EVIDENCE_KINDS,
    LEDGER_KINDS,
    MATERIAL_KINDS,
    UploadRefused,
    safe_filename,
    validate_upload,
)

ALL_KINDS = MATERIAL_KINDS | LEDGER_KINDS | EVIDENCE_KINDS


def refused(name, data, allowed=ALL_KINDS, **kwargs) -> str:
    check = validate_upload(name, data, allowed=allowed, **kwargs)
    assert not check.ok, f"{name} should be refused"
    assert check.reason and any("\u4e00" <= ch <= "\u9fff" for ch in check.reason)
    assert check.sha256 == "" and check.kind is None
    return check.reason


def accepted(name, data, allowed=ALL_KINDS):
    check = validate_upload(name, data, allowed=allowed)
    assert check.ok, check.reason
    return check


def test_real_documents_pass():
    samples = sorted(needed.samples().glob("**/*.txt"))
    assert samples, "the shared samples hold no .txt"
    for path in samples:
        accepted(path.name, path.read_bytes(), MATERIAL_KINDS)
    text = samples[0].read_text(encoding="utf-8")
    assert accepted("材料.docx", good_docx(text[:3000]), MATERIAL_KINDS).kind == "docx"
    assert accepted("台账.xlsx", good_xlsx(), LEDGER_KINDS).kind == "xlsx"
    assert accepted("材料.txt", text.encode("gb18030"), MATERIAL_KINDS).kind == "txt"
    assert accepted("材料.txt", text.encode("utf-16"), MATERIAL_KINDS).kind == "txt"
    assert accepted("佐证.pdf", PDF_OK, EVIDENCE_KINDS).kind == "pdf"
    assert accepted("照片.png", png_header(800, 600), EVIDENCE_KINDS).kind == "png"
    assert accepted("照片.JPG", jpeg_header(4000, 3000), EVIDENCE_KINDS).kind == "jpg"


def test_sha256_and_size_of_an_accepted_file():
    import hashlib

    data = good_docx()
    check = accepted("a.docx", data)
    assert check.size == len(data) and check.sha256 == hashlib.sha256(data).hexdigest()


def test_size_limits_and_empty_files():
    assert "过大" in refused("a.docx", good_docx(), max_bytes=1000)
    assert "为空" in refused("a.txt", b"")


def test_zip_bomb_refused_by_ratio_without_inflating():
    bomb = deflate_bomb_docx(30)
    assert len(bomb) < 200_000
    assert "压缩炸弹" in refused("bomb.docx", bomb)


def test_zip_bomb_refused_from_the_directory_alone():
    lying = with_declared_size(good_docx(), "word/document.xml", 3_000_000_000)
    reason = refused("bomb.docx", lying)
    assert "过大" in reason or "压缩炸弹" in reason


def test_directory_that_understates_a_part_is_never_inflated_past_it():
    data = rezip(good_docx(), add={"word/extra.xml": b"<a>" + b"x" * 500_000 + b"</a>"})
    lying = with_declared_size(data, "word/extra.xml", 100)
    refused("lying.docx", lying)


def test_too_many_entries():
    many = rezip(good_docx(), add={f"word/media/p{i}.xml": b"<a/>" for i in range(2100)})
    assert "过多" in refused("many.docx", many)


def test_xml_external_entity_refused():
    hostile = rezip(good_docx(), replace={"word/document.xml": XXE_DOCUMENT})
    assert "DOCTYPE" in refused("xxe.docx", hostile)


def test_billion_laughs_refused_before_any_expansion():
    hostile = rezip(good_xlsx(), replace={"[Content_Types].xml": BILLION_LAUGHS})
    assert "DOCTYPE" in refused("laughs.xlsx", hostile)  # refused for declaring entities, never expanded


def test_doctype_in_utf16_xml_part_refused():
    utf16 = XXE_DOCUMENT.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    hostile = rezip(good_docx(), replace={"word/document.xml": utf16})
    assert "DOCTYPE" in refused("xxe16.docx", hostile)


@pytest.mark.parametrize("ext", ["docm", "xlsm", "xlsb", "dotm", "pptm"])
def test_macro_enabled_extensions_refused(ext):
    assert "宏" in refused(f"带宏.{ext}", good_docx())


def test_vba_project_inside_a_docx_refused():
    hostile = rezip(good_docx(), add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 100})
    assert "宏" in refused("sneaky.docx", hostile)


def test_macro_content_type_inside_an_xlsx_refused():
    data = good_xlsx()
    import io
    import zipfile

    types = (
        zipfile.ZipFile(io.BytesIO(data))
        .read("[Content_Types].xml")
        .replace(b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml")
    )
    assert "宏" in refused("sneaky.xlsx", rezip(data, replace={"[Content_Types].xml": types}))


def test_activex_and_ole_objects_refused():
    for part in ("word/activeX/activeX1.bin", "word/embeddings/oleObject1.bin"):
        assert "ActiveX" in refused("obj.docx", rezip(good_docx(), add={part: b"\0" * 64}))


@pytest.mark.parametrize(
    "name,data,expected_word",
    [
        ("报告.docx", PDF_OK, "不符"),
        ("台账.xlsx", good_docx(), "不符"),
        ("材料.docx", good_xlsx(), "不符"),
        ("佐证.pdf", WINDOWS_EXE, "不符"),
        ("照片.png", HTML_PAGE, "不符"),
        ("照片.jpg", png_header(10, 10), "不符"),
        ("材料.txt", good_docx(), "不符"),
        ("材料.md", WINDOWS_EXE, "编码"),
    ],
)
def test_extension_that_lies_about_content(name, data, expected_word):
    assert expected_word in refused(name, data)


@pytest.mark.parametrize("name", ["a.exe", "a.html", "a.svg", "a.js", "a", "a.zip", "a.doc", "a.xls", "a.wps"])
def test_unwanted_kinds_refused(name):
    refused(name, b"hello")


def test_kind_not_allowed_for_this_upload():
    assert "只接受" in refused("佐证.pdf", PDF_OK, MATERIAL_KINDS)


def test_encrypted_and_traversing_zip_entries_refused():
    assert "加密" in refused("locked.docx", flagged_encrypted(good_docx()))
    assert "越界" in refused("slip.docx", rezip(good_docx(), add={"../../etc/cron.d/x.xml": b"<a/>"}))


def test_broken_files_refused():
    data = good_docx()
    assert "损坏" in refused("cut.docx", data[: len(data) // 2])
    assert "损坏" in refused("bad.docx", rezip(data, replace={"word/document.xml": b"<w:document"}))
    assert "损坏" in refused("cut.png", b"\x89PNG\r\n\x1a\n\0\0")
    assert "损坏" in refused("cut.jpg", b"\xff\xd8\xff\xe0\0")


def test_broken_encodings_refused():
    assert "编码" in refused("bad.txt", b"\x80\x81\xff\xfe\xfd abc \xff\xff")
    assert "编码" in refused("odd.txt", b"\xff\xfe" + b"a\x00b")
    refused("nul.txt", "正文\x00\x00\x00\x00".encode())


def test_pdf_with_script_refused_and_pixel_bomb_refused():
    assert "脚本" in refused("a.pdf", PDF_SCRIPT)
    assert "过大" in refused("big.png", png_header(100_000, 100_000))
    assert "过大" in refused("big.jpg", jpeg_header(65000, 65000))


@pytest.mark.parametrize(
    "name,expected",
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system32\\cmd.exe", "cmd.exe"),
        ("C:\\Users\\a\\材料.docx", "材料.docx"),
        ("报告\u202excod.exe", "报告xcod.exe"),
        ("a\x00b\r\n.docx", "ab.docx"),
        ("  ...  ", "未命名文件"),
        ("", "未命名文件"),
        ("CON.txt", "_CON.txt"),
        ('a<b>:"c"|?*.pdf', "a_b___c____.pdf"),
    ],
)
def test_safe_filename(name, expected):
    assert safe_filename(name) == expected


def test_safe_filename_keeps_extension_when_shortening():
    name = safe_filename("长" * 500 + ".docx")
    assert name.endswith(".docx") and len(name) <= 120


def test_refusal_raises_input_error_for_callers_that_want_it():
    check = validate_upload("a.docm", good_docx(), allowed=MATERIAL_KINDS)
    with pytest.raises(UploadRefused) as error:
        check.raise_if_refused()
    assert "宏" in str(error.value)


def test_safety_imports_no_django():
    code = "import sys, duizhao.safety; print(any(m.startswith('django') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# ---------------------------------------------------------------- issue 13: files the probe got accepted

from hostile import (
    docx_with_external_template,
    docx_with_vba_named_as_image,
    pdf_with_escaped_names,
    pdf_with_script_in_object_stream,
)


def test_pdf_names_are_decoded_before_checking():
    script, launch = pdf_with_escaped_names()
    assert "JavaScript" in refused("佐证.pdf", script)
    assert "Launch" in refused("佐证.pdf", launch)


def test_pdf_actions_inside_compressed_object_streams_are_found():
    assert "JavaScript" in refused("佐证.pdf", pdf_with_script_in_object_stream())


def test_office_files_with_external_relationships_are_refused():
    reason = refused("佐证.docx", docx_with_external_template())
    assert "外部" in reason and "attachedTemplate" in reason


def test_hyperlinks_are_not_external_content():
    from hostile import good_docx, rezip

    rels = (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/hyperlink" Target="http://intranet.example/page" TargetMode="External"/></Relationships>'
    )
    assert accepted("佐证.docx", rezip(good_docx(), add={"word/_rels/footer1.xml.rels": rels}), EVIDENCE_KINDS)


def test_vba_projects_are_recognised_by_content_not_name():
    assert "宏" in refused("佐证.docx", docx_with_vba_named_as_image())


def test_xml_parts_larger_than_readers_should_parse_are_refused_from_the_directory():
    import os

    from hostile import good_docx, rezip

    big = b"<w:p xmlns:w='urn:x'><w:r>" + os.urandom(13_000_000).hex().encode() + b"</w:r></w:p>"  # 26 MB, ratio ~2
    reason = refused("材料.docx", rezip(good_docx(), add={"word/extra.xml": big}), MATERIAL_KINDS)
    assert "超过上限" in reason
