"""Where PDF export is offered, the workbench says plainly when LibreOffice or the fonts are
missing on the server (rather than failing at the first PDF). The machine is made to lack them
for real: a PATH without soffice and a fontconfig configuration without fonts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from duizhao.render import pdf
from duizhao.web.workbench.views import materials as material_views

TEXT = (
    "关于2023年度专题民主生活会个人对照检查材料\n一、存在的问题\n（一）理论学习方面。学习不够系统，"
    "满足于读原文，联系实际不够。\n二、原因分析\n理论武装抓得不紧。\n三、整改措施\n制定个人学习计划。\n"
)


@pytest.fixture
def bare_machine(tmp_path, monkeypatch):
    (tmp_path / "bin").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))  # neither soffice nor fc-list
    material_views.pdf_notice_once.cache_clear()
    yield
    material_views.pdf_notice_once.cache_clear()


def _material_page(login, users, members, meeting):
    from duizhao.web.workbench.models import Material

    material = Material.objects.create(meeting=meeting, member=members[1])
    client = login(users["member"])
    client.post(
        reverse("material_import", args=[material.pk]), {"file": SimpleUploadedFile("对照材料.txt", TEXT.encode())}
    )
    return client.get(reverse("material_detail", args=[material.pk])).content.decode()


def test_the_material_page_says_what_pdf_export_lacks(bare_machine, login, users, members, meeting):
    html = _material_page(login, users, members, meeting)
    assert "下载 PDF" in html
    assert "本机暂不能导出 PDF" in html and "LibreOffice" in html and "fc-list" in html and "apt-get install" in html


def test_no_notice_when_everything_is_installed(login, users, members, meeting):
    if pdf.missing_for_pdf():
        pytest.skip("本机缺少 PDF 所需组件：" + "、".join(pdf.missing_for_pdf()))
    material_views.pdf_notice_once.cache_clear()
    html = _material_page(login, users, members, meeting)
    assert "下载 PDF" in html and "本机暂不能导出 PDF" not in html


def test_missing_fonts_are_named(tmp_path, monkeypatch):
    (tmp_path / "fonts.conf").write_text('<?xml version="1.0"?><fontconfig></fontconfig>', encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(tmp_path / "fonts.conf"))
    if pdf.installed_font_families() is None:
        pytest.skip("本机没有 fc-list")
    missing = pdf.missing_for_pdf()
    assert "字体 Noto Serif CJK SC" in missing and "字体 AR PL UKai CN" in missing
