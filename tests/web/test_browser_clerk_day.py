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


def test_pages_tell_the_truth_and_setup_fits_the_year(browser, live_server):  # noqa: F811
    from duizhao.web.workbench import models as m
    from duizhao.web.workbench.demo import DEMO_PASSWORD, load_demo

    load_demo()
    meeting = m.Meeting.objects.get(team__name="中共青川县自然资源局党组", year=2025)
    team = meeting.team
    base = live_server.url

    supervisor = login(browser, base, "duzhao", DEMO_PASSWORD)
    supervisor.goto(f"{base}/supervision/")
    row = supervisor.inner_text("#supervision")
    assert "6/6" in row and "开始征求意见" not in row
    shot(supervisor, "clerk-06-supervision-stage-from-records")

    member = login(browser, base, "limingyuan", DEMO_PASSWORD)
    own = meeting.materials.get(member__name="李明远")
    member.goto(f"{base}/materials/{own.pk}/")
    panel = member.inner_text("#talk-panel")
    assert "周立新" in panel and "酝酿不够充分" not in panel  # what 周立新 said to 李明远, not the reverse
    shot(member, "clerk-07-talk-panel")
    member.goto(f"{base}/meetings/{meeting.pk}/opinions/")
    shot(member, "clerk-08-member-opinion-counts")

    clerk = login(browser, base, "dangban", DEMO_PASSWORD)
    clerk.goto(f"{base}/meetings/{meeting.pk}/session/")
    assert clerk.locator("#supervisor-comment").count() == 0
    clerk.goto(f"{base}/teams/{team.pk}/meetings/new/")
    clerk.fill("#id_title", "2025年度民主生活会（误选框架）")
    clerk.fill("#id_year", "2025")
    clerk.select_option("#id_framework_id", "dsh-2019")
    clerk.fill("#id_planned_date", "2026-01-20")
    clerk.click("form.stack button[type=submit]")
    assert "所选框架是2019年度的" in clerk.content()
    shot(clerk, "clerk-09-framework-mismatch")
    clerk.goto(f"{base}/frameworks/add/")
    shot(clerk, "clerk-10-add-framework")


def test_chart_labels_are_whole_and_clear_of_the_legend(browser, live_server):  # noqa: F811
    from duizhao.web.workbench import models as m
    from duizhao.web.workbench.demo import DEMO_PASSWORD, load_demo

    load_demo()
    meeting = m.Meeting.objects.get(team__name="中共青川县自然资源局党组", year=2025)
    clerk = login(browser, live_server.url, "dangban", DEMO_PASSWORD)
    clerk.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    clerk.wait_for_selector("#chart-source svg text")
    clerk.wait_for_selector("#chart-aspect svg text")
    clerk.wait_for_timeout(1500)  # let the charts' entry animation finish before measuring
    texts = clerk.eval_on_selector_all(".chart svg text", "els => els.map(e => e.textContent)")
    assert texts and not [t for t in texts if "…" in t or "..." in t]
    used = {dict(m.OPINION_SOURCES)[s] for s in meeting.opinions.values_list("source", flat=True)}
    assert used <= set(texts)  # every source named in full
    overlaps = clerk.evaluate("""() => {
        const out = [];
        for (const chart of document.querySelectorAll('.chart svg')) {
            const boxes = [...chart.querySelectorAll('text')].map(t => [t.textContent, t.getBoundingClientRect()]);
            for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
                const [a, r] = boxes[i], [b, q] = boxes[j];
                if (r.width && q.width && r.left < q.right - 1 && q.left < r.right - 1 && r.top < q.bottom - 1 && q.top < r.bottom - 1)
                    out.push(a + ' / ' + b);
            }
        }
        return out; }""")
    assert overlaps == []
    shot(clerk, "clerk-11-charts")
