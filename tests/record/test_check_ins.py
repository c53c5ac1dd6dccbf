"""Check-ins declared by a plan: at which meetings, with which questions; the default is today's."""
from __future__ import annotations

from pathlib import Path

from mentorkit.plan.loading import check_file, load_plan
from mentorkit.workbook.render import WorkbookRenderer

HERE = Path(__file__).resolve().parent
DECLARED = """check_ins:
  - meeting: 1
    questions: [Is the slot right?]
  - meeting: 3
    ratings: [We trust each other]
"""


def _plan(tmp_path: Path, extra: str = "", name: str = "ana-and-lee.yaml") -> Path:
    path = tmp_path / name
    path.write_text((HERE / "plan-commented.yaml").read_text(encoding="utf-8").replace("\nlog:", extra + "\nlog:"),
                    encoding="utf-8")
    return path


def test_without_check_ins_there_is_one_with_the_half_way_meeting_and_its_usual_questions(tmp_path):
    plan = load_plan(_plan(tmp_path))
    (check_in,) = plan.calendar.check_ins
    assert check_in.meeting == 2 and check_in.halfway and len(check_in.ratings) == 4 and len(check_in.questions) == 4


def test_declared_check_ins_print_after_their_meetings_with_their_own_questions(tmp_path):
    plan = load_plan(_plan(tmp_path, DECLARED))
    assert [(c.meeting, c.questions[:1], c.ratings[:1]) for c in plan.calendar.check_ins] == [
        (1, ("Is the slot right?",), ("The relationship overall",)),
        (3, ("What works, and we keep",), ("We trust each other",))]
    html = WorkbookRenderer(paper="a4").html(plan, fillable=True)
    assert html.count("<section class=\"check-in\"") == 2
    assert html.index('id="check-in"') > html.index('id="meeting-1"') and html.index('id="check-in-2"') > html.index('id="meeting-3"')
    assert 'name="log.1.check_in.answers.1"' in html and 'name="log.3.check_in.ratings.mentee.1"' in html
    assert "Is the slot right?" in html and "half-way" not in html.split('id="check-in"')[0][-300:]


def test_check_in_answers_must_fit_a_check_in_the_plan_has(tmp_path):
    path = _plan(tmp_path, DECLARED)
    path.write_text(path.read_text(encoding="utf-8") + "    check_in: {answers: [a, b]}\n"
                    "  - meeting: 2\n    check_in: {answers: [c]}\n", encoding="utf-8")
    messages = [d.format() for d in check_file(path).diagnostics]
    assert any("2 answers for 1 question of the check-in" in m for m in messages), messages
    assert any("meeting 2 has no check-in (check-ins are held with meetings: 1, 3)" in m for m in messages), messages


def test_a_pair_overrides_its_programs_check_ins(tmp_path):
    program = tmp_path / "cohort.yaml"
    program.write_text("mentorkit: 1\nid: cohort\ntitle: Cohort\nschedule: {cadence: weekly, meetings: 6}\n"
                       "check_ins: [{meeting: 2}, {meeting: 4, questions: [Still useful?]}]\n", encoding="utf-8")
    pair = tmp_path / "pair.yaml"
    base = ("mentorkit: 1\nprogram: cohort\npair: {mentor: {name: Ana}, mentee: {name: Lee}}\n"
            "schedule: {start: 2027-01-04}\n")
    pair.write_text(base, encoding="utf-8")
    assert [c.meeting for c in load_plan(pair).calendar.check_ins] == [2, 4]  # the program's
    pair.write_text(base + "check_ins: [{meeting: 5}]\n", encoding="utf-8")
    assert [c.meeting for c in load_plan(pair).calendar.check_ins] == [5]  # the pair's own
    pair.write_text(base + "check_ins: []\n", encoding="utf-8")
    assert load_plan(pair).calendar.check_ins == ()
