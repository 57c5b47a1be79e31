"""A real `duizhao serve` in a subprocess on a free loopback port, and a small cookie-keeping
HTTP client, for the crash and anonymity tests."""

from __future__ import annotations

import http.client
import http.cookies
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

DUIZHAO = str(Path(sys.executable).with_name("duizhao"))
CLERK_PASSWORD = "Clerk-pass-2025"

PREPARE = r"""
import json, os, sys
os.environ["DUIZHAO_DATA_DIR"] = sys.argv[1]
os.environ["DJANGO_SETTINGS_MODULE"] = "duizhao.web.settings"
import django
django.setup()
from datetime import date
from django.contrib.auth import get_user_model
from duizhao.web.boot import migrate_if_needed
from duizhao.web.workbench import models as m, services
migrate_if_needed(open(os.devnull, "w"))
team = m.Team.objects.create(name="某测试局党组", unit="某测试局")
members = [m.Member.objects.create(team=team, name=n, title="党组成员", order=i) for i, n in enumerate(["甲某", "乙某"])]
meeting = m.Meeting.objects.create(team=team, year=2023, framework_id="dsh-2023", title="2023年度民主生活会",
                                   planned_date=date(2024, 1, 20), kind="democratic_life", meeting_type="annual")
clerk = get_user_model().objects.create_user("clerk", password=sys.argv[2])
services.grant_role(clerk, team, "clerk")
for n in range(int(sys.argv[3])):
    m.Task.objects.create(meeting=meeting, number=f"2023-{n + 1:02d}", problem=f"第{n + 1}个问题", measure="措施",
                          progress="初始进展", deadline=date(2026, 6, 30))
token = m.Solicitation.objects.create(meeting=meeting, member=members[1]).token
material = m.Material.objects.create(meeting=meeting, member=None)
print(json.dumps({"token": token, "meeting": meeting.pk, "material": material.pk}))
"""


def clean_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DUIZHAO_", "DJANGO_"))}
    env.update(extra)
    return env


def prepare(data: Path, tasks: int = 0, **env) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", PREPARE, str(data), CLERK_PASSWORD, str(tasks)],
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, data: Path, logs: Path, *, args: tuple[str, ...] = (), **env):
        self.data, self.logs, self.env, self.args = data, logs, env, tuple(args)
        self.port = free_port()
        self.process = None

    def start(self, timeout: float = 60) -> Server:
        self.logs.mkdir(parents=True, exist_ok=True)
        out = open(self.logs / f"serve-{self.port}.out", "ab")  # noqa: SIM115  open for the server's life
        err = open(self.logs / f"serve-{self.port}.err", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [DUIZHAO, "serve", "--data", str(self.data), "--port", str(self.port), *self.args],
            env=clean_env(DUIZHAO_ADMIN_PASSWORD="Admin-pass-2025", **self.env),
            stdout=out,
            stderr=err,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError((self.logs / f"serve-{self.port}.err").read_text()[-2000:])
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("duizhao serve did not start")

    def kill9(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill9()


class Browser:
    """Keeps cookies, sends the CSRF token, can bind to a chosen loopback source address."""

    def __init__(self, port: int, source: str = "127.0.0.1", agent: str = "duizhao-test"):
        self.port, self.source, self.agent = port, source, agent
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: bytes | None = None, content_type: str | None = None, timeout: float = 30
    ) -> tuple[int, str]:
        status, payload = self.request_bytes(method, path, body, content_type, timeout)
        return status, payload.decode("utf-8", "replace")

    def request_bytes(
        self, method: str, path: str, body: bytes | None = None, content_type: str | None = None, timeout: float = 30
    ) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=timeout, source_address=(self.source, 0)
        )
        headers = {"User-Agent": self.agent, "Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            payload = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                cookie = http.cookies.SimpleCookie(header)
                for key, morsel in cookie.items():
                    self.cookies[key] = morsel.value
            return response.status, payload
        finally:
            connection.close()

    def get(self, path: str) -> tuple[int, str]:
        return self.request("GET", path)

    def post(self, path: str, fields: dict) -> tuple[int, str]:
        fields = dict(fields, csrfmiddlewaretoken=self.cookies.get("csrftoken", ""))
        return self.request("POST", path, urlencode(fields).encode(), "application/x-www-form-urlencoded")

    def post_file(self, path: str, field: str, name: str, data: bytes) -> tuple[int, str]:
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{self.cookies.get('csrftoken', '')}\r\n".encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n".encode(),
            data,
            f"\r\n--{boundary}--\r\n".encode(),
        ]
        return self.request("POST", path, b"".join(parts), f"multipart/form-data; boundary={boundary}", timeout=120)

    def login(self, username: str, password: str) -> None:
        self.get("/login/")
        status, _ = self.post("/login/", {"username": username, "password": password})
        assert status == 302, status


def csrf_from(html: str) -> str | None:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return match.group(1) if match else None
