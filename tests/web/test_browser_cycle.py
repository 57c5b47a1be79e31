"""One whole cycle in a real browser (Debian's chromium through Playwright) against a live server:
set-up, anonymous opinion, classification and claim, material import and fix, the meeting,
ledger export/edit/import, a task closed with evidence, the report exported."""

import re
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

import needed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = str(needed.CHROMIUM)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PASSWORD = "Cycle-pass-2025"


@pytest.fixture
def browser():
    needed.chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    html = page.content()
    assert "Traceback" not in html and "Server Error" not in html


def login(browser, base, username, password=PASSWORD):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    return page


def test_whole_cycle(browser, live_server, tmp_path):
    from duizhao.web.workbench import models as m
    from duizhao.web.workbench import services

    base = live_server.url
    parent = m.Team.objects.create(name="青山市局党组")
    team = m.Team.objects.create(name="青山县局党组", parent=parent)
    head = m.Member.objects.create(team=team, name="周建", title="党组书记、局长", is_head=True, order=0)
    m.Member.objects.create(team=team, name="吴平", title="党组成员、纪检组长", order=2)
    services.create_account("dangban", "clerk", team, full_name="郑红", password="First-login-1")
    secretary, _ = services.create_account("shuji", "secretary", team, member=head, password=PASSWORD)
    m.AccountState.objects.filter(user=secretary).update(must_change_password=False)
    supervisor, _ = services.create_account("duzhao", "supervisor", parent, full_name="市局督导组", password=PASSWORD)
    m.AccountState.objects.filter(user=supervisor).update(must_change_password=False)

    # 1. the clerk logs in, must set a password, adds a member and sets up the meeting
    clerk = login(browser, base, "dangban", "First-login-1")
    assert "/password/" in clerk.url
    clerk.fill("#id_old_password", "First-login-1")
    clerk.fill("#id_new_password1", PASSWORD)
    clerk.fill("#id_new_password2", PASSWORD)
    clerk.click("form.stack button[type=submit]")
    clerk.goto(f"{base}/teams/{team.pk}/")
    clerk.fill("#member-form #id_name", "李海")
    clerk.fill("#member-form #id_title", "党组成员、副局长")
    clerk.fill("#member-form #id_departments", "业务科")
    clerk.click("#member-form button")
    assert clerk.locator("text=已添加班子成员 李海").count() == 1
    member = m.Member.objects.get(name="李海")
    clerk.fill(f"form[action='/members/{member.pk}/account/'] input[name=username]", "lihai")
    clerk.click(f"form[action='/members/{member.pk}/account/'] button")
    one_time = re.search(r"一次性密码：(\S+?)（", clerk.inner_text(".msg")).group(1)
    shot(clerk, "01-team")
    clerk.goto(f"{base}/teams/{team.pk}/meetings/new/")
    clerk.fill("#id_title", "2025年度民主生活会")
    clerk.select_option("#id_meeting_type", "annual")
    clerk.fill("#id_year", "2025")
    clerk.select_option("#id_framework_id", "dsh-2025")
    clerk.fill("#id_planned_date", "2026-01-15")
    clerk.click("form.stack button[type=submit]")
    meeting = m.Meeting.objects.get(team=team)
    assert meeting.deadlines.filter(key="report").exists()
    clerk.wait_for_timeout(600)  # let the charts draw
    shot(clerk, "02-meeting")

    # 2. a public link; an anonymous person gives an opinion about 李海
    clerk.goto(f"{base}/meetings/{meeting.pk}/opinions/")
    clerk.select_option("#solicitation-form #id_member", str(member.pk))
    clerk.click("#solicitation-form button")
    link = clerk.locator("input.link-address").first.input_value()  # the full address, to copy
    assert link.startswith(f"{base}/yijian/")
    anonymous = browser.new_context().new_page()
    anonymous.goto(link)
    assert "不记录" in anonymous.inner_text("main")
    shot(anonymous, "03-public-form")
    anonymous.fill("#id_text", "李海同志下基层调研少，全年只去过2个乡镇，对企业反映的审批慢问题回应不及时。")
    anonymous.click("button[type=submit]")
    assert "提交成功" in anonymous.inner_text("main")
    assert not [c for c in anonymous.context.cookies() if c["name"] == "sessionid"]

    # 3. classified automatically, corrected by hand and claimed by 李海
    opinion = m.Opinion.objects.get(meeting=meeting)
    clerk.reload()
    row = clerk.locator(f"#opinion-{opinion.pk}")
    with clerk.expect_response(lambda r: "/opinions/" in r.url and r.request.method == "POST"):
        row.locator("select[name=aspect_id]").select_option("responsibility")  # htmx swaps the row
    row = clerk.locator(f"#opinion-{opinion.pk}")
    row.locator("form.claim select").select_option(str(member.pk))
    with clerk.expect_response(lambda r: "/opinions/" in r.url and r.request.method == "POST"):
        row.locator("form.claim button").click()
    clerk.wait_for_timeout(300)
    assert "李海 认领" in clerk.locator(f"#opinion-{opinion.pk}").inner_text()
    opinion.refresh_from_db()
    assert opinion.aspect_id == "responsibility" and opinion.aspect_confirmed and opinion.claimed_member == member
    shot(clerk, "04-opinions")

    # 4. the member imports a material, sees a review finding and fixes it
    member_page = login(browser, base, "lihai", one_time)
    member_page.fill("#id_old_password", one_time)
    member_page.fill("#id_new_password1", PASSWORD)
    member_page.fill("#id_new_password2", PASSWORD)
    member_page.click("form.stack button[type=submit]")
    member_page.goto(f"{base}/meetings/{meeting.pk}/materials/")
    shot(member_page, "05-materials")
    member_page.click("tr:has-text('李海') >> text=打开")
    text = (
        "李海同志个人对照检查材料\n一、存在的问题\n（一）在担当作为方面\n"
        "一是下基层调研少，2025年只到过XX个乡镇，对企业反映的审批慢问题回应不及时。\n"
        "二、原因剖析\n宗旨意识淡化，怕担责任。\n三、整改措施\n每季度到分管乡镇调研不少于1次，2026年6月底前完成。\n"
    )
    source = tmp_path / "材料.txt"
    source.write_text(text, encoding="utf-8")
    member_page.set_input_files("#material-import input[type=file]", str(source))
    member_page.click("#material-import button")
    findings = member_page.inner_text("#review")
    assert "XX" in findings
    shot(member_page, "06-material-finding")
    fixed = member_page.input_value("#material-textarea").replace("XX个乡镇", "2个乡镇")
    member_page.fill("#material-textarea", fixed)
    member_page.click("#material-text button")
    assert "“XX" not in member_page.inner_text("#review")
    material = m.Material.objects.get(meeting=meeting, member=member)
    assert material.latest().number == 2 and "XX" not in material.latest().text
    shot(member_page, "07-material-fixed")

    # 5. the meeting: attendance, quorum, criticisms
    clerk.goto(f"{base}/meetings/{meeting.pk}/session/")
    clerk.fill("input[name=held_date]", "2026-01-15")
    clerk.uncheck(f"input[name=present_{m.Member.objects.get(name='吴平').pk}]")
    clerk.fill(f"input[name=absence_{m.Member.objects.get(name='吴平').pk}]", "参加市纪委培训")
    clerk.click("#session-form button")
    assert "实到2人" in clerk.inner_text(".msg")
    for giver, receiver, text in [
        ("周建", "李海", "李海同志对企业反映的审批慢问题，两个月没有回复，担当不够。"),
        ("李海", "周建", "希望周建同志今后多注意身体。"),
    ]:
        clerk.select_option(
            "#criticism-form #id_giver", label=next(str(x) for x in m.Member.objects.filter(name=giver))
        )
        clerk.select_option(
            "#criticism-form #id_receiver", label=next(str(x) for x in m.Member.objects.filter(name=receiver))
        )
        clerk.fill("#criticism-form #id_text", text)
        clerk.click("#criticism-form button")
    assert m.Criticism.objects.filter(meeting=meeting).count() == 2
    assert "吴平未收到任何批评意见" in clerk.inner_text("main")
    shot(clerk, "08-session")
    with clerk.expect_download() as minutes:
        clerk.click("#minutes-download")
    minutes_text = "\n".join(p.text for p in Document(minutes.value.path()).paragraphs)
    assert "会议记录" in minutes_text

    # 6. the ledger: a task, export, edit in Excel (openpyxl), import back
    clerk.goto(f"{base}/meetings/{meeting.pk}/ledger/")
    clerk.fill("#task-form #id_problem", "下基层调研少，对企业反映的审批慢问题回应不及时。")
    clerk.select_option("#task-form #id_source", "opinion")
    clerk.select_option("#task-form #id_owner", str(member.pk))
    clerk.fill("#task-form #id_measure", "每季度到分管乡镇调研不少于1次，建立企业诉求台账。")
    clerk.fill("#task-form #id_deadline", "2026-06-30")
    clerk.click("#task-form button")
    task = m.Task.objects.get(meeting=meeting)
    with clerk.expect_download() as exported:
        clerk.click("#ledger-export")
    exported_path = tmp_path / "exported.xlsx"
    exported.value.save_as(exported_path)
    book = load_workbook(exported_path)
    sheet = book.worksheets[0]
    header = next(r for r in sheet.iter_rows() if any(c.value == "问题编号" for c in r))
    columns = {c.value: c.column for c in header}
    row = next(r for r in sheet.iter_rows(min_row=header[0].row + 1) if r[columns["问题编号"] - 1].value == task.number)
    sheet.cell(row=row[0].row, column=columns["状态"], value="持续推进")
    sheet.cell(row=row[0].row, column=columns["进展情况"], value="已到3个乡镇调研，建立企业诉求台账。")
    edited = tmp_path / "台账.xlsx"
    book.save(edited)
    clerk.set_input_files("#ledger-import input[type=file]", str(edited))
    clerk.click("#ledger-import button")
    assert "持续推进" in clerk.inner_text("#changes")
    shot(clerk, "09-ledger-import")
    task.refresh_from_db()
    assert task.status == "in_progress" and "企业诉求台账" in task.progress

    # 7. evidence and 销号 by the secretary
    member_page.goto(f"{base}/tasks/{task.pk}/")
    evidence = tmp_path / "调研报告.txt"
    evidence.write_text("调研报告：走访3个乡镇。", encoding="utf-8")
    member_page.set_input_files("#evidence-form input[type=file]", str(evidence))
    member_page.click("#evidence-form button")
    secretary_page = login(browser, base, "shuji")
    secretary_page.goto(f"{base}/tasks/{task.pk}/")
    secretary_page.fill("#close-form #id_verified_by", "周建")
    secretary_page.click("#close-form button")
    task.refresh_from_db()
    assert task.status == "done" and task.closed_on is not None and task.verified_by == "周建"
    shot(secretary_page, "10-task-closed")

    # 8. the report, drafted from the data, exported
    clerk.goto(f"{base}/meetings/{meeting.pk}/reports/")
    shot(clerk, "11-reports")
    with clerk.expect_download() as report:
        clerk.click("#report-meeting_report a.btn")
    report_text = "\n".join(p.text for p in Document(report.value.path()).paragraphs)
    assert "青山县局党组" in report_text and "基本情况" in report_text
    with clerk.expect_download() as package:
        clerk.click("#package-download")
    assert Path(package.value.path()).stat().st_size > 1000

    # 9. the 督导组 sees the team on its overview
    supervisor_page = login(browser, base, "duzhao")
    supervisor_page.goto(f"{base}/supervision/")
    assert "青山县局党组" in supervisor_page.inner_text("#supervision")
    shot(supervisor_page, "12-supervision")
