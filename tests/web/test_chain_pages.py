"""The chain in the workbench: a material's problems linked to the opinions they answer (suggested,
confirmed with one click, following their problem into a new version), the ledger proposed from an
approved material and proposed again without duplicates or lost hand edits, and the trace."""

from datetime import date

import pytest
from django.urls import reverse

MATERIAL_V1 = """李华同志2023年度专题民主生活会个人对照检查材料
一、存在的问题
（一）理论学习方面
一是学习不够系统。全年自学以翻阅文件为主，参加中心组研讨发言只有两次，学用结合不紧。
（二）担当作为方面
一是下基层调研少。全年只到过两个乡镇开展调研，对基层反映的审批难问题掌握不全面。
二是审批时限抓得不紧。业务科办理企业申请时限偏长，企业反映办事慢，本人督促不够。
（三）廉洁自律方面
一是对分管科室的廉政提醒不经常，一年只开展过一次廉政谈话。
二、原因剖析
一是理论学习的自觉性不强，把学习当成软任务。二是宗旨意识有所淡化，深入群众不够。
三、整改措施
1.制定个人学习计划，每月至少精读一篇原著，在中心组学习时交流发言，长期坚持。
2.在2024年6月底前到分管的全部乡镇开展调研，建立基层问题清单，逐项答复。
3.立行立改，梳理业务科审批事项，压缩办理时限，责任部门：业务科。
4.每半年对分管科室开展一次廉政谈话，4月底前完成第一次。
"""

MATERIAL_V2 = """李华同志2023年度专题民主生活会个人对照检查材料
一、存在的问题
（一）担当作为方面
一是下基层调研少。全年只到过两个乡镇开展调研，对基层反映的审批难问题掌握不够全面。
二是审批时限抓得不紧，业务科办理企业申请时限偏长，企业反映办事慢，本人督促不够。
（二）廉洁自律方面
一是对分管科室的廉政提醒不经常，一年只开展过一次廉政谈话。
二、原因剖析
一是宗旨意识有所淡化，深入群众不够。
三、整改措施
1.在2024年5月底前到分管的全部乡镇开展调研，建立基层问题清单，逐项答复。
2.立行立改，梳理业务科审批事项，压缩办理时限，责任部门：业务科。
3.每半年对分管科室开展一次廉政谈话，4月底前完成第一次。
"""


@pytest.fixture
def material(meeting, members):
    from duizhao.web.workbench import models as m

    return m.Material.objects.create(meeting=meeting, member=members[1])


def claim_opinions(meeting, member, texts):
    """Opinions from the box about `member`, each claimed by him, one a day from 2024-01-02."""
    from duizhao.web.workbench import models as m

    return [
        m.Opinion.objects.create(
            meeting=meeting,
            text=text,
            source="box",
            received_on=date(2024, 1, 2 + i),
            target_member=member,
            claimed_member=member,
        )
        for i, text in enumerate(texts)
    ]


@pytest.fixture
def claimed(meeting, members):

    texts = [
        "李华同志下基层调研少，全年只去过两个乡镇，基层的审批难问题了解不够。",
        "业务科办理企业申请时限太长，企业反映办事慢。",
        "希望机关食堂增加早餐品种。",
    ]
    return claim_opinions(meeting, members[1], texts)


def _submit(client, material, text):
    client.post(reverse("material_save", args=[material.pk]), {"mode": "text", "text": text})
    client.post(reverse("material_status", args=[material.pk]), {"action": "submit"})


def _page(client, material):
    return client.get(reverse("material_chain", args=[material.pk])).content.decode()


def test_submitting_records_the_problems_and_suggests_their_sources(login, users, material, claimed):
    from duizhao.web.workbench import models as m

    client = login(users["member"])
    _submit(client, material, MATERIAL_V1)
    records = list(m.ProblemRecord.objects.filter(version__material=material).order_by("index"))
    assert [r.aspect_id for r in records] == ["theory_study", "responsibility", "responsibility", "integrity"]
    suggested = {(link.problem.index, link.opinion_id) for link in m.ProblemLink.objects.all()}
    assert suggested == {(1, claimed[0].pk), (2, claimed[1].pk)}  # the canteen opinion answers nothing
    page = _page(client, material)
    assert "认领意见 3 条，材料回应了 0 条" in page  # suggestions count once confirmed


