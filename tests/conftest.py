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


# Tests that kill a process at a moment measured from an earlier run: another worker's load makes
# the later run slower or faster than the measured one, so they run alone (scripts/run_tests.py
# runs `-m serial` after the parallel pass).
SERIAL_MODULES = ("tests/core/copycheck/test_crash_safety.py", "tests/security/test_crash.py")


def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist (`--dist loadgroup`), all browser tests run in one worker and all
    LibreOffice tests in one worker: each is heavy, and two at once on two cores only time out.
    The kill -9 timing tests are marked `serial`."""
    for item in items:
        if item.nodeid.startswith(SERIAL_MODULES):
            item.add_marker(pytest.mark.serial)
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("browser"))
        elif item.get_closest_marker("libreoffice"):
            item.add_marker(pytest.mark.xdist_group("libreoffice"))
