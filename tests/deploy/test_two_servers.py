"""Two app servers, one PostgreSQL, one shared data folder: limits, sessions and files hold across
servers. Requests go straight to each server (as nginx would send them), so which one answers is known."""

import re

import pytest
from deploy_support import Browser
from two_servers import PASSWORD


def login(browser: Browser, base: str, username: str, password: str):
    browser.get(f"{base}/login/")
    return browser.post(f"{base}/login/", {"username": username, "password": password})


@pytest.mark.slow
@pytest.mark.parametrize("store", ["database", "redis"])
def test_five_failed_logins_spread_over_two_servers_lock_the_account_on_both(store, request):
    deployment = request.getfixturevalue("redis_pair" if store == "redis" else "proxied")
    browser = Browser()
    for attempt in range(5):
        answer = login(browser, deployment.backend(attempt % 2), "locked", "wrong-password")
        assert answer.status == 200 and "登录" in answer.text, attempt
    for n in (0, 1):
        answer = login(Browser(), deployment.backend(n), "locked", PASSWORD)
        assert answer.status == 429 and "登录失败次数过多" in answer.text
    assert login(Browser(), deployment.backend(1), "other", PASSWORD).status == 302, "other accounts are not locked"
    if store == "database":
        [[rows]] = deployment.sql("SELECT count(*) FROM workbench_throttlecount")
        assert rows >= 1
        stored = " ".join(d for [d] in deployment.sql("SELECT digest FROM workbench_throttlecount"))
        assert "127.0.0.1" not in stored and "locked" not in stored  # keyed hashes only
    else:
        [[rows]] = deployment.sql("SELECT count(*) FROM workbench_throttlecount")
        assert rows == 0, "with Redis nothing of the counters is written to the database"


@pytest.mark.slow
def test_a_session_started_on_one_server_works_on_the_other(proxied):
    browser = Browser()
    assert login(browser, proxied.backend(0), "clerk", PASSWORD).status == 302
    meeting = proxied.info["meeting"]
    for n in (1, 0, 1):
        answer = browser.get(f"{proxied.backend(n)}/meetings/{meeting}/")
        assert answer.status == 200 and "2023年度民主生活会" in answer.text, n
    assert Browser().get(f"{proxied.backend(1)}/meetings/{meeting}/").status == 302, "not without the session"


@pytest.mark.slow
def test_evidence_uploaded_through_one_server_downloads_through_the_other(proxied):
    browser = Browser()
    assert login(browser, proxied.backend(1), "clerk", PASSWORD).status == 302
    task = proxied.info["task"]
    data = ("整改佐证：召开专题会议研究基层调研制度，形成调研计划。\n" * 8000).encode("utf-8")  # ~0.7 MB
    uploaded = browser.post(
        f"{proxied.backend(0)}/tasks/{task}/evidence/", {}, files={"file": ("调研计划.txt", data, "text/plain")}
    )
    assert uploaded.status == 302
    page = browser.get(f"{proxied.backend(1)}/tasks/{task}/").text
    evidence = max(int(pk) for pk in re.findall(r'href="/evidence/(\d+)/"', page))  # the newest is this one
    downloaded = browser.get(f"{proxied.backend(1)}/evidence/{evidence}/")
    assert downloaded.status == 200 and downloaded.body == data
