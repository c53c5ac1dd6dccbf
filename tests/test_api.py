"""The library API that the command line, the MkDocs plugin and the workbook use."""
from __future__ import annotations

import pytest

import mentorkit
from conftest import PLANS, TEMPLATES


def test_load_plan_returns_a_typed_plan():
    plan = mentorkit.load_plan(TEMPLATES / "onboarding.yaml")
    assert isinstance(plan, mentorkit.Plan)
    assert plan.id == "onboarding" and plan.title
    assert plan.meetings and all(isinstance(m, mentorkit.Meeting) for m in plan.meetings)
    assert plan.source == TEMPLATES / "onboarding.yaml"


def test_load_plan_raises_with_located_diagnostics(write_plan):
    path = write_plan("mentorkit: 1\ntitle: T\ngoals:\n  - id: g\n    title: G\n    framework: smart\n")
    with pytest.raises(mentorkit.PlanError) as caught:
        mentorkit.load_plan(path)
    problems = caught.value.diagnostics
    assert [(p.line, p.column, p.severity) for p in problems] == [(4, 5, "error")] * 2
    assert [p.message for p in problems] == [
        "SMART goal 'g' is missing specific, measurable, achievable, relevant, time_bound; "
        "a SMART goal states all of specific, measurable, achievable, relevant, time_bound",
        "SMART goal 'g' needs a 'due' date (it is time-bound)"]


def test_load_plan_keeps_warnings_out_of_the_way(write_plan):
    plan = mentorkit.load_plan(write_plan("mentorkit: 1\ntitle: T\nmetrics:\n  - {id: m, title: M}\n"))
    assert plan.metrics[0].target is None


def test_load_program_collects_every_problem_without_raising(tmp_path):
    (tmp_path / "good.yaml").write_text("mentorkit: 1\ntitle: Good\n")
    (tmp_path / "bad.yaml").write_text("mentorkit: 1\ntitle: [Bad]\n")
    (tmp_path / "ignored.yaml").write_text("other: config\n")
    program = mentorkit.load_program(tmp_path)
    assert [p.title for p in program.plans] == ["Good"]
    assert not program.ok and len(program.diagnostics) == 1
    assert program.diagnostics[0].file.endswith("bad.yaml")


def test_example_program_loads_cleanly():
    program = mentorkit.load_program(PLANS)
    assert program.ok, "\n".join(d.format() for d in program.diagnostics)
    assert len(program.plans) >= 3
    paired = [p for p in program.plans if p.pair and p.log]
    assert paired and len(paired[0].log) >= 3


def test_plan_text_is_never_evaluated(write_plan):
    plan = mentorkit.load_plan(write_plan("mentorkit: 1\ntitle: \"{{ 7*7 }}\"\nsummary: \"{% raw %}\"\n"))
    assert plan.title == "{{ 7*7 }}" and plan.summary == "{% raw %}"


def test_aliases_and_merge_keys_work_within_limits(write_plan):
    text = ("mentorkit: 1\ntitle: T\nexpectations:\n  mentor: &shared [Be on time, Listen]\n"
            "  mentee: *shared\nlogistics:\n  <<: {location: Room 1}\n  channels: [chat]\n")
    plan = mentorkit.load_plan(write_plan(text))
    assert plan.expectations.mentee == ["Be on time", "Listen"]
    assert plan.logistics.location == "Room 1"
