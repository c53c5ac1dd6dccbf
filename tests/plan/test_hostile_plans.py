"""Whatever a plan holds, `validate` refuses it with a located error or every output can show it:
numbers are finite and bounded, lists have a maximum length, aliases cannot expand a plan past
what a file could hold. (Text is bounded in test_hostile_markdown.py.)"""
from __future__ import annotations

import time

import pytest

from mentorkit.plan import model
from mentorkit.plan.calendar import MAX_MEETINGS
from mentorkit.plan.loading import check_file
from mentorkit.plan.yamlsource import MAX_CHARS, YamlProblem, parse
from mentorkit.view import build_view

HEAD = "mentorkit: 1\ntitle: T\n"


def errors_of(result):
    return [d for d in result.diagnostics if d.severity == "error"]


# -- numbers ---------------------------------------------------------------------------------

BAD_NUMBERS = {
    ".nan": "finite", ".NaN": "finite", ".inf": "finite", "-.Inf": "finite",
    "1.0e+300": "at most 1,000,000,000,000,000", "-1.0e+16": "at least -1,000,000,000,000,000",
    "9223372036854775807": "at most 1,000,000,000,000,000", "1000000000000001": "at most",
    "1.0e-300": "too close to zero", "-5.0e-7": "too close to zero",
}
PLACES = {  # how a metric number is written, and the column its value starts at on line 4
    "baseline": ("  - {{id: m, title: M, baseline: {}}}\n", 33),
    "target": ("  - {{id: m, title: M, target: {}}}\n", 31),
    "measurement": ("  - {{id: m, title: M, measurements: [{{date: 2027-01-11, value: {}}}]}}\n", 64),
}


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("number", BAD_NUMBERS)
def test_numbers_that_cannot_be_shown_are_located_errors(write_plan, place, number):
    template, column = PLACES[place]
    result = check_file(write_plan(HEAD + "metrics:\n" + template.format(number)))
    (error,) = errors_of(result)
    assert (error.line, error.column) == (4, column)
    assert BAD_NUMBERS[number] in error.message and number in error.message


def test_numbers_at_the_bounds_are_accepted_and_shown(write_plan):
    big, tiny = "1000000000000000", "0.000001"
    text = (HEAD + "schedule: {start: 2027-01-11, meetings: 2}\nmetrics:\n"
            f"  - {{id: a, title: A, baseline: -{big}, target: {big}, "
            f"measurements: [{{date: 2027-01-11, value: {tiny}}}]}}\n"
            f"  - {{id: b, title: B, baseline: 0, target: {tiny}, "
            f"measurements: [{{date: 2027-01-11, value: -{big}}}]}}\n"
            f"  - {{id: c, title: C, baseline: {tiny}, target: 0.0000011, "
            f"measurements: [{{date: 2027-01-11, value: {big}}}]}}\n")
    result = check_file(write_plan(text))
    assert not errors_of(result), [d.format() for d in result.diagnostics]
    view = build_view(result.plan)
    assert [m.progress for m in view.metrics] == [50, 0, 100]


# -- list lengths ----------------------------------------------------------------------------

