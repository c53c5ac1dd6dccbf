"""The program report in a real Chromium: charts drawn offline, readable at phone width."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from running import run_mentorkit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from test_report import AS_OF, make_program  # noqa: E402


@pytest.mark.slow
@pytest.mark.parametrize("width", [390, 1280])
def test_the_report_page_draws_its_charts_offline_and_fits_the_screen(tmp_path, browser, serve_site, width):
    make_program(tmp_path, 12)
    made = run_mentorkit("report", "-o", "report", "--as-of", AS_OF.isoformat(), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    server = serve_site(tmp_path / "report")
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(server.base + "index.html")
    page.click("text=Cohort program")
    page.wait_for_load_state("networkidle")
    charts = page.locator("svg.mk-report-chart")
    assert charts.count() == 2
    for i in range(2):
        box = charts.nth(i).bounding_box()
        assert box["width"] > 0.8 * min(width - 40, 640) and box["height"] > 100
        assert charts.nth(i).locator("rect.bar").count() > 0
    # nothing wider than the screen: wide tables scroll inside their own box
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert all(url.startswith(server.origin + "/") for url in requests) and errors == []
    if os.environ.get("MENTORKIT_SCREENSHOTS"):
        page.screenshot(path=f"/tmp/report-{width}.png", full_page=True)
    context.close()
