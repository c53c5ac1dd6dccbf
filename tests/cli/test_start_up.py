"""Start-up loads what the command needs (issue 27): `validate` neither WeasyPrint nor MkDocs'
build machinery nor the view and output stages; `serve` no WeasyPrint for its pages. Checked in a
real `python -m mentorkit` process, whose modules are listed as it exits."""
from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from running import ROOT, interruptible

# Runs the command line as `python -m mentorkit` does, and writes the modules loaded to a file at exit.
CHILD = """\
import atexit, json, sys
out = sys.argv.pop(1)
atexit.register(lambda: open(out, "w").write(json.dumps(sorted(sys.modules))))
sys.argv[0] = "mentorkit"
from mentorkit.cli import main
main()
"""
# The plugin module itself (mentorkit.site.plugin) loads: MkDocs checks its settings in mkdocs.yml.
NOT_FOR_VALIDATE = ("weasyprint", "mkdocs.commands.build", "mkdocs.commands.serve", "mentorkit.workbook.render",
                    "mentorkit.view.plan_view", "mentorkit.site.build", "mentorkit.site.pages", "mentorkit.ics", "mentorkit.report", "nh3")


def loaded(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return [m for m in modules if any(m == n or m.startswith(n + ".") for n in names)]


def test_validate_loads_neither_weasyprint_nor_mkdocs_build_nor_the_outputs(tmp_path):
    listing = tmp_path / "modules.json"
    done = subprocess.run([sys.executable, "-c", CHILD, str(listing), "validate"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "plans checked: 0 errors" in done.stderr
    modules = json.loads(listing.read_text())
    assert "mentorkit.plan.loading" in modules  # the listing is the command's own
    assert loaded(modules, NOT_FOR_VALIDATE) == []


def test_serve_answers_its_first_page_without_loading_weasyprint(tmp_path):
    listing = tmp_path / "modules.json"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-c", CHILD, str(listing), "serve", "--no-workbooks", "-a",
                               f"127.0.0.1:{port}"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True, preexec_fn=interruptible)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/mentoring/", timeout=30) as reply:
                    assert reply.status == 200
                    break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, server.stderr.read()
                time.sleep(0.05)
    finally:
        server.send_signal(signal.SIGINT)
        server.communicate(timeout=30)
    modules = json.loads(listing.read_text())
    assert "mkdocs.commands.serve" in modules
    assert loaded(modules, ("weasyprint", "mentorkit.workbook.render")) == []


def make_writer(tmp_path):
    """A preview's workbook writer whose renders are noted, not made (when they start is the point)."""
    from types import SimpleNamespace

    from mentorkit.project import Project
    from mentorkit.settings import Settings
    from mentorkit.site.serving import WorkbookWriter
    from mentorkit.workbook.batch import BatchReport

    made = []

    class Batch:
        def in_cache(self, plan):
            return False

        def write(self, plans, folder):
            made.append(plans[0].id)
            return BatchReport(rendered=[plans[0].id])

    writer = WorkbookWriter(Project(Settings.defaults(tmp_path)), [SimpleNamespace(id="a")], tmp_path / "workbooks")
    writer.batch = Batch()
    return writer, made


def test_a_preview_makes_its_workbooks_once_it_has_answered_a_page(tmp_path, monkeypatch):
    """Rendering beside the server slowed `serve`'s first page by a third: it waits for that page."""
    from mentorkit.site import serving
    from mentorkit.site.serving import wait_for_workbooks

    monkeypatch.setattr(serving, "FIRST_PAGE_WAIT_SECONDS", 60)
    writer, made = make_writer(tmp_path)
    writer.start(after_a_page=True)
    time.sleep(0.5)
    assert made == []
    app = wait_for_workbooks(lambda environ, start_response: [b"page"], "/", lambda: writer)
    assert app({"PATH_INFO": "/mentoring/"}, None) == [b"page"]
    writer._thread.join(30)
    assert made == ["a"]


def test_a_preview_nobody_opens_makes_its_workbooks_all_the_same(tmp_path, monkeypatch):
    from mentorkit.site import serving

    monkeypatch.setattr(serving, "FIRST_PAGE_WAIT_SECONDS", 0.2)
    writer, made = make_writer(tmp_path)
    writer.start(after_a_page=True)
    writer._thread.join(10)
    assert made == ["a"]
