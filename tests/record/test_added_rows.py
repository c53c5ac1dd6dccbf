"""The rows a workbook leaves blank to add more, and the lists a pair plan takes from its program,
come back from a filled workbook into the pair's plan (mentorkit.record.rows)."""
from __future__ import annotations

import re

import datetime as dt
import shutil
from pathlib import Path

import pytest

from mentorkit.plan.loading import Library
from mentorkit.record import import_workbook
from mentorkit.workbook.render import WorkbookRenderer

import filling
from running import made_once, sections_theme

FOLLOWING = Path(__file__).resolve().parent / "following"  # a pair plan and the program it follows

FILLED = {
    "goal-new-0": "Run a workshop", "goal-new-0-1": "A 90-minute workshop for my team.",
    "goal-new-0-2": "Eight people sign up.", "goal-new-0-3": "I plan it with Ana.",
    "goal-new-0-4": "Teaching is next after talking.", "goal-new-0-5": "By the last meeting.",
    "goal-new-0-due": "2027-01-18",
    "milestones.1.achieved": "2027-01-04", "milestones.1.celebrated": "Coffee",
    "milestone-extra-0": "Slides reviewed", "milestone-extra-0-due": "meeting 2",
    "milestone-extra-0-reached": "Mon 11 Jan 2027",
    "self-extra-0": "Storytelling", "self-extra-0-start": "2", "self-extra-0-end": "4",
    "owner-extra-0": "Booking the room", "owner-extra-0-mentee": "Yes",
    "resource-extra-0": "Talk-like-TED notes\n• Speaking club",  # found along the way: a resource a line
    "final-extra-0": "Talks given", "final-extra-0-baseline": "0", "final-extra-0-target": "1",
    "final-extra-0-actual": "2", "final-extra-0-met": "Yes",
}
BUTTONS = {"self-extra-0-start", "self-extra-0-end", "self-extra-1-start", "owner-extra-0-mentee",
           "owner-extra-0-mentor", "final-extra-0-met"}


# The sections whose fields these tests fill (and the meetings: log.1.action); the cover, contents,
# how-to-use, before-we-start, schedule, check-in and notes pages hold none of them.
FILLED_SECTIONS = ("goals", "milestones", "resources", "self-assessment", "agreement", "final-review", "meeting")


@pytest.fixture(scope="module")
def blank_pdf(run_folder) -> bytes:
    """The pair's fillable workbook with the real sections the tests fill, once per run."""
    def make(into: Path) -> None:
        library = Library([FOLLOWING])
        plan = library.check(library.documents["ana-and-lee"]).plan
        theme = sections_theme(into / "theme", *FILLED_SECTIONS) / "print"
        (into / "blank.pdf").write_bytes(WorkbookRenderer(theme_dir=theme, paper="a4").render(plan, fillable=True))
    return (made_once(run_folder, "record-added-rows-blank", make) / "blank.pdf").read_bytes()


@pytest.fixture
def plans(tmp_path, blank_pdf) -> Path:
    shutil.copytree(FOLLOWING, tmp_path / "plans")
    (tmp_path / "blank.pdf").write_bytes(blank_pdf)
    return tmp_path / "plans"


def fill(source: Path, target: Path, answers: dict[str, str]) -> None:
    filling.fill_with_pikepdf(source, target, answers, BUTTONS, every=True)


