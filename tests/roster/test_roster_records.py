"""What a roster run never loses: a pair's plan, a pair's name, a pair's calendar; and where it never
writes: over a user's files, or where the next build would publish it."""
from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import icalendar
import pytest

from mentorkit.plan.loading import Library
from mentorkit.roster.pairs import read_roster
from mentorkit.roster.writing import previous_names, write_roster
from mentorkit.workbook.batch import WorkbookBatch
from mentorkit.themes import Theme
from roster_helpers import HEADER, PROGRAM, roster_row, use_theme
from running import cover_theme, run_mentorkit


def roster_of(project: Path, *rows: str) -> None:
    (project / "roster.csv").write_text(HEADER + "".join(rows), encoding="utf-8")


def run(project: Path, render=None, plans: bool = True):
    roster = read_roster(project / "roster.csv", Library([project / "plans"]), keep_names=previous_names(project / "out"))
    assert roster.ok, [d.format() for d in roster.diagnostics]
    batch = WorkbookBatch(Theme(cover_theme(project / "cover")), "a4", cache_dir=project / ".cache", processes=1)
    plan_text = (lambda pair, path: f"# the plan of {pair.name}\nmentorkit: 1\nprogram: {pair.program}\n"
                 f"start: {pair.plan.schedule.start}\n") if plans else None
    return write_roster(roster, project / "out", batch, plan_text=plan_text,
                        render=render(batch) if render else None)


def index(project: Path) -> dict[str, dict]:
    return {row["pair"]: row for row in csv.DictReader((project / "out" / "index.csv").open(encoding="utf-8"))}


def statuses(calendar: Path) -> list[str]:
    return [str(e.get("STATUS", "")) for e in icalendar.Calendar.from_ical(calendar.read_bytes()).walk("VEVENT")]


def test_write_plans_keeps_a_plan_the_pair_logged_in_and_updates_one_still_as_mentorkit_wrote_it(project):
    use_theme(project, "cover", cover_theme)
    roster_of(project, roster_row("Ann", "Bo", "2027-05-03"), roster_row("Cy", "Di", "2027-05-03"))
    assert run_mentorkit("roster", "roster.csv", "-o", "out", "--jobs", "1", "--write-plans",
                         cwd=project).returncode == 0
    plans = project / "out" / "plans"
    logged = plans / "ann-and-bo.yaml"
    logged.write_text(logged.read_text(encoding="utf-8") + "log:\n  - {meeting: 1, date: 2027-05-03, rating: 8}\n",
                      encoding="utf-8")
    mine = logged.read_bytes()
    roster_of(project, roster_row("Ann", "Bo", "2027-06-07"), roster_row("Cy", "Di", "2027-06-07"))
    result = run_mentorkit("roster", "roster.csv", "-o", "out", "--jobs", "1", "--write-plans", cwd=project)
    assert result.returncode == 0, result.stderr
    assert logged.read_bytes() == mine  # the pair's record: never overwritten
    assert "out/plans/ann-and-bo.yaml: kept as the pair changed it" in result.stderr
    assert "start: 2027-06-07" in (plans / "cy-and-di.yaml").read_text(encoding="utf-8")  # still mentorkit's
    rows = index(project)
    assert rows["cy-and-di"]["plan_sha256"] == hashlib.sha256((plans / "cy-and-di.yaml").read_bytes()).hexdigest()
    assert rows["ann-and-bo"]["plan"] == "plans/ann-and-bo.yaml"

    again = run_mentorkit("roster", "roster.csv", "-o", "out", "--jobs", "1", cwd=project)  # without the flag
    assert again.returncode == 0 and logged.read_bytes() == mine and (plans / "cy-and-di.yaml").is_file()


