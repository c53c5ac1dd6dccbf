"""Shared fixtures: the repo's folders and a way to run the real command line."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
PLANS = ROOT / "plans"


@pytest.fixture
def write_plan(tmp_path):
    """Write YAML text to a file in a temporary folder and return its path."""
    def write(text: str, name: str = "plan.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path
    return write


def run_mentorkit(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the installed `mentorkit` command as a user would, in a real process."""
    return subprocess.run([sys.executable, "-m", "mentorkit", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from current output")
