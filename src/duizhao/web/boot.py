"""What `duizhao serve` calls: environment, Django set-up, migrations, first administrator,
optional demo data, then waitress. Django is imported only from here and the web package."""

from __future__ import annotations

import logging
import os
import secrets
import signal
import socket
import sqlite3
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from duizhao.errors import InputError
from duizhao.web import config

MIGRATION_LOCK = 0x6475697A  # "duiz": the PostgreSQL advisory lock held while migrating
WAL_TRUNCATE_SECONDS = 10  # how long the SQLite write-ahead log may keep the order of recent writes
RESHUFFLE_CHECK_SECONDS = 60  # how often the server looks whether a new day has begun


@dataclass
class ServeOptions:
    data: Path
    host: str = "127.0.0.1"
    port: int = 8000
    demo: bool = False
    threads: int = 8
    workers: int = 1


def prepare_environment(options: ServeOptions) -> None:
    os.environ["DUIZHAO_DATA_DIR"] = str(options.data.resolve())
    hosts = [h for h in os.environ.get("DUIZHAO_ALLOWED_HOSTS", "").split(",") if h]
    if options.host not in hosts:
        hosts.append(options.host)
    os.environ["DUIZHAO_ALLOWED_HOSTS"] = ",".join(hosts)
    os.environ["DUIZHAO_SERVE_HOST"] = options.host  # the opinions page warns when only this computer can reach it
    os.environ["DJANGO_SETTINGS_MODULE"] = "duizhao.web.settings"


def setup_django() -> None:
    import django
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and not database.get("CONN_MAX_AGE"):
        # The server keeps one SQLite connection per thread. Opening one per request (Django's
        # default) cost ~6 ms of CPU each time: connect, PRAGMAs, and the WAL checkpoint done by
        # the last connection to close. The log is emptied on a timer instead (truncate_wal_forever).
        database["CONN_MAX_AGE"] = None
    django.setup()


@contextmanager
def database_lock():
    """Several processes may start at once on one PostgreSQL database: one prepares it
    (migrations, first administrator, demo), the others wait."""
    from django.db import connection

    shared = connection.vendor == "postgresql"
    if shared:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK])
    try:
        yield
    finally:
        if shared:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK])


def migrate_if_needed(out=sys.stdout) -> bool:
    """Run migrations only when the plan is non-empty; True when something was applied."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not plan:
        return False
    print(f"正在初始化/升级数据库（{len(plan)} 项）……", file=out)
    call_command("migrate", interactive=False, verbosity=0)
    return True


def ensure_admin(out=sys.stdout) -> str | None:
    """Create the administrator `admin` on first run. Returns the one-time password when printed."""
    from django.contrib.auth import get_user_model

    from duizhao.web.workbench.models import AccountState

    User = get_user_model()
    if User.objects.filter(is_superuser=True).exists():
        return None
    password = os.environ.get("DUIZHAO_ADMIN_PASSWORD") or secrets.token_urlsafe(9)
    user = User.objects.create_superuser("admin", "", password)
    AccountState.objects.create(user=user, must_change_password=True)
    if os.environ.get("DUIZHAO_ADMIN_PASSWORD"):
        print("已创建管理员账号 admin（密码取自 DUIZHAO_ADMIN_PASSWORD，首次登录须修改）。", file=out)
        return None
    print(f"已创建管理员账号 admin，一次性密码：{password}（仅显示这一次，首次登录须修改）。", file=out)
    return password


def sqlite_path() -> Path | None:
    from django.db import connection

    return Path(connection.settings_dict["NAME"]) if connection.vendor == "sqlite" else None


def truncate_wal(path: Path) -> bool:
    """Copy the write-ahead log into the database and cut it to zero bytes: the log keeps
    pages in the order they were written, which would tell which opinion came after which.
    True when done; False when busy (it is tried again on the next tick)."""
    try:
        connection = sqlite3.connect(path, timeout=0.2)
        try:
            busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            return busy == 0
        finally:
            connection.close()
    except sqlite3.Error:
        return False


def truncate_wal_forever(path: Path, stop: threading.Event, every: float = WAL_TRUNCATE_SECONDS) -> None:
    while not stop.wait(every):
        truncate_wal(path)


def reshuffle_forever(
    data: Path, stop: threading.Event, out=sys.stdout, every: float = RESHUFFLE_CHECK_SECONDS
) -> None:
    while True:
        reshuffle_if_due(data, out)
        if stop.wait(every):
            return


def bind_socket(host: str, port: int) -> socket.socket:
    """The listening socket, bound once by the parent and shared by every worker process."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _, address = infos[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(1024)
    except OSError as error:
        raise InputError(
            None, f"无法在 {host}:{port} 上启动（{error.strerror or error}），请换一个端口（--port）"
        ) from error
    return sock


def make_server(sock: socket.socket, threads: int):
    from waitress.server import create_server

    from duizhao.safety import limits
    from duizhao.web.wsgi import application

    # connection_limit: waitress's default of 100 open connections leaves further keep-alive
    # clients (a whole meeting hall on the opinion form) waiting until others close;
    # asyncore_use_poll: select() cannot watch a descriptor numbered 1024 or more
    # behind the HTTPS proxy: waitress would otherwise drop X-Forwarded-Proto / -For as untrusted,
    # so the app would never see HTTPS (no HSTS) and would count every client as the proxy;
    # max_request_body_size: waitress would otherwise buffer up to 1 GB of any request to disk
    proxy = config.trusted_proxy(dict(os.environ))
    # Any: waitress's stubs leave its adjustments untyped (`Incomplete`)
    trust: dict[str, Any] = (
        {
            "trusted_proxy": proxy,
            "trusted_proxy_count": 1,
            "trusted_proxy_headers": {"x-forwarded-proto", "x-forwarded-for"},
        }
        if proxy
        else {}
    )
    return create_server(
        application,
        sockets=[sock],
        threads=threads,
        ident="duizhao",
        connection_limit=1000,
        asyncore_use_poll=True,
        max_request_body_size=limits().request_max_bytes,
        **trust,
    )


