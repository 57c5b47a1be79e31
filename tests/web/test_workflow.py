"""Materials workflow (first draft, versions, comments and send-back, copy check), talks coverage,
quorum, criticism warnings, the dashboard data and the supervision overview."""

from datetime import date

import lxml.html
import pytest
from django.urls import reverse


@pytest.fixture
def material(meeting, members):
    from duizhao.web.workbench import models as m

    return m.Material.objects.create(meeting=meeting, member=members[1])


def test_first_draft_from_claimed_opinions_and_talks(login, users, meeting, members, material):
    from duizhao.web.workbench import models as m

    m.Opinion.objects.create(
        meeting=meeting,
        text="李华同志下基层调研少，全年只去过2个乡镇。",
        source="seminar",
        received_on=date(2024, 1, 2),
        target_member=members[1],
        claimed_member=members[1],
    )
    m.Talk.objects.create(
        meeting=meeting,
        speaker=members[0],
        listener=members[1],
        talked_on=date(2024, 1, 5),
        speaker_said="对业务科的审批时限抓得不紧，企业反映慢。",
    )
    client = login(users["member"])
    client.post(reverse("material_draft", args=[material.pk]))
    version = material.latest()
    assert version is not None and version.origin == "draft"
    assert "调研少" in version.text and "审批时限" in version.text
    page = client.get(reverse("material_detail", args=[material.pk])).content.decode()
    assert "李华同志下基层调研少" in page  # the claimed opinion beside the editor


