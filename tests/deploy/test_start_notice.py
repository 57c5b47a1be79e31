"""`duizhao serve` says once, as it starts, that PDF export cannot work on this machine and what to
install; the server runs all the same (Word export does not need LibreOffice)."""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from deploy_support import free_port

DUIZHAO = str(Path(sys.executable).with_name("duizhao"))


def test_serve_says_at_start_when_libreoffice_and_fonts_are_missing(tmp_path):
    (tmp_path / "bin").mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DUIZHAO_", "DJANGO_"))}
    env.update(PATH=str(tmp_path / "bin"), DUIZHAO_ADMIN_PASSWORD="Admin-pass-2025")  # no soffice, no fc-list
    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [DUIZHAO, "serve", "--data", str(tmp_path / "data"), "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5) as answer:
                    assert answer.status == 200
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError(log.read_text(encoding="utf-8"))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    text = log.read_text(encoding="utf-8")
    assert text.count("本机暂不能导出 PDF") == 1 and "LibreOffice" in text and "apt-get install" in text
