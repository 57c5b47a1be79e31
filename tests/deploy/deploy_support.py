"""Helpers of the deployment tests: free ports, and "cannot run here", which fails under CI
instead of skipping quietly."""

import os
import shutil
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def unavailable(reason: str):
    """Skip with the reason on a developer machine; fail under CI=true, where every component exists."""
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"CI 中必须能运行：{reason}")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def which_or_unavailable(name: str) -> str:
    path = shutil.which(name) or (f"/usr/sbin/{name}" if Path(f"/usr/sbin/{name}").exists() else None)
    if path is None:
        unavailable(f"本机没有 {name}（make system-deps 安装）")
    return path


# ---------------------------------------------------------------- a browser, reduced

import http.client
import http.cookies
import ssl
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class Browser:
    """What a browser does that matters here: keeps cookies (one jar for every port of 127.0.0.1,
    as browsers do; each cookie's Set-Cookie line is kept to check its flags), sends the CSRF token
    and an Origin header with each POST, follows no redirect. Verifies the proxy's certificate."""

    def __init__(self, cafile: Path | None = None, origin: str | None = None, source: str | None = None):
        self.source = (source, 0) if source else None  # another loopback address: another client
        self.context = ssl.create_default_context(cafile=str(cafile)) if cafile else None
        self.origin = origin
        self.cookies: dict[str, str] = {}
        self.set_cookie_lines: dict[str, str] = {}

    def request(self, url: str, method: str = "GET", body: bytes | None = None, headers: dict | None = None) -> Answer:
        parts = urlsplit(url)
        if parts.scheme == "https":
            connection = http.client.HTTPSConnection(
                parts.hostname, parts.port, context=self.context, timeout=60, source_address=self.source
            )
        else:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60, source_address=self.source)
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), body=body, headers=sent)
            response = connection.getresponse()
            answer = Answer(response.status, response.headers, response.read())
        finally:
            connection.close()
        for line in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in http.cookies.SimpleCookie(line).items():
                self.cookies[name] = morsel.value
                self.set_cookie_lines[name] = line
        return answer

    def get(self, url: str, headers: dict | None = None) -> Answer:
        return self.request(url, headers=headers)

    def post(
        self, url: str, fields: dict, files: dict | None = None, headers: dict | None = None, origin: str | None = None
    ) -> Answer:
        fields = dict(fields, csrfmiddlewaretoken=self.cookies.get("csrftoken", ""))
        sent = dict(headers or {})
        sent["Origin"] = origin or self.origin or "{0.scheme}://{0.netloc}".format(urlsplit(url))
        sent["Referer"] = url
        if files:
            body, sent["Content-Type"] = multipart(fields, files)
        else:
            body, sent["Content-Type"] = urlencode(fields).encode(), "application/x-www-form-urlencoded"
        return self.request(url, "POST", body, sent)


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, data, content_type) in files.items():
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n"
            ).encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