def test_one_click_confirms_and_the_unanswered_are_listed(login, users, material, claimed):
    from duizhao.web.workbench import models as m

    client = login(users["member"])
    _submit(client, material, MATERIAL_V1)
    for link in m.ProblemLink.objects.all():
        client.post(reverse("link_state", args=[link.pk, "confirmed"]))
    page = _page(client, material)
    assert "认领意见 3 条，材料回应了 2 条" in page
    detail = client.get(reverse("material_detail", args=[material.pk])).content.decode()
    assert "认领意见 3 条，材料回应了 2 条，1 条尚未回应" in detail
    unanswered = page[page.index('id="unanswered"') :]
    assert "食堂" in unanswered[: unanswered.index("</ul>")] and "办事慢" not in unanswered[: unanswered.index("</ul>")]


def test_another_member_cannot_confirm_links_of_my_material(login, users, material, claimed):
    from duizhao.web.workbench import models as m

    _submit(login(users["member"]), material, MATERIAL_V1)
    link = m.ProblemLink.objects.first()
    response = login(users["other_member"]).post(reverse("link_state", args=[link.pk, "confirmed"]))
    assert response.status_code == 403
    link.refresh_from_db()
    assert link.state == "suggested"


def test_the_clerk_may_link_for_the_leader(login, users, material, claimed):
    from duizhao.web.workbench import models as m

    _submit(login(users["member"]), material, MATERIAL_V1)
    problem = m.ProblemRecord.objects.get(index=0)
    login(users["clerk"]).post(
        reverse("link_add", args=[material.pk]), {"problem": problem.pk, "opinion": claimed[2].pk}
    )
    link = m.ProblemLink.objects.get(problem=problem, opinion=claimed[2])
    assert (link.state, link.reason) == ("confirmed", "manual")


def test_a_draft_keeps_its_links(login, users, material, claimed):
    from duizhao.web.workbench import models as m

    client = login(users["member"])
    client.post(reverse("material_draft", args=[material.pk]))
    client.post(reverse("material_status", args=[material.pk]), {"action": "submit"})
    links = m.ProblemLink.objects.filter(reason="draft")
    assert {link.opinion_id for link in links} == {o.pk for o in claimed}
    assert {link.state for link in links} == {"confirmed"}


def test_links_follow_their_problem_into_a_new_version_and_lost_ones_are_shown(login, users, material, claimed):
    from duizhao.web.workbench import models as m

    client = login(users["member"])
    _submit(client, material, MATERIAL_V1)
    m.ProblemLink.objects.update(state="confirmed")
    material.refresh_from_db()
    manual = m.ProblemRecord.objects.get(index=0)
    m.ProblemLink.objects.create(problem=manual, opinion=claimed[2], state="confirmed", reason="manual")
    _submit(client, material, MATERIAL_V2)
    newest = material.latest()
    moved = {(link.problem.index, link.opinion_id) for link in m.ProblemLink.objects.filter(problem__version=newest)}
    assert moved == {(0, claimed[0].pk), (1, claimed[1].pk)}
    lost = m.ProblemLink.objects.get(lost=True)
    assert lost.opinion_id == claimed[2].pk  # its problem (theory study) left the material
    assert "改版后找不到对应问题的关联" in _page(client, material)


def _approve(login, users, material, text=MATERIAL_V1):
    _submit(login(users["member"]), material, text)
    login(users["secretary"]).post(reverse("material_status", args=[material.pk]), {"action": "approve"})


def _commit_all(client, material):
    from duizhao.web.workbench import chain

    rows = chain.proposal_rows(material, chain.ledger_proposal(material))
    data = {}
    for index, row in enumerate(rows):
        data.update(
            {
                f"row{index}-keep": "1",
                f"row{index}-measure": row["measure"],
                f"row{index}-owner": row["owner_id"] or "",
                f"row{index}-department": row["department"],
                f"row{index}-task_type": row["task_type"],
                f"row{index}-deadline": row["deadline"] or "",
            }
        )
    return client.post(reverse("ledger_proposal", args=[material.pk]), data)