GOAL = "{id: g%d, title: G, framework: real, realistic: a, engaging: b, actionable: c, linked: d}"
LISTS = {  # name: (bound, YAML for n items, line of the list)
    "goals": (model.MAX_GOALS, lambda n: "goals: [" + ", ".join(GOAL % i for i in range(n)) + "]\n", 3),
    "metrics": (model.MAX_METRICS, lambda n: "metrics: [" + ", ".join(f"{{id: m{i}, title: M, target: 1}}"
                                                                          for i in range(n)) + "]\n", 3),
    "milestones": (model.MAX_MILESTONES, lambda n: "milestones: [" + ", ".join(["{title: M}"] * n) + "]\n", 3),
    "resources": (model.MAX_RESOURCES, lambda n: "resources: [" + ", ".join(["{title: R}"] * n) + "]\n", 3),
    "tags": (model.MAX_ITEMS, lambda n: "tags: [" + ", ".join(["t"] * n) + "]\n", 3),
    "reflection": (model.MAX_REFLECTION, lambda n: "reflection: [" + ", ".join(["q"] * n) + "]\n", 3),
    "goals of a topic": (model.MAX_MEETING_GOALS, lambda n: "roadmap:\n  - topic: T\n    goals: ["
                         + ", ".join(["g"] * n) + "]\n", 5),
    "areas": (model.MAX_ITEMS, lambda n: "self_assessment:\n  areas: [" + ", ".join(f"a{i}" for i in range(n))
              + "]\n", 4),
    "agenda": (model.MAX_ITEMS, lambda n: "roadmap:\n  - topic: T\n    agenda: [" + ", ".join(["x"] * n)
               + "]\n", 5),
    "measurements": (model.MAX_MEASUREMENTS, lambda n: "metrics:\n  - id: m\n    title: M\n    target: 1\n"
                     "    measurements: [" + ", ".join(["{date: 2027-01-11, value: 1}"] * n) + "]\n", 7),
    "responsibilities": (model.MAX_ITEMS, lambda n: "logistics:\n  responsibilities: {"
                         + ", ".join(f"r{i}: both" for i in range(n)) + "}\n", 4),
    "log": (MAX_MEETINGS, lambda n: "schedule: {open_ended: true}\nlog: ["
            + ", ".join(f"{{meeting: {i + 1}}}" for i in range(n)) + "]\n", 4),
    "roadmap": (MAX_MEETINGS, lambda n: "schedule: {open_ended: true}\nroadmap: ["
                + ", ".join(f"{{topic: t{i}}}" for i in range(n)) + "]\n", 4),
    "skip": (MAX_MEETINGS, lambda n: "schedule:\n  start: 2027-01-04\n  skip: ["
             + ", ".join(["2027-01-05"] * n) + "]\n", 5),
}


@pytest.mark.parametrize("name", LISTS)
def test_a_list_one_item_too_long_is_a_located_error(write_plan, name):
    bound, make, line = LISTS[name]
    too_long = [d for d in errors_of(check_file(write_plan(HEAD + make(bound + 1)))) if " items; " in d.message]
    assert len(too_long) == 1, name
    assert too_long[0].line == line and f"has {bound + 1} items" in too_long[0].message
    assert f"at most {bound} here" in too_long[0].message
    assert not [d for d in check_file(write_plan(HEAD + make(bound))).diagnostics if " items; " in d.message]


def test_the_largest_plans_from_the_review_are_refused_fast(write_plan):
    goals = "goals:\n" + "".join(f"  - {{id: g{i}, title: G, framework: real}}\n" for i in range(11_000))
    start = time.process_time()
    (error,) = errors_of(check_file(write_plan(HEAD + goals)))
    assert time.process_time() - start < 5
    assert (error.line, error.column) == (4, 3) and "has 11000 items; a plan may have at most 50" in error.message


def test_bounds_are_in_the_json_schema():
    from mentorkit.plan.schema import plan_schema

    schema = plan_schema()
    assert schema["properties"]["goals"]["maxItems"] == model.MAX_GOALS
    assert schema["definitions"]["Metric"]["properties"]["baseline"]["anyOf"][0]["maximum"] == model.MAX_NUMBER


# -- alias expansion -------------------------------------------------------------------------

def aliases(anchor: str, value: str, count: int) -> str:
    return f"a: &{anchor} {value}\nb: [" + ", ".join([f"*{anchor}"] * count) + "]\n"


EXPANDING = {
    "1 MB string aliased 10 times": aliases("s", "x" * 1_000_000, 10),
    "100 KB string aliased 1,000 times (the review's case)": aliases("s", "x" * 100_000, 1_000),
    "10 KB string aliased 60 times": aliases("s", "y" * 10_000, 60),
    "a list of texts aliased": aliases("l", "[" + ", ".join(["text" * 25] * 100) + "]", 60),
    "a mapping aliased inside aliases": ("a: &m {k: " + "z" * 9_000 + "}\nb: &n [*m, *m, *m, *m, *m, *m, *m, *m]\n"
                                         "c: [*n, *n, *n, *n, *n, *n, *n, *n]\n"),
    "a key aliased as a value": "&k " + "key" * 300 + ": 1\nb: [" + ", ".join(["*k"] * 600) + "]\n",
}


@pytest.mark.parametrize("name", EXPANDING)
def test_aliases_cannot_expand_a_plan_past_the_character_bound(name):
    start = time.process_time()
    with pytest.raises(YamlProblem) as caught:
        parse(EXPANDING[name])
    assert time.process_time() - start < 1
    assert f"more than {MAX_CHARS:,} characters" in caught.value.message and caught.value.line >= 1


