"""Fixtures shared by every test folder."""
from __future__ import annotations

from pathlib import Path

import pytest

from running import shared_folder


@pytest.fixture
def write_plan(tmp_path):
    """Write YAML text to a file in a temporary folder and return its path."""
    def write(text: str, name: str = "plan.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path
    return write


@pytest.fixture(scope="session")
def run_folder(tmp_path_factory) -> Path:
    """A folder every test process of this run shares: for slow results made once per run."""
    return shared_folder(tmp_path_factory)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from current output")
