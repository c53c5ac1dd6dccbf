"""The notes column beside a meeting's agenda (issue 26): what a pair types there in a fillable
workbook comes back into the meeting's notes, a line an item, and a reprint puts each line back
beside its item, so a second import changes nothing (mentorkit/workbook/agenda_notes.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

from mentorkit.plan.loading import load_plan
from mentorkit.record import import_workbook
from mentorkit.record.filled import read_filled
from mentorkit.workbook.render import WorkbookRenderer

import filling
from running import sections_theme

PLAN = """\
mentorkit: 1
title: Kim and Max
kind: onboarding
pair: {mentor: {name: Kim Berg}, mentee: {name: Max Roy}}
schedule: {start: 2027-01-11, cadence: weekly, meetings: 2, length: 45}
roadmap:
  - topic: First steps
    agenda: [Backgrounds, "Deploy *access*: and tools", Next steps]
  - topic: Second
log:
  - meeting: 1
    action: Read the handbook
"""


@pytest.fixture(scope="module")
def renderer() -> WorkbookRenderer:
    return WorkbookRenderer(paper="a4")


@pytest.fixture
def plans(tmp_path) -> Path:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "kim-and-max.yaml").write_text(PLAN, encoding="utf-8")
    return tmp_path / "plans"


def test_what_is_typed_beside_the_agenda_comes_back_into_the_notes_and_goes_back_beside_its_item(plans, renderer):
    plan_file = plans / "kim-and-max.yaml"
    blank = plans.parent / "blank.pdf"
    # the meeting pages alone are filled: the real meeting section (its fields), not the whole workbook
    meetings = WorkbookRenderer(theme_dir=sections_theme(plans.parent / "theme", "meeting") / "print", paper="a4")
    blank.write_bytes(meetings.render(load_plan(plan_file), fillable=True))
    typed = {"log.1.agenda_notes.1": "We both came from support", "log.1.agenda_notes.3": "Request deploy access (by Fri 15 Jan)",
             "log.1.notes": "A free note"}
    filling.fill_with_pikepdf(blank, plans.parent / "filled.pdf", typed, set(), every=True)
    result = import_workbook(plans.parent / "filled.pdf", plans=[plans])
    assert result.written, result.notes
    notes = {e.meeting: e.notes for e in load_plan(plan_file).log}[1]
    assert notes.rstrip("\n") == ("Backgrounds: We both came from support\nNext steps: Request deploy access (by Fri 15 Jan)\n"
                     "A free note"), notes

    # Printed again (the whole workbook), each line stands beside its item, the rest in the notes:
    # nothing twice, nothing lost.
    again = plans.parent / "again.pdf"
    again.write_bytes(renderer.render(load_plan(plan_file), fillable=True))
    fields = read_filled(again).values
    assert fields[("log", 1, "agenda_notes", 1)] == "We both came from support"
    assert fields[("log", 1, "agenda_notes", 3)] == "Request deploy access (by Fri 15 Jan)"
    assert ("log", 1, "agenda_notes", 2) not in fields and fields[("log", 1, "notes")] == "A free note"
    before = plan_file.read_bytes()
    second = import_workbook(again, plans=[plans])
    assert not second.written and plan_file.read_bytes() == before, second.notes

    html = renderer.html(load_plan(plan_file))
    meeting = html[html.index('id="meeting-1"'):html.index('id="meeting-2"')]
    assert meeting.count("We both came from support") == 1 and "Backgrounds: We" not in meeting


def test_an_item_whose_title_has_markdown_and_a_colon_is_matched_by_its_plain_text():
    from mentorkit.workbook import agenda_notes

    items = ["Backgrounds", "Deploy *access*: and tools", "Backgrounds"]
    joined = agenda_notes.join(items, {2: "  went   well ", 3: "again"}, "free\ntext")
    assert joined == "Deploy access: and tools: went well\nBackgrounds: again\nfree\ntext"
    said, rest = agenda_notes.split(items, joined)
    assert said == ("again", "went well", None) and rest == "free\ntext"
