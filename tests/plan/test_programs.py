"""Pair plans that follow a program, and dates relative to the schedule."""
from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from mentorkit.plan.loading import check_paths, load_plan
from mentorkit.plan.reference import RULES
from mentorkit.view.plan_view import build_view
from running import quick_theme, run_mentorkit, workbooks_in_this_process

PROGRAM = textwrap.dedent("""\
    mentorkit: 1
    id: onboarding
    title: Onboarding
    schedule:
      cadence: weekly
      meetings: 4
      length: 45
    goals:
      - id: first-change
        title: Ship a first change
        framework: smart
        specific: a
        measurable: b
        achievable: c
        relevant: d
        time_bound: e
        due: meeting 3
      - id: map
        title: Draw the system map
        framework: real
        realistic: a
        engaging: b
        actionable: c
        linked: d
        due: 3 weeks in
    roadmap:
      - topic: Getting started
        goals: [first-change, map]
        agenda: [Introductions]
      - topic: The first change
        agenda: [Walk through the change]
      - topic: The system map
      - topic: Looking back
    milestones:
      - {title: Environment working, due: 1 week in, goal: first-change}
      - {title: All done, due: last meeting}
    """)


def pair(name: str, start: str, mentor: str = "Ana Ruiz", mentee: str = "Lee Chen", extra: str = "") -> str:
    return textwrap.dedent(f"""\
        mentorkit: 1
        program: onboarding
        pair:
          mentor: {{name: {mentor}}}
          mentee: {{name: {mentee}}}
        schedule:
          start: {start}
        """) + textwrap.dedent(extra)


@pytest.fixture
def program_folder(tmp_path) -> Path:
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "onboarding.yaml").write_text(PROGRAM, encoding="utf-8")
    return plans


def test_a_pair_plan_takes_what_it_does_not_say_from_its_program(program_folder):
    (program_folder / "ana-and-lee.yaml").write_text(pair("ana-and-lee", "2027-01-04"), encoding="utf-8")
    plan = load_plan(program_folder / "ana-and-lee.yaml")
    assert plan.program == "onboarding"
    assert plan.title == "Onboarding: Ana Ruiz and Lee Chen"
    assert plan.schedule.start == dt.date(2027, 1, 4)
    assert (plan.schedule.cadence, plan.schedule.meetings, plan.schedule.length) == ("weekly", 4, 45)
    assert [t.topic for t in plan.roadmap] == ["Getting started", "The first change", "The system map", "Looking back"]
    # Relative dates resolve against the pair's own start.
    view = build_view(plan)
    assert [g.due.date for g in view.goals] == [dt.date(2027, 1, 18), dt.date(2027, 1, 25)]
    assert [m.due.date for m in view.milestones] == [dt.date(2027, 1, 11), dt.date(2027, 1, 25)]


def test_a_program_without_a_start_shows_relative_dates_in_words(program_folder):
    view = build_view(load_plan(program_folder / "onboarding.yaml"))
    assert [str(g.due) for g in view.goals] == ["by meeting 3", "3 weeks in"]
    assert [m.due.short for m in view.milestones] == ["1 week in", "by the last meeting"]


def test_goals_combine_by_id_mappings_by_key_other_lists_replace(program_folder):
    (program_folder / "p.yaml").write_text(pair("p", "2027-01-04", extra="""\
        title: Our own title
        schedule:
          length: 60
        goals:
          - id: map
            title: Draw the map of the payments system
            framework: real
            realistic: a
            engaging: b
            actionable: c
            linked: d
          - id: talk
            title: Give a talk
            framework: real
            realistic: a
            engaging: b
            actionable: c
            linked: d
        roadmap:
          - topic: Only one
            goals: [map, talk, first-change]
        """), encoding="utf-8")
    text = (program_folder / "p.yaml").read_text()
    # the extra keys above repeat `schedule`; write them as one mapping as a user would
    text = text.replace("schedule:\n  start: 2027-01-04\n", "").replace("schedule:\n  length: 60",
                                                                       "schedule:\n  start: 2027-01-04\n  length: 60")
    (program_folder / "p.yaml").write_text(text, encoding="utf-8")
    plan = load_plan(program_folder / "p.yaml")
    assert plan.title == "Our own title"
    assert (plan.schedule.start, plan.schedule.length, plan.schedule.meetings) == (dt.date(2027, 1, 4), 60, 4)
    assert [(g.id, g.title) for g in plan.goals] == [
        ("first-change", "Ship a first change"), ("map", "Draw the map of the payments system"), ("talk", "Give a talk")]
    assert [t.topic for t in plan.roadmap] == ["Only one"]


