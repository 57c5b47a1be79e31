"""Hostile input through the web: script in text stays text on pages, in .docx and in .xlsx;
formulas never run; hostile uploads are refused with a Chinese message and nothing is stored."""

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hostile import PDF_OK, XXE_DOCUMENT, deflate_bomb_docx, good_docx, good_xlsx, rezip

REFUSED = re.compile("未接收|导入失败|未导入")  # the view's words for "refused", before the reason
SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ANGLES = "比较：收入 < 支出 & 预算 > 决算"
FORMULA = '=HYPERLINK("http://example.invalid/x","点我")'


def test_script_in_a_public_opinion_is_shown_as_text(client, world):
    from duizhao.web.workbench.models import Solicitation

    token = Solicitation.objects.create(meeting=world["meeting"]).token
    assert "感谢" in client.post(f"/yijian/{token}/", {"text": "意见：" + SCRIPT}).content.decode()
    client.force_login(world["clerk"])
    page = client.get(f"/meetings/{world['meeting'].pk}/opinions/").content.decode()
    assert "&lt;script&gt;alert(" in page
    assert SCRIPT not in page and "<img src=x" not in page


def test_formula_and_script_in_the_ledger_export_stay_text(client, world):
    from duizhao.web.workbench.models import Task

    Task.objects.create(
        meeting=world["meeting"], number="2023-01", problem=FORMULA, measure=SCRIPT, department="+cmd|' /C calc'!A0"
    )
    client.force_login(world["clerk"])
    response = client.get(f"/meetings/{world['meeting'].pk}/ledger/export.xlsx")
    assert response.status_code == 200
    data = response.content
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        sheets = [package.read(n) for n in package.namelist() if n.startswith("xl/worksheets/")]
    assert not any(b"<f>" in sheet or b"<f " in sheet for sheet in sheets), "a cell became a formula"
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    values = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("HYPERLINK" in v for v in values) and any("<script>" in v for v in values)
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_script_in_a_material_stays_text_in_the_docx(client, world):
    import docx

    from duizhao.web.workbench.models import Material, MaterialVersion

    material = Material.objects.create(meeting=world["meeting"], member=world["members"][1])
    MaterialVersion.objects.create(material=material, number=1, text=f"一、存在的问题\n{SCRIPT}\n{FORMULA}\n{ANGLES}\n")
    client.force_login(world["member"])
    response = client.get(f"/materials/{material.pk}/download.docx")
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    assert b"<script" not in body and b"<img" not in body  # the cleaner drops tags, or they are escaped
    assert "收入 &lt; 支出 &amp; 预算 &gt; 决算".encode() in body
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert ANGLES in text and "HYPERLINK" in text
    assert b"instrText" not in body and b"fldSimple" not in body, "no Word field from user text"


def _media_files() -> set[Path]:
    from django.conf import settings

    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


@pytest.mark.parametrize(
    "name,data,word",
    [
        ("佐证.docx", rezip(good_docx(), replace={"word/document.xml": XXE_DOCUMENT}), "DOCTYPE"),
        ("佐证.docx", deflate_bomb_docx(20), "压缩炸弹"),
        ("佐证.docm", good_docx(), "宏"),
        ("佐证.pdf", b"MZ\x90\x00" + b"\0" * 100, "不符"),
        ("佐证.html", b"<script>alert(1)</script>", "不支持"),
    ],
)
def test_hostile_evidence_refused_and_nothing_stored(client, world, name, data, word):
    from duizhao.web.workbench.models import Evidence, Task

    task = Task.objects.create(meeting=world["meeting"], number="2023-02", problem="问题", owner=world["members"][1])
    before = _media_files()
    client.force_login(world["clerk"])
    response = client.post(f"/tasks/{task.pk}/evidence/", {"file": SimpleUploadedFile(name, data)}, follow=True)
    page = response.content.decode()
    assert REFUSED.search(page) and word in page
    assert not Evidence.objects.exists() and _media_files() == before


def test_good_evidence_is_stored_under_a_safe_name(client, world):
    from duizhao.web.workbench.models import Evidence, Task

    task = Task.objects.create(meeting=world["meeting"], number="2023-03", problem="问题")
    client.force_login(world["clerk"])
    client.post(f"/tasks/{task.pk}/evidence/", {"file": SimpleUploadedFile("../../整改\u202e报告.pdf", PDF_OK)})
    evidence = Evidence.objects.get()
    assert evidence.name == "整改报告.pdf" and ".." not in evidence.file.name
    response = client.get(f"/evidence/{evidence.pk}/")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_hostile_ledger_import_refused_with_a_chinese_message(client, world):
    from duizhao.web.workbench.models import Task

    client.force_login(world["clerk"])
    hostile = rezip(
        good_xlsx(), replace={"[Content_Types].xml": b'<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "b">]><Types/>'}
    )
    response = client.post(
        f"/meetings/{world['meeting'].pk}/ledger/import/",
        {"file": SimpleUploadedFile("台账.xlsx", hostile)},
        follow=True,
    )
    assert REFUSED.search(response.content.decode()) and "DOCTYPE" in response.content.decode()
    assert not Task.objects.exists()
