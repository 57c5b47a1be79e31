"""`duizhao trace` on a real data directory (the demo unit loaded into it): text, --json and
--xlsx, and a clear message for a directory without meetings. Run as subprocesses: the command
sets up Django for its own data directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import openpyxl
import pytest

LOAD_DEMO = """
from pathlib import Path
import sys
from duizhao.cli.backup import setup_django
setup_django(Path(sys.argv[1]))
from django.core.management import call_command
call_command("migrate", verbosity=0)
from duizhao.web.workbench.demo import load_demo
load_demo()
"""


def _duizhao(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "duizhao", *args], capture_output=True, text=True, timeout=300, env=env or _env()
    )


def _env():
    env = dict(os.environ)
    env.pop("DUIZHAO_DATABASE_URL", None)  # the data directory's own SQLite database
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory):
    data = tmp_path_factory.mktemp("trace-data")
    subprocess.run([sys.executable, "-c", LOAD_DEMO, str(data)], check=True, timeout=300, env=_env())
    return data


def test_json_lists_every_opinion_with_its_problems_and_tasks(demo_data):
    result = _duizhao("trace", "--data", str(demo_data), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["opinions"] and {"id", "aspect", "text", "problems"} <= set(data["opinions"][0])
    answered = [o for o in data["opinions"] if o["problems"]]
    assert answered, "the demo's materials answer some opinions"
    task_keys = {"number", "status", "owner", "deadline", "evidence"}
    assert all(task_keys <= set(t) for o in answered for p in o["problems"] for t in p["tasks"])
    assert "problems_without_task" in data and "tasks_without_opinion" in data


def test_text_and_xlsx(demo_data, tmp_path):
    text = _duizhao("trace", "--data", str(demo_data))
    assert text.returncode == 0 and "2025年度民主生活会" in text.stdout and "意见" in text.stdout
    out = tmp_path / "追踪.xlsx"
    assert _duizhao("trace", "--data", str(demo_data), "--xlsx", str(out)).returncode == 0
    sheet = openpyxl.load_workbook(out).active
    assert [c.value for c in sheet[2]][:3] == ["意见", "所属方面", "回应它的材料"]
    assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref.startswith("A2:")
    assert sheet.max_row > 3


def test_a_directory_without_meetings_gets_a_chinese_message(tmp_path):
    result = _duizhao("trace", "--data", str(tmp_path))
    assert result.returncode == 2 and "还没有任何会议" in result.stderr
    missing = _duizhao("trace", "--data", str(tmp_path / "不存在"))
    assert missing.returncode == 2 and "数据目录不存在" in missing.stderr