def test_a_fixed_typo_in_a_name_cancels_the_old_calendar_and_keeps_the_old_plan(project):
    roster_of(project, roster_row("Ann", "Sam Ortz", "2027-05-03"))
    run(project)
    out = project / "out"
    roster_of(project, roster_row("Ann", "Sam Ortiz", "2027-05-03"))
    fixed = run(project)
    assert fixed.gone == ["ann-and-sam-ortz"] and fixed.removed == ["ann-and-sam-ortz.pdf"]
    assert statuses(out / "ann-and-sam-ortz.ics") == ["CANCELLED", "CANCELLED"]
    assert statuses(out / "ann-and-sam-ortiz.ics") == ["", ""]
    assert (out / "plans" / "ann-and-sam-ortz.yaml").is_file() and (out / "plans" / "ann-and-sam-ortiz.yaml").is_file()
    rows = index(project)
    assert rows["ann-and-sam-ortz"]["status"] == "no longer in the roster"
    assert rows["ann-and-sam-ortz"]["calendar"] == "ann-and-sam-ortz.ics" and rows["ann-and-sam-ortz"]["workbook"] == ""
    cancelled = (out / "ann-and-sam-ortz.ics").read_bytes()
    again = run(project)
    assert (out / "ann-and-sam-ortz.ics").read_bytes() == cancelled and not again.written  # the same bytes


class Stop(KeyboardInterrupt):
    pass


def stopping_after_one(batch):
    def render(plans):
        for count, rendered in enumerate(batch._render(plans)):
            yield rendered
            raise Stop  # Ctrl-C, after the first workbook is written
    return render


def test_a_stopped_run_keeps_the_previous_index_and_the_next_run_knows_the_pairs_it_wrote(project):
    (project / "plans" / "coaching.yaml").write_text(PROGRAM.replace("id: onboarding", "id: coaching"),
                                                     encoding="utf-8")
    roster_of(project, roster_row("Ann", "Bo", "2027-05-03"))
    run(project)
    out = project / "out"
    before = (out / "index.json").read_bytes()
    roster_of(project, roster_row("Ann", "Bo", "2027-05-03"), roster_row("Dana Li", "Sam Ortiz", "2027-05-03"))
    with pytest.raises(Stop):
        run(project, render=stopping_after_one)
    assert (out / "index.json").read_bytes() == before  # kept whole until a new one is
    assert (out / "dana-li-and-sam-ortiz.ics").is_file()
    # the next run: the same names in a program that sorts first ('coaching'), which would take the name
    roster_of(project, roster_row("Dana Li", "Sam Ortiz", "2027-09-06", program="coaching"),
              roster_row("Ann", "Bo", "2027-05-03"), roster_row("Dana Li", "Sam Ortiz", "2027-05-03"))
    run(project)
    rows = index(project)
    assert rows["dana-li-and-sam-ortiz"]["program"] == "onboarding"  # the stopped run's name, kept
    assert len(rows) == 3 and not (out / ".mentorkit-roster-run").exists()


def test_the_index_is_never_written_over_a_users_own_files(project):
    use_theme(project, "cover", cover_theme)
    roster_of(project, roster_row("Ann", "Bo", "2027-05-03"))
    mine = project / "mine"
    mine.mkdir()
    (mine / "index.csv").write_text("my own,spreadsheet\n", encoding="utf-8")
    (mine / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = run_mentorkit("roster", "roster.csv", "-o", "mine", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("mine:1:1: error: holds files the roster did not write")
    assert sorted(p.name for p in mine.iterdir()) == ["index.csv", "notes.txt"]
    assert (mine / "index.csv").read_text(encoding="utf-8") == "my own,spreadsheet\n"


@pytest.mark.parametrize("folder", ["docs/cohort", "plans/cohort"])
def test_an_output_folder_the_next_build_would_publish_is_refused(project, folder):
    use_theme(project, "cover", cover_theme)  # mkdocs.yml: docs_dir docs, plans plans
    roster_of(project, roster_row("Ann", "Bo", "2027-05-03"))
    result = run_mentorkit("roster", "roster.csv", "-o", folder, "--write-plans", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{folder}:1:1: error: is inside " in result.stderr and "which the next build reads and publishes" in result.stderr
    assert not (project / folder).exists()
