"""Reading files: encodings, .docx, and every kind of bad input refused with an InputError."""

import zipfile

import docx
import pytest

from duizhao.errors import InputError
from duizhao.parse import parse_material, read_document
from duizhao.parse.readers import MAX_INPUT_BYTES

TEXT = "某县民政局党组领导班子2024年度民主生活会对照检查材料\n一、存在的问题\n（一）带头严守政治纪律和政治规矩方面。一是学习不深。\n"


@pytest.mark.parametrize(
    "encoding,bom",
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("gb18030", b""),
        ("gbk", b""),
        ("utf-16-le", b""),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b""),
        ("utf-16-be", b"\xfe\xff"),
    ],
)
def test_text_encodings(tmp_path, encoding, bom):
    path = tmp_path / "material.txt"
    path.write_bytes(bom + TEXT.encode(encoding))
    document = read_document(path)
    assert document.text == TEXT
    assert document.format == "txt" and document.name == "material.txt"


def test_markdown_is_read_as_text(tmp_path):
    path = tmp_path / "skeleton.md"
    path.write_text("# 标题\n\n正文。\n", encoding="utf-8")
    assert read_document(path).format == "md"


def make_docx(path, paragraphs, table=None):
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    document.add_paragraph("附：以上为本人对照检查。")
    document.save(path)


def test_docx_paragraphs_and_tables_in_order(tmp_path):
    path = tmp_path / "material.docx"
    make_docx(path, ["某局党组个人对照检查材料", "一、存在的问题"], table=[["问题", "措施"], ["学习不深", "每月研读"]])
    text = read_document(path).text
    lines = text.split("\n")
    assert lines[0] == "某局党组个人对照检查材料"
    assert "问题 | 措施" in lines and "学习不深 | 每月研读" in lines
    assert lines[-1] == "附：以上为本人对照检查。"
    assert parse_material(path).kind == "personal"


def bad(path):
    with pytest.raises(InputError) as info:
        read_document(path)
    assert str(path) in str(info.value) or info.value.path
    return info.value.reason


def test_missing_file(tmp_path):
    assert "不存在" in bad(tmp_path / "nothing.txt")


def test_directory(tmp_path):
    assert "文件夹" in bad(tmp_path)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert "空" in bad(path)


def test_unsupported_format(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.4")
    assert "不支持" in bad(path)


def test_binary_with_text_name(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(bytes(range(256)) * 50)
    assert "二进制" in bad(path)


def test_too_large(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(MAX_INPUT_BYTES + 1)  # sparse: no disk used
    assert "太大" in bad(path)


def test_corrupt_docx(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"this is not a zip file at all")
    assert "损坏" in bad(path)


def test_zip_without_word_part(tmp_path):
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert "损坏" in bad(path)


def test_encrypted_docx(tmp_path):
    path = tmp_path / "secret.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert "加密" in bad(path)


def test_zip_bomb(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<a>" + b"0" * (8 * 1024 * 1024) + b"</a>")
    assert "压缩" in bad(path)


def rewrite_part(source, target, name, data):
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            new.writestr(item, data if item.filename == name else old.read(item))


@pytest.mark.parametrize(
    "payload",
    [
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><r>&b;</r>',
        b'<?xml version="1.0"?><!DOCTYPE r SYSTEM "http://example.invalid/x.dtd"><r/>',
    ],
)
def test_docx_with_doctype_or_entities(tmp_path, payload):
    good = tmp_path / "good.docx"
    make_docx(good, ["正文"])
    path = tmp_path / "xxe.docx"
    rewrite_part(good, path, "word/document.xml", payload)
    assert "不安全" in bad(path)


def test_docx_with_broken_xml(tmp_path):
    good = tmp_path / "good.docx"
    make_docx(good, ["正文"])
    path = tmp_path / "badxml.docx"
    rewrite_part(good, path, "word/document.xml", b"<w:document><unclosed>")
    assert "损坏" in bad(path)


def test_docx_heading_styles_without_numbers(tmp_path):
    """Word's automatic numbering leaves no 一、 in the text: heading styles carry the structure."""
    document = docx.Document()
    document.add_paragraph("某区卫健局党组领导班子2024年度民主生活会对照检查材料", style="Title")
    document.add_paragraph("会前征求意见建议21条。")
    document.add_paragraph("存在的问题", style="Heading 1")
    document.add_paragraph("严守政治纪律和政治规矩方面", style="Heading 2")
    document.add_paragraph("一是传达学习不及时。二是执行打折扣。")
    document.add_paragraph("砥砺作风方面", style="Heading 2")
    document.add_paragraph("一是调研走过场。")
    document.add_paragraph("整改措施", style="Heading 1")
    document.add_paragraph("一是建立学习台账。二是每月督办。")
    path = tmp_path / "styled.docx"
    document.save(path)
    raw = read_document(path)
    assert raw.outline == {0: 1, 2: 2, 3: 3, 5: 3, 7: 2}
    material = parse_material(path)
    assert material.title.startswith("某区卫健局党组")
    assert material.framework_id == "dsh-2024"
    assert [p.aspect for p in material.problems] == ["政治纪律", "政治纪律", "党性作风"]
    assert len(material.measures) == 2


def test_docx_automatic_numbering_is_rendered(tmp_path):
    document = docx.Document()
    document.add_paragraph("某局党组个人对照检查材料")
    for text in ("学习不深。", "调研不实。", "作风不严。"):
        document.add_paragraph(text, style="List Number")
    path = tmp_path / "numbered.docx"
    document.save(path)
    lines = read_document(path).text.split("\n")
    assert lines[1:4] == ["1.学习不深。", "2.调研不实。", "3.作风不严。"]


@pytest.mark.parametrize("n,expected", [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (35, "三十五")])
def test_chinese_numbers_for_word_numbering(n, expected):
    from duizhao.parse.readers import _format_number

    assert _format_number(n, "chineseCounting") == expected


TRADITIONAL = (
    "本局黨組領導班子對照檢查材料\n一、存在的問題\n（一）在學習貫徹方面。例如在推進老舊小區改造項目時，"
    "調研不夠深入，群眾反映的停車難問題至今沒有解決。\n"
)


def test_big5_text_is_decoded_as_big5(tmp_path):
    """Big5 bytes also decode as GB18030, into rare characters; the reading made of common ones wins."""
    path = tmp_path / "材料.txt"
    path.write_bytes(TRADITIONAL.encode("big5"))
    document = read_document(path)
    assert document.text == TRADITIONAL and document.encoding == "big5"


def test_gbk_text_that_is_also_valid_big5_stays_gbk(tmp_path):
    text = "班子成员深基层调研查找问题制定整改措施明责和完成时限党组领导干部学习理论实践工作作风\n" * 3
    data = text.encode("gbk")
    data.decode("big5")  # the premise: these bytes are valid Big5 too
    path = tmp_path / "材料.txt"
    path.write_bytes(data)
    document = read_document(path)
    assert document.text == text and document.encoding == "gb18030"
