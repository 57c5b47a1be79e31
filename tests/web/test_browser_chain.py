"""The chain in a real browser (Debian's chromium through Playwright) against a live server: an
anonymous opinion → classified and claimed → the draft cites it → submitted and approved → the
ledger proposed from the material and committed → evidence uploaded and the task closed → the
public 反馈 page shows it as 已整改. Screenshots in test-artifacts/screenshots/chain-*.png."""

from datetime import date

import pytest
from test_browser_cycle import ARGS, CHROMIUM, PASSWORD, login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OPINION = "李海同志下基层调研少，全年只去过两个乡镇，对企业反映的审批慢问题回应不及时。"


@pytest.fixture
def browser():
    from pathlib import Path

    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


def _unit():
    from duizhao.web.workbench import models as m
    from duizhao.web.workbench import services

    parent = m.Team.objects.create(name="青山市局党组")
    team = m.Team.objects.create(name="青山县局党组", parent=parent)
    head = m.Member.objects.create(team=team, name="周建", title="党组书记、局长", is_head=True, order=0)
    member = m.Member.objects.create(team=team, name="李海", title="党组成员、副局长", portfolio="行政审批", order=1)
    for username, role, who, where in (
        ("dangban", "clerk", None, team),
        ("shuji", "secretary", head, team),
        ("lihai", "member", member, team),
    ):
        user, _ = services.create_account(username, role, where, member=who, password=PASSWORD)
        m.AccountState.objects.filter(user=user).update(must_change_password=False)
    meeting = m.Meeting.objects.create(
        team=team,
        year=2025,
        framework_id="dsh-2025",
        title="2025年度民主生活会",
        planned_date=date(2026, 1, 15),
        held_date=date(2026, 1, 15),
    )
    services.sync_deadlines(meeting)
    return meeting, member


def test_an_opinion_followed_to_its_closed_task_and_the_public_feedback(browser, live_server, tmp_path):
    from duizhao.web.workbench import models as m

    base = live_server.url
    meeting, member = _unit()

    # an anonymous opinion about 李海, classified and claimed by him
    clerk = login(browser, base, "dangban")
    clerk.goto(f"{base}/meetings/{meeting.pk}/opinions/")
    clerk.select_option("#solicitation-form #id_member", str(member.pk))
    clerk.click("#solicitation-form button")
    link = clerk.locator("input.link-address").first.input_value()  # the full address, to copy
    assert link.startswith(f"{base}/yijian/")
    anonymous = browser.new_context().new_page()
    anonymous.goto(link)
    anonymous.fill("#id_text", OPINION)
    anonymous.click("button[type=submit]")
    assert "提交成功" in anonymous.inner_text("main")
    opinion = m.Opinion.objects.get(meeting=meeting)
    assert opinion.aspect_id, "classified on arrival"
    clerk.reload()
    row = clerk.locator(f"#opinion-{opinion.pk}")
    row.locator("form.claim select").select_option(str(member.pk))
    with clerk.expect_response(lambda r: "/opinions/" in r.url and r.request.method == "POST"):
        row.locator("form.claim button").click()

    # the draft cites it; 李海 submits, the secretary approves
    leader = login(browser, base, "lihai")
    material = m.Material.objects.get_or_create(meeting=meeting, member=member)[0]
    leader.goto(f"{base}/materials/{material.pk}/")
    leader.click("text=根据认领的意见和谈话生成初稿")
    assert "来源：征求意见第1条" in leader.input_value("#material-textarea")
    cited = next(
        line for line in leader.input_value("#material-textarea").splitlines() if "来源：征求意见第1条" in line
    )
    draft = "\n".join(
        [
            "李海同志2025年度民主生活会个人对照检查材料",
            "一、存在的问题",
            "（一）在带头干事创业、担当作为方面",
            cited.replace("【请用自己的话改写，补充具体事例】", ""),
            "二、原因剖析",
            "一是宗旨意识有所淡化，深入基层不够。",
            "三、整改措施",
            "1.在2026年6月底前到分管的全部乡镇开展调研，审批慢的问题逐件答复企业。",
            "",
        ]
    )
    leader.fill("#material-textarea", draft)
    leader.click("#material-text button")
    leader.click("text=提交审核")
    leader.goto(f"{base}/materials/{material.pk}/chain/")
    assert "认领意见 1 条，材料回应了 1 条" in leader.inner_text("#chain-summary")
    shot(leader, "chain-01-links")
    secretary = login(browser, base, "shuji")
    secretary.goto(f"{base}/materials/{material.pk}/")
    secretary.click("text=审核通过")

    # the ledger proposed from the material, committed by the clerk
    clerk.goto(f"{base}/materials/{material.pk}/ledger-proposal/")
    shot(clerk, "chain-02-proposal")
    assert "下基层调研少" in clerk.inner_text("#proposal-form")
    clerk.click("#proposal-form button")
    task = m.Task.objects.get(meeting=meeting, origin__material=material, problem__contains="下基层调研少")
    assert task.owner == member and task.deadline == date(2026, 6, 30) and task.source == "opinion"
    assert "【" not in task.problem  # the draft's notes stay out of the ledger

    # evidence by the owner, 销号 by the secretary
    leader.goto(f"{base}/tasks/{task.pk}/")
    evidence = tmp_path / "调研报告.txt"
    evidence.write_text("调研报告：走访全部乡镇，逐件答复企业。", encoding="utf-8")
    leader.set_input_files("#evidence-form input[type=file]", str(evidence))
    leader.click("#evidence-form button")
    secretary.goto(f"{base}/tasks/{task.pk}/")
    secretary.fill("#close-form #id_verified_by", "周建")
    secretary.click("#close-form button")
    task.refresh_from_db()
    assert task.status == "done"

    # the trace, and the public 反馈 page
    clerk.goto(f"{base}/meetings/{meeting.pk}/trace/")
    assert task.number in clerk.inner_text("#trace")
    shot(clerk, "chain-03-trace")
    clerk.goto(f"{base}/meetings/{meeting.pk}/feedback/")
    clerk.click("#feedback-publish button")
    url = clerk.inner_text("#feedback-url")
    public = browser.new_context().new_page()
    public.goto(url)
    row = public.locator("#feedback tr", has_text="下基层调研少")
    assert "已整改" in row.inner_text()
    assert not [c for c in public.context.cookies() if c["name"] == "sessionid"]
    shot(public, "chain-04-public-feedback")
