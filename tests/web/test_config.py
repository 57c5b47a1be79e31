"""The pure settings parser (duizhao.web.config), without Django."""

import stat
from pathlib import Path

import pytest

from duizhao.web import config


def test_sqlite_is_the_default_with_wal_and_immediate_transactions(tmp_path):
    db = config.database_settings({}, tmp_path)
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(tmp_path / "duizhao.sqlite3")
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
    assert "busy_timeout" in db["OPTIONS"]["init_command"]


@pytest.mark.parametrize("name", ["DUIZHAO_DATABASE_URL", "DATABASE_URL"])
def test_postgresql_url(tmp_path, name):
    db = config.database_settings({name: "postgresql://dz:p%40ss@db.local:5433/duizhao"}, tmp_path)
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "duizhao",
        "dz",
        "p@ss",
        "db.local",
        "5433",
    )
    assert db["CONN_HEALTH_CHECKS"] is True


def test_duizhao_url_wins_over_bare_database_url(tmp_path):
    db = config.database_settings(
        {"DUIZHAO_DATABASE_URL": "postgresql://a@h/one", "DATABASE_URL": "postgresql://b@h/two"}, tmp_path
    )
    assert db["NAME"] == "one"


def test_other_database_urls_are_refused(tmp_path):
    with pytest.raises(ValueError, match="postgresql"):
        config.database_settings({"DUIZHAO_DATABASE_URL": "mysql://x@y/z"}, tmp_path)


def test_secret_key_is_created_once_with_mode_0600(tmp_path):
    key = config.secret_key(tmp_path)
    path = tmp_path / "secret_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(key) > 40
    assert config.secret_key(tmp_path) == key
    path.chmod(0o644)
    config.secret_key(tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_debug_is_off_by_default_and_refused_outside_development():
    assert config.debug({}) is False
    assert config.debug_refusal({}) is None
    assert "拒绝启动" in config.debug_refusal({"DUIZHAO_DEBUG": "1"})
    assert config.debug_refusal({"DUIZHAO_DEBUG": "1", "DUIZHAO_ENV": "development"}) is None


def test_allowed_hosts_follow_the_host_flag():
    assert config.allowed_hosts({}) == ["127.0.0.1", "localhost", "[::1]"]
    assert "10.1.2.3" in config.allowed_hosts({"DUIZHAO_ALLOWED_HOSTS": "10.1.2.3"})
    assert config.allowed_hosts({"DUIZHAO_ALLOWED_HOSTS": "0.0.0.0"}) == ["*"]


def test_data_dir_and_session_age(tmp_path):
    assert config.data_dir({"DUIZHAO_DATA_DIR": str(tmp_path)}) == tmp_path.resolve()
    assert config.data_dir({}) == Path.home() / ".duizhao"
    assert config.session_age_seconds({}) == 8 * 3600
    assert config.session_age_seconds({"DUIZHAO_SESSION_HOURS": "2"}) == 7200
    with pytest.raises(ValueError):
        config.session_age_seconds({"DUIZHAO_SESSION_HOURS": "two"})


def test_https_switches_secure_cookies():
    assert config.https({"DUIZHAO_HTTPS": "yes"}) is True
    assert config.https({}) is False


def test_config_does_not_import_django():
    import subprocess
    import sys

    code = "import sys, duizhao.web.config; print('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def test_settings_module_is_safe_by_default():
    import duizhao.web.settings as s

    assert s.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert s.DEBUG is False
    assert "django.middleware.csrf.CsrfViewMiddleware" in s.MIDDLEWARE
    assert s.SESSION_COOKIE_AGE > 0 and s.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_templates_and_static_files_ship_in_the_package():
    import tomllib

    root = Path(__file__).resolve().parents[2]
    patterns = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["duizhao"]
    package = root / "src" / "duizhao"
    shipped = {p for pattern in patterns for p in package.glob(pattern) if p.is_file()}
    needed = [p for folder in ("web/templates", "web/static") for p in (package / folder).rglob("*") if p.is_file()]
    needed += [
        p for p in (package / "web" / "workbench").rglob("*") if p.is_file() and p.suffix in {".html", ".css", ".js"}
    ]
    assert needed and not [str(p.relative_to(package)) for p in needed if p not in shipped]
