"""The deployment settings (pure parsing in duizhao.web.config): public address, HSTS, Redis, and
that the nginx site's upload limit matches the application's."""

import re

import pytest
from deploy_support import ROOT

from duizhao.safety import limits
from duizhao.web import config


def test_public_url_joins_allowed_hosts_and_trusted_origins():
    env = {"DUIZHAO_PUBLIC_URL": "https://duizhao.county.gov.cn:8443/"}
    assert config.public_url(env) == "https://duizhao.county.gov.cn:8443"
    assert "duizhao.county.gov.cn" in config.allowed_hosts(env)
    assert config.csrf_trusted_origins(env) == ["https://duizhao.county.gov.cn:8443"]
    assert config.public_url({}) == "" and config.csrf_trusted_origins({}) == []


@pytest.mark.parametrize("bad", ["duizhao.county.gov.cn", "ftp://x", "https://", "https://x/?a=1"])
def test_a_public_url_that_is_not_an_address_is_refused_in_chinese(bad):
    with pytest.raises(ValueError, match="DUIZHAO_PUBLIC_URL"):
        config.public_url({"DUIZHAO_PUBLIC_URL": bad})


def test_hsts_only_behind_https_and_adjustable():
    assert config.hsts_seconds({}) == 0
    assert config.hsts_seconds({"DUIZHAO_HTTPS": "1"}) == 365 * 24 * 3600
    assert config.hsts_seconds({"DUIZHAO_HTTPS": "1", "DUIZHAO_HSTS_SECONDS": "600"}) == 600


def test_redis_url_must_be_a_redis_address():
    assert config.redis_url({}) == ""
    assert config.redis_url({"DUIZHAO_REDIS_URL": "redis://127.0.0.1:6379/3"}) == "redis://127.0.0.1:6379/3"
    with pytest.raises(ValueError, match="redis://"):
        config.redis_url({"DUIZHAO_REDIS_URL": "127.0.0.1:6379"})


def test_the_nginx_upload_limit_fits_the_application_limit():
    site = (ROOT / "deploy" / "nginx-duizhao.conf").read_text(encoding="utf-8")
    [size] = re.findall(r"^\s*client_max_body_size\s+(\d+)m;", site, flags=re.M)
    nginx_bytes = int(size) * 1024 * 1024
    # room for one file at the limit plus the rest of the form, but not a second file's worth
    assert limits().max_bytes < nginx_bytes < limits().max_bytes * 1.25
    assert f"{limits().max_bytes:,}" in site


def test_the_public_form_is_never_in_the_proxy_logs():
    site = (ROOT / "deploy" / "nginx-duizhao.conf").read_text(encoding="utf-8")
    public = re.search(r"location /yijian/ \{(.*?)\}", site, flags=re.S).group(1)
    assert "access_log off;" in public and "error_log /dev/null" in public
    assert "X-Forwarded-Proto $scheme" in site and "X-Forwarded-For $remote_addr" in site


def test_counters_in_an_unreachable_redis_count_nothing_and_do_not_stop_the_request(caplog):
    from deploy_support import free_port

    from duizhao.web.throttle_store import RedisCounters

    counters = RedisCounters(f"redis://127.0.0.1:{free_port()}/0", "install-deploy-test")  # nothing listens there
    assert counters.hit("k", 60) == 0 and counters.count("k") == 0
    counters.delete("k")
    assert "Redis" in caplog.text and "127.0.0.1" not in caplog.text


def test_redis_counters_count_within_the_window_and_forget():
    import uuid

    import redis

    from duizhao.web.throttle_store import RedisCounters

    url = "redis://127.0.0.1:6379/11"
    try:
        redis.Redis.from_url(url, socket_timeout=2).ping()
    except (redis.RedisError, OSError):
        from deploy_support import unavailable

        unavailable("Redis 未在 127.0.0.1:6379 运行")
    counters = RedisCounters(url, f"install-deploy-{uuid.uuid4().hex[:8]}")
    assert [counters.hit("k", 60) for _ in range(3)] == [1, 2, 3]
    assert counters.count("k") == 3 and 0 < counters.client.ttl(counters.prefix + "k") <= 60
    counters.delete("k")
    assert counters.count("k") == 0


def test_the_day_salt_is_shared_by_servers_and_changes_with_the_day():
    from duizhao.web.throttle_store import day_salt

    assert day_salt("key", 86400 * 20000 + 5) == day_salt("key", 86400 * 20000 + 80000)
    assert day_salt("key", 86400 * 20000) != day_salt("key", 86400 * 20001)
    assert day_salt("key", 0) != day_salt("other key", 0)
