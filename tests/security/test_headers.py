"""Issue 13, low finding: no Content-Security-Policy and no `Cache-Control: no-store`. The policy
allows this server's own scripts only; the pages keep working under it in a real browser."""

import re
from pathlib import Path

import pytest
from django.test import Client

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "duizhao" / "web"


def policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_pages_carry_a_policy_without_inline_script(world):
    client = Client()
    client.force_login(world["clerk"])
    for url in ["/", f"/meetings/{world['meeting'].pk}/", "/login/"]:
        rules = policy(client.get(url))
        assert rules.get("script-src") == ["'self'"], url
        assert rules.get("object-src") == ["'none'"] and rules.get("frame-ancestors") == ["'none'"]
        assert not any("'unsafe-eval'" in values for values in rules.values())


def test_templates_hold_no_inline_script_handler_or_javascript_link():
    for path in TEMPLATES.rglob("templates/**/*.html"):
        html = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or "application/json" in tag, f"{path.name}: inline {tag}"
        assert not re.search(r"\son[a-z]+=", html), f"{path.name}: inline event handler"
        assert "javascript:" not in html, path.name


def test_logged_in_answers_are_not_stored(world):
    client = Client()
    client.force_login(world["clerk"])
    for url in [
        "/",
        f"/meetings/{world['meeting'].pk}/",
        f"/meetings/{world['meeting'].pk}/opinions/",
        f"/meetings/{world['meeting'].pk}/dashboard.json",
        f"/meetings/{world['meeting'].pk}/ledger/export.xlsx",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response.headers.get("Cache-Control", ""), url


@pytest.fixture
def chromium(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop here
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu", "--no-first-run"]
        )
        yield instance
        instance.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_charts_htmx_and_confirmations_work_under_the_policy(chromium, live_server):
    from security_world import PASSWORD, build_team, make_user

    from duizhao.web.workbench import services

    team, members, meeting = build_team("某县局党组")
    make_user("clerk", team, "clerk")
    opinion = services.add_opinion(meeting, "建议少开会、开短会，多到基层解决实际问题", "seminar", target=members[1])
    page = chromium.new_context().new_page()
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text
            else None
        ),
    )
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "clerk")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")

    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    page.wait_for_selector("#chart-aspect svg", timeout=10_000)  # ECharts (SVG renderer) drew from the static script

    page.goto(f"{live_server.url}/meetings/{meeting.pk}/opinions/")
    row = page.locator(f"#opinion-{opinion.pk}")
    with page.expect_response(lambda r: "/opinions/" in r.url and r.request.method == "POST"):
        row.locator("select[name=aspect_id]").select_option("work_style")  # htmx swaps the row
    opinion.refresh_from_db()
    assert opinion.aspect_id == "work_style" and opinion.aspect_confirmed

    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.locator(f"#opinion-{opinion.pk} form[data-confirm] button").click()
    page.wait_for_timeout(300)
    assert asked == ["确定删除这条意见？"]
    opinion.refresh_from_db()  # dismissed: still there
    assert not violations, violations
