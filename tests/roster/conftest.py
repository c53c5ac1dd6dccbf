"""A program folder for roster tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from roster_helpers import PROGRAM


@pytest.fixture
def project(tmp_path) -> Path:
    """A program folder (no mkdocs.yml: the defaults, plans/ and .cache/ here) with one program."""
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "onboarding.yaml").write_text(PROGRAM, encoding="utf-8")
    return tmp_path
