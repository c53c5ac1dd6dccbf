"""The preview (`mkdocs serve`, `mentorkit serve`) as a designer uses it: a real server, real
HTTP requests, plans edited while it runs."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from running import quick_theme, tiny_plan
from site_helpers import Watched, make_program

BROKEN = "mentorkit: 1\ntitle: Broken <b>plan</b>\nkind: onboarding\nschedule: {cadence: weekly, meetings: 2\n"


class Preview:
    """A serve command running in a project folder, its log in a file."""

    def __init__(self, project: Path, *command: str):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.log = project / "serve.log"
        self.started = time.monotonic()
        with self.log.open("w") as sink:
            self.process = subprocess.Popen([sys.executable, "-m", *command, "-a", f"127.0.0.1:{self.port}"],
                                            cwd=project, stdout=sink, stderr=subprocess.STDOUT)

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def wait_for(self, text: str, count: int = 1, timeout: float = 120) -> float:
        """Seconds since the start when the log holds `text` `count` times."""
        deadline = time.monotonic() + timeout
        while self.text().count(text) < count:
            assert self.process.poll() is None and time.monotonic() < deadline, self.text()
            time.sleep(0.1)
        return time.monotonic() - self.started

    def rebuild_after(self, path: Path, text: str, builds: int) -> None:
        """Write `text` to `path` and wait for build number `builds`. MkDocs' polling watcher
        takes its first look at the files in a thread of its own: under load a change made just
        after the server starts can come before that look, and is written again until seen."""
        for _ in range(24):
            path.write_text(text, encoding="utf-8")
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                if self.text().count("Documentation built") >= builds:
                    return
                assert self.process.poll() is None, self.text()
                time.sleep(0.1)
        raise AssertionError(f"no build {builds}:\n{self.text()}")

    def get(self, path: str, timeout: float = 15) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=timeout) as reply:
                return reply.status, reply.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture
def preview():
    running = []

    def start(project: Path, *command: str) -> Preview:
        running.append(Preview(project, *command))
        return running[-1]

    yield start
    for server in running:
        server.close()


@pytest.mark.parametrize("command", [("mkdocs", "serve"), ("mentorkit", "serve")])
def test_a_broken_plan_shows_its_problems_in_the_browser_and_the_fix_clears_them(tmp_path, preview, command):
    project = make_program(tmp_path / "program", {"onboarding.yaml": tiny_plan("onboarding", "Onboarding")})
    plan = project / "docs" / "plans" / "onboarding.yaml"
    server = preview(project, *command)
    server.wait_for("Serving on")
    status, page = server.get("mentoring/plans/onboarding/")
    assert status == 200 and b"mentorkit-problems" not in page

    server.rebuild_after(plan, BROKEN, 2)
    status, page = server.get("mentoring/plans/onboarding/")  # answered, not held until the fix
    html = page.decode()
    assert status == 200 and "Onboarding" in html, "the last good page is still served"
    assert "mentorkit-problems" in html
    assert "docs/plans/onboarding.yaml:4:" in html  # file:line:column
    assert "Broken <b>plan</b>" not in html and "<b>plan</b>" not in html.split("mentorkit-problems")[1]
    status, home = server.get("mentoring/")
    assert status == 200 and b"mentorkit-problems" in home

    server.rebuild_after(plan, tiny_plan("onboarding", "Onboarding fixed"), 3)
    status, page = server.get("mentoring/plans/onboarding/")
    assert status == 200 and b"Onboarding fixed" in page and b"mentorkit-problems" not in page


def test_a_preview_started_on_a_broken_plan_serves_its_problems_escaped(tmp_path, preview):
    plan = tiny_plan("onboarding") + '"<b>bold</b>": 1\n'  # an unknown key, quoted in the message
    project = make_program(tmp_path / "program", {"onboarding.yaml": plan})
    server = preview(project, "mkdocs", "serve")
    server.wait_for("Serving on")
    status, page = server.get("mentoring/")
    html = page.decode()
    assert status == 200 and "mentorkit-problems" in html
    assert "onboarding.yaml:5:1" in html and "unknown key &#x27;&lt;b&gt;bold&lt;/b&gt;&#x27;" in html
    assert "<b>bold</b>" not in html


def test_plain_mkdocs_serve_serves_pages_before_the_workbooks_are_made(tmp_path, preview):
    plans = {f"plan-{n}.yaml": tiny_plan(f"plan-{n}", f"Plan {n}") for n in range(3)}
    # one-page workbooks (running.quick_theme): the point is when they are made, not what they show
    project = make_program(tmp_path / "program", plans, extra_settings="      workbooks: true\n      theme: quick")
    quick_theme(project / "quick")
    server = preview(project, "mkdocs", "serve")
    server.wait_for("Serving on")
    log = server.text()
    assert "workbooks made" not in log.split("Serving on")[0], "workbooks come after the pages"
    status, page = server.get("mentoring/plans/plan-2/")
    assert status == 200 and b"workbooks/plan-2.pdf" in page
    status, pdf = server.get("mentoring/workbooks/plan-2.pdf", timeout=120)  # waits for it, if need be
    assert status == 200 and pdf.startswith(b"%PDF-")
    server.wait_for("workbooks made 3 of 3")


@pytest.mark.slow  # real Chromium
def test_live_reload_shows_the_problems_in_the_open_page_and_clears_them(tmp_path, preview, browser):
    project = make_program(tmp_path / "program", {"onboarding.yaml": tiny_plan("onboarding", "Onboarding")})
    plan = project / "docs" / "plans" / "onboarding.yaml"
    server = preview(project, "mkdocs", "serve")
    server.wait_for("Serving on")
    watched = Watched(browser, f"http://127.0.0.1:{server.port}", height=800)
    tab = watched.page
    try:
        tab.goto(f"http://127.0.0.1:{server.port}/mentoring/plans/onboarding/")
        assert tab.locator(".mentorkit-problems").count() == 0
        server.rebuild_after(plan, BROKEN, 2)  # the open page reloads by itself
        banner = tab.locator(".mentorkit-problems")
        banner.wait_for(timeout=60_000)
        assert "onboarding.yaml:4:" in banner.inner_text() and "Onboarding" in tab.title()
        if shots := os.environ.get("MENTORKIT_SCREENSHOTS"):
            tab.screenshot(path=str(Path(shots) / "serve-problems.png"))
        server.rebuild_after(plan, tiny_plan("onboarding", "Onboarding fixed"), 3)
        banner.wait_for(state="detached", timeout=60_000)
        # the banner goes with the page it was on: under load the title was read before the reloaded
        # page had one ('Test program'), so it is waited for too (a page that never gets it fails)
        tab.wait_for_function("document.title.includes('Onboarding fixed')", timeout=60_000)
        assert "Onboarding fixed" in tab.title()
    finally:
        watched.close()


def test_a_preview_makes_cached_workbooks_first_then_the_one_asked_for(tmp_path):
    """A request for a workbook waits for it: it must not wait behind every other render."""
    import threading
    from types import SimpleNamespace

    from mentorkit.project import Project
    from mentorkit.settings import Settings
    from mentorkit.site.serving import WorkbookWriter
    from mentorkit.workbook.batch import BatchReport

    made, gate = [], threading.Event()

    class Batch:
        def in_cache(self, plan):
            return plan.id == "cached"

        def write(self, plans, folder):
            gate.wait(10)
            made.append(plans[0].id)
            return BatchReport(rendered=[plans[0].id])

    plans = [SimpleNamespace(id=name) for name in ("first", "second", "cached", "asked-for")]
    writer = WorkbookWriter(Project(Settings.defaults(tmp_path)), plans, tmp_path / "workbooks")
    writer.batch = Batch()
    writer.start()
    asking = threading.Thread(target=writer.wait, args=("asked-for",))
    asking.start()
    while "asked-for" not in writer._wanted:
        time.sleep(0.01)
    gate.set()
    asking.join(10)
    writer.stop()
    assert made == ["cached", "asked-for", "first", "second"]


@pytest.mark.parametrize("command", [("mkdocs", "serve"), ("mentorkit", "serve")])
def test_a_preview_answers_only_the_host_names_it_serves(tmp_path, preview, command):
    """DNS rebinding: a page of evil.example, its name resolving to 127.0.0.1, must not read the
    preview (which shows pair plans in full)."""
    import http.client

    project = make_program(tmp_path / "program", {"onboarding.yaml": tiny_plan("onboarding", "Onboarding")})
    server = preview(project, *command)
    server.wait_for("Serving on")

    def get(host: str) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
        try:
            connection.request("GET", "/mentoring/plans/onboarding/", headers={"Host": host})
            reply = connection.getresponse()
            return reply.status, reply.read()
        finally:
            connection.close()

    for host in (f"evil.example:{server.port}", "evil.example", f"localhost.evil.example:{server.port}"):
        status, body = get(host)
        assert status == 403 and b"Onboarding" not in body, host
    for host in (f"localhost:{server.port}", f"127.0.0.1:{server.port}", f"[::1]:{server.port}", f"LOCALHOST:{server.port}"):
        status, body = get(host)
        assert status == 200 and b"Onboarding" in body, host


def test_host_names_are_read_as_browsers_send_them():
    from mentorkit.site.serving import _host_name, answer_only_for, served_names

    assert [_host_name(h) for h in ("Example.ORG:8000", "[::1]:80", "[::1]", "10.0.0.1", "::1")] == \
        ["example.org", "::1", "::1", "10.0.0.1", "::1"]
    names = served_names("0.0.0.0")
    app = answer_only_for(lambda environ, start: [b"ok"], names)
    statuses = []
    for host in ("intranet.example", "192.168.1.7:8000", "localhost"):
        app({"HTTP_HOST": host}, lambda status, headers: statuses.append(status))
    assert statuses == ["403 Forbidden"]  # a name not served; addresses and localhost answered