def run_server(sock: socket.socket, threads: int) -> None:
    server = make_server(sock, threads)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def _exit_with_parent(parent: int) -> None:
    while True:
        time.sleep(1)
        if os.getppid() != parent:
            os._exit(0)


def fork_worker(sock: socket.socket, threads: int) -> int:
    parent = os.getpid()
    pid = os.fork()
    if pid:
        return pid
    code = 0
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
        run_server(sock, threads)
    except Exception:
        logging.getLogger(__name__).exception("worker %s stopped by an error", os.getpid())  # says why on stderr
        code = 1
    except (KeyboardInterrupt, SystemExit):  # told to stop
        code = 1
    finally:
        os._exit(code)


def reshuffle_if_due(data: Path, out=sys.stdout) -> None:
    """After midnight (and on the first start of a day) rewrite the opinions in random order."""
    from duizhao.web import reshuffle

    try:
        reshuffle.run_if_due(data)
    except Exception as error:  # noqa: BLE001  busy or locked: tried again at the next check
        print(f"意见存储顺序重排未完成（{error}），稍后重试。", file=out, flush=True)


def supervise(
    sock: socket.socket, workers: int, threads: int, wal: Path | None, out=sys.stdout, data: Path | None = None
) -> int:
    """Fork the workers, replace one that dies, stop them all on SIGTERM/SIGINT."""
    stopping = threading.Event()

    def stop(signum, frame):
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    children = {fork_worker(sock, threads) for _ in range(workers)}
    last_truncate = time.monotonic()
    last_reshuffle_check = 0.0
    while not stopping.is_set():
        stopping.wait(0.5)
        if data is not None and time.monotonic() - last_reshuffle_check >= RESHUFFLE_CHECK_SECONDS:
            reshuffle_if_due(data, out)
            last_reshuffle_check = time.monotonic()
        while True:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                pid = 0
            if not pid:
                break
            children.discard(pid)
            if not stopping.is_set():
                print("一个工作进程意外退出，已重新启动。", file=out, flush=True)
                time.sleep(0.5)
                children.add(fork_worker(sock, threads))
        if wal is not None and time.monotonic() - last_truncate >= WAL_TRUNCATE_SECONDS:
            truncate_wal(wal)
            last_truncate = time.monotonic()
    for pid in children:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + 10
    while children and time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid:
            children.discard(pid)
        else:
            time.sleep(0.05)
    for pid in children:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    if wal is not None:
        truncate_wal(wal)
    sock.close()
    return 0


def start(options: ServeOptions, out=sys.stdout) -> int:
    prepare_environment(options)
    env = dict(os.environ)
    refusal = config.debug_refusal(env)
    if refusal:
        raise InputError(None, refusal)
    try:
        config.database_settings(env, options.data)
        config.session_age_seconds(env)
        config.public_url(env)
        config.redis_url(env)
        config.hsts_seconds(env)
    except ValueError as error:
        raise InputError(None, str(error)) from error
    if options.workers > 1 and not hasattr(os, "fork"):
        raise InputError(None, "本系统不支持多个工作进程（--workers），请用 --workers 1")
    try:
        options.data.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(str(options.data), f"无法创建数据目录（{error.strerror}）") from error
    setup_django()
    with database_lock():
        migrate_if_needed(out)
        ensure_admin(out)
        demo_loaded = False
        if options.demo:
            from duizhao.web.workbench.demo import load_demo

            demo_loaded = load_demo()
    if demo_loaded:
        print(
            "已载入演示单位“中共青川县自然资源局党组”：党办账号 dangban，书记 zhoulixin，督导组 duzhao，密码均为 duizhao-demo（详见 docs/web.md）。",
            file=out,
        )
    from django.db import connections

    from duizhao.render.pdf import pdf_notice

    notice = pdf_notice()  # said once here and on the material page, not at the first failed PDF
    if notice:
        print(notice, file=out, flush=True)
    wal = sqlite_path()
    connections.close_all()  # a forked worker must not share the parent's database connection
    sock = bind_socket(options.host, options.port)
    port = sock.getsockname()[1]
    shown = "127.0.0.1" if options.host in ("0.0.0.0", "::") else options.host
    workers = f"，{options.workers} 个工作进程" if options.workers > 1 else ""
    print(f"对照工作台已启动：http://{shown}:{port}/  （按 Ctrl+C 停止{workers}）", file=out, flush=True)
    if shown != options.host:
        print("已在所有网络接口上监听，内网其他电脑可用本机的 IP 地址访问。", file=out, flush=True)
    if options.workers > 1:
        from duizhao.web import throttle

        throttle.share_between_processes()  # one login and form allowance per client, not one per worker
        return supervise(sock, options.workers, options.threads, wal, out, data=options.data.resolve())
    stop = threading.Event()
    if wal is not None:
        threading.Thread(target=truncate_wal_forever, args=(wal, stop), daemon=True).start()
    threading.Thread(target=reshuffle_forever, args=(options.data.resolve(), stop, out), daemon=True).start()
    signal.signal(signal.SIGTERM, _exit_quietly)  # waitress stops on SystemExit; then the log is cut once more
    try:
        run_server(sock, options.threads)
    finally:
        stop.set()
        if wal is not None:
            truncate_wal(wal)
    return 0


def _exit_quietly(signum, frame):
    raise SystemExit(0)
