"""`duizhao serve --workers 2`: the parent binds the port and prepares the database once, two forked
waitress processes share the socket; each answers, opinions land, SIGTERM stops them all, and the
workers do not outlive a killed parent."""

import http.cookiejar
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

PREPARE = r"""
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "duizhao.web.settings"
import django
django.setup()
from datetime import date
from duizhao.web.boot import migrate_if_needed
from duizhao.web.workbench import models as m
migrate_if_needed(open(os.devnull, "w"))
team = m.Team.objects.create(name="某试点局党组", unit="某试点局")
meeting = m.Meeting.objects.create(team=team, year=2023, framework_id="dsh-2023", title="2023年度民主生活会",
                                   planned_date=date(2024, 1, 20), kind="democratic_life", meeting_type="annual")
print(m.Solicitation.objects.create(meeting=meeting).token)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(data: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DUIZHAO_", "DJANGO_")) and k != "DATABASE_URL"}
    env.update(DUIZHAO_DATA_DIR=str(data), DUIZHAO_ADMIN_PASSWORD="Admin-pass-2025", DUIZHAO_OPINION_RATE="0")
    return env


def _children(pid: int) -> list[int]:
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _submit(port: int, token: str, text: str) -> bool:
    """One anonymous submission on fresh connections (so each request is a new accept)."""
    cookies = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
    url = f"http://127.0.0.1:{port}/yijian/{token}/"
    opener.open(url, timeout=10).read()
    csrf = next(c.value for c in cookies if c.name == "csrftoken")
    body = urlencode({"text": text, "csrfmiddlewaretoken": csrf}).encode()
    with opener.open(urllib.request.Request(url, data=body), timeout=10) as response:
        return response.status == 200 and "感谢" in response.read().decode()


def _stored(data: Path) -> int:
    connection = sqlite3.connect(data / "duizhao.sqlite3")
    try:
        return connection.execute("SELECT count(*) FROM workbench_opinion").fetchone()[0]
    finally:
        connection.close()


def _start_two_workers(data, port):
    """`duizhao serve --workers 2`, once it has said it started and forked both workers:
    (process, that line, the workers' pids)."""
    server = subprocess.Popen(
        [sys.executable, "-m", "duizhao", "serve", "--data", str(data), "--port", str(port), "--workers", "2"],
        env=_env(data),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    line = ""
    while "已启动" not in line:
        line = server.stdout.readline()
        if not line:
            server.kill()
            raise AssertionError("server did not start")
    deadline = time.monotonic() + 30
    while len(_children(server.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    return server, line, _children(server.pid)


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_two_workers_answer_store_and_stop_cleanly(tmp_path):
    data = tmp_path / "data"
    token = (
        subprocess.run(
            [sys.executable, "-c", PREPARE], env=_env(data), capture_output=True, text=True, timeout=120, check=True
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    port = _free_port()
    server, line, workers = _start_two_workers(data, port)
    try:
        assert "2 个工作进程" in line
        assert len(workers) == 2
        ok = 0
        # each worker alone: the other is paused, so every answer below comes from the one left running
        for paused, running in (workers, workers[::-1]):
            os.kill(paused, signal.SIGSTOP)
            try:
                for n in range(3):
                    ok += _submit(port, token, f"工作进程{running}的第{n}条意见：建议少开会、开短会")
            finally:
                os.kill(paused, signal.SIGCONT)
        assert ok == 6
        assert _stored(data) == 6

        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=20) == 0
        time.sleep(0.2)
        assert not any(_alive(pid) for pid in workers)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(timeout=10)


def _port_closes(port: int, within: float) -> bool:
    """The listening socket goes away once the last process holding it has been torn down,
    which the kernel finishes a moment after the processes disappear."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except OSError:
            return True
        time.sleep(0.2)
    return False


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_die_with_a_killed_parent(tmp_path):
    data = tmp_path / "data"
    port = _free_port()
    server, _, workers = _start_two_workers(data, port)
    try:
        assert len(workers) == 2
        server.kill()
        server.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in workers)
        assert _port_closes(port, within=10), f"port {port} still accepts connections"
    finally:
        if server.poll() is None:
            server.kill()


def _log_in(port: int, password: str) -> tuple[int, str]:
    """One login attempt as admin on fresh connections: (status, page)."""
    cookies = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
    url = f"http://127.0.0.1:{port}/login/"
    opener.open(url, timeout=10).read()
    csrf = next(c.value for c in cookies if c.name == "csrftoken")
    body = urlencode({"username": "admin", "password": password, "csrfmiddlewaretoken": csrf}).encode()
    try:
        with opener.open(urllib.request.Request(url, data=body), timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_failed_logins_are_counted_across_workers(tmp_path):
    """Three failures answered by one worker and two by the other make five: the next attempt is
    refused by either, even with the right password (counting per process would allow ten)."""
    data = tmp_path / "data"
    port = _free_port()
    server, _, (first, second) = _start_two_workers(data, port)
    try:
        answers = []
        for paused, failures in ((second, 3), (first, 2)):
            os.kill(paused, signal.SIGSTOP)
            try:
                answers += [_log_in(port, "wrong-password")[0] for _ in range(failures)]
            finally:
                os.kill(paused, signal.SIGCONT)
        assert answers == [200] * 5  # the login page again, with an error
        os.kill(first, signal.SIGSTOP)  # the worker that saw only two failures answers
        try:
            status, page = _log_in(port, "Admin-pass-2025")
        finally:
            os.kill(first, signal.SIGCONT)
        assert status == 429 and "登录失败次数过多" in page
    finally:
        server.kill()
        server.wait(timeout=10)
