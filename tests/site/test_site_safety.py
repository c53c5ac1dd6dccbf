"""Hostile plan content stays text, and a broken plan never touches the previous site."""
from __future__ import annotations

import html
import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from site_helpers import HOSTILE, TEMPLATES, build_ok, make_program, mkdocs_build, run

class LiveMarkup(HTMLParser):
    """What a browser would run or load: event handlers, javascript: URLs, frames, hostile scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction", "data") and value and \
                    value.strip().lower().startswith(("javascript:", "data:text/html")):
                self.found.append(f"<{tag} {name}={value}>")
        if tag in ("iframe", "object", "embed"):
            self.found.append(f"<{tag}>")
        self._in = tag if tag in ("script", "style", "title") else None

    def handle_data(self, data):
        if self._in in ("script", "style") and ("alert(" in data or "display:none" in data):
            self.found.append(f"<{self._in}>{data[:40]}")
        if self._in == "title" and "<" in data:
            self.found.append(f"<title>{data[:40]}")

    def handle_endtag(self, tag):
        self._in = None


def live_markup(markup: str) -> list[str]:
    parser = LiveMarkup()
    parser.feed(markup)
    parser.close()
    return parser.found


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    # Shown in full: the hostile text must be escaped wherever a site may show it.
    project = make_program(tmp_path_factory.mktemp("hostile"), {"hostile.yaml": HOSTILE},
                           docs={"index.md": "# Home\n"}, extra_settings="      pairs: full")
    return build_ok(project)


def test_hostile_plan_content_is_escaped_everywhere(hostile_site):
    pages = [p for p in hostile_site.rglob("*.html")]
    assert any("hostile" in str(p) for p in pages)
    for page in pages:
        markup = page.read_text(encoding="utf-8")
        assert live_markup(markup) == [], page
        assert "51337" not in markup  # {{ 7*7191 }} was never evaluated
        assert "looploop" not in markup


def test_template_syntax_in_plans_is_shown_as_written(hostile_site):
    overview = (hostile_site / "plans" / "hostile" / "index.html").read_text(encoding="utf-8")
    assert "{{ 7*7191 }}" in overview
    assert "{% for x in range(3) %}loop{% endfor %}" in overview
    assert "{{ config.site_name }}" in overview
    heading = re.search(r'<h1 id="plan-title"[^>]*>(.*?)</h1>', overview, re.S).group(1)
    assert "<" not in heading and html.unescape(heading) == '<script>alert("title")</script> {{ 7*7191 }}'
    schedule = (hostile_site / "plans" / "hostile" / "schedule" / "index.html").read_text(encoding="utf-8")
    assert "{% include &#34;base.html&#34; %}" in schedule or '{% include "base.html" %}' in schedule


def test_page_titles_and_toc_cannot_break_out_of_the_theme(hostile_site):
    schedule = (hostile_site / "plans" / "hostile" / "schedule" / "index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", schedule, re.S).group(1)
    assert "<" not in title
    index = json.loads((hostile_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = [d["title"] for d in index["docs"] if d["location"].startswith("plans/hostile/")]
    assert titles and not any("<script" in t for t in titles)


# ------------------------------------------------------------------ broken plans

BROKEN_KEY = "\nschedul:\n  meetings: 3\n"  # unknown key with a "did you mean"


def _program_with_site(tmp_path: Path) -> tuple[Path, Path]:
    project = make_program(tmp_path / "program", plans_dir="plans", copy_plans=[TEMPLATES / "onboarding.yaml"])
    result = run("-m", "mentorkit", "build", "--no-workbooks", cwd=project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    (site / "keep-me.txt").write_text("from the previous build", encoding="utf-8")
    return project, site


def _break(project: Path) -> None:
    plan = project / "plans" / "onboarding.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + BROKEN_KEY, encoding="utf-8")


def _snapshot(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_mentorkit_build_of_a_broken_plan_fails_cleanly_and_keeps_the_site(tmp_path):
    project, site = _program_with_site(tmp_path)
    before = _snapshot(site)
    _break(project)
    validate = run("-m", "mentorkit", "validate", cwd=project)
    result = run("-m", "mentorkit", "build", cwd=project)
    assert result.returncode == 1
    expected = [line for line in validate.stdout.splitlines() if ": error: " in line]
    assert expected and all(line in result.stderr.splitlines() for line in expected)
    assert re.search(r"plans/onboarding\.yaml:\d+:1: error: unknown key 'schedul'", result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    assert _snapshot(site) == before
    assert not [p for p in project.iterdir() if p.name.startswith(".site.")]  # no staging left behind


def test_mkdocs_build_of_a_broken_plan_fails_cleanly_and_keeps_the_site(tmp_path):
    project, site = _program_with_site(tmp_path)
    before = _snapshot(site)
    _break(project)
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert re.search(r"plans/onboarding\.yaml:\d+:1: error: unknown key 'schedul'", result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    assert _snapshot(site) == before


def _build_with_goals_template(project: Path, body: str):
    """`mkdocs build` of `project` with a theme of its own whose plan goals page's body is `body`."""
    theme = project / "my-theme" / "plan"
    theme.mkdir(parents=True)
    (theme / "goals.html").write_text("{% extends 'plan/_layout.html' %}{% block body %}" + body + "{% endblock %}",
                                      encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("      plans: plans\n",
                                                                 "      plans: plans\n      theme: my-theme\n"),
                      encoding="utf-8")
    return mkdocs_build(project)


