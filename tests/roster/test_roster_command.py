"""`mentorkit roster`: every pair's workbook, calendar and index line; only what changed is made again."""
from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import icalendar
from pypdf import PdfReader

from roster_helpers import HEADER, PROGRAM, roster_row, use_theme
from mentorkit.plan.loading import check_file
from running import cover_theme, pdf_pages_text, quick_theme, run_mentorkit

PAIRS = [("Dana Li", "Sam Ortiz", "2027-05-03"), ("José Núñez", "Ann Lee", "2027-05-10"),
         ("Kim Park", "Lu Wei", "2027-06-07")]
LONG_AGO = 1_000_000_000  # 2001: a modification time no file written now has


def write_roster(project: Path, pairs=PAIRS) -> None:
    rows = [roster_row(mentor, mentee, start, email="a@example.org" if i == 0 else "", time="14:00",
                       timezone="Europe/Berlin", team=f"Team {i}") for i, (mentor, mentee, start) in enumerate(pairs)]
    (project / "roster.csv").write_text(HEADER + "".join(rows), encoding="utf-8")


def age(out: Path) -> None:
    for path in out.iterdir():
        if path.is_file():
            os.utime(path, (LONG_AGO, LONG_AGO))


def changed(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.is_file() and p.stat().st_mtime != LONG_AGO)


def test_each_pair_gets_its_workbook_calendar_and_index_line_and_a_changed_row_only_its_own(project):
    # the real cover alone (running.cover_theme): the names, dates and extra columns a roster puts on it
    use_theme(project, "cover", cover_theme)
    write_roster(project)
    result = run_mentorkit("roster", "roster.csv", "-o", "out", "--jobs", "1", "--write-plans", cwd=project)
    assert result.returncode == 0, result.stderr
    out = project / "out"
    names = ["dana-li-and-sam-ortiz", "jose-nunez-and-ann-lee", "kim-park-and-lu-wei"]
    index = list(csv.DictReader((out / "index.csv").open(encoding="utf-8")))
    assert [row["pair"] for row in index] == names
    assert json.loads((out / "index.json").read_text(encoding="utf-8"))["pairs"] == [
        {**row, "pages": int(row["pages"])} for row in index]
    for row, (mentor, mentee, start) in zip(index, PAIRS):
        pdf = PdfReader(out / row["workbook"])
        assert len(pdf.pages) == int(row["pages"]) == 1
        cover = pdf.pages[0].extract_text()
        assert mentor in cover and mentee in cover and "Team" in cover
        events = icalendar.Calendar.from_ical((out / row["calendar"]).read_bytes()).walk("VEVENT")
        assert [e.get("DTSTART").dt.date().isoformat() for e in events][0] == start
        assert str(events[0].get("DTSTART").dt.tzinfo) == "Europe/Berlin"
        kept = check_file(out / row["plan"], library=project / "plans")  # the plan the pair keeps is valid
        assert kept.ok and kept.plan.pair.mentee.name == mentee and kept.plan.schedule.start.isoformat() == start

    age(out)
    write_roster(project, [PAIRS[0], (PAIRS[1][0], "Ann Lee", "2027-05-17"), PAIRS[2]])
    again = run_mentorkit("roster", "roster.csv", "-o", "out", "--jobs", "1", "--write-plans", cwd=project)
    assert again.returncode == 0, again.stderr
    assert "(1 rendered, 2 from the cache" in again.stderr
    assert changed(out) == ["index.csv", "index.json", "jose-nunez-and-ann-lee.ics", "jose-nunez-and-ann-lee.pdf"]
    assert "Mon 17 May 2027" in PdfReader(out / "jose-nunez-and-ann-lee.pdf").pages[0].extract_text()


