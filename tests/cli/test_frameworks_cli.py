import json
import subprocess
import sys

from duizhao.cli import main


def test_list(capsys):
    assert main(["frameworks"]) == 0
    out = capsys.readouterr().out
    assert "dsh-2025" in out and "osh-2024" in out and "⚠" in out
    assert "政治忠诚" in out


def test_json(capsys):
    assert main(["frameworks", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    ids = [f["id"] for f in data]
    assert "dsh-2023" in ids
    first = data[0]
    assert {"id", "year", "meeting_kind", "title", "theme", "aspects"} <= set(first)
    assert {"id", "wording", "short_name", "aliases", "unverified"} <= set(first["aspects"][0])


def test_one_in_full(capsys):
    assert main(["frameworks", "dsh-2021"]) == 0
    out = capsys.readouterr().out
    assert "两个确立" in out and "未经核实" in out and "http" in out


def test_one_as_json(capsys):
    assert main(["frameworks", "dsh-2025", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["year"] == 2025


def test_unknown_id(capsys):
    assert main(["frameworks", "dsh-1990"]) == 2
    err = capsys.readouterr().err
    assert "dsh-1990" in err and "Traceback" not in err


def test_subprocess():
    done = subprocess.run([sys.executable, "-m", "duizhao", "frameworks"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "dsh-2019" in done.stdout
