"""A roster's bounds: memory per row, the size of a cell, the cluster's address."""
from __future__ import annotations

import gc
import shutil
import tracemalloc
from pathlib import Path

from mentorkit.plan.loading import Library
from mentorkit.roster.pairs import read_roster

REPO = Path(__file__).resolve().parents[2]


def held_by(rows: int, folder: Path, library: Library) -> int:
    """Bytes a checked roster of `rows` pairs keeps (its plans), as tracemalloc counts them."""
    path = folder / f"roster-{rows}.csv"
    path.write_text("program,mentor,mentee,start,team\n" + "".join(
        f"engineering-onboarding,Mentor {i},Mentee {i},2027-05-03,Team {i}\n" for i in range(rows)), encoding="utf-8")
    gc.collect()
    tracemalloc.start(1)
    try:
        before = tracemalloc.get_traced_memory()[0]
        roster = read_roster(path, library)
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert roster.ok and len(roster.pairs) == rows, [d.format() for d in roster.diagnostics]
    return held


def test_a_checked_row_holds_a_few_kilobytes_not_its_own_copy_of_the_program(tmp_path):
    # The example program (twelve meetings with agendas, goals, metrics): each row used to keep a
    # copy of it and of where each of its values is written, 130 KB a row, 2.6 GB for 20,000 rows.
    (tmp_path / "plans").mkdir()
    shutil.copy(REPO / "plans" / "engineering-onboarding.yaml", tmp_path / "plans")
    library = Library([tmp_path / "plans"])
    small, large = held_by(10, tmp_path, library), held_by(110, tmp_path, library)
    per_row = (large - small) / 100
    assert per_row < 20_000, f"{per_row / 1000:.0f} KB a row: 20,000 rows would take {per_row * 20_000 / 1e9:.1f} GB"
