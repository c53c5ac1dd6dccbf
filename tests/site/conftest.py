"""Fixtures of the site tests: real programs built by real MkDocs, once per session."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from running import made_once
from site_helpers import CHROMIUM_ARGS, EXAMPLE_CONFIG, EXAMPLE_DOCS, SubPathServer, run


@pytest.fixture(scope="session")
def example_site(run_folder) -> Path:
    """The repo's example program (mkdocs.yml + plans/), built with workbooks by `mentorkit build`,
    as the pairs themselves would preview it (`pairs: full`): every plan has its pages. The
    default (pair plans not published) is proven in test_site_privacy.py and the golden files.
    Built once per run for every test process (tests only read it)."""
    def build(project: Path) -> None:
        config = EXAMPLE_CONFIG.read_text(encoding="utf-8")
        assert "      pairs: hidden\n" in config
        (project / "mkdocs.yml").write_text(config.replace("      pairs: hidden\n", "      pairs: full\n"),
                                            encoding="utf-8")
        shutil.copytree(EXAMPLE_DOCS, project / "plans")
        result = run("-m", "mentorkit", "build", cwd=project)
        assert result.returncode == 0, result.stderr

    return made_once(run_folder, "example-site", build) / "site"


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