def test_rows_added_on_paper_become_items_and_the_programs_lists_are_copied_to_hold_them(plans):
    program_before = (plans / "program.yaml").read_bytes()
    fill(plans.parent / "blank.pdf", plans.parent / "filled.pdf", FILLED)
    result = import_workbook(plans.parent / "filled.pdf", plans=[plans])
    assert result.written, result.notes
    library = Library([plans])
    plan = library.check(library.documents["ana-and-lee"]).plan
    workshop = next(g for g in plan.goals if g.title == "Run a workshop")
    assert workshop.id == "run-a-workshop" and workshop.framework == "smart" and workshop.due == dt.date(2027, 1, 18)
    assert workshop.time_bound == "By the last meeting." and workshop.specific == "A 90-minute workshop for my team."
    assert [g.id for g in plan.goals] == ["first-talk", "run-a-workshop"]  # the program's goal stays the program's
    # the milestones: the program's two (the first now reached) and the pair's own
    assert [(m.title, m.achieved, m.celebrated) for m in plan.milestones] == [
        ("Topic chosen", dt.date(2027, 1, 4), "Coffee"), ("Talk given", None, None),
        ("Slides reviewed", dt.date(2027, 1, 11), None)]
    assert plan.self_assessment.areas == ["Presenting", "Storytelling"]
    assert plan.self_assessment.ratings == {"Storytelling": 2} and plan.self_assessment.end_ratings == {"Storytelling": 4}
    assert plan.logistics.responsibilities == {"Booking the room": "mentee"}
    assert [r.title for r in plan.resources] == ["Speaking guide", "Talk-like-TED notes", "Speaking club"]
    assert [(m.id, m.baseline, m.target) for m in plan.metrics] == [("talks-given", 0, 1)]
    assert plan.final_review.metrics["talks-given"].actual == 2 and plan.final_review.metrics["talks-given"].met
    assert (plans / "program.yaml").read_bytes() == program_before  # the program is the designer's
    text = (plans / "ana-and-lee.yaml").read_text()
    assert text.startswith("# Ana and Lee follow the speaking program\n")  # the pair's file, edited in place
    summary = "\n".join(result.summary())
    assert "milestones copied from the program" in summary and "goal 'Run a workshop' (SMART)" in summary
    # the same workbook again: nothing new, no item twice
    again = import_workbook(plans.parent / "filled.pdf", plans=[plans])
    assert not again.written and again.changed == [] and again.conflicts == []
    assert (plans / "ana-and-lee.yaml").read_text() == text


def test_a_reprinted_workbook_shows_the_added_rows_and_its_blank_rows_stay_blank(plans):
    fill(plans.parent / "blank.pdf", plans.parent / "filled.pdf", FILLED)
    import_workbook(plans.parent / "filled.pdf", plans=[plans])
    library = Library([plans])
    plan = library.check(library.documents["ana-and-lee"]).plan
    html = WorkbookRenderer(paper="a4").html(plan, fillable=True)
    for printed in ("Run a workshop", "Slides reviewed", "Storytelling", "Booking the room", "Talk-like-TED notes",
                    "Talks given"):
        assert printed in re.sub(r"</?span[^>]*>", "", html)  # a short compound is kept whole in a span
    assert 'name="goal-new-0"' in html  # a new blank row to add yet more


def test_a_half_written_goal_a_task_ticked_twice_or_a_rating_without_its_area_is_not_imported_and_says_why(plans):
    fill(plans.parent / "blank.pdf", plans.parent / "filled.pdf",
         {"goal-new-0": "Half a goal", "goal-new-0-1": "Only one row written",  # neither SMART nor REAL
          "owner-extra-0": "Notes", "owner-extra-0-mentee": "Yes", "owner-extra-0-mentor": "Yes",
          "self-extra-1-start": "3", "log.1.action": "Picked a topic"})
    result = import_workbook(plans.parent / "filled.pdf", plans=[plans])
    assert any("ticked for mentor and mentee" in n for n in result.notes), result.notes
    assert any("another area that has no name" in n for n in result.notes), result.notes
    assert any("'Half a goal' is neither SMART" in n for n in result.notes), result.notes
    assert "responsibilities" not in (plans / "ana-and-lee.yaml").read_text()
    assert "Half a goal" not in (plans / "ana-and-lee.yaml").read_text()
    assert "Picked a topic" in (plans / "ana-and-lee.yaml").read_text()