def test_a_misspelled_program_is_a_located_error_with_a_suggestion(program_folder):
    (program_folder / "p.yaml").write_text(pair("p", "2027-01-04").replace("program: onboarding",
                                                                           "program: onbaording"))
    result = run_mentorkit("validate", str(program_folder))
    assert result.returncode == 1
    assert "p.yaml:2:10: error: no program plan with id 'onbaording' among the plans (did you mean " \
           "'onboarding'?)" in result.stdout


def test_an_error_in_the_program_is_reported_once_at_the_program(program_folder):
    for name, start in (("a", "2027-01-04"), ("b", "2027-02-01"), ("c", "2027-03-01")):
        (program_folder / f"{name}.yaml").write_text(pair(name, start, mentee=name.upper()), encoding="utf-8")
    broken = PROGRAM.replace("  - topic: The system map\n", "  - topic: The system map\n    agend: [x]\n")
    (program_folder / "onboarding.yaml").write_text(broken, encoding="utf-8")
    line = broken.splitlines().index("    agend: [x]") + 1
    result = run_mentorkit("validate", str(program_folder))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    at_program = [x for x in lines if "onboarding.yaml:" in x]
    assert f"onboarding.yaml:{line}:5: error: unknown key 'agend' in topic 'The system map'" in at_program[0]
    assert len(at_program) == 1, result.stdout  # once in total, not once per pair
    for name in "abc":
        assert any(f"{name}.yaml:2:10: error: follows program 'onboarding', which has errors" in x for x in lines)


def test_a_warning_the_program_has_itself_is_given_once_at_the_program_for_all_its_pairs(program_folder):
    """A program without topics: one warning at the program, not one more per pair that follows it;
    a pair checked alone still hears of it, at the program."""
    program = PROGRAM[:PROGRAM.index("roadmap:")]
    (program_folder / "onboarding.yaml").write_text(program, encoding="utf-8")
    for name, start in (("a", "2027-01-04"), ("b", "2027-02-01"), ("c", "2027-03-01")):
        (program_folder / f"{name}.yaml").write_text(pair(name, start, mentee=name.upper()), encoding="utf-8")
    warnings = [d for d in check_paths([program_folder]).diagnostics if "no meeting has a topic" in d.message]
    assert [Path(d.file).name for d in warnings] == ["onboarding.yaml"]
    alone = check_paths([program_folder / "b.yaml"]).diagnostics
    assert [(Path(d.file).name, d.severity) for d in alone if "no meeting has a topic" in d.message] == [
        ("onboarding.yaml", "warning")]


def test_a_program_title_written_as_a_folded_block_gives_its_pairs_a_one_line_title(program_folder):
    program = PROGRAM.replace("title: Onboarding\n", "title: >\n  Onboarding\n  for engineers\n")
    (program_folder / "onboarding.yaml").write_text(program, encoding="utf-8")
    (program_folder / "a.yaml").write_text(pair("a", "2027-01-04"), encoding="utf-8")
    checked = check_paths([program_folder])
    assert checked.ok, [d.format() for d in checked.diagnostics]
    titles = {p.title for p in checked.plans}
    assert titles == {"Onboarding for engineers", "Onboarding for engineers: Ana Ruiz and Lee Chen"}


def test_a_problem_only_a_pair_exposes_is_reported_at_the_program_naming_the_pair(program_folder):
    program = PROGRAM.replace("due: 3 weeks in", "due: 2027-01-20")
    (program_folder / "onboarding.yaml").write_text(program, encoding="utf-8")
    (program_folder / "early.yaml").write_text(pair("early", "2027-01-04"), encoding="utf-8")
    (program_folder / "late.yaml").write_text(pair("late", "2027-06-07"), encoding="utf-8")
    line = program.splitlines().index("    due: 2027-01-20") + 1
    result = check_paths([program_folder])
    found = [d for d in result.diagnostics if d.severity == "error"]
    assert [(Path(d.file).name, d.line, d.column) for d in found] == [("onboarding.yaml", line, 10)]
    assert found[0].message == ("the due date of goal 'map' (2027-01-20) is before the schedule starts (2027-06-07) "
                                f"(for {found[0].message.split('(for ')[1].split(',')[0]}, which follows this program)")
    assert "late.yaml" in found[0].message and "early.yaml" not in found[0].message


