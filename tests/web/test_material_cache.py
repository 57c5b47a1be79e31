"""One door per verb: the workbench parses and reviews a material version once (through the core's
parse_text and review_material), and every download reuses that; Word comments and the annotated
page come from the core's findings_to_annotations."""

import html
import io
import zipfile

import pytest
from django.urls import reverse
from lxml import etree

import duizhao.parse
from duizhao.review.report import findings_to_annotations
from duizhao.web.workbench import materials as core
from duizhao.web.workbench import models as m

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TEXT = "个人对照检查材料\n一、存在的问题\n一是学习不够，XX月只学了X次。\n"


@pytest.fixture
def parses(monkeypatch):
    """Counts the calls of the real core parser (still called: this only counts)."""
    calls = []
    real = duizhao.parse.parse_text

    def counted(text, *args, **kwargs):
        calls.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(duizhao.parse, "parse_text", counted)
    return calls


@pytest.fixture
def version(meeting, members):
    material = m.Material.objects.create(meeting=meeting, member=members[1])
    return core.save_version(material, TEXT, origin="editor")


def test_downloads_reuse_the_parse_made_when_the_version_was_saved(login, users, version, parses):
    client = login(users["secretary"])
    pk = version.material.pk
    for fmt in ("docx", "review.docx", "docx"):
        assert client.get(reverse("material_download", args=[pk, fmt])).status_code == 200
    assert client.get(reverse("material_annotated", args=[pk])).status_code == 200
    assert core.review(m.MaterialVersion.objects.get(pk=version.pk))["findings"] == version.review_json["findings"]
    assert parses == []


def test_a_version_is_parsed_once_then_again_only_when_what_it_reads_changes(version, members, parses):
    fresh = m.MaterialVersion.objects.get(pk=version.pk)
    core._reviewed.clear()  # as in a new worker process
    first = core.reviewed(fresh)
    assert core.reviewed(fresh) is first and core.core_material(fresh) is first.material
    assert len(parses) == 1
    members[1].name = "李华华"  # the author the parse is given
    members[1].save()
    renamed = core.reviewed(m.MaterialVersion.objects.get(pk=version.pk))
    assert len(parses) == 2 and renamed.material.author == "李华华"


def test_word_comments_and_the_page_use_the_cores_annotations(login, users, version):
    expected = findings_to_annotations(core.reviewed(version).review.findings)
    assert expected, "the text has placeholders: the review must find them"
    response = login(users["secretary"]).get(reverse("material_download", args=[version.material.pk, "review.docx"]))
    xml = etree.fromstring(zipfile.ZipFile(io.BytesIO(response.content)).read("word/comments.xml"))
    comments = [("".join(c.itertext()), c.get(f"{{{W}}}author")) for c in xml.iter(f"{{{W}}}comment")]
    assert sorted(comments) == sorted((a.text, a.author) for a in expected)
    page = login(users["secretary"]).get(reverse("material_annotated", args=[version.material.pk])).content.decode()
    assert page.count("<mark") >= 1 and html.escape(expected[0].text) in page
