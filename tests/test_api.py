"""The library API that the command line, the MkDocs plugin and the workbook use."""
from __future__ import annotations

import pytest

import mentorkit
from running import PLANS, TEMPLATES


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
    problems = [d for d in caught.value.diagnostics if d.severity == "error"]
    assert [(p.line, p.column, p.severity) for p in problems] == [(4, 5, "error")] * 2
    assert [p.message for p in problems] == [
        "SMART goal 'g' is missing specific, measurable, achievable, relevant, time_bound; "
        "a SMART goal states all of specific, measurable, achievable, relevant, time_bound",
        "SMART goal 'g' needs a 'due' date (it is time-bound)"]


def test_a_plan_with_warnings_loads_whole_and_load_program_locates_the_warnings(write_plan):
    path = write_plan("mentorkit: 1\ntitle: T\nmetrics:\n  - {id: m, title: M}\n")
    plan = mentorkit.load_plan(path)  # warnings do not raise
    assert (plan.title, [m.id for m in plan.metrics], plan.metrics[0].target) == ("T", ["m"], None)
    program = mentorkit.load_program(path.parent)
    assert program.ok and [p.title for p in program.plans] == ["T"]
    assert all(d.severity == "warning" for d in program.diagnostics)
    assert [(d.line, d.column) for d in program.diagnostics if "metric 'm' has no target" in d.message] == [(4, 10)]


def test_load_program_collects_every_problem_without_raising(tmp_path):
    (tmp_path / "good.yaml").write_text("mentorkit: 1\ntitle: Good\n")
    (tmp_path / "bad.yaml").write_text("mentorkit: 1\ntitle: [Bad]\n")
    (tmp_path / "ignored.yaml").write_text("other: config\n")
    program = mentorkit.load_program(tmp_path)
    assert [p.title for p in program.plans] == ["Good"]
    (error,) = [d for d in program.diagnostics if d.severity == "error"]
    assert not program.ok and error.file.endswith("bad.yaml")


def test_example_program_loads_cleanly():
    program = mentorkit.load_program(PLANS)
    assert program.ok, "\n".join(d.format() for d in program.diagnostics)
    assert len(program.plans) >= 3
    paired = [p for p in program.plans if p.pair and p.log]
    assert paired and len(paired[0].log) >= 3


def test_plan_text_is_never_evaluated_as_a_template_by_the_site_or_the_workbook(write_plan):
    from mentorkit.site.pages import SiteRenderer, gather_site
    from mentorkit.workbook.render import WorkbookRenderer

    plan = mentorkit.load_plan(write_plan(
        "mentorkit: 1\ntitle: \"{{ 7*7191 }}\"\nsummary: \"{% if true %}if-taken{% endif %} {{ config }}\"\n"
        "schedule: {meetings: 1}\nroadmap:\n  - {topic: \"{{ 6*7191 }}\", agenda: [\"{% raw %}\"]}\n"))
    assert plan.title == "{{ 7*7191 }}" and plan.summary.startswith("{% if true %}")
    model = gather_site([plan])
    SiteRenderer().render_all(model)
    pages = {page.url: page.html for page in model.pages()}
    title, summary, topic, agenda = ("{{ 7*7191 }}", "{% if true %}if-taken{% endif %} {{ config }}",
                                     "{{ 6*7191 }}", "{% raw %}")
    shown = {"workbook": (WorkbookRenderer().html(plan), [title, summary, topic, agenda]),
             "catalog": (pages["plans/"], [title, summary]), "overview": (pages[f"plans/{plan.id}/"], [title, summary]),
             "schedule": (pages[f"plans/{plan.id}/schedule/"], [title, topic, agenda])}
    assert len(pages) == 3
    for name, (html, texts) in shown.items():
        for text in texts:
            assert text in html, (name, text)  # as written, not evaluated
        assert "50337" not in html and "43146" not in html, name


def test_aliases_and_merge_keys_work_within_limits(write_plan):
    text = ("mentorkit: 1\ntitle: T\nexpectations:\n  mentor: &shared [Be on time, Listen]\n"
            "  mentee: *shared\nlogistics:\n  <<: {location: Room 1}\n  channels: [chat]\n")
    plan = mentorkit.load_plan(write_plan(text))
    assert plan.expectations.mentee == ["Be on time", "Listen"]
    assert plan.logistics.location == "Room 1"


def test_numbers_in_text_fields_stay_as_written(write_plan):
    text = "mentorkit: 1\ntitle: 1984\ntags: [0x10, 1.50, 190:20:30]\nlogistics:\n  response_time: 1:30\n"
    plan = mentorkit.load_plan(write_plan(text))
    assert plan.title == "1984" and plan.tags == ["0x10", "1.50", "190:20:30"]
    assert plan.logistics.response_time == "1:30"


def test_number_fields_take_numbers_only(write_plan):
    with pytest.raises(mentorkit.PlanError) as caught:
        mentorkit.load_plan(write_plan('mentorkit: 1\ntitle: T\nmetrics:\n  - {id: m, title: M, target: "5"}\n'))
    assert "target in metric 'm' should be a number" in str(caught.value)


def test_anchor_on_a_key_can_be_used_as_a_value(write_plan):
    plan = mentorkit.load_plan(write_plan("mentorkit: 1\n&k title: Kept\nsummary: *k\n"))
    assert plan.summary == "title"


def test_yaml_value_and_merge_indicators_are_plain_text(write_plan):
    plan = mentorkit.load_plan(write_plan("mentorkit: 1\ntitle: =\nsummary: <<\n"))
    assert (plan.title, plan.summary) == ("=", "<<")
