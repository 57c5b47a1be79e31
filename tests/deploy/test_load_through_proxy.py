"""bench/load_opinions.py through nginx (HTTPS, round-robin) over two servers on one PostgreSQL:
a short paced run answers every submission and the database holds exactly the success answers.
Counts only: the speed is measured by the bench itself, not here."""

import json
import subprocess
import sys

import pytest
from deploy_support import ROOT, unavailable
from two_servers import load_nginx_proxy, postgres_or_unavailable

pytestmark = pytest.mark.slow


def test_a_short_run_through_nginx_over_two_servers_stores_exactly_the_success_answers(tmp_path):
    postgres_or_unavailable()
    if load_nginx_proxy().nginx_binary() is None:
        unavailable("本机没有 nginx（apt-get install nginx；make system-deps 会安装）")
    out = tmp_path / "load.json"
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "load_opinions.py"),
            "--db",
            "postgresql",
            "--proxy",
            "nginx",
            "--servers",
            "2",
            "--clients",
            "4",
            "--seconds",
            "5",
            "--rate",
            "4",
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    [result] = json.loads(out.read_text(encoding="utf-8"))
    assert (result["servers"], result["proxy"]) == (2, "nginx")
    assert result["clients_started"] == 4 and result["errors"] == 0
    assert result["submissions_ok"] == 20  # 4 per second for 5 seconds
    assert result["stored"] == 20 and result["stored_equals_ok"]
    assert result["clerk_errors"] == [] and result["clerk_pages"] > 0