def _survey_closed_and_canteen_answered(login, users, meeting, material, claimed, response):
    """The material approved, its links confirmed, its ledger committed; the survey task closed on
    销号 and the canteen opinion (which no problem answers) given a response. Returns that opinion."""
    from duizhao.web.workbench import models as m

    _approve(login, users, material)
    m.ProblemLink.objects.update(state="confirmed")
    _commit_all(login(users["clerk"]), material)
    survey = meeting.tasks.get(problem__startswith="一是下基层")
    survey.status, survey.closed_on, survey.verified_by = "done", date(2024, 3, 1), "张明"
    survey.save()
    canteen = claimed[2]
    canteen.response = response
    canteen.save()
    return canteen


def test_the_ledger_is_proposed_from_an_approved_material(login, users, meeting, members, material, claimed):

    _approve(login, users, material)
    clerk = login(users["clerk"])
    page = clerk.get(reverse("ledger_proposal", args=[material.pk])).content.decode()
    assert "整改台账建议" in page and "压缩办理时限" in page
    _commit_all(clerk, material)
    tasks = list(meeting.tasks.order_by("number"))
    assert len(tasks) == 4 and {t.owner_id for t in tasks} == {members[1].pk}
    by_problem = {t.problem[:6]: t for t in tasks}
    approval = by_problem["二是审批时限"]
    assert (approval.task_type, approval.department) == ("immediate", "业务科")
    assert by_problem["一是学习不够"].task_type == "ongoing" and by_problem["一是学习不够"].deadline is None
    assert by_problem["一是下基层调"].deadline == date(2024, 6, 30)
    assert all(t.origin.problem is not None for t in tasks)


def test_proposing_again_neither_duplicates_nor_overwrites_hand_edits(
    login, users, meeting, members, material, claimed
):

    _approve(login, users, material)
    clerk = login(users["clerk"])
    _commit_all(clerk, material)
    survey = meeting.tasks.get(problem__startswith="一是下基层")
    survey.department = "办公室"  # edited by hand
    survey.save()
    _approve(login, users, material, MATERIAL_V2)
    response = _commit_all(login(users["clerk"]), material)
    assert meeting.tasks.count() == 4  # nothing duplicated, nothing deleted
    survey.refresh_from_db()
    assert survey.department == "办公室" and survey.deadline == date(2024, 5, 31)
    message = " ".join(str(x) for x in response.wsgi_request._messages)
    assert "新增任务 0 项" in message and "问题已不在材料中" in message


def test_only_the_clerk_proposes_the_ledger_and_only_from_an_approved_material(login, users, material, claimed):
    _submit(login(users["member"]), material, MATERIAL_V1)
    assert login(users["member"]).get(reverse("ledger_proposal", args=[material.pk])).status_code == 403
    response = login(users["clerk"]).get(reverse("ledger_proposal", args=[material.pk]))
    assert response.status_code == 302  # submitted, not approved


def test_trace_follows_each_opinion_to_its_tasks(login, users, meeting, members, material, claimed):
    from duizhao.web.workbench import models as m

    _approve(login, users, material)
    m.ProblemLink.objects.update(state="confirmed")
    _commit_all(login(users["clerk"]), material)
    m.Task.objects.create(meeting=meeting, number="2023-900", problem="会议室空调老化", owner=members[0])
    data = login(users["supervisor"]).get(reverse("meeting_trace", args=[meeting.pk]) + "?format=json").json()
    assert all(set(o) == {"id", "aspect", "text", "problems"} for o in data["opinions"])  # no channel, no date
    texts = [o["text"] for o in data["opinions"]]
    assert texts == sorted(texts)  # same aspect here: by text, never by arrival
    by_text = {o["text"][:6]: o for o in data["opinions"]}
    survey = by_text["李华同志下基"]["problems"]
    assert len(survey) == 1 and survey[0]["material"] == "李华"
    assert [t["owner"] for t in survey[0]["tasks"]] == ["李华"] and survey[0]["tasks"][0]["evidence"] == 0
    assert by_text["希望机关食堂"]["problems"] == []
    assert "2023-900" in {t["number"] for t in data["tasks_without_opinion"]}
    assert login(users["member"]).get(reverse("meeting_trace", args=[meeting.pk])).status_code == 403


