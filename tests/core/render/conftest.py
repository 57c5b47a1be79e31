import sys
from pathlib import Path

import pytest

# The suite runs with --import-mode=importlib: make this folder's helper module importable.
sys.path.insert(0, str(Path(__file__).parent))

from render_support import SMALL_MATERIAL, build_material


@pytest.fixture
def small_material():
    return build_material(SMALL_MATERIAL)
