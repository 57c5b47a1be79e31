"""The structured editor of an imported or full-text material is filled from the parsed text, and
saving it unchanged keeps the material's problems, causes and measures."""

from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

EXAMPLE = (
    Path(__file__).resolve().parents[2] / "src" / "duizhao" / "data" / "examples" / "personal-2025-li-mingyuan.txt"
)


class _FormFields(HTMLParser):
    """The textareas and inputs of the form with the given id, as a browser would post them."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.fields, self._area = form_id, False, {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        elif self.inside and tag == "textarea":
            self._area = attrs["name"]
            self.fields[self._area] = ""
        elif self.inside and tag == "input" and attrs.get("name"):
            self.fields[attrs["name"]] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._area = None

    def handle_data(self, data):
        if self._area:
            self.fields[self._area] += data


def _structured_form(html: str) -> dict:
    parser = _FormFields("material-structured")
    parser.feed(html)
    return {
        k: v[1:] if v.startswith("\n") else v for k, v in parser.fields.items()
    }  # HTML drops a textarea's first newline


@pytest.fixture
def meeting_2025(team, members):
    from duizhao.web.workbench.models import Meeting

    return Meeting.objects.create(
        team=team,
        year=2025,
        framework_id="dsh-2025",
        title="2025年度民主生活会",
        planned_date=date(2026, 1, 20),
        kind="democratic_life",
        meeting_type="annual",
    )


def _parsed(text):
    from duizhao.parse import parse_text

    material = parse_text(text)
    return (
        [(p.aspect_id, p.text.strip()) for p in material.problems],
        [c.text.strip() for c in material.causes],
        [x.text.strip() for x in material.measures],
    )


def _material(meeting, member):
    from duizhao.web.workbench.models import Material

    return Material.objects.get_or_create(meeting=meeting, member=member)[0]


def test_imported_material_fills_the_structured_editor_and_saves_unchanged(login, users, members, meeting_2025):
    from duizhao.frameworks import get_framework

    text = EXAMPLE.read_text(encoding="utf-8")
    material = _material(meeting_2025, members[1])
    client = login(users["member"])
    client.post(
        reverse("material_import", args=[material.pk]), {"file": SimpleUploadedFile("李明远.txt", text.encode("utf-8"))}
    )
    imported = material.latest()
    assert imported.number == 1 and not imported.structured

    fields = _structured_form(client.get(reverse("material_detail", args=[material.pk])).content.decode())
    problems, causes, measures = _parsed(imported.text)
    aspect_ids = [a.id for a in get_framework("dsh-2025").aspects]
    assert len(problems) == 10
    for aspect_id in aspect_ids:
        box = fields[f"aspect_{aspect_id}"]
        expected = [p for a, p in problems if a == aspect_id]
        assert expected and all(p in box for p in expected)
        assert not any(p in box for a, p in problems if a != aspect_id)
    assert "一是学用结合不紧" in fields["aspect_political_loyalty"]
    assert "理论学习没有入脑入心" in fields["causes"] and "落实“一岗双责”" in fields["measures"]
    assert fields["preamble"].startswith("我在局里分管耕地保护股") and "problems_other" not in fields

    client.post(reverse("material_save", args=[material.pk]), fields)
    saved = material.latest()
    assert saved.number == 2 and saved.origin == "editor"
    assert _parsed(saved.text) == (problems, causes, measures)
    again = _structured_form(client.get(reverse("material_detail", args=[material.pk])).content.decode())
    assert {k: v for k, v in again.items() if k != "csrfmiddlewaretoken"} == {
        k: v for k, v in fields.items() if k != "csrfmiddlewaretoken"
    }


def test_full_text_edit_is_read_back_not_the_old_fields(login, users, members, meeting_2025):
    material = _material(meeting_2025, members[1])
    client = login(users["member"])
    client.post(
        reverse("material_save", args=[material.pk]),
        {
            "mode": "structured",
            "preamble": "开头",
            "aspect_political_loyalty": "一是旧的问题。",
            "causes": "旧原因",
            "measures": "旧措施",
        },
    )
    assert "旧的问题" in material.latest().text
    new_text = material.latest().text.replace("旧的问题", "在全文里改过的问题")
    client.post(reverse("material_save", args=[material.pk]), {"mode": "text", "text": new_text})
    fields = _structured_form(client.get(reverse("material_detail", args=[material.pk])).content.decode())
    assert (
        "在全文里改过的问题" in fields["aspect_political_loyalty"]
        and "旧的问题" not in fields["aspect_political_loyalty"]
    )


def test_problems_under_no_known_aspect_are_kept(login, users, members, meeting_2025):
    from duizhao.web.workbench.models import MaterialVersion

    material = _material(meeting_2025, members[1])
    text = (
        "个人对照检查材料\n一、存在的问题\n一是调研走过场，全年只去了2个乡镇。二是批评别人多，自我批评少。\n"
        "二、原因分析\n党性修养放松。\n三、整改措施\n每月下乡调研1次。\n四、典型案例剖析\n本人负有领导责任。\n"
    )
    MaterialVersion.objects.create(material=material, number=1, text=text, origin="import")
    client = login(users["member"])
    html = client.get(reverse("material_detail", args=[material.pk])).content.decode()
    fields = _structured_form(html)
    assert "不在结构化编辑范围内" in html and "四、典型案例剖析" in html  # the user is told before assembling
    assert fields["preamble"] == "" and fields["causes"] == "党性修养放松。"
    assert "调研走过场" in fields["problems_other"] and "自我批评少" in fields["problems_other"]
    client.post(reverse("material_save", args=[material.pk]), fields)
    assert "调研走过场" in material.latest().text and "自我批评少" in material.latest().text
