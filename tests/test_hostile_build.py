"""Fuzz: plans made of hostile text (deep Markdown, many brackets, huge and odd numbers, long
strings, control characters, template syntax, images that are bombs) either fail validation with
located diagnostics, or build their site pages and their workbook within a time budget; nothing
raises, and no file outside the output folder changes."""
from __future__ import annotations

import copy
import hashlib
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from mentorkit.diagnostics import MentorkitError, errors
from mentorkit.plan.loading import check_file
from mentorkit.site.pages import SiteRenderer, gather_site
from mentorkit.settings import CACHE_DIR
from mentorkit.view import build_view
from running import run_mentorkit

pytestmark = pytest.mark.slow

BASE = {
    "mentorkit": 1, "title": "Fuzz", "summary": "S",
    "pair": {"mentor": {"name": "M"}, "mentee": {"name": "E"}},
    "schedule": {"start": "2027-01-11", "cadence": "weekly", "meetings": 2},
    "goals": [{"id": "g", "title": "G", "framework": "real", "realistic": "a", "engaging": "b",
               "actionable": "c", "linked": "d"}],
    "metrics": [{"id": "m", "title": "M", "baseline": 0, "target": 5,
                 "measurements": [{"date": "2027-01-11", "value": 1}]}],
    "roadmap": [{"topic": "T", "goals": ["g"], "agenda": ["A"]}, {"topic": "U"}],
    "tags": ["t"], "resources": [{"title": "R", "note": "N"}],
    "log": [{"meeting": 1, "action": "X", "rating": 5, "notes": "N"}],
}
TEXT_PLACES = [("summary",), ("summary",), ("title",), ("tags", 0), ("goals", 0, "title"), ("goals", 0, "realistic"),
               ("goals", 0, "linked"), ("roadmap", 0, "topic"), ("roadmap", 0, "agenda", 0), ("resources", 0, "note"),
               ("log", 0, "notes"), ("log", 0, "action"), ("pair", "mentor", "name"), ("metrics", 0, "title")]
NUMBER_PLACES = [("metrics", 0, "baseline"), ("metrics", 0, "target"), ("metrics", 0, "measurements", 0, "value")]

# Sizes range from well inside to well past each bound of the text budget (markup.py), so that
# about half the plans are accepted and must then build.
hostile_text = st.one_of(
    st.integers(1, 40).map(lambda n: "- " * n + "x"),  # list markers nest on one line (500 crash)
    st.integers(1, 1_000).map(lambda n: "[" * n),  # quadratic in the Markdown library
    st.integers(1, 16).map(lambda n: "".join("    " * i + "- x\n" for i in range(n))),
    st.integers(1, 700).map(lambda n: "# x\n" * n),
    st.integers(1, 6_000).map(lambda n: "\\\\" * n),
    st.integers(1, 12_000).map(lambda n: "w" * n),  # one word too long for any line or table cell
    st.integers(1, 300).map(lambda n: "**_" * n + "x" + "_**" * n),
    st.text(max_size=40),  # anything, control characters included
    st.sampled_from(["\x1b[2J\x1b]0;all plans valid\x07", "\u202eevil\u2066", "{{ 7*7 }}", "{% raw %}",
                     "<script>alert(1)</script>", "![x](../../../etc/passwd)", "![bomb](bomb.svg)",
                     "![ok](ok.svg)", "[a](javascript:alert(1))", "|a|b|\n|-|-|\n" + "|x|y|\n" * 60,
                     "```\n" * 30, "&#0;&#x110000;&amp;", "a\r\nb\rc", "line\u2028separator", "\U0001F600" * 500]),
)
hostile_number = st.one_of(st.sampled_from([float("nan"), float("inf"), -float("inf"), 1e308, -1e308, 1e-300,
                                            -5e-324, 2.0**62, 1e15, -1e15, 1e-6, -1e-6, 0.0, 2.0**53]),
                           st.floats(), st.integers(-2**62, 2**62))


def nested_uses(levels: int, fan: int) -> str:
    groups = "".join(f'<g id="l{i}">' + "".join(f'<use href="#l{i - 1}" x="{j}"/>' for j in range(fan)) + "</g>"
                     for i in range(1, levels + 1))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><defs><rect id="l0" width="1" '
            f'height="1"/>{groups}</defs><use href="#l{levels}"/></svg>')


