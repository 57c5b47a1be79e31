"""What `duizhao serve` calls: environment, Django set-up, migrations, first administrator,
optional demo data, then waitress. Django is imported only from here and the web package."""
from __future__ import annotations

import os
import secrets
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from duizhao.errors import InputError
from duizhao.web import config


MIGRATION_LOCK = 0x6475697A  # "duiz": the PostgreSQL advisory lock held while migrating


@dataclass
class ServeOptions:
    data: Path
    host: str = "127.0.0.1"
    port: int = 8000
    demo: bool = False
    threads: int = 8


def prepare_environment(options: ServeOptions) -> None:
    os.environ["DUIZHAO_DATA_DIR"] = str(options.data.resolve())
    hosts = [h for h in os.environ.get("DUIZHAO_ALLOWED_HOSTS", "").split(",") if h]
    if options.host not in hosts:
        hosts.append(options.host)
    os.environ["DUIZHAO_ALLOWED_HOSTS"] = ",".join(hosts)
    os.environ["DJANGO_SETTINGS_MODULE"] = "duizhao.web.settings"


def setup_django() -> None:
    import django

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


def start(options: ServeOptions, out=sys.stdout) -> int:
    prepare_environment(options)
    env = dict(os.environ)
    refusal = config.debug_refusal(env)
    if refusal:
        raise InputError(None, refusal)
    try:
        config.database_settings(env, options.data)
        config.session_age_seconds(env)
    except ValueError as error:
        raise InputError(None, str(error)) from error
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
        print("已载入演示单位“中共青川县自然资源局党组”：党办账号 dangban，书记 zhoulixin，督导组 duzhao，密码均为 duizhao-demo（详见 docs/web.md）。", file=out)
    from waitress import create_server

    from duizhao.web.wsgi import application

    try:
        # connection_limit: waitress's default of 100 open connections leaves further keep-alive
        # clients (a whole meeting hall on the opinion form) waiting until others close
        server = create_server(application, host=options.host, port=options.port, threads=options.threads,
                               ident="duizhao", connection_limit=1000)
    except OSError as error:
        raise InputError(None, f"无法在 {options.host}:{options.port} 上启动（{error.strerror or error}），请换一个端口（--port）") from error
    shown = "127.0.0.1" if options.host in ("0.0.0.0", "::") else options.host
    print(f"对照工作台已启动：http://{shown}:{server.effective_port}/  （按 Ctrl+C 停止）", file=out, flush=True)
    if shown != options.host:
        print("已在所有网络接口上监听，内网其他电脑可用本机的 IP 地址访问。", file=out, flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0
