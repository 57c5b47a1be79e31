"""The core must stay plain Python: importing any core module loads neither Django nor a database driver."""

import os
import pkgutil
import subprocess
import sys

import duizhao

CORE_PACKAGES = ["parse", "review", "copycheck", "render", "cycle", "safety"]
CORE_MODULES = ["duizhao.model", "duizhao.frameworks", "duizhao.errors"]
FORBIDDEN = ["django", "psycopg", "sqlite3", "waitress", "whitenoise"]


def core_modules() -> list[str]:
    names = list(CORE_MODULES)
    root = duizhao.__path__[0]
    for package in CORE_PACKAGES:
        if not os.path.exists(f"{root}/{package}/__init__.py"):
            continue
        names.append(f"duizhao.{package}")
        for info in pkgutil.walk_packages([f"{root}/{package}"], prefix=f"duizhao.{package}."):
            names.append(info.name)
    return names


def test_core_imports_no_web_or_database():
    modules = core_modules()
    assert "duizhao.model" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"bad = [m for m in {FORBIDDEN!r} if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"core modules imported: {result.stdout.strip()}"


def test_cli_help_does_not_load_django():
    code = "import sys\nfrom duizhao.cli import build_parser\nbuild_parser()\nprint('django' in sys.modules)\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
