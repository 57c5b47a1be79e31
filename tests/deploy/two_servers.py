"""A deployment as a city 督导组 would run it, on this machine: two `duizhao serve` (standing in for
two machines) on one fresh PostgreSQL database and one shared data folder, optionally Redis for
the counters, and optionally nginx with TLS in front of both."""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import uuid
from pathlib import Path

from deploy_support import ROOT, free_port, unavailable

PG_BASE = os.environ.get("DUIZHAO_TEST_PG_BASE", "postgresql://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("DUIZHAO_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")
PASSWORD = "Deploy-pass-2025"
DUIZHAO = str(Path(sys.executable).with_name("duizhao"))

PREPARE = r"""
import json, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "duizhao.web.settings"
import django
django.setup()
from datetime import date
from django.contrib.auth import get_user_model
from duizhao.web.boot import migrate_if_needed
from duizhao.web.workbench import models as m, services
migrate_if_needed(open(os.devnull, "w"))
team = m.Team.objects.create(name="某市部署测试局党组", unit="某市部署测试局")
member = m.Member.objects.create(team=team, name="甲某", title="党组书记", order=0, is_head=True)
meeting = m.Meeting.objects.create(team=team, year=2023, framework_id="dsh-2023", title="2023年度民主生活会",
                                   planned_date=date(2024, 1, 20), kind="democratic_life", meeting_type="annual")
services.sync_deadlines(meeting)
for name in ("clerk", "locked", "other"):
    services.grant_role(get_user_model().objects.create_user(name, password=sys.argv[1]), team, "clerk")
task = m.Task.objects.create(meeting=meeting, number="1", problem="调研不够深入，联系基层群众不经常")
solicitation = m.Solicitation.objects.create(meeting=meeting)
print(json.dumps({"meeting": meeting.pk, "task": task.pk, "solicitation": solicitation.pk,
                  "token": solicitation.token}))
"""


def load_nginx_proxy():
    spec = importlib.util.spec_from_file_location("nginx_proxy", ROOT / "bench" / "nginx_proxy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def postgres_or_unavailable() -> None:
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=2).close()
    except OSError:
        unavailable("PostgreSQL 未在 127.0.0.1:5432 运行：多台应用服务器的测试需要它")


def redis_or_unavailable() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping()
    except (redis.RedisError, OSError):
        unavailable("Redis 未在 127.0.0.1:6379 运行（apt-get install redis-server）")


class Deployment:
    def __init__(self, work: Path, redis: bool = False, nginx: bool = False, extra_env: dict | None = None):
        self.work, self.use_redis, self.use_nginx = work, redis, nginx
        self.data = work / "data"
        self.ports = [free_port(), free_port()]
        self.servers: list[subprocess.Popen] = []
        self.nginx = None
        self.database = f"install_deploy_{uuid.uuid4().hex[:10]}"
        self.redis_prefix = f"install-deploy-{uuid.uuid4().hex[:10]}"
        self.extra_env = extra_env or {}
        self.info: dict = {}

    @property
    def database_url(self) -> str:
        return f"{PG_BASE}/{self.database}"

    def backend(self, n: int) -> str:
        return f"http://127.0.0.1:{self.ports[n]}"

    def env(self) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DUIZHAO_", "DJANGO_"))}
        env.update(
            DUIZHAO_DATA_DIR=str(self.data),
            DUIZHAO_DATABASE_URL=self.database_url,
            DUIZHAO_HTTPS="1",
            DUIZHAO_ADMIN_PASSWORD="Admin-pass-2025",
            **self.extra_env,
        )
        if self.nginx is not None:
            env["DUIZHAO_PUBLIC_URL"] = self.nginx.url
        if self.use_redis:
            env.update(DUIZHAO_REDIS_URL=REDIS_URL, DUIZHAO_REDIS_PREFIX=self.redis_prefix)
        return env

    def start(self) -> Deployment:
        import psycopg

        postgres_or_unavailable()
        if self.use_redis:
            redis_or_unavailable()
        if self.use_nginx:
            proxy = load_nginx_proxy()
            if proxy.nginx_binary() is None:
                unavailable("本机没有 nginx（apt-get install nginx；make system-deps 会安装）")
            (self.work / "nginx").mkdir()
            self.nginx = proxy.Nginx(self.work / "nginx", self.ports)
        with psycopg.connect(f"{PG_BASE}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{self.database}"')
        env = self.env()
        prepared = subprocess.run(
            [sys.executable, "-c", PREPARE, PASSWORD], env=env, capture_output=True, text=True, timeout=300
        )
        if prepared.returncode != 0:
            raise RuntimeError(prepared.stderr[-3000:])
        self.info = json.loads(prepared.stdout.strip().splitlines()[-1])
        for n, port in enumerate(self.ports):
            log = open(self.work / f"serve-{n}.log", "wb")  # noqa: SIM115  open for the server's life
            self.servers.append(
                subprocess.Popen(
                    [DUIZHAO, "serve", "--data", str(self.data), "--port", str(port)],
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        proxy = load_nginx_proxy()
        for port in self.ports:
            proxy.wait_for_port(port)
        if self.nginx is not None:
            self.nginx.start()
        return self

    def stop(self) -> None:
        if self.nginx is not None:
            self.nginx.stop()
        for server in self.servers:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
        for server in self.servers:
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        import psycopg

        with psycopg.connect(f"{PG_BASE}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        if self.use_redis:
            import redis

            client = redis.Redis.from_url(REDIS_URL)
            for key in client.scan_iter(f"{self.redis_prefix}:*"):
                client.delete(key)

    def sql(self, query: str, *params):
        import psycopg

        with psycopg.connect(self.database_url) as connection:
            return connection.execute(query, params).fetchall()

    def log(self, n: int) -> str:
        return (self.work / f"serve-{n}.log").read_text(encoding="utf-8", errors="replace")
