"""`duizhao serve` boots Django itself: secret key, migrations, first administrator, waitress,
static files; it refuses DEBUG outside development. And the demo unit fills every page."""

import os
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(data: Path, **extra) -> dict:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DUIZHAO_", "DJANGO_")) and k != "DATABASE_URL"
    }  # always SQLite here
    env.update(extra)
    return env


def _serve(data: Path, port: int, **extra):
    return subprocess.Popen(
        [sys.executable, "-m", "duizhao", "serve", "--data", str(data), "--port", str(port)],
        env=_env(data, **extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait_for(process, port: int) -> str:
    lines = []
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "已启动" in line:
            return "".join(lines)
    process.kill()
    raise AssertionError("server did not start:\n" + "".join(lines))


def _get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status


@pytest.mark.slow
def test_first_run_then_second_run(tmp_path):
    data = tmp_path / "data"
    port = _free_port()
    process = _serve(data, port)
    try:
        output = _wait_for(process, port)
        assert "一次性密码" in output and f"http://127.0.0.1:{port}/" in output
        assert _get(f"http://127.0.0.1:{port}/login/") == 200
        assert _get(f"http://127.0.0.1:{port}/static/duizhao/vendor/htmx.min.js") == 200
        assert _get(f"http://127.0.0.1:{port}/static/duizhao/vendor/echarts.min.js") == 200
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert stat.S_IMODE((data / "secret_key").stat().st_mode) == 0o600
    assert (data / "duizhao.sqlite3").exists()
    key = (data / "secret_key").read_text()
    process = _serve(data, port)
    try:
        output = _wait_for(process, port)
        assert "初始化" not in output and "一次性密码" not in output
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert (data / "secret_key").read_text() == key


def test_debug_is_refused_outside_development(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "duizhao", "serve", "--data", str(tmp_path), "--port", str(_free_port())],
        env=_env(tmp_path, DUIZHAO_DEBUG="1"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "拒绝启动" in result.stderr


def test_parse_command_does_not_import_django():
    code = "import sys, duizhao.cli as c; c.build_parser(); print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout.strip()
    assert out == "False"


def test_demo_unit_fills_every_page(client, db):
    from django.contrib.auth import get_user_model

    from duizhao.web.workbench import models as m
    from duizhao.web.workbench.demo import load_demo

    assert load_demo() is True
    assert load_demo() is False
    meeting = m.Meeting.objects.get(year=2025)
    assert meeting.previous.year == 2024 and meeting.tasks.filter(carried_from__isnull=False).count() == 2
    assert meeting.opinions.count() >= 10 and meeting.talks.exists() and meeting.materials.exists()
    client.force_login(get_user_model().objects.get(username="dangban"))
    for path in [
        "/",
        f"/meetings/{meeting.pk}/",
        f"/meetings/{meeting.pk}/opinions/",
        f"/meetings/{meeting.pk}/talks/",
        f"/meetings/{meeting.pk}/materials/",
        f"/meetings/{meeting.pk}/session/",
        f"/meetings/{meeting.pk}/ledger/",
        f"/meetings/{meeting.pk}/reports/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
    client.force_login(get_user_model().objects.get(username="duzhao"))
    html = client.get("/supervision/").content.decode()
    assert "中共青川县自然资源局党组" in html


@pytest.mark.postgres
def test_two_processes_can_boot_on_one_postgresql_database(tmp_path):
    url = os.environ.get("DUIZHAO_DATABASE_URL", "")
    if not url.startswith("postgresql://"):
        pytest.skip("needs DUIZHAO_DATABASE_URL pointing at PostgreSQL")
    import psycopg

    admin = url.rsplit("/", 1)[0] + "/postgres"
    name = "duizhao_boot_test"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name}")
        connection.execute(f"CREATE DATABASE {name}")
    try:
        ports = [_free_port(), _free_port()]
        env = {"DUIZHAO_DATABASE_URL": url.rsplit("/", 1)[0] + "/" + name, "DUIZHAO_ADMIN_PASSWORD": "Admin-pass-9"}
        processes = [_serve(tmp_path / f"d{i}", port, **env) for i, port in enumerate(ports)]
        try:
            for process, port in zip(processes, ports):
                _wait_for(process, port)
                assert _get(f"http://127.0.0.1:{port}/login/") == 200
        finally:
            for process in processes:
                process.terminate()
                process.wait(timeout=10)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_bad_database_url_is_one_chinese_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "duizhao", "serve", "--data", str(tmp_path), "--port", str(_free_port())],
        env=_env(tmp_path, DUIZHAO_DATABASE_URL="mysql://x@y/z"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "postgresql" in result.stderr and "Traceback" not in result.stderr
