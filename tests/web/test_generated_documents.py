"""Proofreading of every document the workbench generates (issue 12 §1): the demo unit's
finished 2025 cycle has nothing left to fill; a fresh, sparse unit shows its gaps visibly and
the package lists them. Every count a document states equals the database's."""

import io
import re
import zipfile
from datetime import date

import pytest
from django.urls import reverse

from duizhao.cycle.proofread import document_texts, proofread, proofread_files
from duizhao.web.workbench import models as m
from duizhao.web.workbench import reports

DOWNLOADS = [
    ("minutes_download", ()),
    ("report_download", ("meeting_report",)),
    ("report_download", ("rectification_report",)),
    ("ledger_export", ()),
    ("package_download", ()),
]
COUNT_WORDS = "条|人次|人|项|份|名"


def generated(client, meeting) -> dict[str, bytes]:
    files = {}
    for name, extra in DOWNLOADS:
        response = client.get(reverse(name, args=[meeting.pk, *extra]))
        assert response.status_code == 200, name
        disposition = response["Content-Disposition"]
        suffix = re.search(r"\.(docx|xlsx|zip)", disposition).group(0)
        files[f"{name}{'-' + extra[0] if extra else ''}{suffix}"] = response.content
    files["通报.txt"] = "\n".join(f"{title}\n{body}" for title, body in reports.default_announcements(meeting)).encode()
    return files


def database_counts(meeting) -> dict[str, int]:
    attendance = list(meeting.attendance.all())
    tasks = list(meeting.tasks.all())
    previous = list(meeting.previous.tasks.all()) if meeting.previous else []
    return {
        "opinions": meeting.opinions.count(),
        "talks": meeting.talks.count(),
        "criticisms": meeting.criticisms.count(),
        "expected": len(attendance),
        "present": sum(a.present for a in attendance),
        "materials": 1 + meeting.team.members.filter(active=True).count(),
        "approved": meeting.materials.filter(status="approved").count(),
        "tasks": len(tasks),
        "done": sum(t.status == "done" for t in tasks),
        "previous": len(previous),
        "previous_done": sum(t.status == "done" for t in previous),
        "to_team": meeting.opinions.filter(target_member__isnull=True).count(),
        "to_members": meeting.opinions.filter(target_member__isnull=False).count(),
        "checked": sum(
            1
            for sc in meeting.self_criticisms.all()
            if sc.text and any(a.present and a.member_id == sc.member_id for a in attendance)
        ),
        "absent": sum(not a.present for a in attendance),
    }


def stated_counts(texts: dict[str, str]) -> set[int]:
    """Every number followed by a count word in the generated documents (not the members' materials)."""
    found = set()
    for name, text in texts.items():
        if name.startswith("对照检查材料"):
            continue
        found |= {int(n) for n in re.findall(rf"(\d+)\s*(?:{COUNT_WORDS})(?![\u4e00-\u9fff]*年)", text)}
    return found


@pytest.fixture
def demo_meeting(db):
    from duizhao.web.workbench.demo import load_demo

    load_demo()
    return m.Meeting.objects.get(team__name="中共青川县自然资源局党组", year=2025)


def test_the_demo_package_is_a_finished_cycle_with_clean_documents(client, demo_meeting):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="dangban"))
    files = generated(client, demo_meeting)
    assert proofread_files(files) == []
    package = zipfile.ZipFile(io.BytesIO(files["package_download.zip"]))
    assert reports.GAPS_FILE not in package.namelist()
    assert sum(name.startswith("对照检查材料-") for name in package.namelist()) == 6

    texts = {}
    for name, data in files.items():
        texts.update(document_texts(name, data))
    whole = "\n".join(texts.values())
    db = database_counts(demo_meeting)
    for phrase in (
        f"应到{db['expected']}人，实到{db['present']}人",
        f"征求意见建议{db['opinions']}条",
        f"谈心谈话{db['talks']}人次",
        f"相互提出批评意见{db['criticisms']}条",
        f"共{db['materials']}份，均已经党组书记审核通过",
        f"到会的{db['checked']}名班子成员",
        f"整改任务{db['tasks']}项",
        f"已完成{db['done']}项",
        f"查摆问题{db['previous']}项，已完成{db['previous_done']}项",
        f"对领导班子{db['to_team']}条、对班子成员{db['to_members']}条",
        f"应到人员\n{db['expected']}人",
    ):
        assert phrase in whole, phrase
    allowed = set(db.values()) | {demo_meeting.tasks.filter(status=s).count() for s in ("in_progress", "not_started")}
    allowed |= {sum(t.is_overdue() for t in demo_meeting.tasks.all()), 6}  # 6: study sessions written in by the clerk
    assert stated_counts(texts) <= allowed, stated_counts(texts) - allowed


