"""The offline installer as an administrator of an isolated intranet uses it: unpack the bundle,
`./install.sh PREFIX` inside a network namespace that has no network at all (`unshare -n`, only a
loopback interface), run `duizhao demo`, start `duizhao serve` and fetch its login page."""

import os
import subprocess
import tarfile

import pytest
from deploy_support import free_port, unavailable

INSIDE = r"""
set -eu
ip link set lo up
# no interface but loopback: nothing can come from a package registry
test "$(ip -o link show | wc -l)" = 1
cd "$WORK"
"$BUNDLE/install.sh" "$WORK/opt"
"$WORK/opt/bin/duizhao" demo --out "$WORK/demo" --no-pdf
"$WORK/opt/bin/duizhao" serve --data "$WORK/data" --port "$PORT" > "$WORK/serve.log" 2>&1 &
server=$!
"$WORK/opt/bin/python" - "$PORT" <<'PY'
import sys, time, urllib.request
port = sys.argv[1]
for _ in range(300):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5) as answer:
            page = answer.read().decode("utf-8")
        break
    except OSError:
        time.sleep(0.2)
else:
    sys.exit("serve did not answer")
assert answer.status == 200 and "登录" in page, page[:500]
print("PAGE-OK")
PY
kill "$server"
wait "$server" || true
"""


@pytest.mark.slow
def test_bundle_installs_and_serves_without_any_network(offline_bundle, tmp_path):
    if os.geteuid() != 0:
        unavailable("unshare -n 需要 root 权限（CI 以 root 运行）")
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        unavailable(f"本机不能创建网络命名空间（unshare -n）：{probe.stderr.strip()}")
    with tarfile.open(offline_bundle) as tar:
        tar.extractall(tmp_path, filter="data")
    [bundle] = [p for p in tmp_path.iterdir() if p.is_dir()]
    assert (bundle / "安装说明.md").exists() and (bundle / "部署说明.md").exists()
    assert any(bundle.glob("wheels/duizhao-*.whl")) and any(bundle.glob("wheels/psycopg_binary-*.whl"))
    # a clean environment: none of this machine's pip settings (local wheel folders, mirrors)
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "WORK": str(tmp_path),
        "BUNDLE": str(bundle),
        "PORT": str(free_port()),
    }
    done = subprocess.run(["unshare", "-n", "bash", "-c", INSIDE], env=env, capture_output=True, text=True, timeout=600)
    log = (tmp_path / "serve.log").read_text(encoding="utf-8") if (tmp_path / "serve.log").exists() else ""
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:] + log[-2000:]
    assert "安装完成" in done.stdout and "PAGE-OK" in done.stdout
    assert (tmp_path / "demo").is_dir() and any((tmp_path / "demo").glob("*.docx"))
    assert "对照工作台已启动" in log
