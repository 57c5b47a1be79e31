"""The public form on a phone-sized screen in a real browser (chromium through Playwright), under
the real Content-Security-Policy: the counter counts, the limit stops typing, a member can be
chosen on the team's link, "再提一条" leads back; the clerk's page shows the full link and warns
that 127.0.0.1 cannot be opened from a phone."""

from datetime import date

import pytest
from tests.web.test_browser_cycle import ARGS, CHROMIUM, PASSWORD, browser, login, shot  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def test_public_form_on_a_phone(browser, live_server):  # noqa: F811
    from duizhao.web.workbench import models as m
    from duizhao.web.workbench import services
    from duizhao.web.workbench.forms import PUBLIC_OPINION_MAX_CHARS

    team = m.Team.objects.create(name="青山县局党组")
    m.Member.objects.create(team=team, name="周建", title="党组书记、局长", is_head=True, order=0)
    wu = m.Member.objects.create(team=team, name="吴平", title="党组成员、纪检组长", order=2)
    meeting = m.Meeting.objects.create(
        team=team,
        year=2025,
        framework_id="dsh-2023",
        title="2025年度民主生活会",
        planned_date=date(2026, 1, 20),
        kind="democratic_life",
        meeting_type="thematic",
    )
    link = m.Solicitation.objects.create(meeting=meeting)
    clerk_user, _ = services.create_account("dangban", "clerk", team, password=PASSWORD)
    m.AccountState.objects.filter(user=clerk_user).update(must_change_password=False)

    clerk = login(browser, live_server.url, "dangban")
    clerk.goto(f"{live_server.url}/meetings/{meeting.pk}/opinions/")
    address = clerk.locator("input.link-address").first.input_value()
    assert address == f"{live_server.url}/yijian/{link.token}/"
    assert "这是本机地址，手机和其他电脑打不开" in clerk.locator(".address-warning").first.inner_text()
    shot(clerk, "public-link-loopback-warning")

    page = browser.new_context(**PHONE).new_page()
    blocked = []
    page.on("console", lambda message: blocked.append(message.text) if message.type == "error" else None)
    page.goto(address)
    counter = page.locator("#text-counter")
    assert (
        counter.inner_text() == f"已写 0 字，还可写 {PUBLIC_OPINION_MAX_CHARS} 字（最多 {PUBLIC_OPINION_MAX_CHARS} 字）"
    )
    page.fill("#id_text", "建议纪检组长多到基层走一走")
    assert counter.inner_text().startswith(f"已写 13 字，还可写 {PUBLIC_OPINION_MAX_CHARS - 13} 字")
    page.fill("#id_text", "")
    page.locator("#id_text").type("建议")
    assert counter.inner_text().startswith("已写 2 字")
    page.fill("#id_text", "改" * (PUBLIC_OPINION_MAX_CHARS - 1))
    page.locator("#id_text").type("进作风")  # the browser stops at the limit
    assert len(page.input_value("#id_text")) == PUBLIC_OPINION_MAX_CHARS
    assert counter.inner_text().startswith(f"已写 {PUBLIC_OPINION_MAX_CHARS} 字，还可写 0 字")
    assert "over" in counter.get_attribute("class")
    assert not [text for text in blocked if "Content Security Policy" in text], blocked

    page.fill("#id_text", "建议纪检组长多到基层走一走，听听一线干部的意见。")
    page.select_option("#id_target", str(wu.pk))
    shot(page, "public-form-phone")
    page.click("button[type=submit]")
    assert "反馈给吴平同志" in page.inner_text("main")
    shot(page, "public-form-phone-thanks")
    page.click("#another")
    assert page.input_value("#id_text") == "" and page.input_value("#id_target") == ""
    assert m.Opinion.objects.get().target_member_id == wu.pk

    page.goto(f"{live_server.url}/yijian/no-such-link/")
    assert "没有找到这个征求意见链接" in page.inner_text("main")
    shot(page, "public-form-phone-unknown")
