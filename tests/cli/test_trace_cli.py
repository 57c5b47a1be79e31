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


def _rows(database):
    import sqlite3

    with sqlite3.connect(database) as db:
        return [
            db.execute(f"SELECT COUNT(*) FROM workbench_{table}").fetchone()[0]
            for table in ("problemrecord", "problemlink", "taskorigin")
        ] + [db.execute("SELECT COUNT(*) FROM workbench_materialversion WHERE problems_recorded").fetchone()[0]]


def test_trace_only_reads_and_names_a_material_without_records(demo_data, tmp_path):
    """The demo's versions were recorded when saved; one made as an old database holds it (no
    records) is named on stderr and left as it is: `duizhao trace` writes nothing."""
    import shutil
    import sqlite3

    data = tmp_path / "data"
    shutil.copytree(demo_data, data)
    database = data / "duizhao.sqlite3"
    with sqlite3.connect(database) as db:
        (version,) = db.execute(
            "SELECT v.id FROM workbench_materialversion v JOIN workbench_material m ON v.material_id = m.id"
            " WHERE m.member_id IS NULL ORDER BY v.number DESC LIMIT 1"
        ).fetchone()
        db.execute("DELETE FROM workbench_problemrecord WHERE version_id = ?", (version,))
        db.execute("UPDATE workbench_materialversion SET problems_recorded = 0 WHERE id = ?", (version,))
    before = _rows(database)
    assert before[0] > 0 and before[1] > 0
    result = _duizhao("trace", "--data", str(data), "--json")
    assert result.returncode == 0, result.stderr
    assert "注意：领导班子的材料最新版本尚未生成问题记录" in result.stderr
    assert _rows(database) == before
