"""Fixtures of the site tests: real programs built by real MkDocs, once per session."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from running import shared_folder
from site_helpers import CHROMIUM_ARGS, EXAMPLE_DOCS, SubPathServer


def pytest_collection_modifyitems(items):
    """Tests of the example site run after the others (site/ is collected first), so the background
    build below has time to finish while the workers run everything else."""
    items.sort(key=lambda item: "example_site" in getattr(item, "fixturenames", ()))


def pytest_collection_finish(session):
    """With xdist, the first worker starts building the example site in the background as soon as it
    knows a test needs it: the site is ready (or nearly) when the first such test runs, in whichever
    worker, instead of a worker waiting for it. If that build fails, the fixture builds it again and
    reports why."""
    if os.environ.get("PYTEST_XDIST_WORKER") != "gw0":
        return
    if not any("example_site" in getattr(item, "fixturenames", ()) for item in session.items):
        return
    folder = shared_folder(session.config._tmp_path_factory)  # what the tmp_path_factory fixture returns
    here = Path(__file__).resolve().parent
    code = ("import gc, sys; from pathlib import Path; sys.path[:0] = sys.argv[1:3]; import running, site_helpers; "
            "gc.set_threshold(*running.SUITE_GC_THRESHOLDS); "
            "running.made_once(Path(sys.argv[3]), running.EXAMPLE_SITE, running.build_example_for_the_pairs)")
    _background.append(subprocess.Popen([sys.executable, "-c", code, str(here.parent), str(here), str(folder)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))


_background: list[subprocess.Popen] = []


def pytest_sessionfinish(session):
    for process in _background:
        process.wait()


@pytest.fixture(scope="session")
def example_plans():
    from mentorkit.plan.loading import load_program
    program = load_program(EXAMPLE_DOCS)
    assert program.ok, [d.format() for d in program.diagnostics]
    return program.plans


@pytest.fixture(scope="session")
def serve_site(tmp_path_factory):
    servers = []

    def start(site: Path) -> SubPathServer:
        server = SubPathServer(site, tmp_path_factory.mktemp("www"))
        servers.append(server)
        return server
    yield start
    for server in servers:
        server.close()


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian chromium is not installed (/usr/bin/chromium)")
    with playwright_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield instance
        instance.close()
