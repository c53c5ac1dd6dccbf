"""A program's tabs, "Program report" the last of them, fit one line of the tab bar at 1280 px
(real Chromium on the example site)."""
from __future__ import annotations

import pytest

from site_helpers import Watched


@pytest.mark.slow  # real Chromium
@pytest.mark.parametrize("program", ["engineering-onboarding", "leadership-circle"])
def test_every_tab_of_a_program_with_a_report_is_on_one_line_at_1280px(browser, example_site, serve_site, program):
    server = serve_site(example_site)
    tab = Watched(browser, server.origin, width=1280)
    try:
        tab.goto(f"{server.base}plans/{program}/report/")
        tabs = tab.page.eval_on_selector_all(
            ".mk-tabs li", "items => items.map(li => [li.innerText.trim(), Math.round(li.getBoundingClientRect().top),"
                           " li.getBoundingClientRect().height])")
        assert [label for label, _, _ in tabs][-1] == "Program report"
        assert len({top for _, top, _ in tabs}) == 1, tabs  # one line: every tab at the same height
        assert len({height for _, _, height in tabs}) == 1, tabs  # and no label broken onto two lines
    finally:
        tab.close()