def test_deleting_a_linked_opinion_or_task_keeps_the_chain_consistent(login, users, meeting, material, claimed):
    from duizhao.web.workbench import models as m

    _approve(login, users, material)
    m.ProblemLink.objects.update(state="confirmed")
    _commit_all(login(users["clerk"]), material)
    claimed[0].delete()
    meeting.tasks.first().delete()
    assert not m.ProblemLink.objects.filter(opinion_id=claimed[0].pk).exists()
    assert m.TaskOrigin.objects.count() == 3
    data = login(users["clerk"]).get(reverse("meeting_trace", args=[meeting.pk]) + "?format=json").json()
    assert len(data["opinions"]) == 2


def test_the_clerk_imports_and_submits_for_a_leader(login, users, material):
    import docx
    from django.core.files.uploadedfile import SimpleUploadedFile

    from duizhao.web.audit.models import AuditEntry

    document = docx.Document()
    for line in MATERIAL_V1.splitlines():
        document.add_paragraph(line)
    import io

    buffer = io.BytesIO()
    document.save(buffer)
    clerk = login(users["clerk"])
    page = clerk.get(reverse("material_detail", args=[material.pk])).content.decode()
    assert "代李华导入和提交" in page
    clerk.post(
        reverse("material_import", args=[material.pk]),
        {"file": SimpleUploadedFile("李华对照检查材料.docx", buffer.getvalue())},
    )
    version = material.latest()
    assert version is not None and version.proxy_note == "由党办代为导入" and "下基层调研少" in version.text
    clerk.post(reverse("material_status", args=[material.pk]), {"action": "submit"})
    material.refresh_from_db()
    version.refresh_from_db()
    assert material.status == "submitted" and version.proxy_note == "由党办代为导入、由党办代为提交"
    assert (
        "由党办代为导入、由党办代为提交" in clerk.get(reverse("material_detail", args=[material.pk])).content.decode()
    )
    entries = [e for e in AuditEntry.objects.all() if "代办说明" in e.changes]
    assert len(entries) == 2 and {e.username for e in entries} == {"clerk"}  # the import, then the submit


def test_only_the_clerk_acts_for_a_leader_and_only_to_import_and_submit(login, users, material):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = {"file": SimpleUploadedFile("a.txt", MATERIAL_V1.encode("utf-8"))}
    assert login(users["other_member"]).post(reverse("material_import", args=[material.pk]), upload).status_code == 403
    assert (
        "代李华导入" not in login(users["member"]).get(reverse("material_detail", args=[material.pk])).content.decode()
    )
    clerk = login(users["clerk"])
    assert clerk.post(reverse("material_save", args=[material.pk]), {"mode": "text", "text": "改写"}).status_code == 403
    login(users["member"]).post(
        reverse("material_import", args=[material.pk]),
        {"file": SimpleUploadedFile("a.txt", MATERIAL_V1.encode("utf-8"))},
    )
    assert material.latest().proxy_note == ""  # the author's own import says nothing


def _docx_text(data: bytes) -> str:
    import io

    import docx

    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def test_opinion_sheets_for_each_leader_and_the_team(login, users, meeting, members, claimed):
    from duizhao.web.workbench import models as m

    m.Opinion.objects.create(
        meeting=meeting, text="班子研究重大事项前征求意见不充分。", source="seminar", received_on=date(2024, 1, 9)
    )
    clerk = login(users["clerk"])
    personal = clerk.get(reverse("opinion_sheet", args=[meeting.pk, members[1].pk, "docx"]))
    text = _docx_text(personal.content)
    assert "李华同志征求意见汇总表" in text.replace("\n", "") and all(o.text in text for o in claimed)
    assert "研究重大事项" not in text and "2024" not in text.replace("2023年度", "")  # no dates
    team = _docx_text(clerk.get(reverse("opinion_sheet", args=[meeting.pk, "team", "docx"])).content)
    assert "研究重大事项" in team and "食堂" not in team
    xlsx = clerk.get(reverse("opinion_sheet", args=[meeting.pk, members[1].pk, "xlsx"]))
    assert xlsx.status_code == 200 and xlsx["Content-Type"].endswith("spreadsheetml.sheet")
    assert login(users["member"]).get(reverse("opinion_sheet", args=[meeting.pk, "team", "docx"])).status_code == 403


