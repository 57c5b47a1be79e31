"""Bulk 归类 in a real browser under the CSP: 全选本页 (static actions.js) ticks every row, one
click classifies them all; then two rows are ticked by hand and claimed for a member."""

from datetime import date

import pytest
from tests.web.test_browser_cycle import browser, login, shot  # noqa: F401  (fixture and helpers)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Bulk-pass-2025"


def test_select_all_then_classify_and_claim_in_bulk(browser, live_server):  # noqa: F811
    from duizhao.web.workbench import models as m
    from duizhao.web.workbench import services

    team = m.Team.objects.create(name="青石镇党委")
    member = m.Member.objects.create(team=team, name="高岚", title="党委副书记", order=1)
    meeting = m.Meeting.objects.create(
        team=team,
        year=2025,
        framework_id="dsh-2025",
        title="2025年度民主生活会",
        planned_date=date(2026, 1, 20),
        kind="democratic_life",
    )
    clerk_user, _ = services.create_account("dangban", "clerk", team, full_name="郑红", password=PASSWORD)
    m.AccountState.objects.filter(user=clerk_user).update(must_change_password=False)
    rows = [services.add_opinion(meeting, f"第{n}条：村里修路的事情拖了很久没有结果。", "box") for n in range(4)]

    page = login(browser, live_server.url, "dangban", PASSWORD)
    page.wait_for_url(lambda url: "/login/" not in url)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/opinions/")
    page.check("[data-select-all=opinion-bulk]")
    assert page.locator("input[form=opinion-bulk]:checked").count() == 4
    page.select_option("#opinion-bulk select[name=aspect_id]", "responsibility")
    page.click("#opinion-bulk button[value=aspect]")
    page.wait_for_load_state()
    assert "已将 4 条意见归类到“担当作为”。" in page.inner_text("main")
    assert {(o.aspect_id, o.aspect_confirmed) for o in m.Opinion.objects.filter(meeting=meeting)} == {
        ("responsibility", True)
    }

    for opinion in rows[:2]:
        page.check(f"#opinion-{opinion.pk} input[form=opinion-bulk]")
    page.select_option("#opinion-bulk select[name=claimer]", str(member.pk))
    page.click("#opinion-bulk button[value=claim]")
    page.wait_for_load_state()
    assert "已将 2 条意见认领给高岚。" in page.inner_text("main")
    assert m.Opinion.objects.filter(meeting=meeting, claimed_member=member).count() == 2
    shot(page, "opinions-bulk")