def put(doc: dict, path: tuple, value) -> None:
    node = doc
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def snapshot(folder: Path, *skip: Path) -> dict[str, tuple]:
    return {str(p.relative_to(folder)): (p.stat().st_size, hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(folder.rglob("*")) if p.is_file() and not any(s in p.parents for s in skip)}


@pytest.fixture(scope="module")
def workbook_renderer():
    from mentorkit.workbook.render import WorkbookRenderer

    return WorkbookRenderer()


@pytest.fixture(scope="module")
def site_renderer():
    return SiteRenderer()


@settings(max_examples=10, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(texts=st.lists(st.tuples(st.sampled_from(TEXT_PLACES), hostile_text), min_size=1, max_size=4),
       numbers=st.lists(st.tuples(st.sampled_from(NUMBER_PLACES), hostile_number), max_size=2))
def test_hostile_plans_fail_with_located_diagnostics_or_build_in_time(tmp_path_factory, workbook_renderer,
                                                                      site_renderer, texts, numbers):
    project = tmp_path_factory.mktemp("project")
    (project / "mkdocs.yml").write_text("site_name: fuzz\ndocs_dir: plans\n")
    plans, output = project / "plans", project / "site"
    plans.mkdir()
    output.mkdir()
    (plans / "bomb.svg").write_text(nested_uses(6, 10))
    (plans / "ok.svg").write_text(nested_uses(2, 3))
    doc = copy.deepcopy(BASE)
    for path, value in texts + numbers:
        put(doc, path, value)
    path = plans / "fuzz.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=False), encoding="utf-8")
    before = snapshot(project, output)

    start = time.process_time()
    result = check_file(path)
    lines = path.read_text(encoding="utf-8").count("\n") + 1
    for d in result.diagnostics:
        assert 1 <= d.line <= lines and d.column >= 1 and "\n" not in d.message and "\x1b" not in d.message
    assert time.process_time() - start < 5
    event("accepted" if result.ok else "refused: " + errors(result.diagnostics)[0].message[:50])
    if result.ok:
        start = time.process_time()
        build_view(result.plan)
        model = gather_site([result.plan], workbooks=True)
        site_renderer.render_all(model)
        for page in model.pages():
            assert page.html and "<script>" not in page.html and "\x1b" not in page.html
        assert time.process_time() - start < 10, "site pages"
        start = time.process_time()
        try:
            pdf = workbook_renderer.render(result.plan)
        except MentorkitError as exc:  # allowed only as located diagnostics, never a traceback
            assert all(d.line >= 1 for d in exc.diagnostics)
        else:
            assert pdf.startswith(b"%PDF") and len(pdf) < 20_000_000
            (output / "fuzz.pdf").write_bytes(pdf)
            assert not [path for path in workbook_renderer.last_served if "bomb" in str(path)]  # files read (Paths)
        assert time.process_time() - start < 30, "workbook"
    assert snapshot(project, output) == before


def build_hostile_project(tmp_path: Path) -> tuple[Path, dict, object]:
    """The real `mentorkit build --no-workbooks` of a project with hostile (but valid) plans and a
    link out of the project."""
    project = tmp_path / "project"
    plans = project / "plans"
    plans.mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text("mentorkit: 1\ntitle: SECRET-TITLE\n")
    (project / "mkdocs.yml").write_text("site_name: hostile\ndocs_dir: plans\nplugins: [mentorkit]\n")
    doc = copy.deepcopy(BASE)
    del doc["pair"]  # a program plan: the site shows it in full (a pair plan's pages follow `pairs`)
    # (a control character such as ESC is refused at validation: tests/plan/test_hostile_plans.py)
    doc["summary"] = "- " * 20 + "x\n\n" + "[" * 30 + "\n\n\u202e {{ 7*7 }} <script>x</script>"
    doc["goals"][0]["title"] = "w" * 200
    doc["goals"][0]["realistic"] = "w" * 9_000
    doc["metrics"][0].update(baseline=-1e15, target=1e15)
    (plans / "hostile.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    (plans / "secret.yaml").symlink_to(outside / "secret.yaml")
    before = snapshot(tmp_path, *written_by_a_build(project))
    return project, before, run_mentorkit("build", "--no-workbooks", cwd=project, timeout=120)


def written_by_a_build(project: Path) -> tuple[Path, Path]:
    """The site, and mentorkit's cache beside mkdocs.yml (compiled theme templates: written by a
    process that has not compiled them yet, so by the first build of a test run alone)."""
    return project / "site", project / CACHE_DIR


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    """build_hostile_project, once for the tests that read what it did."""
    tmp_path = tmp_path_factory.mktemp("hostile-build")
    return tmp_path, *build_hostile_project(tmp_path)


def test_mkdocs_build_of_a_hostile_project_changes_nothing_outside_its_site(hostile_build):
    tmp_path, project, before, result = hostile_build
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stdout + result.stderr
    assert "secret.yaml:1:1: warning: skipped: is a link that leads outside the project" in result.stderr
    assert snapshot(tmp_path, *written_by_a_build(project)) == before
    published = "".join(p.read_text(errors="replace") for p in (project / "site").rglob("*.html"))
    assert "hostile" in published and "<script>x" not in published and "{{ 7*7 }}" in published


def test_mkdocs_build_publishes_no_file_from_outside_the_project(hostile_build):
    _, project, _, result = hostile_build
    assert result.returncode == 0
    published = [p for p in (project / "site").rglob("*") if p.is_file() and b"SECRET-TITLE" in p.read_bytes()]
    assert not published
