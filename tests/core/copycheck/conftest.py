import pytest

from duizhao.copycheck import Corpus


@pytest.fixture
def corpus(tmp_path):
    return Corpus(tmp_path / "corpus")
