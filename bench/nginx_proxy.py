"""Debian's nginx in front of one or more `duizhao serve`, configured by the site file an
administrator installs (deploy/nginx-duizhao.conf), for tests and benchmarks on this machine.

Only the addresses change: the upstream lists the given app servers, both listens move to free
ports on 127.0.0.1, the certificate is a self-signed one made here (openssl), and nginx runs as
its own master with its prefix, temp folders, pid and logs in a private folder.
"""

from __future__ import annotations

import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "deploy" / "nginx-duizhao.conf"
UPSTREAM_LINE = re.compile(r"^(\s*)server 127\.0\.0\.1:8000 (max_fails=\S+ fail_timeout=\S+);$", re.M)

MAIN = """worker_processes 1;
user {user};
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/temp/body;
    proxy_temp_path {prefix}/temp/proxy;
    fastcgi_temp_path {prefix}/temp/fastcgi;
    uwsgi_temp_path {prefix}/temp/uwsgi;
    scgi_temp_path {prefix}/temp/scgi;
    include {prefix}/site.conf;
}}
"""


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "duizhao.crt", folder / "duizhao.key"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def _replace(text: str, old: str, new: str) -> str:
    if text.count(old) != 1:
        raise AssertionError(f"the site file no longer has exactly one “{old}”")
    return text.replace(old, new)


def render_site(backends: list[int], http_port: int, https_port: int, cert: Path, key: str | Path) -> str:
    site = SITE.read_text(encoding="utf-8")
    match = UPSTREAM_LINE.search(site)
    if match is None:
        raise AssertionError("the site file's upstream no longer lists server 127.0.0.1:8000")
    indent, options = match.groups()
    servers = "\n".join(f"{indent}server 127.0.0.1:{port} {options};" for port in backends)
    site = site[: match.start()] + servers + site[match.end() :]
    site = _replace(site, "listen 80;", f"listen 127.0.0.1:{http_port};")
    site = _replace(site, "listen 443 ssl;", f"listen 127.0.0.1:{https_port} ssl;")
    site = _replace(site, "/etc/duizhao/tls/duizhao.crt", str(cert))
    return _replace(site, "/etc/duizhao/tls/duizhao.key", str(key))


class Nginx:
    """nginx in front of `backends` (ports on 127.0.0.1); `url` is its https:// address."""

    def __init__(self, prefix: Path, backends: list[int]):
        self.prefix = prefix
        self.http_port, self.https_port = free_port(), free_port()
        self.url = f"https://127.0.0.1:{self.https_port}"
        self.cert, self.key = self_signed_certificate(prefix)
        for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (prefix / "temp" / name).mkdir(parents=True, exist_ok=True)
        (prefix / "site.conf").write_text(
            render_site(backends, self.http_port, self.https_port, self.cert, self.key), encoding="utf-8"
        )
        user = "root" if _is_root() else _current_user()
        (prefix / "nginx.conf").write_text(MAIN.format(prefix=prefix, user=user), encoding="utf-8")
        self.process = None

    def start(self) -> Nginx:
        binary = nginx_binary()
        if binary is None:
            raise FileNotFoundError("nginx")
        command = [
            binary,
            "-p",
            str(self.prefix),
            "-c",
            str(self.prefix / "nginx.conf"),
            "-e",
            str(self.prefix / "error.log"),
            "-g",
            "daemon off;",
        ]
        checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
        if checked.returncode != 0:
            raise RuntimeError(f"nginx -t: {checked.stderr}")
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        wait_for_port(self.https_port)
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: finishes the answers in flight
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def access_log(self) -> str:
        path = self.prefix / "access.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def wait_for_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing answers on 127.0.0.1:{port}")


def _is_root() -> bool:
    import os

    return os.geteuid() == 0


def _current_user() -> str:
    import getpass

    return getpass.getuser()
