"""Load on the public opinion form: many concurrent anonymous submitters against a real
`duizhao serve`, while a clerk browses the dashboard. Loopback only, bounded in time, stops by itself.

Usage: python bench/load_opinions.py [--db sqlite|postgresql|both] [--clients 200] [--seconds 60]
                                     [--workers N] [--sqlite-workers N] [--threads 8] [--processes 4] [--json OUT]

`--workers N` starts `duizhao serve --workers N` for PostgreSQL (default 1); `--sqlite-workers N`
does the same for SQLite (default 1: one writer at a time anyway).

For PostgreSQL a fresh database is created on 127.0.0.1:5432 (user postgres) and dropped at the end.
The per-client rate limit of the public form is switched off for the run (DUIZHAO_OPINION_RATE=0):
all simulated clients share the loopback interface. Prints throughput, p50/p99 latency, errors, and
whether the database holds exactly as many opinions as success answers.
"""
from __future__ import annotations

import argparse
import http.client
import http.cookies
import json
import multiprocessing
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

DUIZHAO = str(Path(sys.executable).with_name("duizhao"))
PG_BASE = "postgresql://postgres@127.0.0.1:5432"
CLERK_PASSWORD = "Clerk-pass-2025"

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
team = m.Team.objects.create(name="某负载测试局党组", unit="某负载测试局")
members = [m.Member.objects.create(team=team, name=n, title="党组成员", order=i) for i, n in enumerate(["甲某", "乙某", "丙某"])]
meeting = m.Meeting.objects.create(team=team, year=2023, framework_id="dsh-2023", title="2023年度民主生活会",
                                   planned_date=date(2024, 1, 20), kind="democratic_life", meeting_type="annual")