def test_a_sparse_unit_shows_its_gaps_and_the_package_lists_them(client, team, members, users):
    meeting = m.Meeting.objects.create(
        team=team, year=2025, framework_id="dsh-2025", title="2025年度民主生活会", planned_date=date(2026, 1, 20)
    )
    from duizhao.web.workbench import materials as core

    returned = m.Material.objects.create(meeting=meeting, member=members[1], status="returned")
    core.save_version(returned, "2025年度民主生活会个人对照检查材料\n一、存在的问题\n学习不深。", origin="editor")
    m.Material.objects.create(meeting=meeting, member=members[2])  # never written
    client.force_login(users["clerk"])
    client.get(reverse("session", args=[meeting.pk]))  # opening a page must not count as recording the meeting
    files = generated(client, meeting)
    slips = proofread_files(files)
    assert slips and {s.kind for s in slips} == {"gap"}, [str(s) for s in slips if s.kind != "gap"]
    package = zipfile.ZipFile(io.BytesIO(files["package_download.zip"]))
    listed = package.read(reports.GAPS_FILE).decode()
    assert (
        "对照检查材料-李华：已退回修改，未收入材料包" in listed
        and "对照检查材料-王强：尚无正文，未收入材料包" in listed
    )
    assert "【待补：召开日期】" in listed and "【待补：实到人员】" in listed
    assert not [name for name in package.namelist() if name.startswith("对照检查材料")]
    texts = {}
    for name, data in files.items():
        texts.update(document_texts(name, data))
    report = texts["民主生活会情况报告.docx"]
    assert "实到【待补】人" in report and "应有4份，已审核通过0份" in report
    assert "经书记审核" not in report and "实到0人" not in report


def test_announcements_store_no_instruction_text(db, team, members):
    meeting = m.Meeting.objects.create(
        team=team, year=2025, framework_id="dsh-2025", title="2025年度民主生活会", planned_date=date(2026, 1, 20)
    )
    items = reports.default_announcements(meeting)
    assert all(proofread(body) == [] for _, body in items)
    assert [body for title, body in items if "谈话函询" in title] == [""]
    assert reports.announcement_hint("班子成员受到谈话函询情况").startswith("如无")


def test_the_data_migration_empties_stored_instruction_text(db, team, members):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("duizhao.web.workbench.migrations.0004_clerk_docs_reports_meetings")
    meeting = m.Meeting.objects.create(
        team=team, year=2025, framework_id="dsh-2025", title="2025年度民主生活会", planned_date=date(2026, 1, 20)
    )
    stale = m.Announcement.objects.create(
        meeting=meeting, title="班子成员受到谈话函询情况", body=migration.INSTRUCTION_BODIES[1]
    )
    kept = m.Announcement.objects.create(meeting=meeting, title="其他", body="本年度无。")
    migration.clean(apps, None)
    stale.refresh_from_db()
    kept.refresh_from_db()
    assert stale.body == "" and kept.body == "本年度无。"


def test_the_reports_page_lists_what_the_package_still_lacks(client, team, members, users):
    meeting = m.Meeting.objects.create(
        team=team, year=2025, framework_id="dsh-2025", title="2025年度民主生活会", planned_date=date(2026, 1, 20)
    )
    m.Material.objects.create(meeting=meeting, member=members[1])
    client.force_login(users["clerk"])
    page = client.get(reverse("reports", args=[meeting.pk])).content.decode()
    assert 'id="package-gaps"' in page and "对照检查材料-李华：尚无正文，未收入材料包" in page
    assert "处待补</a>" in page


def test_the_demo_reports_page_shows_no_gaps(client, demo_meeting):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="dangban"))
    page = client.get(reverse("reports", args=[demo_meeting.pk])).content.decode()
    assert 'id="package-gaps"' not in page and "下载全套材料包（.zip）</a>" in page
