"""The 查重文库 page: the clerk adds past materials, model texts and official documents, adds a
finished meeting's materials with one action, and removes them; the material page's check then
finds the copied passages. A real archive in the test's data directory."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

PAST = (
    "某县局党组2024年度民主生活会对照检查材料\n一、存在的问题\n（一）理论学习方面\n"
    "一是中心组学习以传达文件为主，全年专题研讨只有两次，结合审批改革谈体会的发言很少，学用脱节的问题比较突出。\n"
    "二、整改措施\n1.每季度围绕一项重点改革开展专题研讨，班子成员逐一发言。\n"
)


@pytest.fixture
def archive_dir(tmp_path, monkeypatch):
    folder = tmp_path / "corpus"
    monkeypatch.setenv("DUIZHAO_CORPUS", str(folder))
    return folder


def _names(client):
    page = client.get(reverse("archive")).content.decode()
    return page[page.index('id="archive-documents"') :]


def test_the_clerk_adds_lists_and_removes_documents(login, users, archive_dir):
    clerk = login(users["clerk"])
    clerk.post(
        reverse("archive_add"),
        {
            "file": SimpleUploadedFile("2024年班子材料.txt", PAST.encode("utf-8")),
            "doc_class": "own",
            "year": "2024",
            "unit": "某县局党组",
        },
    )
    assert "2024年班子材料.txt" in _names(clerk) and (archive_dir / "manifest.json").exists()
    again = clerk.post(
        reverse("archive_add"),
        {"file": SimpleUploadedFile("2024年班子材料.txt", PAST.encode("utf-8")), "doc_class": "own"},
        follow=True,
    )
    assert "已有同名文档" in again.content.decode()
    clerk.post(reverse("archive_remove"), {"name": "2024年班子材料.txt"})
    assert "2024年班子材料.txt" not in _names(clerk)


def test_a_finished_meeting_joins_the_archive_in_one_action(login, users, meeting, members, archive_dir):
    from duizhao.web.workbench import materials as core
    from duizhao.web.workbench import models as m

    material = m.Material.objects.create(meeting=meeting, member=members[1])
    core.save_version(material, PAST.replace("某县局党组2024年度", "李华2023年度"), origin="import")
    clerk = login(users["clerk"])
    clerk.post(reverse("archive_add_meeting"), {"meeting": meeting.pk})
    clerk.post(reverse("archive_add_meeting"), {"meeting": meeting.pk})  # twice: nothing doubled
    names = _names(clerk)
    assert names.count("<td>2023年某县局党组李华对照检查材料</td>") == 1


def test_only_clerks_manage_the_archive_and_only_their_own_meetings(login, users, meeting, archive_dir):
    assert login(users["member"]).get(reverse("archive")).status_code == 403
    assert login(users["secretary"]).post(reverse("archive_remove"), {"name": "x"}).status_code == 403
    assert login(users["other_clerk"]).post(reverse("archive_add_meeting"), {"meeting": meeting.pk}).status_code == 403
    assert "查重文库" in login(users["clerk"]).get(reverse("home")).content.decode()


def test_the_material_check_finds_a_passage_copied_from_the_archive(login, users, meeting, members, archive_dir):
    material = _copying_material(login, users, meeting, members)
    page = login(users["member"]).get(reverse("material_detail", args=[material.pk]) + "?copycheck=1").content.decode()
    assert "往年.txt" in page


def test_the_annotated_view_marks_passages_copied_from_the_archive(login, users, meeting, members, archive_dir):
    material = _copying_material(login, users, meeting, members)
    page = login(users["member"]).get(reverse("material_annotated", args=[material.pk])).content.decode()
    assert "疑似复制自《往年.txt》" in page


def _copying_material(login, users, meeting, members):
    """An earlier material in the archive (往年.txt) and this year's material copying it."""
    from duizhao.web.workbench import materials as core
    from duizhao.web.workbench import models as m

    clerk = login(users["clerk"])
    clerk.post(
        reverse("archive_add"), {"file": SimpleUploadedFile("往年.txt", PAST.encode("utf-8")), "doc_class": "own"}
    )
    material = m.Material.objects.create(meeting=meeting, member=members[1])
    core.save_version(material, PAST.replace("某县局党组2024年度", "李华2023年度"), origin="import")
    return material