def test_structured_editor_assembles_the_outline_and_keeps_versions(login, users, material):
    client = login(users["member"])
    client.post(
        reverse("material_save", args=[material.pk]),
        {
            "mode": "structured",
            "preamble": "按照要求，认真准备。",
            "aspect_theory_study": "一是学习不深入，2023年只参加集中学习5次。",
            "causes": "理论学习有所放松。",
            "measures": "每周自学不少于4小时，2024年6月前完成。",
        },
    )
    client.post(
        reverse("material_save", args=[material.pk]), {"mode": "text", "text": material.latest().text + "补一句。"}
    )
    versions = list(material.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    text = versions[0].text
    assert (
        text.index("存在的主要问题")
        < text.index("在理论学习方面")
        < text.index("问题产生的原因")
        < text.index("整改措施")
    )
    assert versions[0].structured["aspect_theory_study"].startswith("一是")


def test_secretary_sends_back_and_member_resubmits(login, users, material):
    from duizhao.web.workbench import models as m

    login(users["member"]).post(
        reverse("material_save", args=[material.pk]), {"mode": "text", "text": "个人对照检查材料\n正文。"}
    )
    client = login(users["member"])
    client.post(reverse("material_status", args=[material.pk]), {"action": "submit"})
    material.refresh_from_db()
    assert material.status == "submitted"
    login(users["secretary"]).post(
        reverse("material_status", args=[material.pk]),
        {"action": "comment", "text": "问题不具体，请补充事例。", "send_back": "on"},
    )
    material.refresh_from_db()
    assert material.status == "returned"
    assert m.MaterialComment.objects.get(material=material).author_role == "secretary"
    login(users["supervisor"]).post(reverse("material_status", args=[material.pk]), {"action": "approve"})
    material.refresh_from_db()
    assert material.status == "approved"


def test_copy_check_between_team_materials(login, users, meeting, members):
    from duizhao.web.workbench import materials as core
    from duizhao.web.workbench import models as m

    shared = (
        "在理论学习方面，一是学习不够深入系统，满足于读原文、记笔记，没有结合分管的业务工作深入思考，"
        "2023年参加理论学习中心组集中学习只有5次，研讨发言多是复述文件提法。"
    )
    a = m.Material.objects.create(meeting=meeting, member=members[1])
    b = m.Material.objects.create(meeting=meeting, member=members[2])
    core.save_version(a, "李华个人对照检查材料\n" + shared + "\n二是调研少。", origin="editor")
    core.save_version(b, "王强个人对照检查材料\n" + shared + "\n二是监督不严。", origin="editor")
    result = core.copy_check(meeting)
    assert result[a.pk]["ratio"] > 30 and result[a.pk]["sources"][0]["source"].endswith("王强")
    page = login(users["secretary"]).get(reverse("material_detail", args=[a.pk]) + "?copycheck=1").content.decode()
    assert "复制比" in page


def test_talk_coverage_shows_missing_pairs(login, users, meeting, members):
    from duizhao.web.workbench import models as m

    m.Talk.objects.create(meeting=meeting, speaker=members[0], listener=members[1], talked_on=date(2024, 1, 5))
    html = login(users["clerk"]).get(reverse("talks", args=[meeting.pk])).content.decode()
    assert "会前尚需完成的谈话" in html and "王强" in html


def test_quorum_and_criticism_warnings(login, users, meeting, members):
    client = login(users["clerk"])
    client.get(reverse("session", args=[meeting.pk]))
    response = client.post(
        reverse("session_save", args=[meeting.pk]),
        {f"present_{members[0].pk}": "on", f"absence_{members[1].pk}": "出差", f"absence_{members[2].pk}": "病假"},
        follow=True,
    )
    assert "实到1人" in response.content.decode()
    response = client.post(
        reverse("criticism_add", args=[meeting.pk]),
        {"giver": members[0].pk, "receiver": members[1].pk, "text": "希望李华同志今后多注意身体，工作不要太拼。"},
        follow=True,
    )
    html = response.content.decode()
    assert "王强未收到任何批评意见" in html
    assert "提示" in html  # assess_criticism flags hope/praise instead of criticism


def test_dashboard_data_and_supervision_overview(login, users, meeting, members):
    from duizhao.web.workbench import models as m

    m.Opinion.objects.create(
        meeting=meeting, text="会议太多。", source="box", received_on=date(2024, 1, 2), aspect_id="work_style"
    )
    m.Task.objects.create(meeting=meeting, number="2023-001", problem="调研少。", deadline=date(2000, 1, 1))
    data = login(users["clerk"]).get(reverse("dashboard_data", args=[meeting.pk])).json()
    assert data["by_aspect"] == {"工作作风": 1} and data["by_source"] == {"意见箱": 1}
    assert data["overdue"] == 1 and data["tasks"]["未启动"] == 1
    html = login(users["supervisor"]).get(reverse("supervision")).content.decode()
    assert "某县局党组" in html and meeting.title in html
    assert "某市局党组" not in html  # the supervising level itself holds no meeting here


def test_htmx_claim_returns_only_the_row(login, users, meeting, members):
    from duizhao.web.workbench import models as m

    opinion = m.Opinion.objects.create(meeting=meeting, text="会议太多。", source="box", received_on=date(2024, 1, 2))
    response = login(users["clerk"]).post(
        reverse("opinion_update", args=[opinion.pk]),
        {"action": "claim", "claimer": str(members[1].pk)},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert html.lstrip().startswith("<tr") and "李华 认领" in html and "<html" not in html


def test_versions_can_be_compared(login, users, material):
    client = login(users["member"])
    client.post(reverse("material_save", args=[material.pk]), {"mode": "text", "text": "材料\n第一句。\n"})
    client.post(reverse("material_save", args=[material.pk]), {"mode": "text", "text": "材料\n改过的第一句。\n"})
    html = client.get(reverse("material_detail", args=[material.pk]) + "?v=2&diff=1").content.decode()
    assert "与上一版的差异" in html and "改过的第一句" in html


def test_near_duplicate_opinions_are_grouped_on_entry(login, users, meeting):
    client = login(users["clerk"])
    for text in [
        "不动产登记窗口中午没人值班，群众办事要请假。",
        "不动产登记窗口中午没人值班，群众办事只能请假。",
        "党组会学习流于形式。",
    ]:
        client.post(
            reverse("opinion_add", args=[meeting.pk]), {"text": text, "source": "box", "received_on": "2024-01-03"}
        )
    groups = {o.text: o.group for o in meeting.opinions.all()}
    assert groups["不动产登记窗口中午没人值班，群众办事要请假。"] is not None
    assert (
        groups["不动产登记窗口中午没人值班，群众办事要请假。"]
        == groups["不动产登记窗口中午没人值班，群众办事只能请假。"]
    )
    assert groups["党组会学习流于形式。"] is None
    assert all(o.aspect_id for o in meeting.opinions.all()), "every opinion is classified automatically"


def test_marking_the_report_submitted_meets_its_deadline(login, users, meeting):
    login(users["clerk"]).post(
        reverse("report_save", args=[meeting.pk, "meeting_report"]),
        {"text": "一、基本情况\n正文。", "action": "submitted"},
    )
    assert meeting.reports.get(kind="meeting_report").submitted_on is not None
    assert meeting.deadlines.get(key="report").done_on is not None


def test_material_score_reaches_the_supervision_overview(login, users, meeting, members):
    from duizhao.web.workbench import materials as core
    from duizhao.web.workbench import models as m

    material = m.Material.objects.create(meeting=meeting, member=members[1])
    version = core.save_version(
        material,
        "李华个人对照检查材料\n一、存在的问题\n（一）在理论学习方面\n"
        "一是学习不深入，2023年参加集中学习只有5次，3月研讨时发言照读文件。\n",
        origin="editor",
    )
    score = core.score_of(version.review_json)
    assert score is not None
    html = login(users["supervisor"]).get(reverse("supervision")).content.decode()
    assert supervision_cell(html, "某县局党组", "材料见人见事评分") == f"{round(score, 1)}"


def supervision_cell(html: str, team: str, column: str) -> str:
    """The text of one cell of the supervision table: the row of `team`, the column headed `column`."""
    table = lxml.html.fromstring(html).get_element_by_id("supervision")
    rows = table.findall(".//tr")
    headers = [cell.text_content().strip() for cell in rows[0]]
    row = next(r for r in rows[1:] if r[0].text_content().strip() == team)
    return row[headers.index(column)].text_content().strip()


def test_deadline_marked_done_with_htmx(login, users, meeting):
    deadline = meeting.deadlines.get(key="report")
    client = login(users["clerk"])
    html = client.post(reverse("deadline_done", args=[deadline.pk]), HTTP_HX_REQUEST="true").content.decode()
    deadline.refresh_from_db()
    assert deadline.done_on is not None and html.lstrip().startswith("<tr") and "撤销" in html
    assert login(users["member"]).post(reverse("deadline_done", args=[deadline.pk])).status_code == 403


def test_structured_editor_starts_from_last_years_tasks(login, users, meeting, members):
    from duizhao.web.workbench import models as m
    from duizhao.web.workbench import reports

    m.Task.objects.create(
        meeting=meeting,
        number="2023-001",
        problem="下基层调研少。",
        owner=members[1],
        status="in_progress",
        progress="已走访3个乡镇",
    )
    new = reports.start_next_meeting(meeting)
    material = m.Material.objects.create(meeting=new, member=members[1])
    html = login(users["member"]).get(reverse("material_detail", args=[material.pk])).content.decode()
    assert "下基层调研少。（持续推进，已走访3个乡镇）" in html


def test_criticism_deleted_by_the_clerk_only(login, users, meeting, members):
    from duizhao.web.workbench import models as m

    c = m.Criticism.objects.create(meeting=meeting, giver=members[0], receiver=members[1], text="记错了的一条。")
    assert login(users["member"]).post(reverse("criticism_delete", args=[c.pk])).status_code == 403
    assert login(users["clerk"]).post(reverse("criticism_delete", args=[c.pk])).status_code == 302
    assert not m.Criticism.objects.filter(pk=c.pk).exists()
