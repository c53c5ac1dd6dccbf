"""A re-run keeps the calendars of pairs whose plan did not change, and remakes the others, even when
their workbook comes from the cache."""
from __future__ import annotations

import os
from pathlib import Path

import icalendar

from mentorkit.plan.loading import Library
from mentorkit.roster.pairs import read_roster
from mentorkit.roster.writing import write_roster
from mentorkit.workbook.batch import WorkbookBatch
from mentorkit.themes import Theme
from roster_helpers import HEADER, roster_row
from running import quick_theme

LONG_AGO = 1_000_000_000


def run(project: Path, starts: list[str]):
    rows = [roster_row(f"Mentor {i}", f"Mentee {i}", start) for i, start in enumerate(starts)]
    (project / "roster.csv").write_text(HEADER + "".join(rows), encoding="utf-8")
    roster = read_roster(project / "roster.csv", Library([project / "plans"]))
    assert roster.ok, [d.format() for d in roster.diagnostics]
    batch = WorkbookBatch(Theme(quick_theme(project / "quick")), "a4", project,
                        cache_dir=project / ".cache", processes=1)
    return write_roster(roster, project / "out", batch)


def first_meeting(calendar: Path) -> str:
    return icalendar.Calendar.from_ical(calendar.read_bytes()).walk("VEVENT")[0].get("DTSTART").dt.isoformat()


def test_an_unchanged_pair_keeps_its_calendar_and_a_row_changed_back_gets_its_own_again(project):
    out = project / "out"
    run(project, ["2027-05-03", "2027-05-10"])
    for path in out.iterdir():
        if path.is_file():
            os.utime(path, (LONG_AGO, LONG_AGO))
    run(project, ["2027-05-03", "2027-05-10"])
    assert all(p.stat().st_mtime == LONG_AGO for p in out.glob("*.ics")), "nothing changed: no calendar is touched"

    changed = run(project, ["2027-05-03", "2027-05-17"])
    assert changed.rendered == ["mentor-1-and-mentee-1"]
    assert first_meeting(out / "mentor-1-and-mentee-1.ics") == "2027-05-17"
    back = run(project, ["2027-05-03", "2027-05-10"])  # this workbook is in the cache from the first run
    assert back.rendered == [] and sorted(back.cached) == ["mentor-0-and-mentee-0", "mentor-1-and-mentee-1"]
    assert first_meeting(out / "mentor-1-and-mentee-1.ics") == "2027-05-10"
