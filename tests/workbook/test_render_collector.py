"""A render makes millions of short-lived objects and few cycles: it must not spend its time in
the garbage collector's youngest generation (a sixth of a render's CPU did, at Python's thresholds)."""
from __future__ import annotations

import gc
from pathlib import Path

from mentorkit.plan.loading import load_plan
from mentorkit.workbook.render import WorkbookRenderer

PAIR_PLAN = Path(__file__).resolve().parent / "plans" / "pair-with-log.yaml"
PAGES_OF_TEXT = "<h1>Notes</h1>" + "".join(f"<h2>Part {n}</h2><p>Line {n} of what we said.</p><div class='ruled' "
                                            f"style='--lines: 2'></div>" for n in range(150))


def test_laying_out_a_workbook_collects_garbage_rarely_and_gives_the_thresholds_back():
    plan = load_plan(PAIR_PLAN)
    renderer = WorkbookRenderer(paper="a4")
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)  # Python's own, whatever the test process set
    try:
        collections = gc.get_stats()[0]["collections"]
        document = renderer.lay_out(PAGES_OF_TEXT, base_url=None, fetcher=renderer.fetcher_for(plan))
        during = gc.get_stats()[0]["collections"] - collections
        assert gc.get_threshold() == (700, 10, 10)
        assert gc.get_freeze_count() == 0
    finally:
        gc.set_threshold(*before)
    assert len(document.pages) >= 10
    assert during < 30, f"{during} collections of the youngest generation while laying out ten pages"
