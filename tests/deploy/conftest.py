"""Fixtures for the deployment tests: the offline bundle, built once per test session."""

import subprocess
import sys
from pathlib import Path

import pytest
from deploy_support import ROOT, unavailable


@pytest.fixture(scope="session")
def offline_bundle(tmp_path_factory) -> Path:
    """dist/duizhao-<version>-offline-<this platform>.tar.gz with wheels for this Python only
    (`make bundle` builds every platform and Python version)."""
    out = tmp_path_factory.mktemp("bundle")
    built = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_bundle.py"), "--host", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    if built.returncode != 0:
        if (
            "No matching distribution" in built.stderr
            or "Could not find" in built.stderr
            or "connection" in built.stderr.lower()
        ):
            unavailable("构建离线安装包需要访问软件包仓库：" + built.stderr[-500:])
        raise AssertionError(built.stdout[-3000:] + built.stderr[-3000:])
    [archive] = out.glob("duizhao-*-offline-*.tar.gz")
    return archive


@pytest.fixture(scope="session")
def proxied(tmp_path_factory):
    """nginx (TLS, the deploy/ site file) round-robin over two servers; counters in PostgreSQL."""
    from two_servers import Deployment

    deployment = Deployment(tmp_path_factory.mktemp("proxied"), nginx=True, extra_env={"DUIZHAO_OPINION_RATE": "4"})
    try:
        yield deployment.start()
    finally:
        deployment.stop()


@pytest.fixture(scope="session")
def redis_pair(tmp_path_factory):
    """Two servers on one PostgreSQL with the counters in Redis, no proxy."""
    from two_servers import Deployment

    deployment = Deployment(tmp_path_factory.mktemp("redis-pair"), redis=True)
    try:
        yield deployment.start()
    finally:
        deployment.stop()
