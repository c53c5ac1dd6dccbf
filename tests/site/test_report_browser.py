"""The program report in a real Chromium: charts drawn offline, readable at phone width."""
from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pytest

from running import run_mentorkit
from site_helpers import Watched

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "report"))
from report_helpers import AS_OF, make_program  # noqa: E402


@pytest.mark.slow
@pytest.mark.parametrize("width", [390, 1280])
def test_the_report_page_draws_its_charts_offline_and_fits_the_screen(tmp_path, browser, serve_site, width):
    make_program(tmp_path, 12)
    made = run_mentorkit("report", "-o", "report", "--as-of", AS_OF.isoformat(), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    server = serve_site(tmp_path / "report")
    tab = Watched(browser, server.origin, width=width, height=800)
    try:
        page = tab.page
        tab.goto(server.base + "index.html")
        page.click("text=Cohort program")
        tab.loaded(settle=True)  # the last page: anything it fetches late is still seen by check()
        charts = page.locator("svg.mk-report-chart")
        assert charts.count() == 2
        for i in range(2):
            box = charts.nth(i).bounding_box()
            assert box["width"] > 0.8 * min(width - 40, 640) and box["height"] > 100
            assert charts.nth(i).locator("rect.bar").count() > 0
        # nothing wider than the screen: wide tables scroll inside their own box
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
        tab.check()
        if os.environ.get("MENTORKIT_SCREENSHOTS"):
            page.screenshot(path=f"/tmp/report-{width}.png", full_page=True)
    finally:
        tab.close()


def report_site(folder: Path, pairs: int, visibility: str = "hidden") -> Path:
    """A site with reports, its pairs' dates moved so that today is the report's day (the site counts to today)."""
    make_program(folder, pairs, shift=(dt.date.today() - AS_OF).days // 7)
    (folder / "mkdocs.yml").write_text("site_name: R\ndocs_dir: docs\nplugins:\n  - search\n  - mentorkit:\n"
                                       f"      report: true\n      pairs: {visibility}\n", encoding="utf-8")
    (folder / "docs").mkdir()
    (folder / "docs" / "index.md").write_text("# R\n", encoding="utf-8")
    made = run_mentorkit("build", cwd=folder)
    assert made.returncode == 0, made.stdout + made.stderr
    return folder / "site"


@pytest.mark.slow
def test_the_site_report_page_reads_well_on_a_phone(tmp_path, browser, serve_site):
    site = report_site(tmp_path, 12)
    server = serve_site(site)
    tab = Watched(browser, server.origin, width=390, height=800)
    try:
        page = tab.page
        tab.goto(server.base + "plans/cohort/report/", settle=True)
        assert page.locator("svg.mk-report-chart rect.bar").count() > 0
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        assert all(url.startswith(server.origin + "/") for url in tab.requests)
        page.click("text=participation.csv")  # the CSV beside the page is there
        if os.environ.get("MENTORKIT_SCREENSHOTS"):
            tab.goto(server.base + "plans/cohort/report/")
            page.screenshot(path="/tmp/site-report-390.png", full_page=True)
    finally:
        tab.close()


@pytest.mark.parametrize("visibility", ["hidden", "full"])
def test_the_site_report_of_three_pairs_shows_no_pair_figure_whatever_pairs_says(tmp_path, visibility):
    site = report_site(tmp_path, 3, visibility)
    report = site / "plans" / "cohort" / "report"
    page = (report / "index.html").read_text(encoding="utf-8")
    assert "fewer than 5 pairs" in page and "3 pairs" not in page
    everything = "\n".join(p.read_text(encoding="utf-8") for p in report.iterdir())
    for i in range(3):
        assert f"Mentee{i:02d}" not in everything and f"secret action {i}" not in everything
    assert ("Mentee00" in (site / "search" / "search_index.json").read_text(encoding="utf-8")) == (visibility == "full")