def test_a_changed_program_renders_every_pair_again_and_a_pair_no_longer_there_keeps_its_record(project):
    # one-page workbooks (the program's own theme, running.quick_theme): which pairs are made again is
    # the point here; what a roster's workbook shows is the test above
    use_theme(project, "quick", quick_theme)
    write_roster(project, PAIRS[:2])
    assert run_mentorkit("roster", "roster.csv", "-o", "out", "--jobs", "1", "--write-plans",
                         cwd=project).returncode == 0
    out = project / "out"
    gone_plan = (out / "plans" / "jose-nunez-and-ann-lee.yaml").read_bytes()
    write_roster(project, PAIRS[:1])
    program = project / "plans" / "onboarding.yaml"
    program.write_text(program.read_text(encoding="utf-8").replace("Looking back", "Looking ahead"), encoding="utf-8")
    result = run_mentorkit("roster", "roster.csv", "-o", "out", "--jobs", "1", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "(1 rendered, 0 from the cache" in result.stderr
    assert ("out: jose-nunez-and-ann-lee is no longer in the roster: its calendar's meetings are cancelled, "
            "its plan is kept") in result.stderr
    assert "Looking ahead" in "".join(pdf_pages_text((out / "dana-li-and-sam-ortiz.pdf").read_bytes()))
    assert sorted(p.name for p in out.iterdir()) == [".mentorkit-roster", "dana-li-and-sam-ortiz.ics",
                                                     "dana-li-and-sam-ortiz.pdf", "index.csv", "index.json",
                                                     "jose-nunez-and-ann-lee.ics", "plans"]
    # a run without --write-plans deletes no plan, and the pair that left keeps its own
    assert sorted(p.name for p in (out / "plans").iterdir()) == ["dana-li-and-sam-ortiz.yaml",
                                                                 "jose-nunez-and-ann-lee.yaml"]
    assert (out / "plans" / "jose-nunez-and-ann-lee.yaml").read_bytes() == gone_plan
    events = icalendar.Calendar.from_ical((out / "jose-nunez-and-ann-lee.ics").read_bytes()).walk("VEVENT")
    assert len(events) == 2 and all(str(e["STATUS"]) == "CANCELLED" and int(e["SEQUENCE"]) == 1 for e in events)
    index = {row["pair"]: row for row in csv.DictReader((out / "index.csv").open(encoding="utf-8"))}
    assert index["jose-nunez-and-ann-lee"]["status"] == "no longer in the roster"
    assert index["jose-nunez-and-ann-lee"]["plan"] == "plans/jose-nunez-and-ann-lee.yaml"
    assert index["dana-li-and-sam-ortiz"]["status"] == "in the roster"


def test_a_pair_keeps_its_files_and_calendar_when_a_namesake_that_sorts_first_joins(project):
    """File names are made from the pairs' names; a pair named by an earlier run keeps its name
    (the events of its calendar are named after it), whatever pair comes to share it."""
    use_theme(project, "quick", quick_theme)  # which files the pairs get is the point, not their look
    (project / "plans" / "coaching.yaml").write_text(PROGRAM.replace("id: onboarding", "id: coaching"),
                                                     encoding="utf-8")
    (project / "roster.csv").write_text(HEADER + roster_row("Dana Li", "Sam Ortiz", "2027-05-03"), encoding="utf-8")
    assert run_mentorkit("roster", "roster.csv", "-o", "out", "--jobs", "1", cwd=project).returncode == 0
    out = project / "out"
    calendar = (out / "dana-li-and-sam-ortiz.ics").read_bytes()

    # the same names in a program whose id sorts first ('coaching' < 'onboarding'), on the first row
    (project / "roster.csv").write_text(HEADER + roster_row("Dana Li", "Sam Ortiz", "2027-09-06", program="coaching")
                                        + roster_row("Dana Li", "Sam Ortiz", "2027-05-03"), encoding="utf-8")
    result = run_mentorkit("roster", "roster.csv", "-o", "out", "--jobs", "1", cwd=project)
    assert result.returncode == 0, result.stderr
    index = {row["program"]: row for row in csv.DictReader((out / "index.csv").open(encoding="utf-8"))}
    assert index["onboarding"]["pair"] == "dana-li-and-sam-ortiz"
    assert (out / "dana-li-and-sam-ortiz.ics").read_bytes() == calendar
    newcomer = index["coaching"]["pair"]
    assert newcomer.startswith("dana-li-and-sam-ortiz-") and (out / f"{newcomer}.ics").is_file()
    assert "DTSTART;VALUE=DATE:20270906" in (out / f"{newcomer}.ics").read_text(encoding="utf-8")
