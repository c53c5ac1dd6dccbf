"""Paper a pair wants to print (issue 26): every page used, more room to write, read off the laid-out
boxes of the example pair's workbook (mentorkit/workbook/laid_out.py) and checked against its PDF."""
from __future__ import annotations

from pathlib import Path

import pytest

from mentorkit.plan.loading import load_plan

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_PAIR = ROOT / "plans" / "dana-and-sam.yaml"
# The example pair's A4 workbook before issue 26 (bench/workbook_bench.py measures the same).
PAGES_BEFORE, RULED_M2_BEFORE = 46, 0.635


@pytest.fixture(scope="module")
def pages(renders):
    from mentorkit.workbook import laid_out

    return laid_out.page_use(renders.renderer("a4").lay_out_plan(load_plan(EXAMPLE_PAIR)))


def test_the_measures_count_the_pages_the_pdf_has(pages, renders):
    assert len(pages) == len(renders.workbook(EXAMPLE_PAIR).reader.pages) <= PAGES_BEFORE


def test_every_page_but_the_cover_and_notes_pages_is_at_least_60_percent_used(pages):
    thin = {page.number: f"{page.used:.0%} ({page.section})" for page in pages
            if page.used < 0.60 and page.section not in ("cover", "notes")}
    assert not thin, thin


def test_the_workbook_has_at_least_a_fifth_more_ruled_room_to_write(pages):
    ruled = sum(page.ruled_mm2 for page in pages) / 1e6
    assert ruled >= 1.20 * RULED_M2_BEFORE, f"{ruled:.3f} m² ruled, before {RULED_M2_BEFORE} m²"
    # the pages before the meetings are ruled to their foot: what each person writes alone
    alone = [page for page in pages if page.section in ("before", "game-plan", "self-assessment")]
    assert alone and all(page.used > 0.95 for page in alone), alone
