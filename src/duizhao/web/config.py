"""Pure settings parsing for the workbench: environment (only DUIZHAO_* names) -> values.

No Django import here, so these functions are tested without a server and `settings.py`
stays a list of assignments fed by them.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path
from urllib.parse import unquote, urlparse

SQLITE_NAME = "duizhao.sqlite3"
SECRET_FILE = "secret_key"
DEVELOPMENT = "development"


def env_bool(env: dict, name: str, default: bool = False) -> bool:
    value = env.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(env: dict, name: str, default: int) -> int:
    value = env.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        raise ValueError(f"环境变量 {name} 应为整数，现为 “{value}”") from None


def data_dir(env: dict) -> Path:
    """Where all state lives: DUIZHAO_DATA_DIR, else ~/.duizhao."""
    value = env.get("DUIZHAO_DATA_DIR", "").strip()
    return Path(value).expanduser().resolve() if value else Path.home() / ".duizhao"


def corpus_dir(env: dict, data: Path) -> Path | None:
    """The copy-check archive (查重文库) the workbench checks materials against: DUIZHAO_CORPUS,
    else <data>/corpus when one has been built there (duizhao corpus add --corpus …); else none."""
    value = env.get("DUIZHAO_CORPUS", "").strip()
    if value:
        return Path(value).expanduser()
    default = data / "corpus"
    return default if (default / "manifest.json").exists() else None


def database_url(env: dict) -> str:
    return (env.get("DUIZHAO_DATABASE_URL") or env.get("DATABASE_URL") or "").strip()


def database_settings(env: dict, data: Path) -> dict:
    """The DATABASES['default'] dict: PostgreSQL from a URL, else SQLite in the data dir."""
    url = database_url(env)
    if url.startswith(("postgresql://", "postgres://")):
        parts = urlparse(url)
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")) or "postgres",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "TEST": {"NAME": "test_" + (unquote(parts.path.lstrip("/")) or "postgres")},
        }
    if url:
        raise ValueError("DUIZHAO_DATABASE_URL 只支持 postgresql://… ，留空则使用 SQLite")
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(data / SQLITE_NAME),
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": ("PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=20000;"),
        },
        # a file, not memory, so tests can inspect what was really written
        "TEST": {"NAME": str(data / "test_duizhao.sqlite3")},
    }


def secret_key(data: Path) -> str:
    """Read <data>/secret_key, creating it (mode 0600) on first run."""
    path = data / SECRET_FILE
    if path.exists():
        if stat.S_IMODE(path.stat().st_mode) & 0o077:
            path.chmod(0o600)
        key = path.read_text(encoding="utf-8").strip()
        if key:
            return key
    data.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    # Written aside, then linked into place: several servers starting at once on one shared data
    # folder all end up with the first key written, never with one each.
    draft = data / f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    try:
        if path.exists():  # an empty file left by an older version
            os.replace(draft, path)
        else:
            os.link(draft, path)
    except FileExistsError:
        key = path.read_text(encoding="utf-8").strip() or key
    finally:
        draft.unlink(missing_ok=True)
    path.chmod(0o600)
    return key


def is_development(env: dict) -> bool:
    return env.get("DUIZHAO_ENV", "").strip().lower() == DEVELOPMENT


def debug(env: dict) -> bool:
    return env_bool(env, "DUIZHAO_DEBUG", False)


def debug_refusal(env: dict) -> str | None:
    """A Chinese message when DEBUG is on outside development; None when serving is allowed."""
    if debug(env) and not is_development(env):
        return "DUIZHAO_DEBUG 已打开，但 DUIZHAO_ENV 不是 development：为安全起见拒绝启动。"
    return None


def allowed_hosts(env: dict) -> list[str]:
    hosts = ["127.0.0.1", "localhost", "[::1]"]
    for host in env.get("DUIZHAO_ALLOWED_HOSTS", "").split(","):
        host = host.strip()
        if host == "0.0.0.0" or host == "::":
            return ["*"]  # listening on every interface: the intranet address is not known here
        if host and host not in hosts:
            hosts.append(host)
    url = public_url(env)
    if url and public_host(url) not in hosts:
        hosts.append(public_host(url))
    return hosts


def https(env: dict) -> bool:
    """Behind an HTTPS proxy: secure cookies and trust X-Forwarded-Proto."""
    return env_bool(env, "DUIZHAO_HTTPS", False)


def session_age_seconds(env: dict) -> int:
    return env_int(env, "DUIZHAO_SESSION_HOURS", 8) * 3600


def csrf_trusted_origins(env: dict) -> list[str]:
    origins = [o.strip() for o in env.get("DUIZHAO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
    url = public_url(env)
    if url and public_origin(url) not in origins:
        origins.append(public_origin(url))
    return origins


def trusted_proxy(env: dict) -> str | None:
    """The address of the HTTPS proxy whose X-Forwarded-Proto / X-Forwarded-For the server believes
    (DUIZHAO_TRUSTED_PROXY, default 127.0.0.1: nginx on the same machine); None without HTTPS. From
    any other address those headers are removed (waitress), so nobody can claim to be HTTPS or
    another client by sending them."""
    if not https(env):
        return None
    return env.get("DUIZHAO_TRUSTED_PROXY", "").strip() or "127.0.0.1"


def hsts_seconds(env: dict) -> int:
    """Strict-Transport-Security max-age sent behind HTTPS; 0 turns it off. Browsers then refuse
    the site over plain HTTP and refuse to skip a certificate warning: use a certificate the
    unit's browsers trust before turning HTTPS on."""
    return env_int(env, "DUIZHAO_HSTS_SECONDS", 365 * 24 * 3600) if https(env) else 0


