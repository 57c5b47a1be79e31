from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[3] / ".." / "shared" / "samples"


@pytest.fixture(scope="session")
def samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip("../shared/samples is not beside the repository")
    return SAMPLES.resolve()
