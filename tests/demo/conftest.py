import shutil

import pytest

from demo.data_files import CONTENT_DIR


@pytest.fixture
def content_dir(tmp_path):
    """A copy of the demo's data files, for a test to break."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target