def test_a_relative_date_naming_a_meeting_the_schedule_lacks_is_an_error(program_folder):
    (program_folder / "p.yaml").write_text(pair("p", "2027-01-04", extra="schedule:\n  meetings: 2\n")
                                           .replace("schedule:\n  start: 2027-01-04\nschedule:\n  meetings: 2",
                                                    "schedule:\n  start: 2027-01-04\n  meetings: 2"), encoding="utf-8")
    result = check_paths([program_folder])
    messages = [d.message for d in result.diagnostics if d.severity == "error"]
    assert any("the due date of goal 'first-change' is 'meeting 3', but the schedule has only 2 meetings" in m
               for m in messages), messages


def test_a_program_change_reaches_every_pair_on_the_next_load(program_folder):
    (program_folder / "p.yaml").write_text(pair("p", "2027-01-04"), encoding="utf-8")
    assert load_plan(program_folder / "p.yaml").roadmap[1].agenda[0].title == "Walk through the change"
    (program_folder / "onboarding.yaml").write_text(
        PROGRAM.replace("Walk through the change", "Pair on the change and deploy it"), encoding="utf-8")
    assert load_plan(program_folder / "p.yaml").roadmap[1].agenda[0].title == "Pair on the change and deploy it"


def test_the_format_reference_states_the_rules():
    assert "`goals`, `metrics` combine by `id`" in RULES
    assert "`circle`, `id`, `log`, `measures`, `pair`, `title`, `visibility` are never taken" in RULES
    assert "| `meeting 6` |" in RULES
    from mentorkit.plan.model import MAX_LINE_CHARS
    assert f"at most {MAX_LINE_CHARS} characters and no line break" in RULES


SMALL_PROGRAM = textwrap.dedent("""\
    mentorkit: 1
    id: starter-program
    title: Starter program
    schedule: {cadence: weekly, meetings: 2, length: 30}
    roadmap:
      - topic: Hello
        agenda: [Introductions]
      - topic: Goodbye
        agenda: [Look back at the first week]
    """)


@pytest.mark.slow
def test_a_program_change_reaches_every_pair_site_page_and_workbook_on_rebuild(tmp_path):
    import subprocess

    (tmp_path / "mkdocs.yml").write_text("site_name: T\ndocs_dir: docs\nplugins:\n  - mentorkit:\n"
                                         "      pairs: full\n      workbooks: true\n      theme: quick\n",
                                         encoding="utf-8")
    quick_theme(tmp_path / "quick")  # workbooks of the meetings' agendas: that is what this test reads
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# T\n", encoding="utf-8")
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "starter-program.yaml").write_text(SMALL_PROGRAM, encoding="utf-8")
    pairs = {"ana": "2027-01-04", "bo": "2027-02-01", "cy": "2027-03-01"}
    for name, start in pairs.items():
        (plans / f"{name}.yaml").write_text(pair(name, start, mentee=name.title()).replace(
            "program: onboarding", "program: starter-program"), encoding="utf-8")

    def agendas() -> dict[str, tuple[str, str]]:
        found = {}
        for name in pairs:
            page = (tmp_path / "site" / "plans" / name / "schedule" / "index.html").read_text(encoding="utf-8")
            pdf = subprocess.run(["pdftotext", "-layout", str(tmp_path / "site" / "workbooks" / f"{name}.pdf"), "-"],
                                 capture_output=True, text=True, check=True).stdout
            found[name] = (page, pdf)
        return found

    with workbooks_in_this_process():  # four one-page workbooks: worker processes would cost more
        assert run_mentorkit("build", cwd=tmp_path).returncode == 0
        before = agendas()
        assert all("Look back at the first week" in page and "Look back at the first week" in pdf
                   for page, pdf in before.values())
        (plans / "starter-program.yaml").write_text(SMALL_PROGRAM.replace("Look back at the first week",
                                                                          "Plan the next month together"))
        rebuilt = run_mentorkit("build", cwd=tmp_path)
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    for name, (page, pdf) in agendas().items():
        assert "Plan the next month together" in page and "Plan the next month together" in pdf, name
        assert "Look back at the first week" not in page + pdf, name
        assert 'Follows the program</dt><dd><a href="../starter-program/">Starter program</a>' in \
            (tmp_path / "site" / "plans" / name / "index.html").read_text(encoding="utf-8")


