"""Throttling without remembering anyone: login failures per username + client, and submissions of
the public opinion form per client.

Where counters live depends on the deployment (chosen once per process, `store()`):
* one server on SQLite: Django's cache (in-process memory) or, with several worker processes, memory
  the workers share (shared_counts), under an HMAC of the client address with a salt drawn at
  process start: the keys cannot be linked across restarts. Nothing goes to a database, file or log.
* several app servers: Redis when DUIZHAO_REDIS_URL is set, else the PostgreSQL database
  (throttle_store), with a salt all servers derive from the shared secret key and the UTC day, so
  five failed logins spread over two servers lock the account on both.
The address itself is never stored, and every counter expires with its window.

Enabled by one middleware line: "duizhao.web.throttle.ThrottleMiddleware".
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import lru_cache

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.shortcuts import render

from duizhao.safety import limits, normalize_username
from duizhao.web import config
from duizhao.web.shared_counts import SharedCounters
from duizhao.web.throttle_store import DatabaseCounters, RedisCounters, day_salt

_SALT = secrets.token_bytes(32)

LOGIN_URL_NAME = "login"
PUBLIC_FORM_URL_NAME = "public_opinion"
LOGIN_MAX_FAILURES = 5
LOGIN_WINDOW_SECONDS = 15 * 60
LOGIN_BLOCKED = "登录失败次数过多，请 15 分钟后再试。如忘记密码，请联系本单位党办或系统管理员。"
FORM_BLOCKED = "提交过于频繁，请稍后再试。"


@lru_cache(maxsize=1)
def opinion_rate() -> tuple[int, int]:
    """(submissions, window seconds) per client for the public form; 0 submissions = unlimited.
    Read once per process: DUIZHAO_OPINION_RATE, DUIZHAO_OPINION_RATE_WINDOW, else safety.toml."""
    env = dict(os.environ)
    return (
        config.env_int(env, "DUIZHAO_OPINION_RATE", limits().opinion_rate_per_client),
        config.env_int(env, "DUIZHAO_OPINION_RATE_WINDOW", limits().opinion_rate_window_seconds),
    )


@lru_cache(maxsize=1)
def behind_proxy() -> bool:
    """DUIZHAO_HTTPS=1 means an HTTPS reverse proxy in front: every REMOTE_ADDR is the proxy's."""
    return config.https(dict(os.environ))


def client_address(request) -> str:
    """The client, for counting only. Behind the proxy, the last X-Forwarded-For entry (the one
    the proxy itself appended; earlier entries are whatever the client claimed)."""
    if behind_proxy():
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.split(",")[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR", "") or "-"


@lru_cache(maxsize=1)
def store():
    """The counters shared by every app server (Redis, else PostgreSQL); None for one SQLite server."""
    from django.conf import settings
    from django.db import connection

    if settings.DUIZHAO_REDIS_URL:
        return RedisCounters(settings.DUIZHAO_REDIS_URL, config.redis_prefix(dict(os.environ)))
    if connection.vendor == "postgresql":
        return DatabaseCounters()
    return None


def _salt() -> bytes:
    if store() is None:
        return _SALT
    from django.conf import settings

    return day_salt(settings.SECRET_KEY)


def _key(purpose: str, *parts: str) -> str:
    digest = hmac.new(_salt(), "\x1f".join((purpose, *parts)).encode("utf-8"), hashlib.sha256).hexdigest()
    return f"duizhao-throttle:{purpose}:{digest[:32]}"


def _login_key(request, username: str) -> str:
    return _key("login", normalize_username(username), client_address(request))


_shared: SharedCounters | None = None


def share_between_processes() -> None:
    """Count in memory shared by processes forked after this call (serve --workers N), with one
    salt for all of them: a client gets the same allowance however many workers there are."""
    global _shared
    _shared = SharedCounters()


def hit(key: str, window: int) -> int:
    """Count one event in a fixed window; returns the count so far."""
    if store() is not None:
        return store().hit(key, window)
    if _shared is not None:
        return _shared.hit(key, window)
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def count(key: str) -> int:
    if store() is not None:
        return store().count(key)
    return _shared.count(key) if _shared is not None else cache.get(key, 0)


def forget(key: str) -> None:
    if store() is not None:
        store().delete(key)
    elif _shared is not None:
        _shared.delete(key)
    else:
        cache.delete(key)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    if request is not None:
        hit(_login_key(request, credentials.get("username", "")), LOGIN_WINDOW_SECONDS)


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    if request is not None:
        forget(_login_key(request, user.get_username()))


def _blocked(request, message: str):
    return render(request, "audit/blocked.html", {"message": message}, status=429)


class ThrottleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.resolver_match is None:
            return None
        name = request.resolver_match.url_name
        if name == LOGIN_URL_NAME:
            if count(_login_key(request, request.POST.get("username", ""))) >= LOGIN_MAX_FAILURES:
                return _blocked(request, LOGIN_BLOCKED)
        elif name == PUBLIC_FORM_URL_NAME:
            allowed, window = opinion_rate()
            if allowed and hit(_key("opinion", client_address(request)), window) > allowed:
                return _blocked(request, FORM_BLOCKED)
        return None
