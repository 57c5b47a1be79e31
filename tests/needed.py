"""What some tests need from outside the repository (the real samples in ../shared/samples,
LibreOffice, chromium) and what happens when it is missing: on a developer's machine the test is
skipped with the reason; under CI=true it fails with that reason, so a broken CI machine cannot
pass by skipping. Test modules import this by name (tests/ is on sys.path through its conftest)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# DUIZHAO_SAMPLES points elsewhere, e.g. for mutmut, which runs the tests from a copy in mutants/.
SAMPLES = Path(os.environ.get("DUIZHAO_SAMPLES") or REPO.parent / "shared" / "samples").resolve()
SEED = SAMPLES / "000_edabf4a0fb341e20.txt"
CHROMIUM = Path("/usr/bin/chromium")


def on_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def missing(reason: str) -> None:
    """Skip the test, or fail it under CI=true: CI must have everything."""
    if on_ci():
        pytest.fail(f"CI 缺少测试所需：{reason}", pytrace=False)
    pytest.skip(reason)


def samples() -> Path:
    if not SAMPLES.is_dir():
        missing(f"真实样本目录不存在：{SAMPLES}（应在仓库旁的 ../shared/samples，或由 DUIZHAO_SAMPLES 指定）")
    return SAMPLES


def sample_texts() -> list[str]:
    """The texts of every .txt sample; [] when the folder is missing (a module reading them at
    import time must not fail collection: the tests that use them call `samples()` first)."""
    return [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("**/*.txt"))] if SAMPLES.is_dir() else []


def has_soffice() -> bool:
    return shutil.which("soffice") is not None


def soffice() -> None:
    if not has_soffice():
        missing("LibreOffice (soffice) 未安装：apt-get install libreoffice-writer-nogui")


def chromium() -> Path:
    if not CHROMIUM.exists():
        missing(f"chromium 未安装（{CHROMIUM}）：apt-get install chromium")
    return CHROMIUM
