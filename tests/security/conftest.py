import pytest

import fuzzing


@pytest.fixture(scope="session", autouse=True)
def _fuzz_tally():
    yield
    if fuzzing.RAN:
        fuzzing.write_counts()
