from pathlib import Path

import pytest

import needed


@pytest.fixture(scope="session")
def samples() -> Path:
    return needed.samples()
