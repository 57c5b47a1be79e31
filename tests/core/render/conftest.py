import pytest
from render_support import SMALL_MATERIAL, build_material


@pytest.fixture
def small_material():
    return build_material(SMALL_MATERIAL)
