"""Helpers of the site tests: make a program folder, build it with real MkDocs, serve it."""
from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from running import run_module

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
EXAMPLE_CONFIG = ROOT / "mkdocs.yml"
EXAMPLE_DOCS = ROOT / "plans"
SUB_PATH = "mentoring"

BASIC_CONFIG = """\
site_name: Test program
site_url: https://intranet.example.org/mentoring/
theme:
  name: mkdocs
  highlightjs: false
plugins:
  - search
  - mentorkit:
      plans: {plans}
{extra_settings}
{extra}
"""


HOSTILE = """\
mentorkit: 1
id: hostile
title: '<script>alert("title")</script> {{ 7*7191 }}'
summary: |
  <img src=x onerror=alert("img")> and <b onmouseover=alert("b")>bold</b>
  [click me](javascript:alert("link")) {% for x in range(3) %}loop{% endfor %} {{ config.site_name }}

  <iframe src="https://evil.example/"></iframe>
kind: skills
audience: '<svg onload=alert("svg")>'
tags: ['<script>alert("tag")</script>', "{{ 7*7191 }}"]
pair:
  mentor: {name: '<b>Mal</b>', email: "x@y.org'onmouseover='alert"}
  mentee: {name: '{% raw %}Eve{% endraw %}'}
schedule: {start: 2027-01-04, cadence: weekly, meetings: 2, length: 30}
logistics:
  boundaries: ['<script>alert("boundary")</script>']
  confidentiality: '<a href="javascript:alert(2)">secret</a>'
goals:
  - id: g1
    title: '<img src=x onerror=alert("goal")> hijack'
    framework: real
    realistic: '{{ 7*7191 }}'
    engaging: '[x](javascript:alert("facet"))'
    actionable: a
    linked: b
roadmap:
  - topic: '</title><script>alert("topic")</script>'
    goals: [g1]
    agenda: ['{% include "base.html" %}']
    questions: ['<style>body{display:none}</style>']
resources:
  - title: evil
    url: 'javascript:alert("resource")'
log:
  - meeting: 1
    rating: 3
    why: '<script>alert("why")</script>'
    successes: ['<img src=x onerror=alert("success")>']
"""


def run(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    """`python -m MODULE ARGS` through running.run_module (in this process, through CliRunner);
    other `python ARGS` in a process of its own."""
    if args[:1] == ("-m",):
        return run_module(*args[1:], cwd=cwd, timeout=timeout)
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout)


MATERIAL_SITE = "material-site"  # its name in the run's shared folder


def build_material_program(project: Path) -> None:
    """Two starters on Material for MkDocs as the README documents it (`font: false`, the `offline`
    plugin), with a light and a dark scheme a reader toggles, built once per run: test_site_build
    reads its files, test_site_browser and test_accessibility drive it."""
    make_program(project, plans_dir="plans",
                 copy_plans=[TEMPLATES / "onboarding.yaml", TEMPLATES / "peer-circle.yaml"])
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("theme:\n  name: mkdocs\n  highlightjs: false\n", "theme:\n  name: material\n  font: false\n"
                            "  palette:\n"
                            "    - scheme: default\n      toggle: {icon: material/brightness-4, name: Dark mode}\n"
                            "    - scheme: slate\n      toggle: {icon: material/brightness-7, name: Light mode}\n")
    config = config.replace("  - search\n", "  - search\n  - offline\n")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    build_ok(project)


def mkdocs_build(project: Path, *extra: str) -> subprocess.CompletedProcess:
    return run("-m", "mkdocs", "build", *extra, cwd=project)


def make_program(folder: Path, plans: dict[str, str] | None = None, *, plans_dir: str = "docs/plans",
                 docs: dict[str, str] | None = None, extra_settings: str = "", extra: str = "",
                 copy_plans: list[Path] = ()) -> Path:
    """A program folder: mkdocs.yml, docs/ (guide pages) and a plans folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "docs").mkdir(exist_ok=True)
    for name, text in (docs if docs is not None else {"index.md": "# Home\n\nWelcome to the program.\n"}).items():
        (folder / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "docs" / name).write_text(text, encoding="utf-8")
    plan_folder = folder / plans_dir
    plan_folder.mkdir(parents=True, exist_ok=True)
    for path in copy_plans:
        shutil.copy(path, plan_folder / path.name)
    for name, text in (plans or {}).items():
        (plan_folder / name).write_text(text, encoding="utf-8")
    (folder / "mkdocs.yml").write_text(BASIC_CONFIG.format(plans=plans_dir, extra_settings=extra_settings,
                                                           extra=extra), encoding="utf-8")
    return folder


def build_ok(project: Path, *extra: str) -> Path:
    result = mkdocs_build(project, *extra)
    assert result.returncode == 0, result.stderr
    return project / "site"


class SubPathServer:
    """Serves a built site at http://127.0.0.1:PORT/mentoring/ from a thread."""

    def __init__(self, site: Path, root: Path):
        root.mkdir(parents=True, exist_ok=True)
        link = root / SUB_PATH
        if not link.exists():
            link.symlink_to(site.resolve(), target_is_directory=True)

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

        handler = functools.partial(Quiet, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.base = f"{self.origin}/{SUB_PATH}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]




class Watched:
    """A browser tab whose console errors, requests and dialogs are recorded while this object
    lives. Every Watched of a test process drives the same tab (one per browser), emptied in
    between (`close` leaves it on about:blank with nothing listening): a new tab or context costs
    Chromium a renderer process, about half a core-second, as much as two page loads."""

    _tabs: dict = {}  # id(browser) -> its tab

    def __init__(self, browser, origin: str, *, width: int = 1280, height: int = 900):
        page = self._tabs.get(id(browser))
        if page is None or page.is_closed():
            page = self._tabs[id(browser)] = browser.new_context().new_page()
        page.context.set_default_timeout(10000)
        page.set_viewport_size({"width": width, "height": height})
        self.page, self.origin = page, origin
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []

        def dialog(d):
            self.dialogs.append(d.message)
            d.dismiss()
        self._listening = [("console", lambda m: self.errors.append(m.text) if m.type == "error" else None),
                           ("pageerror", lambda e: self.errors.append(str(e))),
                           ("request", lambda r: self.requests.append(r.url)),
                           ("dialog", dialog)]
        for event, handler in self._listening:
            page.on(event, handler)

    def goto(self, url: str, *, settle: bool = False):
        """Open `url` and wait for its load event and fonts; `settle`: also for 0.5 s without a
        request (what a hostile page might fetch late, after its load event)."""
        self.page.goto(url)
        self.loaded(settle=settle)

    def loaded(self, *, settle: bool = False):
        self.page.wait_for_load_state("networkidle" if settle else "load")
        self.page.evaluate("document.fonts.ready.then(() => true)")

    def check(self):
        assert self.errors == []
        assert self.dialogs == []
        outside = [u for u in self.requests if not u.startswith(self.origin + "/")]
        assert outside == [] and self.requests

    def close(self):
        """Empty the tab for the next test: nothing listening, about:blank, no cookies.
        A tab that will not empty (crashed, hung) is thrown away; the next Watched opens another."""
        for event, handler in self._listening:
            self.page.remove_listener(event, handler)
        try:
            self.page.goto("about:blank", timeout=10_000)  # stops whatever the page was still doing
            self.page.context.clear_cookies()  # (no script of the site keeps anything in storage)
        except Exception:
            with contextlib.suppress(Exception):
                self.page.context.close()
            for key, page in list(self._tabs.items()):
                if page is self.page:
                    del self._tabs[key]
