"""The workbench checks a material against the unit's copy-check archive (DUIZHAO_CORPUS), as
`duizhao check` does, and says so when no archive is configured."""

from django.urls import reverse

TEMPLATE = (
    "在理论学习方面，一是学习的系统性不够，满足于读原文、记笔记，联系分管的水资源调度工作思考不深，"
    "全年到基层站所专题调研只有两次，研讨发言多是复述文件提法，没有拿出解决实际问题的办法。"
)
OWN = "李华个人对照检查材料\n在担当作为方面，一是推进泵站改造项目时等靠思想较重，三号泵站改造拖延了四个月。\n"


def _material(meeting, member, text):
    from duizhao.web.workbench import materials as core
    from duizhao.web.workbench import models as m

    material = m.Material.objects.create(meeting=meeting, member=member)
    core.save_version(material, text, origin="editor")
    return material


def test_a_passage_taken_from_an_archived_template_is_shown_with_its_source(
    tmp_path, monkeypatch, login, users, meeting, members
):
    from duizhao.copycheck import Corpus

    archive = tmp_path / "corpus"
    Corpus(archive).add(
        TEMPLATE + "\n二是其他方面的表述，与本单位无关的一段文字。",
        name="网上范文.docx",
        doc_class="template",
        year=2022,
    )
    monkeypatch.setenv("DUIZHAO_CORPUS", str(archive))
    material = _material(meeting, members[1], OWN + TEMPLATE.replace("水资源调度", "河道管护"))
    page = login(users["secretary"]).get(reverse("material_detail", args=[material.pk]) + "?copycheck=1")
    html = page.content.decode()
    assert "与查重文库比对（1 篇）" in html
    assert "《网上范文.docx》（公开范文，2022年）" in html
    ratio = float(html.split('id="archive-check">总文字复制比 <b>')[1].split("%")[0])
    assert 40 < ratio < 90
    assert "满足于读原文" in html.split('id="archive-check"')[1]

    Corpus(archive).add(OWN, name="李华2022年材料.txt", year=2022)  # the archive changed: reopened
    html = (
        login(users["secretary"]).get(reverse("material_detail", args=[material.pk]) + "?copycheck=1").content.decode()
    )
    assert "与查重文库比对（2 篇）" in html and "李华2022年材料.txt" in html


def test_without_an_archive_the_page_says_so(tmp_path, monkeypatch, login, users, meeting, members):
    monkeypatch.delenv("DUIZHAO_CORPUS", raising=False)
    monkeypatch.setenv("DUIZHAO_DATA_DIR", str(tmp_path))
    material = _material(meeting, members[1], OWN)
    html = (
        login(users["secretary"]).get(reverse("material_detail", args=[material.pk]) + "?copycheck=1").content.decode()
    )
    assert "未配置查重文库" in html


def test_an_unreadable_archive_is_a_message_not_an_error_page(tmp_path, monkeypatch, login, users, meeting, members):
    monkeypatch.setenv("DUIZHAO_CORPUS", str(tmp_path / "none"))
    material = _material(meeting, members[1], OWN)
    response = login(users["secretary"]).get(reverse("material_detail", args=[material.pk]) + "?copycheck=1")
    assert response.status_code == 200
    assert "查重失败" in response.content.decode()
