"""Accessibility of every kind of page mentorkit makes, checked by axe-core in the real Chromium.

axe-core is the copy `axe-playwright-python` bundles (its `axe.min.js`), injected into the page.
A rule of serious or critical impact that fails fails the test with its nodes (selector and HTML).
Each page is loaded once and checked at desktop (1280 px) and phone (390 px) widths.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from running import made_once
from site_helpers import MATERIAL_SITE, Watched, build_material_program

pytestmark = pytest.mark.slow  # real Chromium over the example site and the Material site

WIDTHS = (1280, 390)
SEVERE = ("serious", "critical")

# One page of each kind mentorkit makes, in the example program as its pairs see it (`pairs: full`):
# the catalog, every section of a plan page, a circle, the program report.
EXAMPLE_PAGES = {
    "catalog": "plans/",
    "overview": "plans/dana-and-sam/",
    "goals": "plans/dana-and-sam/goals/",
    "schedule": "plans/dana-and-sam/schedule/",
    "agreement": "plans/dana-and-sam/agreement/",
    "metrics": "plans/dana-and-sam/metrics/",
    "milestones": "plans/dana-and-sam/milestones/",
    "resources": "plans/engineering-onboarding/resources/",
    "progress": "plans/dana-and-sam/progress/",
    "circle": "plans/platform-leads-circle/",
    "report": "plans/engineering-onboarding/report/",
}
MATERIAL_PAGES = {
    "catalog": "plans/",
    "overview": "plans/onboarding/",
    "goals": "plans/onboarding/goals/",
    "schedule": "plans/onboarding/schedule/",
    "agreement": "plans/onboarding/agreement/",
    "circle": "plans/peer-circle/",
}


@pytest.fixture(scope="module")
def axe_script() -> str:
    axe = pytest.importorskip("axe_playwright_python")
    return (Path(axe.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def severe_violations(page, axe_script: str) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, one line per node."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_script)
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']}\n    at {node['target']}: {node['html'][:200]}"
            f"{_why(node)}" for v in results["violations"] if v["impact"] in SEVERE for node in v["nodes"]]


def _why(node: dict) -> str:
    """What axe measured (a contrast ratio and its colours), when it says."""
    messages = [check.get("message", "") for check in node.get("any", []) + node.get("all", [])]
    return "".join(f"\n    {m}" for m in messages if m)


def check_page(tab: Watched, url: str, axe_script: str, name: str) -> list[str]:
    """The page's severe violations at each width, prefixed with the width; a screenshot of the
    phone width into $MENTORKIT_SCREENSHOTS when it is set."""
    tab.goto(url)
    found = []
    for width in WIDTHS:
        tab.page.set_viewport_size({"width": width, "height": 900})
        tab.page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")  # resized
        found += [f"{width}px {line}" for line in severe_violations(tab.page, axe_script)]
        folder = os.environ.get("MENTORKIT_SCREENSHOTS")
        if folder and width < 600:
            Path(folder).mkdir(parents=True, exist_ok=True)
            tab.page.screenshot(path=str(Path(folder) / f"a11y-{name}-{width}.png"), full_page=True)
    return found


@pytest.fixture(scope="module")
def example_server(example_site, serve_site):
    return serve_site(example_site)


@pytest.fixture(scope="module")
def material_server(run_folder, serve_site):
    return serve_site(made_once(run_folder, MATERIAL_SITE, build_material_program) / "site")


@pytest.mark.parametrize("kind", list(EXAMPLE_PAGES))
def test_example_page_has_no_serious_axe_violation(browser, example_server, axe_script, kind):
    tab = Watched(browser, example_server.origin)
    try:
        found = check_page(tab, example_server.base + EXAMPLE_PAGES[kind], axe_script, f"mkdocs-{kind}")
        if found:
            pytest.fail("axe-core finds:\n" + "\n".join(found), pytrace=False)
    finally:
        tab.close()


@pytest.mark.parametrize("kind", list(MATERIAL_PAGES))
def test_material_page_has_no_serious_axe_violation(browser, material_server, axe_script, kind):
    tab = Watched(browser, material_server.origin)
    try:
        found = check_page(tab, material_server.base + MATERIAL_PAGES[kind], axe_script, f"material-{kind}")
        if found:
            pytest.fail("axe-core finds:\n" + "\n".join(found), pytrace=False)
    finally:
        tab.close()
