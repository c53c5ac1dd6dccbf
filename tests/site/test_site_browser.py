"""The built site in real headless Chromium, served under a sub-path from 127.0.0.1.

With $MENTORKIT_SCREENSHOTS set, screenshots go to that folder for a human to look at (no test reads
them: without it none are taken, PNGs of whole pages cost seconds of CPU).
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from running import made_once
from site_helpers import (EXAMPLE_DOCS, HOSTILE, MATERIAL_SITE, Watched, build_material_program,
                          build_ok, make_program)

pytestmark = pytest.mark.slow  # real Chromium, and the example program built with its workbooks


@pytest.fixture(scope="module")
def shots():
    """shots(page, name, **options): a screenshot into $MENTORKIT_SCREENSHOTS, if it is set."""
    folder = os.environ.get("MENTORKIT_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)

    def shoot(page, name: str, **options) -> None:
        if folder:
            page.screenshot(path=str(Path(folder) / name), **options)
    return shoot


@pytest.fixture(scope="module")
def example_server(example_site, serve_site):
    return serve_site(example_site)


@pytest.fixture
def watched(browser, example_server):
    tab = Watched(browser, example_server.origin)
    yield tab
    try:
        tab.check()
    finally:
        tab.close()


def test_reader_goes_from_home_to_a_plan_schedule_and_chart(watched, example_server, example_plans, shots):
    page = watched.page
    plan = next(p for p in example_plans if p.log)
    watched.goto(example_server.base)
    page.click(".navbar a.nav-link:text-is('Plans')")
    watched.loaded()
    assert page.url == example_server.base + "plans/"
    assert page.locator(".mk-plan-card").count() == len(example_plans)
    shots(page, "catalog.png", full_page=True)

    page.click(f".mk-plan-card-title >> text={plan.title}")
    watched.loaded()
    assert page.url == example_server.base + f"plans/{plan.id}/"
    assert page.locator("h1#plan-title").inner_text().strip() == plan.title
    shots(page, "plan-overview.png")

    page.click(".mk-tabs >> text=Roadmap")
    watched.loaded()
    rows = page.locator(".mk-schedule-table tbody tr")
    assert rows.count() == len(plan.meetings)
    first = plan.meetings[0]
    assert first.topic.topic in rows.first.inner_text()
    assert f"{first.date.day} {first.date:%b %Y}" in rows.first.inner_text()
    shots(page, "plan-schedule.png")

    page.click(".mk-tabs >> text=Progress")
    watched.loaded(settle=True)  # the last page: anything it fetches late is still seen by check()
    chart = page.locator("svg.mk-chart")
    assert chart.is_visible()
    assert chart.locator("circle").count() == len([e for e in plan.log if e.rating])
    box = chart.bounding_box()
    assert box["width"] > 400 and box["height"] > 150
    assert page.locator("figure.mk-figure figcaption").inner_text().startswith(f"{len(plan.log)} ratings logged")
    shots(page, "plan-progress.png", full_page=True)


def _unique_word(site: Path, plans, titles) -> tuple[str, set[str]]:
    """A word of one of `titles(plan)` (its goals' titles, its topics) that only one plan's pages
    contain (and those of the plans that follow it, which repeat the program's goals and roadmap by
    design), so search must lead there."""
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    for plan in plans:
        family = {plan.id} | {p.id for p in plans if p.program == plan.id}
        for title in titles(plan):
            for word in sorted(set(re.findall(r"[a-z]{6,}", title.lower())), key=len, reverse=True):
                where = {d["location"] for d in docs if word in (d["title"] + " " + d["text"]).lower()}
                if where and all(any(loc.startswith(f"plans/{i}/") for i in family) for loc in where):
                    return word, family
    pytest.fail("no word of these titles is unique to one plan and its followers")


def _search_lands(watched, base: str, word: str, plan_ids: set[str], part: str, shots=None) -> None:
    """Search `word`: one result is a section of `part` ('goals/#goal-', 'schedule/#meeting-') of
    one of the plans; following it lands on that plan's page, which shows the word."""
    page = watched.page
    watched.goto(base, settle=True)  # the search index is fetched after the load event
    page.click("a[data-bs-target='#mkdocs_search_modal']")
    page.fill("#mkdocs-search-query", word)
    page.keyboard.press("End")  # search runs on keyup
    results = page.locator("#mkdocs-search-results article a")
    results.first.wait_for(timeout=10000)
    if shots:
        shots(page, "search.png")
    hrefs = results.evaluate_all("links => links.map(a => a.href)")
    wanted = [i for i, href in enumerate(hrefs) if any(f"plans/{plan_id}/{part}" in href for plan_id in plan_ids)]
    assert wanted, (word, hrefs)
    results.nth(wanted[0]).click()
    page.wait_for_load_state("networkidle")
    assert any(page.url.startswith(base + f"plans/{plan_id}/") for plan_id in plan_ids)
    assert word in page.locator("[role=main]").inner_text().lower()


def test_search_for_a_goal_word_lands_on_its_plan(watched, example_server, example_site, example_plans, shots):
    word, plan_ids = _unique_word(example_site, example_plans, lambda plan: [goal.title for goal in plan.goals])
    _search_lands(watched, example_server.base, word, plan_ids, "goals/#goal-", shots)


def test_search_for_a_topic_word_lands_on_its_meeting(watched, example_server, example_site, example_plans):
    word, plan_ids = _unique_word(example_site, example_plans,
                                  lambda plan: [m.topic.topic for m in plan.meetings if m.topic])
    _search_lands(watched, example_server.base, word, plan_ids, "schedule/#meeting-")


def test_catalog_filters_by_tag(watched, example_server, example_plans, shots):
    counts = {}
    for plan in example_plans:
        for tag in set(plan.tags):
            counts[tag] = counts.get(tag, 0) + 1
    tag = min(counts, key=lambda t: (counts[t], t))
    page = watched.page
    watched.goto(example_server.base + "plans/")
    page.click(f"button[data-mk-tag='{tag}']")
    assert page.locator(".mk-plan-card:visible").count() == counts[tag]
    assert page.url.endswith(f"#tag={tag}")
    shots(page, "catalog-filtered.png")
    page.click("button[data-mk-tag='']")
    assert page.locator(".mk-plan-card:visible").count() == len(example_plans)
    page.fill("[data-mk-filter-text]", example_plans[0].title.split()[0].lower())
    assert 1 <= page.locator(".mk-plan-card:visible").count() <= len(example_plans)


def test_hostile_plan_runs_nothing_in_the_browser(browser, serve_site, tmp_path_factory, shots):
    # the pages are the point: no workbooks (test_site_safety.py reads the PDF of this plan)
    site = build_ok(make_program(tmp_path_factory.mktemp("hostile-browser"), {"hostile.yaml": HOSTILE},
                                 extra_settings="      pairs: full\n      workbooks: false"))
    server = serve_site(site)
    tab = Watched(browser, server.origin)
    try:
        for part in ("", "goals/", "schedule/", "agreement/", "resources/", "progress/"):
            tab.goto(server.base + f"plans/hostile/{part}", settle=True)
        shots(tab.page, "hostile-progress.png")
        tab.goto(server.base + "plans/", settle=True)
        tab.page.click("a[data-bs-target='#mkdocs_search_modal']")
        tab.page.fill("#mkdocs-search-query", "hijack")
        tab.page.keyboard.press("End")
        tab.page.locator("#mkdocs-search-results article").first.wait_for(timeout=10000)
        tab.page.wait_for_timeout(300)
        tab.check()
    finally:
        tab.close()


def test_a_word_longer_than_the_screen_wraps_instead_of_widening_the_page(browser, serve_site, tmp_path_factory):
    from mentorkit.plan.model import MAX_LINE_CHARS

    word = "x" * 3000  # a long field may hold it; a one-line field (the goal's title) holds the most it may
    plan = f"mentorkit: 1\ntitle: Long\nsummary: {word}\ngoals:\n  - id: g\n    title: {word[:MAX_LINE_CHARS]}\n" \
           "    framework: real\n    realistic: a\n    engaging: b\n    actionable: c\n    linked: d\n" \
           "schedule: {meetings: 1}\nroadmap:\n  - {topic: One, goals: [g]}\n"
    site = build_ok(make_program(tmp_path_factory.mktemp("long-word"), {"long.yaml": plan},
                                 extra_settings="      workbooks: false"))  # the pages are the point
    server = serve_site(site)
    tab = Watched(browser, server.origin)
    try:
        for width in (1280, 390):
            tab.page.set_viewport_size({"width": width, "height": 900})
            for part in ("", "goals/"):
                tab.goto(server.base + f"plans/long/{part}")
                assert tab.page.evaluate("document.documentElement.scrollWidth") <= width + 1, (width, part)
        tab.check()
    finally:
        tab.close()


def test_material_site_loads_nothing_from_other_hosts(browser, serve_site, run_folder, shots):
    pytest.importorskip("material")
    server = serve_site(made_once(run_folder, MATERIAL_SITE, build_material_program) / "site")
    tab = Watched(browser, server.origin)
    try:
        tab.goto(server.base + "plans/index.html")
        assert tab.page.locator(".mk-plan-card").count() == 2
        tab.page.click(".mk-plan-card-title >> text=Onboarding mentoring")
        tab.page.wait_for_load_state("networkidle")
        tab.page.click(".mk-tabs >> text=Roadmap")
        tab.page.wait_for_load_state("networkidle")
        assert tab.page.url.endswith("plans/onboarding/schedule.html")
        shots(tab.page, "material-schedule.png")
        tab.check()
    finally:
        tab.close()


WORDS_SPLIT_OVER_LINES = """() => {
  const split = [];
  for (const cell of document.querySelectorAll('.mk-plan table th, .mk-plan table td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/[^\\s\u2010-\u2014-]+/g)) {  // a break after a hyphen is fine
        if (m[0].length > 25) continue;  // a token longer than any column may wrap
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) split.push(m[0]);
      }
    }
  }
  return split;
}"""


def test_table_cells_never_break_ordinary_words_on_desktop_or_phone(browser, example_server, example_plans, shots):
    tab = Watched(browser, example_server.origin)
    plan = next(p for p in example_plans if p.log and p.metrics)
    try:
        for part in ("", "schedule/", "agreement/", "metrics/", "milestones/", "progress/"):
            tab.page.set_viewport_size({"width": 1280, "height": 900})
            tab.goto(example_server.base + f"plans/{plan.id}/{part}")
            for width in (1280, 390):  # the phone's width: the same page laid out again, as a window resized
                tab.page.set_viewport_size({"width": width, "height": 900})
                assert tab.page.evaluate("window.innerWidth") == width
                assert tab.page.evaluate(WORDS_SPLIT_OVER_LINES) == [], (width, part)
                assert tab.page.evaluate("document.documentElement.scrollWidth") <= width + 1, (width, part)
                if part == "progress/":
                    shots(tab.page, f"progress-{width}.png", full_page=True)
        tab.check()
    finally:
        tab.close()


def _search(tab, base: str, word: str) -> list[str]:
    """What the site's own search box finds for `word` (titles of the results)."""
    tab.goto(base, settle=True)  # the search index is fetched after the load event
    tab.page.click("a[data-bs-target='#mkdocs_search_modal']")
    tab.page.fill("#mkdocs-search-query", word)
    tab.page.keyboard.press("End")
    tab.page.wait_for_function("document.querySelector('#mkdocs-search-results').textContent.trim() !== ''")
    return tab.page.locator("#mkdocs-search-results article h3").all_inner_texts()


def test_search_on_the_published_site_finds_nothing_a_pair_logged(browser, published_example_site, example_server,
                                                                   serve_site):
    word = "certificate"  # only in the example pair's log (plans/dana-and-sam.yaml)
    assert word in (EXAMPLE_DOCS / "dana-and-sam.yaml").read_text(encoding="utf-8")
    # the example as shipped (pairs hidden), without workbooks: the search box is the point
    # (test_site_privacy.py reads the PDFs of such a site)
    published = serve_site(published_example_site)
    tab = Watched(browser, published.origin)
    try:
        assert _search(tab, published.base, word) == []
        assert "No results found" in tab.page.locator("#mkdocs-search-results").inner_text()
        tab.close()
        tab = Watched(browser, example_server.origin)  # the same program with `pairs: full`
        assert _search(tab, example_server.base, word)  # the word is there to be found
    finally:
        tab.close()
