"""The clerk's day in a real browser (issue 12 §1–§2): the demo's reports page shows no gaps; a
redraft asks before replacing an edit and the edit comes back from the versions; next year's
meeting is asked for and undone while empty. Screenshots in test-artifacts/screenshots/."""
from datetime import date

import pytest

from tests.web.test_browser_cycle import browser, login, shot  # noqa: F401  (the shared browser fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_redraft_and_next_year_ask_first_and_can_be_undone(browser, live_server):  # noqa: F811
    from duizhao.web.workbench import models as m
    from duizhao.web.workbench.demo import DEMO_PASSWORD, load_demo

    load_demo()
    meeting = m.Meeting.objects.get(team__name="中共青川县自然资源局党组", year=2025)
    base = live_server.url
    clerk = login(browser, base, "dangban", DEMO_PASSWORD)
    clerk.goto(f"{base}/meetings/{meeting.pk}/reports/")
    assert clerk.locator("#package-gaps").count() == 0
    shot(clerk, "clerk-01-reports-no-gaps")

    form = "#report-rectification_report"
    clerk.fill(f"{form} textarea", clerk.input_value(f"{form} textarea") + "\n手工补充的一段话。")
    clerk.click(f"{form} button[value=save]")
    clerk.click(f"{form} button[value=redraft]")
    assert "保存当前文字为历史版本" in clerk.inner_text("#confirm")
    shot(clerk, "clerk-02-redraft-asks")
    clerk.click("#confirm-yes")
    assert "手工补充的一段话" not in clerk.input_value(f"{form} textarea")
    clerk.click("#versions-rectification_report summary")
    shot(clerk, "clerk-03-report-versions")
    clerk.locator("#versions-rectification_report button", has_text="恢复此版本").first.click()
    assert "手工补充的一段话" in clerk.input_value(f"{form} textarea")

    clerk.click("#next-meeting")
    assert "2025-003" in clerk.inner_text("#confirm")
    shot(clerk, "clerk-04-next-year-asks")
    clerk.click("#confirm-yes")
    new = m.Meeting.objects.get(previous=meeting)
    assert new.year == 2026
    shot(clerk, "clerk-05-next-year-undoable")
    clerk.click("#undo-next")
    clerk.click("#confirm-yes")
    assert not m.Meeting.objects.filter(pk=new.pk).exists()
    assert clerk.locator("#next-meeting").count() == 1  # offered again, nothing carried
    assert not any(t.carried_over for t in meeting.tasks.all())
    assert meeting.held_date and meeting.held_date <= date.today()