def test_a_folder_with_two_workbooks_of_one_pair_records_both_into_its_plan(plans):
    """The folder's plans are read once; the plan the first import wrote is read again for the second."""
    from click.testing import CliRunner

    from mentorkit.cli import main

    returned = plans.parent / "returned"
    returned.mkdir()
    fill(plans.parent / "blank.pdf", returned / "a.pdf", {"milestone-extra-0": "Slides reviewed"})
    fill(plans.parent / "blank.pdf", returned / "b.pdf", {"milestones.1.achieved": "2027-01-04",
                                                          "milestone-extra-0": "Slides reviewed"})
    import os

    cwd = os.getcwd()
    os.chdir(plans.parent)
    try:
        result = CliRunner().invoke(main, ["import", "returned"])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    assert "a.pdf -> plans/ana-and-lee.yaml: changed" in result.output
    assert "b.pdf -> plans/ana-and-lee.yaml: changed milestones: milestone 1 achieved" in result.output
    # b was printed before a's answers were recorded: the plan as it is now says so
    assert result.output.split("b.pdf ->")[1].count("printed from an earlier version of the plan") == 1
    assert "printed from an earlier version" not in result.output.split("b.pdf ->")[0]
    library = Library([plans])
    plan = library.check(library.documents["ana-and-lee"]).plan
    assert [(m.title, m.achieved) for m in plan.milestones] == [
        ("Topic chosen", dt.date(2027, 1, 4)), ("Talk given", None), ("Slides reviewed", None)]


def test_odd_or_repeated_rows_are_listed_and_the_rest_is_recorded(plans):
    """Values no plan holds, titles the plan has, ids two rows would share: each such row is left
    out and said; the workbook's other answers are recorded, and no program list is copied for
    nothing (a reviewer's findings)."""
    fill(plans.parent / "blank.pdf", plans.parent / "filled.pdf", {
        "self-extra-0": "Storytelling", "self-extra-0-start": "inf",  # no rating
        "self-extra-1": "Presenting",  # the program's area: there already
        "milestone-extra-0": "Slides reviewed", "milestone-extra-0-reached": "1 Jan 99999999999999999999",
        "milestone-extra-1": "Dry run", "milestone-extra-1-due": "end of March",
        "milestone-extra-2": "x" * 300,
        "resource-extra-0": "speaking  GUIDE",  # the program's, written otherwise
        "goal-new-0": "Give a first talk", "goal-new-0-1": "a", "goal-new-0-2": "b", "goal-new-0-3": "c",
        "goal-new-0-4": "d",  # the program's goal, by its title
        "final-extra-0": "Talks given", "final-extra-0-actual": "nan",
        "final-extra-1": "Talks: given!", "final-extra-1-actual": "3",
        "final-extra-2": "Talks given?", "final-extra-2-actual": "4",
        "milestones.2.celebrated": "Cake",
    })
    result = import_workbook(plans.parent / "filled.pdf", plans=[plans])
    notes = "\n".join(result.notes)
    for said in ("'inf' is not a number", "99999999999999999999", "due 'end of March' is neither a date",
                 "longer than a title may be", "a goal 'Give a first talk' already"):
        assert said in notes, notes
    assert result.written, notes
    library = Library([plans])
    plan = library.check(library.documents["ana-and-lee"]).plan
    assert [g.id for g in plan.goals] == ["first-talk"] and plan.goals[0].realistic == "A ten-minute team talk."
    assert [m.title for m in plan.milestones] == ["Topic chosen", "Talk given"] and plan.milestones[1].celebrated == "Cake"
    assert plan.self_assessment.areas == ["Presenting"]
    text = (plans / "ana-and-lee.yaml").read_text(encoding="utf-8")
    assert "resources" not in text and "areas" not in text  # nothing new in them: still the program's
    assert [(m.id, m.title) for m in plan.metrics] == [("talks-given", "Talks: given!"), ("talks-given-2", "Talks given?")]
    assert plan.final_review.metrics["talks-given"].actual == 3 and plan.final_review.metrics["talks-given-2"].actual == 4