def test_the_public_feedback_page_shows_what_was_done(client, login, users, meeting, members, material, claimed):
    from duizhao.web.workbench import models as m

    canteen = _survey_closed_and_canteen_answered(
        login, users, meeting, material, claimed, "已转交机关服务中心，3月起增加早餐品种。"
    )
    assert login(users["member"]).post(reverse("feedback_publish", args=[meeting.pk])).status_code == 403
    login(users["clerk"]).post(reverse("feedback_publish", args=[meeting.pk]))
    token = m.FeedbackPage.objects.get(meeting=meeting).token
    client.logout()
    page = client.get(reverse("public_feedback", args=[token]))
    html = page.content.decode()
    assert page.status_code == 200 and "sessionid" not in page.cookies
    rows = html[html.index('id="feedback"') :]
    survey_row = rows[rows.index(claimed[0].text) :]
    assert "已整改" in survey_row[: survey_row.index("</tr>")]
    canteen_row = rows[rows.index(canteen.text) :]
    assert "已作回应" in canteen_row[: canteen_row.index("</tr>")] and "增加早餐品种" in canteen_row
    assert "1月2日" not in html and "2024-01-0" not in html and "李华" not in html.replace(claimed[0].text, "")
    notice = login(users["clerk"]).get(reverse("feedback_notice", args=[meeting.pk]))
    assert "关于2023年度专题民主生活会征求意见整改落实情况的通报" in _docx_text(notice.content).replace("\n", "")
    login(users["clerk"]).post(reverse("feedback_publish", args=[meeting.pk]))  # close it
    client.logout()
    assert client.get(reverse("public_feedback", args=[token])).status_code == 410
    assert client.get(reverse("public_feedback", args=["no-such-token"])).status_code == 404


def test_the_supervision_overview_counts_the_chain(login, users, meeting, members, material, claimed):
    from duizhao.web.workbench import chain
    from duizhao.web.workbench import models as m

    _approve(login, users, material)
    link = m.ProblemLink.objects.get(opinion=claimed[0])
    link.state = "confirmed"
    link.save()
    _commit_all(login(users["clerk"]), material)
    task = meeting.tasks.get(problem__startswith="一是下基层")
    task.status, task.closed_on, task.verified_by = "done", date(2024, 3, 1), "张明"
    task.save()
    counts = chain.chain_counts(meeting, date(2024, 3, 2))
    assert (counts.opinions_answered, counts.opinions_claimed) == (1, 3)
    assert (counts.problems_with_task, counts.problems) == (4, 4)
    assert (counts.tasks_closed_on_evidence, counts.tasks) == (0, 4)  # closed, but no evidence file
    page = login(users["supervisor"]).get(reverse("supervision")).content.decode()
    table = page[page.index('id="supervision-chain"') :]
    assert "1/3" in table and "4/4" in table and "0/4" in table


def test_criticisms_received_at_the_meeting_become_proposed_tasks(login, users, meeting, members, material, claimed):
    from duizhao.web.workbench import models as m

    m.Criticism.objects.create(
        meeting=meeting,
        giver=members[0],
        receiver=members[1],
        text="李华同志分管的业务科审批时限长，企业反映办事慢，督促整改不力。",
    )
    m.Criticism.objects.create(meeting=meeting, giver=members[1], receiver=members[2], text="王强同志廉政提醒不经常。")
    _approve(login, users, material)
    m.ProblemLink.objects.filter(opinion=claimed[1]).update(state="confirmed")
    _commit_all(login(users["clerk"]), material)
    criticism = meeting.tasks.get(source="criticism")
    assert criticism.problem.startswith("会上批评意见：李华同志分管的业务科") and criticism.owner == members[1]
    assert "压缩办理时限" in criticism.measure  # the member's own measure answers it
    assert meeting.tasks.get(problem__startswith="二是审批时限").source == "opinion"
    assert meeting.tasks.count() == 5  # 4 problems + the one criticism he received