def test_broken_theme_template_fails_before_the_site_is_touched(tmp_path):
    project, site = _program_with_site(tmp_path)
    before = _snapshot(site)
    result = _build_with_goals_template(project, "{% if %}")
    assert result.returncode != 0
    assert re.search(r"my-theme/plan/goals\.html:1:1: error: ", result.stderr)
    assert "Traceback" not in result.stderr
    assert _snapshot(site) == before


def test_theme_template_failing_as_it_runs_fails_before_the_site_is_touched(tmp_path):
    """Pages are rendered as MkDocs writes them, after it empties the site folder: one page of
    each part is tried first, so a template that fails on every plan fails before."""
    project, site = _program_with_site(tmp_path)
    before = _snapshot(site)
    result = _build_with_goals_template(project, "{{ no_such_value }}")
    assert result.returncode != 0
    assert re.search(r"my-theme/plan/goals\.html:1:\d+: error: .*no_such_value", result.stderr)
    assert "Traceback" not in result.stderr
    assert _snapshot(site) == before


def test_mentorkit_build_needs_an_mkdocs_yml(tmp_path):
    result = run("-m", "mentorkit", "build", cwd=tmp_path)
    assert result.returncode == 2 and "mkdocs.yml" in result.stderr and "Traceback" not in result.stderr


def test_mentorkit_serve_rebuilds_when_a_plan_outside_docs_changes_and_makes_the_workbooks(tmp_path):
    import socket
    import subprocess
    import sys
    import urllib.error
    import urllib.request

    from running import quick_theme

    project = make_program(tmp_path / "program", plans_dir="plans", copy_plans=[TEMPLATES / "onboarding.yaml"],
                           extra_settings="      workbooks: true\n      theme: quick")
    quick_theme(project / "quick")  # one-page workbooks: the point is that serve makes them, as the setting says
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "mentorkit", "serve", "-a", f"127.0.0.1:{port}"],
                               cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/mentoring/plans/onboarding/"

    def fetch() -> str:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")

    def wait_for(predicate, timeout=40.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if predicate(fetch()):
                    return True
            except OSError:
                pass
            time.sleep(0.3)
        return False

    try:
        assert wait_for(lambda page: "Onboarding mentoring" in page)
        # serve makes the workbooks after the pages, as `workbooks: true` says and the README tells
        assert "workbooks/onboarding.pdf" in fetch()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/mentoring/workbooks/onboarding.pdf",
                                    timeout=60) as response:
            assert response.status == 200 and response.read().startswith(b"%PDF-")
        plan = project / "plans" / "onboarding.yaml"
        plan.write_text(plan.read_text(encoding="utf-8").replace("title: Onboarding mentoring",
                                                                 "title: Onboarding mentoring, second edition"),
                        encoding="utf-8")
        assert wait_for(lambda page: "second edition" in page)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_a_bad_setting_in_mkdocs_yml_is_a_located_error(tmp_path):
    import subprocess
    import sys

    project = make_program(tmp_path / "program", plans_dir="plans", copy_plans=[TEMPLATES / "onboarding.yaml"],
                           extra_settings="      paper: a5")
    result = subprocess.run([sys.executable, "-m", "mentorkit", "build"], cwd=project, capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "mkdocs.yml:10:7: error: " in result.stderr and "a5" in result.stderr  # the line of `paper: a5`
    assert not (project / "site").exists()


def test_a_themes_link_to_a_file_outside_the_project_is_not_published(tmp_path):
    """Themes follow the plans' rule: nothing outside the project is read through a link."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.css").write_text("/* ZQOUTSIDEMARKER */", encoding="utf-8")
    project = make_program(tmp_path / "program", extra_settings="      theme: my-theme")
    theme = project / "my-theme" / "site"
    theme.mkdir(parents=True)
    (theme / "stolen.css").symlink_to(outside / "secret.css")
    (theme / "kept.css").write_text("/* ZQKEPTMARKER */", encoding="utf-8")
    site = build_ok(project)
    published = "".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*") if p.is_file()
                        and p.suffix in (".css", ".html"))
    assert "ZQKEPTMARKER" in published and "ZQOUTSIDEMARKER" not in published
    assert "stolen.css" not in published  # not linked from the pages either
    assert "stolen.css:1:1: warning: not published: is a link that leads outside the project" in mkdocs_build(project).stderr