def test_a_program_that_cannot_be_read_is_named_not_reported_missing(program_folder):
    (program_folder / "onboarding.yaml").write_text("mentorkit: 1\nid: onboarding\ntitle: [oops\n", encoding="utf-8")
    (program_folder / "p.yaml").write_text(pair("p", "2027-01-04"), encoding="utf-8")
    found = [d.format() for d in check_paths([program_folder / "p.yaml"]).diagnostics]
    assert any("onboarding.yaml:3:" in line and "YAML syntax error" in line for line in found), found
    assert any("p.yaml:2:10: error: follows program 'onboarding'" in line and "cannot be read" in line
               for line in found), found


def test_a_repeated_goal_id_in_a_pair_plan_is_still_a_duplicate(program_folder):
    goal = "  - {id: map, title: T, framework: real, realistic: a, engaging: b, actionable: c, linked: d}\n"
    (program_folder / "p.yaml").write_text(pair("p", "2027-01-04", extra="goals:\n" + goal + goal), encoding="utf-8")
    messages = [d.message for d in check_paths([program_folder]).diagnostics if d.severity == "error"]
    assert any("duplicate goal id 'map'" in m for m in messages), messages


def test_a_number_as_program_id_is_followed_like_text(program_folder):
    (program_folder / "p.yaml").write_text(pair("p", "2027-01-04").replace("program: onboarding", "program: 0x10"),
                                           encoding="utf-8")
    found = [d.format() for d in check_paths([program_folder]).diagnostics]
    assert any("p.yaml:2:10: error: no program plan with id '0x10'" in line for line in found), found


def test_last_meeting_of_an_open_ended_plan_has_no_date(tmp_path):
    (tmp_path / "o.yaml").write_text(
        "mentorkit: 1\ntitle: O\nschedule: {start: 2027-01-04, cadence: weekly, open_ended: true}\n"
        "milestones:\n  - {title: End, due: last meeting}\n", encoding="utf-8")
    plan = load_plan(tmp_path / "o.yaml")
    assert plan.resolve_date(plan.milestones[0].due) is None
    assert str(build_view(plan).milestones[0].due) == "by the last meeting"


def test_the_hint_lists_programs_not_pair_plans(program_folder):
    (program_folder / "solo.yaml").write_text("mentorkit: 1\ntitle: Solo\npair: {mentor: {name: A}, mentee: {name: B}}\n",
                                              encoding="utf-8")
    (program_folder / "p.yaml").write_text(pair("p", "2027-01-04").replace("program: onboarding", "program: zzz"),
                                           encoding="utf-8")
    found = [d.message for d in check_paths([program_folder]).diagnostics if "no program plan" in d.message]
    assert found == ["no program plan with id 'zzz' among the plans (programs here: onboarding)"]


def test_a_checked_plan_carries_where_it_came_from_and_is_never_changed_afterwards(tmp_path):
    from mentorkit.plan.loading import load_plan

    path = tmp_path / "p.yaml"
    path.write_text("mentorkit: 1\ntitle: T\nschedule:\n  cadence: weekly\n  meetings: 2\n", encoding="utf-8")
    plan = load_plan(path)
    assert plan.source == path and plan.positions.of(("schedule", "cadence")) == (4, 12)
    with_columns = plan.with_origin(extra=(("Team", "Platform"),))
    assert with_columns.extra == (("Team", "Platform"),) and with_columns.source == path
    assert plan.extra == ()  # the checked plan itself is as it was
    assert with_columns.model_dump() == plan.model_dump()


def test_checking_plans_collects_garbage_less_often_and_gives_the_thresholds_back(tmp_path):
    import gc

    from mentorkit.plan import loading

    seen = []
    before = gc.get_threshold()
    original = loading._check_paths
    try:
        loading._check_paths = lambda *a, **k: seen.append(gc.get_threshold()) or original(*a, **k)
        loading.check_paths([tmp_path], require_plans=False)
    finally:
        loading._check_paths = original
    assert seen[0][0] >= 50_000 and gc.get_threshold() == before