def public_url(env: dict) -> str:
    """DUIZHAO_PUBLIC_URL: the address users type (printed on posters), without a trailing slash;
    '' when not set (links then use the team's setting, else the address of the request)."""
    value = env.get("DUIZHAO_PUBLIC_URL", "").strip().rstrip("/")
    if value and normalized_address(value) is None:
        raise ValueError(f"DUIZHAO_PUBLIC_URL 应为 https://域名或地址[:端口]，现为 “{value}”")
    return normalized_address(value) or ""


def normalized_address(value: str) -> str | None:
    """An address people open (http(s)://host[:port][/prefix]) without its trailing slash; None
    when it is not one (no scheme, no host, a query or a fragment, a bad port)."""
    value = value.strip().rstrip("/")
    try:
        parts = urlparse(value)
        _ = parts.port  # raises on a port out of range or not a number
    except ValueError:
        return None
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.query
        or parts.fragment
        or parts.username
        or parts.password
        or any(c.isspace() for c in value)
    ):
        return None
    return value


def is_loopback(host: str) -> bool:
    """Only this computer reaches it: 127.x, ::1, localhost (and *.localhost)."""
    import ipaddress

    host = host.strip().strip("[]").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve_host(env: dict) -> str:
    """The address `duizhao serve --host` listens on (set by the serve command for the process);
    '' when the application runs under another server, which this process cannot know."""
    return env.get("DUIZHAO_SERVE_HOST", "").strip()


def public_origin(url: str) -> str:
    parts = urlparse(url)
    return f"{parts.scheme}://{parts.netloc}"


def public_host(url: str) -> str:
    host = urlparse(url).hostname or ""
    return f"[{host}]" if ":" in host else host


def redis_url(env: dict) -> str:
    """DUIZHAO_REDIS_URL: throttle counters and the cache shared by several app servers."""
    value = env.get("DUIZHAO_REDIS_URL", "").strip()
    if value and not value.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError(f"DUIZHAO_REDIS_URL 应以 redis:// 开头，现为 “{value}”")
    return value


def redis_prefix(env: dict) -> str:
    return env.get("DUIZHAO_REDIS_PREFIX", "").strip() or "duizhao"
