"""Load on the public opinion form: many concurrent anonymous submitters against a real
`duizhao serve`, while a clerk browses the dashboard. Loopback only, bounded in time, stops by itself.

Usage: python bench/load_opinions.py [--db sqlite|postgresql|both] [--clients 200] [--seconds 60] [--rate 300]
                                     [--workers N] [--sqlite-workers N] [--threads 8] [--processes 1] [--json OUT]
                                     [--proxy nginx --servers N]

Each of the `--clients` simulated submitters has its own keep-alive connection, reads the form
(CSRF cookie) once, then submits in a loop. `--rate R` (default 300) is the total offered load in
submissions per second, open loop: client i sends at i/R + k*clients/R seconds after the start
(each client thinks clients/R seconds between two submissions), and a submission's latency counts
from its scheduled send time, so waiting behind a slow answer is included (no "coordinated
omission"). `--rate 0` drops the think time: every client submits again as soon as it has its
answer, which measures the maximum throughput (latency is then mostly queueing: Little's law).
The clients are asyncio coroutines speaking raw HTTP/1.1 in `--processes` processes (default 1),
so they take little of the CPU the server needs on the same machine.

`--workers N` starts `duizhao serve --workers N` for PostgreSQL (default 1); `--sqlite-workers N`
does the same for SQLite (default 1: one writer at a time anyway).

`--proxy nginx --servers N` (PostgreSQL only) starts N `duizhao serve` on one database and data
folder behind Debian's nginx, configured by deploy/nginx-duizhao.conf with a self-signed certificate
(bench/nginx_proxy.py): every request then goes over HTTPS to nginx, which hands them round-robin
to the servers, as in a deployment with several app servers.

For PostgreSQL a fresh database is created on 127.0.0.1:5432 (user postgres) and dropped at the end.
The per-client rate limit of the public form is switched off for the run (DUIZHAO_OPINION_RATE=0):
all simulated clients share the loopback interface. Prints throughput, p50/p90/p99/max latency,
errors, whether the database holds exactly as many opinions as success answers, the server's and
the clients' CPU per request, and the load average before and after.
"""

from __future__ import annotations

import argparse
import asyncio
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
TLS_CA: str | None = None  # the proxy's certificate when the run goes through nginx (set before the clients fork)
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


def tls_context():
    import ssl

    return ssl.create_default_context(cafile=TLS_CA) if TLS_CA else None


def origin(port: int) -> str:
    """What a browser sends as Origin with a POST (Django checks it over HTTPS)."""
    return f"{'https' if TLS_CA else 'http'}://127.0.0.1:{port}"


