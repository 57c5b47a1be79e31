"""Passwords, login throttling, sessions, CSRF, cookie settings, and no debug server in production."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from django.test import Client
from django.utils import timezone
from security_world import PASSWORD

DUIZHAO = str(Path(sys.executable).with_name("duizhao"))


def login(client, username, password, address="10.1.1.1"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_passwords_are_hashed_with_argon2(tmp_path):
    """Checked in a fresh process: the web tests' conftest swaps in a fast hasher for speed."""
    code = (
        "import django; django.setup(); from django.contrib.auth.hashers import make_password; "
        "print(make_password('x'))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUIZHAO_")}
    env.update(DUIZHAO_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="duizhao.web.settings")
    hashed = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert hashed.stdout.startswith("argon2$argon2id$")


def test_login_throttled_after_five_failures_per_username_and_client(client, world):
    for _ in range(5):
        response = login(client, "clerk", "wrong-password")
        assert response.status_code == 200 and "_auth_user_id" not in client.session
    blocked = login(client, "clerk", PASSWORD)
    assert blocked.status_code == 429
    assert "登录失败次数过多" in blocked.content.decode() and "_auth_user_id" not in client.session
    other_client = Client()
    assert login(other_client, "clerk", PASSWORD, address="10.1.1.2").status_code == 302
    assert login(Client(), "secretary", PASSWORD).status_code == 302, "another username from the same client"


def test_successful_login_resets_the_failure_count(client, world):
    for _ in range(4):
        login(client, "clerk", "wrong")
    assert login(client, "clerk", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        login(client, "clerk", "wrong")
    assert login(client, "clerk", PASSWORD).status_code == 302


def test_throttle_keys_hold_no_address_or_username(client, world):
    from django.core.cache import cache

    login(client, "clerk", "wrong", address="10.99.88.77")
    keys = list(getattr(cache, "_cache", {}).keys())
    assert keys, "the failure was counted in the cache"
    assert not any("10.99.88.77" in key or "clerk" in key for key in keys)


def test_sessions_expire(client, world):
    from django.conf import settings
    from django.contrib.sessions.models import Session

    assert settings.SESSION_COOKIE_AGE <= 12 * 3600 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_HTTPONLY
    assert login(client, "clerk", PASSWORD).status_code == 302
    assert client.get("/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_every_form_needs_a_csrf_token(world):
    from duizhao.web.workbench.models import Solicitation

    client = Client(enforce_csrf_checks=True)
    assert client.post("/login/", {"username": "clerk", "password": PASSWORD}).status_code == 403
    token = Solicitation.objects.create(meeting=world["meeting"]).token
    assert client.post(f"/yijian/{token}/", {"text": "一条没有令牌的意见"}).status_code == 403
    client.force_login(world["clerk"])
    meeting = world["meeting"].pk
    assert client.post(f"/meetings/{meeting}/opinions/add/", {"text": "x", "source": "seminar"}).status_code == 403
    page = client.get(f"/meetings/{meeting}/opinions/").content.decode()
    assert page.count("<form") > 0 and page.count('method="post"') <= page.count("csrfmiddlewaretoken")


def _settings_in_subprocess(env: dict, tmp_path, expression: str) -> str:
    code = f"import django, os; django.setup(); from django.conf import settings as s; print({expression})"
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("DUIZHAO_")}
    full_env.update(env, DUIZHAO_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="duizhao.web.settings")
    return subprocess.run(
        [sys.executable, "-c", code], env=full_env, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_secure_cookies_behind_https(tmp_path):
    expression = "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER"
    assert (
        _settings_in_subprocess({"DUIZHAO_HTTPS": "1"}, tmp_path, expression)
        == "True True ('HTTP_X_FORWARDED_PROTO', 'https')"
    )
    assert _settings_in_subprocess({}, tmp_path, "s.SESSION_COOKIE_SECURE, s.DEBUG") == "False False"


def test_serve_refuses_debug_outside_development(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUIZHAO_")}
    env.update(DUIZHAO_DEBUG="1")
    result = subprocess.run(
        [DUIZHAO, "serve", "--data", str(tmp_path), "--port", "1"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2 and "DEBUG" in result.stderr and "拒绝启动" in result.stderr


def test_public_form_rate_limited_per_client_without_storing_it(client, world):
    from duizhao.web.throttle import opinion_rate
    from duizhao.web.workbench.models import Opinion, Solicitation

    token = Solicitation.objects.create(meeting=world["meeting"]).token
    allowed, _ = opinion_rate()
    for n in range(allowed):
        response = client.post(f"/yijian/{token}/", {"text": f"第{n}条：请多下基层调研"}, REMOTE_ADDR="10.5.5.5")
        assert response.status_code == 200
    blocked = client.post(f"/yijian/{token}/", {"text": "再提一条意见建议"}, REMOTE_ADDR="10.5.5.5")
    assert blocked.status_code == 429 and "提交过于频繁" in blocked.content.decode()
    assert client.post(f"/yijian/{token}/", {"text": "另一位同志的意见"}, REMOTE_ADDR="10.5.5.6").status_code == 200
    assert Opinion.objects.count() == allowed + 1


def test_public_form_length_limit(client, world):
    from duizhao.web.workbench.models import Opinion, Solicitation

    token = Solicitation.objects.create(meeting=world["meeting"]).token
    response = client.post(f"/yijian/{token}/", {"text": "长" * 4001})
    assert response.status_code == 200 and "感谢" not in response.content.decode()
    assert Opinion.objects.count() == 0


def test_every_post_form_in_every_template_carries_the_csrf_token():
    import re

    import duizhao.web

    root = Path(duizhao.web.__file__).parent
    templates = sorted(root.rglob("templates/**/*.html"))
    assert len(templates) > 10
    missing = []
    for template in templates:
        text = template.read_text(encoding="utf-8")
        for form in re.finditer(r"<form\b[^>]*>(.*?)</form>", text, flags=re.S | re.I):
            if re.search(
                r'method\s*=\s*["\']?post', form.group(0)[:300], flags=re.I
            ) and "csrf_token" not in form.group(1):
                missing.append(f"{template.relative_to(root)}: {form.group(0)[:80]!r}")
    assert missing == []


def test_behind_the_https_proxy_clients_are_told_apart_by_the_proxys_entry(client, world, monkeypatch):
    from duizhao.web import throttle
    from duizhao.web.workbench.models import Solicitation

    monkeypatch.setattr(throttle, "behind_proxy", lambda: True)
    token = Solicitation.objects.create(meeting=world["meeting"]).token
    allowed, _ = throttle.opinion_rate()

    def post(forwarded):
        return client.post(
            f"/yijian/{token}/",
            {"text": "经代理提交的一条意见"},
            REMOTE_ADDR="10.0.0.254",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for n in range(allowed):
        assert post(f"1.2.3.{n}, 10.8.8.8").status_code == 200  # a forged first entry changes nothing
    assert post("9.9.9.9, 10.8.8.8").status_code == 429
    assert post("10.8.8.9").status_code == 200, "another client behind the same proxy"