services.sync_deadlines(meeting)
clerk = get_user_model().objects.create_user("clerk", password=sys.argv[1])
services.grant_role(clerk, team, "clerk")
token = m.Solicitation.objects.create(meeting=meeting).token
print(json.dumps({"token": token, "meeting": meeting.pk}))
"""


def server_env(data: Path, database_url: str | None, extra: dict) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DUIZHAO_", "DJANGO_"))}
    env.update(DUIZHAO_DATA_DIR=str(data), DUIZHAO_OPINION_RATE="0", DUIZHAO_ADMIN_PASSWORD="Admin-pass-2025", **extra)
    if database_url:
        env["DUIZHAO_DATABASE_URL"] = database_url
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """One keep-alive connection with cookies (CSRF)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = None

    def request(self, method: str, path: str, body: bytes | None = None, content_type: str | None = None):
        headers = {"Host": f"127.0.0.1:{self.port}", "User-Agent": "duizhao-load"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        for attempt in (0, 1):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                payload = response.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.connection.close()
                self.connection = None
                if attempt:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for key, morsel in http.cookies.SimpleCookie(header).items():
                self.cookies[key] = morsel.value
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return response.status, payload

    def post(self, path: str, fields: dict):
        fields = dict(fields, csrfmiddlewaretoken=self.cookies.get("csrftoken", ""))
        return self.request("POST", path, urlencode(fields).encode(), "application/x-www-form-urlencoded")


def submitter(port: int, token: str, deadline: float, worker: str, results: list):
    client = Client(port)
    path = f"/yijian/{token}/"
    try:
        client.request("GET", path)
    except OSError:
        results.append(("error", 0.0, time.time(), worker))
        return
    n = 0
    while time.time() < deadline:
        text = f"负载测试意见{worker}-{n}：建议班子成员多到基层调研，改进会风文风"
        n += 1
        started = time.perf_counter()
        try:
            status, body = client.post(path, {"text": text})
            ok = status == 200 and "感谢".encode() in body
        except OSError:
            ok = False
        results.append(("ok" if ok else "error", time.perf_counter() - started, time.time(), worker))


def client_process(port: int, token: str, deadline: float, threads: int, index: int, queue):
    results: list = []
    workers = [threading.Thread(target=submitter, args=(port, token, deadline, f"{index}.{t}", results))
               for t in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    queue.put(results)


def clerk_browsing(port: int, meeting: int, deadline: float, results: list):
    client = Client(port)
    client.request("GET", "/login/")
    status, _ = client.post("/login/", {"username": "clerk", "password": CLERK_PASSWORD})
    if status != 302:
        results.append(("error", 0.0, f"login {status}"))
        return
    pages = [f"/meetings/{meeting}/", f"/meetings/{meeting}/dashboard.json", f"/meetings/{meeting}/opinions/"]
    n = 0
    while time.time() < deadline:
        started = time.perf_counter()
        page = pages[n % len(pages)]
        try:
            status, _ = client.request("GET", page)
            results.append(("ok" if status == 200 else "error", time.perf_counter() - started, f"{page} {status}"))
        except OSError as error:
            results.append(("error", time.perf_counter() - started, f"{page} {type(error).__name__}"))
        n += 1
        time.sleep(0.5)


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (Linux /proc), to tell CPU-bound from waiting."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def child_pids(pid: int) -> list[int]:
    """The worker processes of `duizhao serve --workers N` (Linux /proc)."""
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def count_opinions(data: Path, database_url: str | None) -> int:
    if database_url:
        import psycopg

        with psycopg.connect(database_url) as connection:
            return connection.execute("SELECT count(*) FROM workbench_opinion").fetchone()[0]
    connection = sqlite3.connect(data / "duizhao.sqlite3")
    try:
        return connection.execute("SELECT count(*) FROM workbench_opinion").fetchone()[0]
    finally:
        connection.close()


def run_once(engine: str, clients: int, seconds: float, processes: int, extra_env: dict, server_workers: int = 1,
             server_threads: int = 8) -> dict:
    database_url, pg_name = None, None
    with tempfile.TemporaryDirectory(prefix="duizhao-load-") as work:
        data = Path(work) / "data"
        data.mkdir()
        if engine == "postgresql":
            import psycopg

            pg_name = f"duizhao_load_{uuid.uuid4().hex[:10]}"
            with psycopg.connect(f"{PG_BASE}/postgres", autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{pg_name}"')
            database_url = f"{PG_BASE}/{pg_name}"
        server = None
        try:
            env = server_env(data, database_url, extra_env)
            prepared = subprocess.run([sys.executable, "-c", PREPARE, CLERK_PASSWORD], env=env, capture_output=True,
                                      text=True, timeout=300)
            if prepared.returncode != 0:
                raise RuntimeError(prepared.stderr[-2000:])
            info = json.loads(prepared.stdout.strip().splitlines()[-1])
            port = free_port()
            log = open(Path(work) / "serve.log", "wb")
            server = subprocess.Popen([DUIZHAO, "serve", "--data", str(data), "--port", str(port),
                                       "--workers", str(server_workers), "--threads", str(server_threads)],
                                      env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
            for _ in range(300):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                    break
                except OSError:
                    time.sleep(0.2)
            time.sleep(1.0 if server_workers > 1 else 0)  # the workers fork after the port opens
            server_pids = [server.pid, *child_pids(server.pid)]
            cpu_before = sum(process_cpu_seconds(pid) for pid in server_pids)
            deadline = time.time() + seconds
            queue = multiprocessing.Queue()
            per_process = [clients // processes + (1 if i < clients % processes else 0) for i in range(processes)]
            workers = [multiprocessing.Process(target=client_process,
                                               args=(port, info["token"], deadline, n, i, queue))
                       for i, n in enumerate(per_process)]
            started = time.time()
            for worker in workers:
                worker.start()
            clerk_results: list = []
            clerk = threading.Thread(target=clerk_browsing, args=(port, info["meeting"], deadline, clerk_results))
            clerk.start()
            results = []
            for _ in workers:
                results.extend(queue.get(timeout=seconds + 120))
            for worker in workers:
                worker.join(timeout=30)
            clerk.join(timeout=30)
            elapsed = time.time() - started
            server_cpu = sum(process_cpu_seconds(pid) for pid in server_pids) - cpu_before
            time.sleep(0.5)
            stored = count_opinions(data, database_url)
        finally:
            if server is not None:
                os.killpg(server.pid, signal.SIGTERM)
                try:
                    server.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(server.pid, signal.SIGKILL)
            if pg_name:
                import psycopg

                with psycopg.connect(f"{PG_BASE}/postgres", autocommit=True) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
    ok = [latency for kind, latency, _, _ in results if kind == "ok"]
    errors = sum(1 for kind, _, _, _ in results if kind == "error")
    ends = sorted(end for kind, _, end, _ in results if kind == "ok")
    served = len({worker for kind, _, _, worker in results if kind == "ok"})
    window = (ends[-1] - ends[0]) if len(ends) > 1 else elapsed
    clerk_ok = [latency for kind, latency, _ in clerk_results if kind == "ok"]
    return {
        "engine": engine, "workers": server_workers, "threads": server_threads, "clients": clients, "clients_served": served, "seconds": round(elapsed, 1),
        "submissions_ok": len(ok), "errors": errors,
        "throughput_per_s": round(len(ok) / window, 1),  # between the first and the last success answer
        "p50_ms": round(percentile(ok, 0.50) * 1000, 1), "p99_ms": round(percentile(ok, 0.99) * 1000, 1),
        "stored": stored, "stored_equals_ok": stored == len(ok),
        "server_cpu_share": round(server_cpu / elapsed, 2),  # 1.0 = one core busy the whole time
        "server_cpu_ms_per_request": round(server_cpu * 1000 / max(len(ok) + len(clerk_ok), 1), 1),
        "load_average": os.getloadavg()[0],
        "clerk_pages": len(clerk_ok), "clerk_errors": [what for k, _, what in clerk_results if k == "error"],
        "clerk_p50_ms": round(percentile(clerk_ok, 0.50) * 1000, 1),
        "clerk_max_ms": round(max(clerk_ok) * 1000, 1) if clerk_ok else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=1, help="duizhao serve --workers for PostgreSQL")
    parser.add_argument("--threads", type=int, default=8, help="duizhao serve --threads (per worker)")
    parser.add_argument("--sqlite-workers", type=int, default=1, help="duizhao serve --workers for SQLite")
    parser.add_argument("--processes", type=int, default=4, help="client processes (threads are spread over them)")
    parser.add_argument("--env", action="append", default=[], help="extra NAME=VALUE for the server")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    if args.seconds > 600 or args.clients > 2000:
        parser.error("bounded: at most 600 seconds and 2000 clients")
    extra = dict(item.split("=", 1) for item in args.env)
    engines = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    report = []
    for engine in engines:
        workers = args.workers if engine == "postgresql" else args.sqlite_workers
        result = run_once(engine, args.clients, args.seconds, args.processes, extra, workers, args.threads)
        report.append(result)
        print(json.dumps(result, ensure_ascii=False), flush=True)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if all(r["stored_equals_ok"] for r in report) else 1


if __name__ == "__main__":
    sys.exit(main())