def test_aliases_within_the_bound_still_work(write_plan):
    text = (HEAD + "summary: &s " + "w " * 4_500 + "\nexpectations:\n  mentor: [" + ", ".join(["*s"] * 25)
            + "]\n")
    result = check_file(write_plan(text))
    assert not errors_of(result) and result.plan.expectations.mentor == ["w " * 4_499 + "w"] * 25


def test_expansion_is_located_at_the_alias_that_crosses_the_bound():
    with pytest.raises(YamlProblem) as caught:
        parse("a: &s " + "x" * 120_000 + "\nb:\n  - *s\n  - *s\n")
    assert (caught.value.line, caught.value.column) == (4, 5)


# -- one-line fields ---------------------------------------------------------------------------

LINE_FIELDS = {  # a one-line field, as YAML with {} for its value, and where the value starts
    "plan title": ("title: {}\n", (2, 8)),
    "goal title": ("goals: [{{id: g, title: {}, framework: real}}]\n", (3, 24)),
    "metric title": ("metrics: [{{id: m, title: {}}}]\n", (3, 26)),
    "metric unit": ("metrics: [{{id: m, title: M, unit: {}}}]\n", (3, 35)),
    "agenda item": ("roadmap: [{{topic: T, agenda: [{}]}}]\n", (3, 31)),
    "topic": ("roadmap: [{{topic: {}}}]\n", (3, 19)),
    "reflection question": ("reflection: [{}]\n", (3, 14)),
    "milestone title": ("milestones: [{{title: {}}}]\n", (3, 22)),
    "mentee name": ("pair: {{mentor: {{name: M}}, mentee: {{name: {}}}}}\n", (3, 42)),
    "tag": ("tags: [{}]\n", (3, 8)),
}


@pytest.mark.parametrize("name", LINE_FIELDS)
def test_a_one_line_field_longer_than_a_line_is_a_located_error(write_plan, name):
    template, position = LINE_FIELDS[name]
    text = "mentorkit: 1\n" + ("" if name == "plan title" else "title: T\n")
    too_long = [d for d in errors_of(check_file(write_plan(text + template.format("w" * 201))))
                if "is too long" in d.message]
    assert len(too_long) == 1, name
    assert (too_long[0].line, too_long[0].column) == position
    assert "(201 characters; at most 200)" in too_long[0].message and "one line" in too_long[0].message
    fits = check_file(write_plan(text + template.format("w" * model.MAX_LINE_CHARS)))
    assert not [d for d in fits.diagnostics if "is too long" in d.message]


def test_control_characters_and_forged_addresses_are_refused_where_they_are_written(tmp_path):
    """NUL, ESC, VT, FF and NEL from escapes in quoted YAML reached calendar files; an address with
    ';RSVP=TRUE' became an attendee's parameters."""
    from mentorkit.plan.loading import check_file

    plan = tmp_path / "p.yaml"
    plan.write_text('mentorkit: 1\ntitle: "Esc \\e here"\npair:\n'
                    '  mentor: {name: "Ana", email: "lee\\0@example.org"}\n'
                    '  mentee: {name: "Lee", email: "lee@example.org;RSVP=TRUE"}\n'
                    'summary: "a \\v b \\f c"\nroadmap:\n  - topic: "Next \\N line"\n', encoding="utf-8")
    found = {(d.line, d.message.split(": ", 1)[0]): d.message for d in check_file(plan).diagnostics}
    assert "U+001B" in found[(2, "title")] and "U+0000" in found[(4, "pair.mentor.email")]
    assert "not an email address" in found[(5, "pair.mentee.email")]
    assert "U+000B" in found[(6, "summary")] and "U+0085" in next(m for (line, _), m in found.items() if line == 8)
    plan.write_text('mentorkit: 1\ntitle: "Tabs\\tare text"\nsummary: "two\\nlines\\r\\n"\n'
                    'pair: {mentor: {name: Ana, email: ana.diaz+mentoring@example.org}, mentee: {name: Lee}}\n',
                    encoding="utf-8")
    ok = check_file(plan)
    assert ok.plan is not None, ok.diagnostics  # what a person writes in text is kept
