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


def check_page(tab: Watched, url: str, axe_script: str, name: str, prepare=None) -> list[str]:
    """The page's severe violations at each width, prefixed with the width; a screenshot of the
    phone width into $MENTORKIT_SCREENSHOTS when it is set. `prepare(page)`: what is done to the
    page once it is loaded (a colour scheme chosen, a banner put in)."""
    tab.goto(url)
    if prepare is not None:
        prepare(tab.page)
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


@pytest.mark.parametrize("kind", ["catalog", "overview", "schedule"])
def test_material_dark_scheme_has_no_serious_axe_violation(browser, material_server, axe_script, kind):
    """Material's dark scheme ('slate', which a reader's toggle or `prefers-color-scheme` picks):
    mentorkit's colours must read on it too."""
    def dark(page) -> None:  # with no transitions: Material fades a link's colour, and axe must not read it mid-way
        page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
        page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(255, 255, 255)"

    tab = Watched(browser, material_server.origin)
    try:
        found = check_page(tab, material_server.base + MATERIAL_PAGES[kind], axe_script, f"material-dark-{kind}",
                           prepare=dark)
        if found:
            pytest.fail("axe-core finds:\n" + "\n".join(found), pytrace=False)
    finally:
        tab.close()


def test_preview_problem_banner_has_no_serious_axe_violation(browser, example_server, axe_script):
    """The banner a preview puts over its last good pages (site/serving.py), on a plan page."""
    from mentorkit.diagnostics import Diagnostic
    from mentorkit.site.serving import problems_banner

    banner = problems_banner([Diagnostic("plans/dana-and-sam.yaml", 14, 7, "error", "unknown key 'measureable'"),
                              Diagnostic("plans/x.yaml", 3, 1, "warning", "no roadmap topic works on goal 'g'")])
    tab = Watched(browser, example_server.origin)
    try:
        found = check_page(tab, example_server.base + EXAMPLE_PAGES["schedule"], axe_script, "preview-banner",
                           prepare=lambda page: page.evaluate(
                               "html => document.body.insertAdjacentHTML('afterbegin', html)", banner))
        if found:
            pytest.fail("axe-core finds:\n" + "\n".join(found), pytrace=False)
        assert tab.page.locator(".mentorkit-problems li").count() == 2
    finally:
        tab.close()


def test_keyboard_reaches_a_wide_table_on_a_phone_and_its_focus_shows(browser, example_server):
    """At 390 px the ratings table is wider than the screen: Tab reaches its frame (a labelled region
    with a visible cue), the arrow keys scroll it, and the focused frame has a visible outline."""
    tab = Watched(browser, example_server.origin, width=390, height=800)
    try:
        page = tab.page
        tab.goto(example_server.base + EXAMPLE_PAGES["progress"])
        frame = page.locator(".mk-table-wrap:has(.mk-ratings-table)")
        assert frame.get_attribute("tabindex") == "0" and frame.get_attribute("role") == "region"
        assert "scrolls sideways" in frame.get_attribute("aria-label")
        assert frame.locator(".mk-scroll-cue").is_visible()
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('.mk-table-wrap') && "
                             "!!document.activeElement.querySelector('.mk-ratings-table')"):
                break
        else:
            pytest.fail("Tab never reached the ratings table's frame")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle + ' ' + "
                                "getComputedStyle(document.activeElement).outlineWidth")
        assert outline.split()[0] != "none" and float(outline.split()[1].rstrip("px")) >= 2, outline
        page.keyboard.press("ArrowRight")
        page.wait_for_function("document.activeElement.scrollLeft > 0")
        # every column can be brought into view: the last header cell's right edge is reachable
        reach = page.evaluate("(() => { const f = document.activeElement; f.scrollLeft = f.scrollWidth;"
                              " const th = f.querySelector('thead th:last-child').getBoundingClientRect();"
                              " return th.right <= window.innerWidth + 1; })()")
        assert reach
        if os.environ.get("MENTORKIT_SCREENSHOTS"):  # the table scrolled to its last column, for a person to look at
            page.locator(":focus").screenshot(path=str(Path(os.environ["MENTORKIT_SCREENSHOTS"]) / "a11y-ratings-scrolled-390.png"))
        page.set_viewport_size({"width": 1280, "height": 800})
        page.wait_for_function("!document.querySelector('.mk-ratings-table').closest('.mk-table-wrap')"
                               ".classList.contains('mk-scrolls')")  # on a wide screen it scrolls no more
    finally:
        tab.close()


def test_primary_color_is_darkened_until_text_in_it_reads():
    import re

    from mentorkit.themes import SITE_CONTRAST, _contrast_on_white, branding_css

    for colour in ("#ffcc00", "#2fa4e7", "lightblue"):
        used = re.search(r"--mk-primary: rgb\((\d+), (\d+), (\d+)\)", branding_css(colour))
        assert used, branding_css(colour)
        assert _contrast_on_white([int(v) / 255 for v in used.groups()]) >= SITE_CONTRAST, colour
    assert "--mk-primary: #1f6f8b;" in branding_css("#1f6f8b")  # dark enough already (5.9:1): as written
    # on Material's dark scheme, text in the colour is lightened until it reads there
    from mentorkit.themes import DARK_PAGE, _luminance

    for colour in ("#1f6f8b", "#000080", "#ffcc00", "rgb(255, 30, 65)"):  # the last one fell short after rounding
        ink = re.search(r'scheme="slate"\] \{ --mk-ink: rgb\((\d+), (\d+), (\d+)\)', branding_css(colour))
        assert ink, branding_css(colour)
        light = _luminance([int(v) / 255 for v in ink.groups()])
        assert (light + 0.05) / (_luminance(list(DARK_PAGE)) + 0.05) >= SITE_CONTRAST, colour
    css = (Path(__file__).parents[2] / "themes" / "site" / "assets" / "mentorkit.css").read_text(encoding="utf-8")
    assert "--mk-ink: #5c96aa;" in css and branding_css("#1f6f8b").count("rgb(92, 150, 170)") == 1  # the default's


def test_every_plan_page_has_a_meta_description_from_what_it_publishes(example_site, example_plans):
    import html
    import re

    from mentorkit.site.describe import page_description
    from mentorkit.site.pages import gather_site

    pages = sorted(example_site.glob("plans/*/**/index.html")) + [example_site / "plans" / "index.html"]
    assert len(pages) > 20
    for path in pages:
        found = re.findall(r'<meta name="description" content="([^"]*)">', path.read_text(encoding="utf-8"))
        assert len(found) == 1 and 40 < len(html.unescape(found[0])) <= 160, (path, found)
    pair = next(p for p in example_plans if p.pair is not None and p.summary)
    listed = gather_site(example_plans, pairs="listed", site_name="S")  # names and schedule only
    entry = listed.by_plan_id[pair.id]
    for page in entry.pages.values():
        described = page_description(listed, page)
        assert pair.title.split()[0] in described
        assert pair.summary[:30] not in described, described  # the summary is the pair's own
    full = gather_site(example_plans, pairs="full", site_name="S")
    assert pair.summary[:30] in page_description(full, full.by_plan_id[pair.id].overview)
