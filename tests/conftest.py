"""Fixtures for every test directory."""
import importlib.util
from pathlib import Path

import pytest

BENCH_DIR = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture
def load_bench():
    """load_bench("name") imports bench/name.py as a module: the benches are scripts, not a package."""
    def load(name: str):
        spec = importlib.util.spec_from_file_location(name, BENCH_DIR / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    return load


def pytest_runtest_setup(item):
    """Tests marked `libreoffice` or `browser` check for the program here, so that a missing one
    skips locally and fails under CI=true (see needed.py) instead of skipping everywhere."""
    import needed

    if item.get_closest_marker("libreoffice"):
        needed.soffice()
    if item.get_closest_marker("browser"):
        needed.chromium()


def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist (`--dist loadgroup`), all browser tests run in one worker and all
    LibreOffice tests in one worker: each is heavy, and two at once on two cores only time out."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("browser"))
        elif item.get_closest_marker("libreoffice"):
            item.add_marker(pytest.mark.xdist_group("libreoffice"))
