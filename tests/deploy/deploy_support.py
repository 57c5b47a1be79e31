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
