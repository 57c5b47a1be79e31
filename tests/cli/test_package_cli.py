"""`duizhao package`: the same package as the workbench's download (same files, same text),
drafts left out or marked, evidence on request, a clear Chinese line on bad input."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from duizhao.cycle.proofread import document_texts

DUIZHAO = str(Path(sys.executable).with_name("duizhao"))

# Builds a data directory with the demo unit, one evidence file and one draft returned for
# revision, and saves the workbench's own download (through Django's test client) for comparison.
PREPARE = r"""
import os, sys
os.environ["DUIZHAO_DATA_DIR"] = sys.argv[1]
os.environ["DJANGO_SETTINGS_MODULE"] = "duizhao.web.settings"
os.environ["DUIZHAO_ALLOWED_HOSTS"] = "testserver"
import django
django.setup()
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from duizhao.web.boot import migrate_if_needed
from duizhao.web.workbench.demo import load_demo
from duizhao.web.workbench import models as m
migrate_if_needed(open(os.devnull, "w"))
load_demo()
meeting = m.Meeting.objects.get(year=2025)
task = meeting.tasks.get(number="2025-001")
evidence = m.Evidence(task=task, name="轮值表.txt")
evidence.file.save("x", ContentFile("午间轮值表".encode()), save=True)
meeting.materials.filter(member__name="吴振华").update(status="returned")
client = Client()
client.force_login(get_user_model().objects.get(username="dangban"))
response = client.get(reverse("package_download", args=[meeting.pk]))
assert response.status_code == 200, response.status_code
open(sys.argv[2], "wb").write(response.content)
print(meeting.pk)
"""


def clean_env() -> dict:
    return {k: v for k, v in os.environ.items() if not k.startswith(("DUIZHAO_", "DJANGO_"))}


def duizhao(*args):
    return subprocess.run([DUIZHAO, *map(str, args)], env=clean_env(), capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("package")
    data, web = root / "data", root / "web.zip"
    data.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", PREPARE, str(data), str(web)],
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return data, web, int(result.stdout.split()[-1])


def texts(path: Path) -> dict[str, str]:
    return document_texts("p.zip", path.read_bytes())


def test_package_equals_the_web_download(world, tmp_path):
    data, web, meeting = world
    out = tmp_path / "材料包.zip"
    result = duizhao("package", "--data", data, "--meeting", meeting, "-o", out)
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    cli, downloaded = texts(out), texts(web)
    assert sorted(cli) == sorted(downloaded)
    for name in cli:  # the same words; the rectification report's date is today in both
        assert cli[name] == downloaded[name], name
    # the returned material is left out and listed, in the archive and on the screen
    assert "对照检查材料-吴振华.docx" not in cli
    assert "对照检查材料-吴振华：已退回修改，未收入材料包" in cli["待补事项清单.txt"]
    assert "对照检查材料-吴振华：已退回修改" in result.stdout


def test_meeting_is_found_without_an_id_and_options_add_drafts_and_evidence(world, tmp_path):
    data, _, _ = world
    out = tmp_path / "全部.zip"
    result = duizhao("package", "--data", data, "-o", out, "--evidence", "--drafts")
    assert result.returncode == 0, result.stderr
    names = zipfile.ZipFile(out).namelist()
    assert (
        "未定稿-对照检查材料-吴振华.docx" in names
        and "对照检查材料-吴振华：已退回修改，已作为未定稿收入" in result.stdout
    )
    assert zipfile.ZipFile(out).read("佐证材料-2025-001-轮值表.txt").decode() == "午间轮值表"
    assert "2025年度民主生活会" in result.stdout


def test_bad_input_gives_one_chinese_line(world, tmp_path):
    data, _, _ = world
    missing = duizhao("package", "--data", data, "--meeting", 9999, "-o", tmp_path / "x.zip")
    assert missing.returncode == 2 and "没有这个编号的会议" in missing.stderr and "可选" in missing.stderr
    assert not (tmp_path / "x.zip").exists()
    nowhere = duizhao("package", "--data", tmp_path / "无", "-o", tmp_path / "y.zip")
    assert nowhere.returncode == 2 and "数据目录不存在" in nowhere.stderr
    assert "Traceback" not in missing.stderr + nowhere.stderr
