"""Fixtures shared by every test folder."""
from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from running import (EXAMPLE_PUBLISHED, EXAMPLE_SITE, SUITE_GC_THRESHOLDS, build_example_as_published,
                     build_example_for_the_pairs, copy_program, made_once, shared_folder)


@pytest.fixture(autouse=True)
def _environment_kept():
    """What a test, or a library it drives, leaves in os.environ goes with it (Dask's multiprocessing
    sets PYTHONHASHSEED for good), so the next command run in this process (running.run_mentorkit)
    sees the environment its test set up."""
    saved = dict(os.environ)
    yield
    if os.environ != saved:
        os.environ.clear()
        os.environ.update(saved)


@pytest.fixture
def write_plan(tmp_path):
    """Write YAML text to a file in a temporary folder and return its path."""
    def write(text: str, name: str = "plan.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path
    return write


@pytest.fixture
def program_folder(tmp_path):
    """`program_folder(program="example", **settings)`: a copy of the example program (or of the
    starters, "starters") in this test's temporary folder, its mentorkit settings changed as given
    (running.copy_program: slower-scoped fixtures call that directly)."""
    def make(program: str = "example", **settings: str) -> Path:
        return copy_program(tmp_path / program, program, **settings)
    return make


@pytest.fixture(scope="session")
def run_folder(tmp_path_factory) -> Path:
    """A folder every test process of this run shares: for slow results made once per run."""
    return shared_folder(tmp_path_factory)


@pytest.fixture(scope="session")
def example_site(run_folder) -> Path:
    """The example program built for the pairs (running.build_example_for_the_pairs), once per run
    for every test process (tests only read it; tests/site/conftest.py starts it early)."""
    return made_once(run_folder, EXAMPLE_SITE, build_example_for_the_pairs) / "site"


@pytest.fixture(scope="session")
def published_example_site(run_folder) -> Path:
    """The example program as it ships, without workbooks (running.build_example_as_published),
    once per run for every test process (tests only read it)."""
    return made_once(run_folder, EXAMPLE_PUBLISHED, build_example_as_published) / "site"


def pytest_configure(config):
    gc.set_threshold(*SUITE_GC_THRESHOLDS)  # every test process (running.SUITE_GC_THRESHOLDS says why)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from current output")