def test_next_year_opens_with_last_years_opinions_and_finds_recurring_problems(
    login, users, meeting, members, material, claimed
):
    from duizhao.web.workbench import lifecycle, reports
    from duizhao.web.workbench import models as m

    _survey_closed_and_canteen_answered(login, users, meeting, material, claimed, "已转交机关服务中心。")
    meeting.held_date = date(2024, 1, 20)
    meeting.save()
    new = lifecycle.start_next_meeting(meeting)
    first = new.announcements.order_by("order").first()
    assert "2023年度专题民主生活会征求意见建议3条，归并为3项，其中" in first.body
    assert "已整改1项" in first.body and "未启动1项" in first.body and "已作回应1项" in first.body
    # a problem the new year's material finds again is 年年提, from the problem records
    again = m.Material.objects.create(meeting=new, member=members[1], status="submitted")
    from duizhao.web.workbench import materials as core

    core.save_version(again, MATERIAL_V1.replace("2023年度", "2024年度"), origin="import")  # records its problems
    lines = reports.recurring(new)
    assert any("下基层调研少" in line and "2023年" in line for line in lines)


def test_a_task_leads_back_to_its_problem_material_and_opinions(login, users, meeting, members, material, claimed):
    from duizhao.web.workbench import models as m

    _approve(login, users, material)
    m.ProblemLink.objects.update(state="confirmed")
    _commit_all(login(users["clerk"]), material)
    task = meeting.tasks.get(problem__startswith="一是下基层")
    page = login(users["clerk"]).get(reverse("task_detail", args=[task.pk])).content.decode()
    origin = page[page.index('id="task-origin"') :]
    assert "李华对照检查材料" in origin and "一是下基层调研少" in origin and claimed[0].text in origin
    # another member sees where the task came from, but not opinions about someone else
    other = login(users["other_member"]).get(reverse("task_detail", args=[task.pk])).content.decode()
    assert "李华对照检查材料" in other and claimed[0].text not in other


MATERIAL_MEASURES_REVERSED = MATERIAL_V1.replace(
    """1.制定个人学习计划，每月至少精读一篇原著，在中心组学习时交流发言，长期坚持。
2.在2024年6月底前到分管的全部乡镇开展调研，建立基层问题清单，逐项答复。
3.立行立改，梳理业务科审批事项，压缩办理时限，责任部门：业务科。
4.每半年对分管科室开展一次廉政谈话，4月底前完成第一次。""",
    """1.每半年对分管科室开展一次廉政谈话，4月底前完成第一次。
2.立行立改，梳理业务科审批事项，压缩办理时限，责任部门：业务科。
3.在2024年6月底前到分管的全部乡镇开展调研，建立基层问题清单，逐项答复。
4.制定个人学习计划，每月至少精读一篇原著，在中心组学习时交流发言，长期坚持。""",
)


def test_the_proposal_marks_matches_the_clerk_should_check_first(login, users, material, claimed):
    """Measures written in the opposite order to the problems match by words alone: the page marks
    those rows 弱 with their score and says how many there are; aligned measures are not marked."""
    import re

    _approve(login, users, material, MATERIAL_MEASURES_REVERSED)
    page = login(users["clerk"]).get(reverse("ledger_proposal", args=[material.pk])).content.decode()
    cells = re.findall(r'class="match-(\w+)"><span class="badge \w+">([^<]*)</span>', page)
    assert cells == [("weak", "弱 60%"), ("good", "70%"), ("good", "70%"), ("weak", "弱 60%")]
    assert "2 行的措施只按用词匹配（方面和顺序都对不上），已标为“弱”，请优先核对。" in page

    _approve(login, users, material, MATERIAL_V1)
    page = login(users["clerk"]).get(reverse("ledger_proposal", args=[material.pk])).content.decode()
    assert re.findall(r'class="match-(\w+)"', page) == ["good"] * 4
    assert 'id="proposal-check"' not in page