def load_nginx_proxy():
    import importlib.util

    spec = importlib.util.spec_from_file_location("nginx_proxy", Path(__file__).with_name("nginx_proxy.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
        if method == "POST":
            headers["Origin"] = origin(self.port)
        for attempt in (0, 1):
            if self.connection is None:
                self.connection = (
                    http.client.HTTPSConnection("127.0.0.1", self.port, timeout=30, context=tls_context())
                    if TLS_CA
                    else http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                )
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


class LoadClient:
    """One simulated submitter: its own keep-alive socket, raw HTTP/1.1 over asyncio (a few
    microseconds of client CPU per request, so the client takes little CPU from the server on the
    same machine). It reads the form once (CSRF cookie), then submits on its own schedule."""

    def __init__(self, port: int, path: str):
        self.port, self.path = port, path
        self.reader = self.writer = None
        self.cookie = ""
        self.csrf = ""

    async def connect(self) -> None:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port, ssl=tls_context())

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def exchange(self, request: bytes) -> tuple[int, dict, bytes]:
        if self.writer is None:
            await self.connect()
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status, headers = parse_head(head)
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            body = await read_chunked(self.reader)
        else:
            body = await self.reader.read()
            headers["connection"] = "close"
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, headers, body

    async def get_form(self) -> None:
        status, headers, _ = await self.exchange(
            f"GET {self.path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nUser-Agent: duizhao-load\r\n\r\n".encode()
        )
        self.csrf = headers.get("set-cookie:csrftoken", "")
        if status != 200 or not self.csrf:
            raise OSError(f"form answered {status} without a CSRF cookie")
        self.cookie = f"csrftoken={self.csrf}"

    async def submit(self, text: str) -> bool:
        body = urlencode({"text": text, "csrfmiddlewaretoken": self.csrf}).encode()
        request = (
            f"POST {self.path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nUser-Agent: duizhao-load\r\n"
            f"Origin: {origin(self.port)}\r\nCookie: {self.cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode() + body
        status, _, answer = await self.exchange(request)
        return status == 200 and THANKS in answer


THANKS = "感谢".encode()


def parse_head(head: bytes) -> tuple[int, dict]:
    """Status and lower-cased headers of an HTTP/1.1 answer; each Set-Cookie is kept as
    'set-cookie:<name>' -> value."""
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if not line:
            continue
        name, _, value = line.partition(":")
        name, value = name.strip().lower(), value.strip()
        if name == "set-cookie":
            cookie, _, _ = value.partition(";")
            key, _, val = cookie.partition("=")
            headers[f"set-cookie:{key.strip()}"] = val.strip()
        else:
            headers[name] = value
    return status, headers


async def read_chunked(reader) -> bytes:
    parts = []
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        if size == 0:
            await reader.readuntil(b"\r\n")
            return b"".join(parts)
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)


def schedule(index: int, rate: float, clients: int, start: float, until: float) -> list[float]:
    """Open-loop pacing: client `index` sends at start + index/rate + k * clients/rate, so the
    clients together offer `rate` submissions per second, evenly spread; only send times before
    `until` are kept. Each client waits `clients/rate` seconds between its submissions (think time)."""
    if rate <= 0:
        raise ValueError("rate must be positive")
    times = []
    k = 0
    while (at := start + (index + k * clients) / rate) < until:  # not summed step by step: no drift
        times.append(at)
        k += 1
    return times


async def run_submitter(
    client: LoadClient,
    index: int,
    rate: float,
    clients: int,
    start: float,
    deadline: float,
    results: list,
    timeout: float,
) -> None:
    """With a rate: send at each scheduled time (or at once when the previous answer came late) and
    count latency from the scheduled time, so waiting behind a slow answer is not hidden
    (no coordinated omission). Without a rate (0): send again as soon as the answer arrives."""
    loop = asyncio.get_running_loop()
    times = schedule(index, rate, clients, start, deadline) if rate > 0 else None
    n = 0
    while True:
        if times is not None:
            if n >= len(times):
                return
            due = times[n]
            delay = due - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
        else:
            due = loop.time()
            if due >= deadline:
                return
        text = f"负载测试意见{index}-{n}：建议班子成员多到基层调研，改进会风文风"
        n += 1
        try:
            ok = await asyncio.wait_for(client.submit(text), timeout)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            client.close()
            ok = False
        results.append((ok, loop.time() - due))


async def submitters(
    port: int, path: str, indexes: list[int], rate: float, clients: int, seconds: float, timeout: float, barrier=None
) -> dict:
    loop = asyncio.get_running_loop()
    opened: list = []
    failed_connect = 0
    for index in indexes:  # the form (and CSRF cookie) first, one client after another
        client = LoadClient(port, path)
        try:
            await asyncio.wait_for(client.get_form(), timeout)
            opened.append((index, client))
        except (TimeoutError, OSError, asyncio.IncompleteReadError):
            client.close()
            failed_connect += 1
    if barrier is not None:  # every client process starts its schedule at the same moment
        barrier.wait(timeout=300)
    results: list = []
    start = loop.time() + 0.2
    deadline = start + seconds
    cpu_before = time.process_time()
    await asyncio.gather(
        *(run_submitter(client, index, rate, clients, start, deadline, results, timeout) for index, client in opened)
    )
    finished = loop.time()
    for _, client in opened:
        client.close()
    return {
        "results": results,
        "failed_connect": failed_connect,
        "window": finished - start,
        "client_cpu": time.process_time() - cpu_before,
    }


def client_process(
    port: int, path: str, indexes: list[int], rate: float, clients: int, seconds: float, timeout: float, barrier, queue
) -> None:
    queue.put(asyncio.run(submitters(port, path, indexes, rate, clients, seconds, timeout, barrier)))


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
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


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


def start_servers(data: Path, env: dict, work: Path, ports: list[int], workers: int, threads: int) -> list:
    """One `duizhao serve` per port, on one database and data folder; returns when all answer."""
    servers = []
    for n, port in enumerate(ports):
        log = open(work / f"serve-{n}.log", "wb")  # noqa: SIM115  kept open for the server's life, closed at the end
        servers.append(
            subprocess.Popen(
                [
                    DUIZHAO,
                    "serve",
                    "--data",
                    str(data),
                    "--port",
                    str(port),
                    "--workers",
                    str(workers),
                    "--threads",
                    str(threads),
                ],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
    for port in ports:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
    time.sleep(1.0 if workers > 1 else 0)  # the workers fork after the port opens
    return servers


def run_once(
    engine: str,
    clients: int,
    seconds: float,
    processes: int,
    extra_env: dict,
    server_workers: int = 1,
    server_threads: int = 8,
    rate: float = 300,
    timeout: float = 30,
    servers_count: int = 1,
    proxy: str | None = None,
) -> dict:
    global TLS_CA
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
        servers, nginx = [], None
        try:
            env = server_env(data, database_url, extra_env)
            if proxy == "nginx":
                (Path(work) / "nginx").mkdir()
                backends = [free_port() for _ in range(servers_count)]  # chosen now: nginx's site lists them
                nginx = load_nginx_proxy().Nginx(Path(work) / "nginx", backends)
                env.update(DUIZHAO_HTTPS="1", DUIZHAO_PUBLIC_URL=nginx.url)
            prepared = subprocess.run(
                [sys.executable, "-c", PREPARE, CLERK_PASSWORD], env=env, capture_output=True, text=True, timeout=300
            )
            if prepared.returncode != 0:
                raise RuntimeError(prepared.stderr[-2000:])
            info = json.loads(prepared.stdout.strip().splitlines()[-1])
            if nginx is not None:
                servers = start_servers(data, env, Path(work), backends, server_workers, server_threads)
                nginx.start()
                TLS_CA, port = str(nginx.cert), nginx.https_port
            else:
                port = free_port()
                servers = start_servers(data, env, Path(work), [port], server_workers, server_threads)
            server_pids = [pid for server in servers for pid in (server.pid, *child_pids(server.pid))]
            processes = max(1, min(processes, clients))
            path = f"/yijian/{info['token']}/"
            context = multiprocessing.get_context("fork")
            queue, barrier = context.Queue(), context.Barrier(processes + 1)
            workers = [
                context.Process(
                    target=client_process,
                    args=(
                        port,
                        path,
                        list(range(i, clients, processes)),
                        rate,
                        clients,
                        seconds,
                        timeout,
                        barrier,
                        queue,
                    ),
                )
                for i in range(processes)
            ]
            for worker in workers:
                worker.start()
            barrier.wait(timeout=300)  # every client has its form and CSRF cookie
            load_before = os.getloadavg()
            cpu_before = sum(process_cpu_seconds(pid) for pid in server_pids)
            started = time.time()
            deadline = started + seconds
            clerk_results: list = []
            clerk = threading.Thread(target=clerk_browsing, args=(port, info["meeting"], deadline, clerk_results))
            clerk.start()
            parts = [queue.get(timeout=seconds + timeout + 120) for _ in workers]
            for worker in workers:
                worker.join(timeout=30)
            clerk.join(timeout=30)
            elapsed = time.time() - started
            server_cpu = sum(process_cpu_seconds(pid) for pid in server_pids) - cpu_before
            load_after = os.getloadavg()
            time.sleep(0.5)
            stored = count_opinions(data, database_url)
        finally:
            TLS_CA = None
            if nginx is not None:
                nginx.stop()
            for server in servers:
                os.killpg(server.pid, signal.SIGTERM)
            for server in servers:
                try:
                    server.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(server.pid, signal.SIGKILL)
            if pg_name:
                import psycopg

                with psycopg.connect(f"{PG_BASE}/postgres", autocommit=True) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
    results = [r for part in parts for r in part["results"]]
    ok = [latency for good, latency in results if good]
    errors = sum(1 for good, _ in results if not good) + sum(part["failed_connect"] for part in parts)
    window = max(part["window"] for part in parts)
    clerk_ok = [latency for kind, latency, _ in clerk_results if kind == "ok"]
    return {
        "engine": engine,
        "servers": servers_count,
        "proxy": proxy or "none",
        "workers": server_workers,
        "threads": server_threads,
        "clients": clients,
        "clients_started": clients - sum(part["failed_connect"] for part in parts),
        "offered_rate": rate or "max",
        "seconds": round(window, 1),
        "submissions_ok": len(ok),
        "errors": errors,
        "throughput_per_s": round(len(ok) / window, 1),
        "p50_ms": round(percentile(ok, 0.50) * 1000, 1),
        "p90_ms": round(percentile(ok, 0.90) * 1000, 1),
        "p99_ms": round(percentile(ok, 0.99) * 1000, 1),
        "max_ms": round(max(ok) * 1000, 1) if ok else None,
        "stored": stored,
        "stored_equals_ok": stored == len(ok),
        "server_cpu_share": round(server_cpu / elapsed, 2),  # 1.0 = one core busy the whole time
        "server_cpu_ms_per_request": round(server_cpu * 1000 / max(len(ok) + len(clerk_ok), 1), 2),
        "client_cpu_ms_per_request": round(sum(part["client_cpu"] for part in parts) * 1000 / max(len(results), 1), 2),
        "load_average_before": round(load_before[0], 2),
        "load_average_after": round(load_after[0], 2),
        "clerk_pages": len(clerk_ok),
        "clerk_errors": [what for k, _, what in clerk_results if k == "error"],
        "clerk_p50_ms": round(percentile(clerk_ok, 0.50) * 1000, 1),
        "clerk_max_ms": round(max(clerk_ok) * 1000, 1) if clerk_ok else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument(
        "--rate",
        type=float,
        default=300,
        help="submissions per second offered by all clients together (0 = no think time: maximum)",
    )
    parser.add_argument("--workers", type=int, default=1, help="duizhao serve --workers for PostgreSQL")
    parser.add_argument("--threads", type=int, default=8, help="duizhao serve --threads (per worker)")
    parser.add_argument("--sqlite-workers", type=int, default=1, help="duizhao serve --workers for SQLite")
    parser.add_argument("--processes", type=int, default=1, help="client processes (asyncio; clients spread over them)")
    parser.add_argument(
        "--timeout", type=float, default=30, help="seconds one submission may take before it counts as an error"
    )
    parser.add_argument("--env", action="append", default=[], help="extra NAME=VALUE for the server")
    parser.add_argument(
        "--proxy",
        choices=["nginx"],
        default=None,
        help="put Debian's nginx (deploy/nginx-duizhao.conf, HTTPS) in front (PostgreSQL only)",
    )
    parser.add_argument("--servers", type=int, default=1, help="duizhao serve processes behind the proxy (round-robin)")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    if not (
        0 < args.seconds <= 600
        and 1 <= args.clients <= 2000
        and 0 <= args.rate <= 5000
        and 1 <= args.processes <= 8
        and 0 < args.timeout <= 120
    ):
        parser.error("bounded: at most 600 seconds, 2000 clients, 5000 submissions per second, 8 processes")
    if args.proxy and args.db != "postgresql":
        parser.error("--proxy needs --db postgresql: several servers share one PostgreSQL")
    if args.servers != 1 and not args.proxy:
        parser.error("--servers N needs --proxy nginx in front of them")
    if not 1 <= args.servers <= 8:
        parser.error("bounded: 1 to 8 servers")
    extra = dict(item.split("=", 1) for item in args.env)
    engines = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    report = []
    for engine in engines:
        workers = args.workers if engine == "postgresql" else args.sqlite_workers
        result = run_once(
            engine,
            args.clients,
            args.seconds,
            args.processes,
            extra,
            workers,
            args.threads,
            args.rate,
            args.timeout,
            args.servers,
            args.proxy,
        )
        report.append(result)
        print(json.dumps(result, ensure_ascii=False), flush=True)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if all(r["stored_equals_ok"] for r in report) else 1


if __name__ == "__main__":
    sys.exit(main())
