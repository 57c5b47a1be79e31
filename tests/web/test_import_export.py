"""Imports and exports: what the workbench writes is opened again with openpyxl / python-docx."""

import io
import zipfile
from datetime import date

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from openpyxl import Workbook, load_workbook

import needed


@pytest.fixture
def ledger_meeting(meeting, members):
    from duizhao.web.workbench import models as m

    m.Task.objects.create(
        meeting=meeting,
        number="2023-001",
        problem="下基层调研次数少，全年只到过2个乡镇。",
        measure="每季度到分管乡镇调研不少于1次。",
        owner=members[1],
        department="业务科",
        deadline=date(2024, 6, 30),
        aspect_id="work_style",
    )
    m.Task.objects.create(
        meeting=meeting,
        number="2023-002",
        problem="党组会学习流于形式。",
        measure="修订第一议题制度。",
        owner=members[0],
        deadline=date(2024, 3, 31),
        aspect_id="theory_study",
    )
    return meeting


def _sheet_text(data: bytes) -> str:
    book = load_workbook(io.BytesIO(data))
    return "\n".join(
        str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None
    )


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_ledger_export_contains_every_task(login, users, ledger_meeting):
    response = login(users["clerk"]).get(reverse("ledger_export", args=[ledger_meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    text = _sheet_text(response.content)
    for expected in ("2023-001", "下基层调研次数少", "李华", "2023-002", "张明", "工作作风"):
        assert expected in text


def _edit_ledger(data: bytes, code: str, column_title: str, value) -> bytes:
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    header_row = next(r for r in sheet.iter_rows() if any(c.value == "问题编号" for c in r))
    columns = {c.value: c.column for c in header_row}
    for row in sheet.iter_rows(min_row=header_row[0].row + 1):
        if row[columns["问题编号"] - 1].value == code:
            sheet.cell(row=row[0].row, column=columns[column_title], value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_ledger_round_trip_applies_changes_and_reports_them(login, users, ledger_meeting):
    from duizhao.web.workbench import models as m

    client = login(users["clerk"])
    exported = client.get(reverse("ledger_export", args=[ledger_meeting.pk])).content
    edited = _edit_ledger(exported, "2023-001", "状态", "持续推进")
    edited = _edit_ledger(edited, "2023-001", "进展情况", "已走访3个乡镇")
    upload = SimpleUploadedFile("台账.xlsx", edited)
    response = client.post(reverse("ledger_import", args=[ledger_meeting.pk]), {"file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert "2023-001" in html and "持续推进" in html
    task = m.Task.objects.get(meeting=ledger_meeting, number="2023-001")
    assert (task.status, task.progress) == ("in_progress", "已走访3个乡镇")
    assert m.Task.objects.get(meeting=ledger_meeting, number="2023-002").status == "not_started"


def test_ledger_import_rejects_unknown_codes_and_keeps_data(login, users, ledger_meeting):
    from duizhao.web.workbench import models as m

    client = login(users["clerk"])
    exported = client.get(reverse("ledger_export", args=[ledger_meeting.pk])).content
    edited = _edit_ledger(exported, "2023-002", "问题编号", "9999-999")
    response = client.post(
        reverse("ledger_import", args=[ledger_meeting.pk]), {"file": SimpleUploadedFile("t.xlsx", edited)}
    )
    assert "9999-999" in response.content.decode()
    assert m.Task.objects.filter(meeting=ledger_meeting).count() == 2


def test_ledger_import_of_a_non_spreadsheet_is_a_clear_message(login, users, ledger_meeting):
    client = login(users["clerk"])
    response = client.post(
        reverse("ledger_import", args=[ledger_meeting.pk]),
        {"file": SimpleUploadedFile("t.xlsx", b"not a zip at all")},
        follow=True,
    )
    html = response.content.decode()
    assert shown_messages(html) == ["文件“t.xlsx”未接收：文件内容与扩展名 .xlsx 不符（内容是纯文本），请检查文件"]
    assert "Traceback" not in html


def shown_messages(html: str) -> list[str]:
    """The texts of the messages the page shows (base.html's `div.msg`)."""
    return [div.text_content() for div in lxml.html.fromstring(html).find_class("msg")]


def test_opinion_form_import_from_xlsx(login, users, meeting, members):
    book = Workbook()
    sheet = book.active
    sheet.append(["主要内容", "意见和建议"])
    sheet.append(["对领导班子的意见建议", "班子研究业务多，研究党建少，全年只专题研究党建工作1次。"])
    sheet.append(["对李华同志的意见建议", "下基层调研少，对乡镇所的困难了解不够。"])
    sheet.append(["对王强同志的意见建议", "无"])
    out = io.BytesIO()
    book.save(out)
    client = login(users["clerk"])
    client.post(
        reverse("opinion_import", args=[meeting.pk]), {"file": SimpleUploadedFile("征求意见表.xlsx", out.getvalue())}
    )
    opinions = {o.text: o for o in meeting.opinions.all()}
    assert len(opinions) == 2
    assert opinions["下基层调研少，对乡镇所的困难了解不够。"].target_member == members[1]
    assert opinions["班子研究业务多，研究党建少，全年只专题研究党建工作1次。"].target_member is None
    assert all(o.source == "form_import" for o in opinions.values())


def test_opinion_form_import_from_docx(login, users, meeting, members):
    document = Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "主要内容", "意见和建议"
    table.cell(1, 0).text, table.cell(1, 1).text = "对张明同志的意见建议", "研究干部事项时酝酿不够充分。"
    out = io.BytesIO()
    document.save(out)
    login(users["clerk"]).post(
        reverse("opinion_import", args=[meeting.pk]), {"file": SimpleUploadedFile("表.docx", out.getvalue())}
    )
    opinion = meeting.opinions.get()
    assert opinion.target_member == members[0]


def test_material_import_review_and_docx(login, users, meeting, members):
    from duizhao.web.workbench import models as m

    material = m.Material.objects.create(meeting=meeting, member=members[1])
    text = (
        "个人对照检查材料\n一、存在的问题\n（一）在理论学习方面\n一是学习不够深入，XX月只参加了X次集中学习。\n"
        "二、原因剖析\n理想信念有所放松。\n三、整改措施\n每周自学不少于4小时。\n"
    )
    client = login(users["member"])
    client.post(
        reverse("material_import", args=[material.pk]), {"file": SimpleUploadedFile("材料.txt", text.encode("utf-8"))}
    )
    version = material.latest()
    assert version is not None and "学习不够深入" in version.text
    assert version.review_json["findings"], "the placeholders XX / X must be found"
    response = client.get(reverse("material_download", args=[material.pk, "docx"]))
    assert response.status_code == 200
    assert "学习不够深入" in _docx_text(response.content)


def test_minutes_and_reports_are_word_documents_with_the_meeting_data(login, users, meeting, members):
    from duizhao.web.workbench import models as m

    client = login(users["clerk"])
    client.get(reverse("session", args=[meeting.pk]))  # creates attendance rows
    m.Criticism.objects.create(
        meeting=meeting,
        giver=members[0],
        receiver=members[1],
        text="李华同志全年只到过2个乡镇调研，对基层情况掌握不够。",
    )
    minutes = client.get(reverse("minutes_download", args=[meeting.pk]))
    text = _docx_text(minutes.content)
    assert "会议记录" in text and "李华同志全年只到过2个乡镇调研" in text and "张明" in text
    client.post(
        reverse("report_save", args=[meeting.pk, "meeting_report"]),
        {"text": "一、基本情况\n本次会议开得很好，手工改过的一句。\n二、会前准备情况\n准备充分。"},
    )
    report = _docx_text(client.get(reverse("report_download", args=[meeting.pk, "meeting_report"])).content)
    assert "手工改过的一句" in report and "基本情况" in report
    package = client.get(reverse("package_download", args=[meeting.pk]))
    names = zipfile.ZipFile(io.BytesIO(package.content)).namelist()
    assert {"民主生活会情况报告.docx", "整改落实情况报告.docx", "会议记录.docx", "整改台账.xlsx"} <= set(names)


def test_next_meeting_carries_unfinished_tasks_over(login, users, ledger_meeting):
    from duizhao.web.workbench import models as m

    m.Task.objects.filter(number="2023-002").update(status="done", closed_on=date(2024, 3, 1))
    m.Meeting.objects.filter(pk=ledger_meeting.pk).update(held_date=date(2024, 1, 20))
    login(users["clerk"]).post(reverse("next_meeting", args=[ledger_meeting.pk]), {"confirm": "1"})
    new = m.Meeting.objects.get(previous=ledger_meeting)
    assert new.year == 2024 and new.framework_id == "dsh-2024"
    carried = list(new.tasks.all())
    assert [t.number for t in carried] == ["2023-001"] and carried[0].carried_from is not None
    assert (carried[0].source, carried[0].aspect_id) == ("self", "party_spirit")  # 来源 kept; 工作作风 → 2024 党性作风
    first = new.announcements.first()
    assert "整改" in first.title and "2023-001" in first.body


def test_review_findings_become_word_comments(login, users, meeting, members):
    from duizhao.web.workbench import materials as core
    from duizhao.web.workbench import models as m

    material = m.Material.objects.create(meeting=meeting, member=members[1])
    core.save_version(material, "个人对照检查材料\n一、存在的问题\n一是学习不够，XX月只学了X次。\n", origin="editor")
    response = login(users["secretary"]).get(reverse("material_download", args=[material.pk, "review.docx"]))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert "word/comments.xml" in archive.namelist()
    assert "对照审读" in archive.read("word/comments.xml").decode("utf-8")
    assert login(users["secretary"]).get(reverse("material_download", args=[material.pk, "exe"])).status_code == 404


def test_home_marks_overdue_tasks(login, users, meeting):
    from duizhao.web.workbench import models as m

    m.Task.objects.create(meeting=meeting, number="2023-009", problem="逾期的任务。", deadline=date(2000, 1, 1))
    assert "整改逾期 1 项" in login(users["clerk"]).get("/").content.decode()


def test_annotated_view_highlights_findings_and_respects_permissions(login, users, meeting, members):
    from duizhao.web.workbench import materials as core
    from duizhao.web.workbench import models as m

    material = m.Material.objects.create(meeting=meeting, member=members[1])
    core.save_version(
        material,
        "个人对照检查材料\n一、存在的问题\n一是学习不够，XX月只学了X次。<script>alert(1)</script>\n",
        origin="editor",
    )
    html = login(users["member"]).get(reverse("material_annotated", args=[material.pk])).content.decode()
    assert "<mark" in html and "<script>alert" not in html and "http" not in html
    assert login(users["other_member"]).get(reverse("material_annotated", args=[material.pk])).status_code == 403


def test_hostile_uploads_are_refused_before_anything_reads_them(login, users, ledger_meeting):
    from duizhao.web.workbench import models as m

    task = m.Task.objects.get(number="2023-001")
    client = login(users["clerk"])
    macro = SimpleUploadedFile("证明.exe", b"MZ\x90\x00" + b"\x00" * 100)
    html = client.post(reverse("evidence_upload", args=[task.pk]), {"file": macro}, follow=True).content.decode()
    assert "未接收" in html and not task.evidence.exists()
    fake = SimpleUploadedFile("表.docx", b"PK\x03\x04not really a document")
    html = client.post(
        reverse("opinion_import", args=[ledger_meeting.pk]), {"file": fake}, follow=True
    ).content.decode()
    assert shown_messages(html) == ["文件“表.docx”未接收：文件已损坏或格式无效，无法作为Word 文档 (.docx)读取"]
    assert not ledger_meeting.opinions.exists()


@pytest.mark.libreoffice
@pytest.mark.slow
def test_material_pdf_download(login, users, meeting, members):
    import pdfplumber

    from duizhao.web.workbench import materials as core
    from duizhao.web.workbench import models as m

    material = m.Material.objects.create(meeting=meeting, member=members[1])
    core.save_version(
        material, "李华个人对照检查材料\n一、存在的问题\n一是调研少，全年只到过2个乡镇。\n", origin="editor"
    )
    response = login(users["member"]).get(reverse("material_download", args=[material.pk, "pdf"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert "调研少" in text.replace(" ", "")


@pytest.mark.parametrize("name", ["000_edabf4a0fb341e20.txt", "excerpts/001.txt", "github/001.txt"])
def test_real_materials_import_through_the_web(login, users, meeting, members, name):
    from duizhao.web.workbench import models as m

    path = needed.samples() / name
    material = m.Material.objects.create(meeting=meeting, member=members[1])
    response = login(users["member"]).post(
        reverse("material_import", args=[material.pk]), {"file": SimpleUploadedFile(path.name, path.read_bytes())}
    )
    assert response.status_code == 302
    version = material.latest()
    assert version is not None and len(version.text) > 100
    assert "findings" in version.review_json
    page = login(users["member"]).get(reverse("material_detail", args=[material.pk]))
    assert page.status_code == 200


def test_carried_over_tasks_are_no_longer_overdue_in_the_old_ledger(login, users, ledger_meeting):
    from duizhao.web.workbench import models as m

    m.Meeting.objects.filter(pk=ledger_meeting.pk).update(held_date=date(2024, 1, 20))
    login(users["clerk"]).post(reverse("next_meeting", args=[ledger_meeting.pk]), {"confirm": "1"})
    old = m.Task.objects.get(meeting=ledger_meeting, number="2023-001")
    new = m.Task.objects.get(carried_from=old)
    today = date(2030, 1, 1)
    assert not old.is_overdue(today) and new.is_overdue(today)
    html = login(users["clerk"]).get(reverse("ledger", args=[ledger_meeting.pk])).content.decode()
    assert "已结转下一年度" in html


def test_an_opinion_form_whose_sheet_xml_is_broken_gets_a_chinese_message(tmp_path, meeting):
    """Found by the fuzzer: openpyxl's read-only sheets parse while rows are read, so a sheet with
    an unbound XML prefix failed outside the guarded open and became a server error."""
    import zipfile

    from openpyxl import Workbook

    from duizhao.errors import InputError
    from duizhao.web.workbench.imports import read_opinion_form

    good = tmp_path / "good.xlsx"
    book = Workbook()
    book.active.append(["主要内容", "意见和建议"])
    book.active.append(["班子", "会议太多"])
    book.save(good)
    broken = tmp_path / "征求意见表.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData><x:row/>", 1)
            target.writestr(item, data)
    with pytest.raises(InputError) as error:
        read_opinion_form(broken, meeting)
    assert "已损坏" in str(error.value)


def test_submitting_a_material_with_errors_asks_first_and_says_how_many(login, users, meeting, members):
    from duizhao.web.workbench import models as m

    material = m.Material.objects.create(meeting=meeting, member=members[1])
    text = (
        "个人对照检查材料\n一、存在的问题\n（一）在理论学习方面\n一是学习不够深入，XX月只参加了X次集中学习。\n"
        "二、原因剖析\n理想信念有所放松。\n三、整改措施\n每周自学不少于4小时。\n"
    )
    client = login(users["member"])
    client.post(
        reverse("material_import", args=[material.pk]), {"file": SimpleUploadedFile("材料.txt", text.encode("utf-8"))}
    )
    page = client.get(reverse("material_detail", args=[material.pk])).content.decode()
    errors = {(f["rule"], f["message"]) for f in material.latest().review_json["findings"] if f["severity"] == "error"}
    assert errors and f'data-confirm="材料还有 {len(errors)} 处错误级审读意见，确定提交审核？"' in page
