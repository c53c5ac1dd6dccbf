"""A plan's problems are reported in one run: what the schema refuses does not hide what the rules
find in the rest (references, facets, dates), each at its own line and column."""
from __future__ import annotations

from running import run_mentorkit

ROUNDS = """\
mentorkit: 1
title: Rounds
pair:
  mentor: {name: Dana Li}
  mentee: {name: Sam Ortiz}
schedule: {start: 2027-01-11, cadence: biweekly, meetings: 6}
goals:
  - id: wrong
    title: A goal whose framework is a typo
    framework: reel
    realistic: x
  - id: first-release
    title: Ship a change
    framework: smart
    specific: a
    measurable: b
    achievable: c
    relevant: d
    time_bound: e
    due: 2027-02-30
    metrics: [merged, reviewd]
    reviewer: Kim
metrics:
  - {id: merged, title: Merged, type: task, target: 3}
roadmap:
  - topic: Start
    goals: [first-relase, wrong]
  - topic: Ship
    goals: [first-release]
milestones:
  - {title: Shipped, goal: first-release, due: 2028-01-01}
log:
  - {meeting: 9, date: 2027-01-11, action: Met, rating: 7}
"""


def test_schema_errors_and_rule_errors_come_in_one_run(tmp_path):
    (tmp_path / "plan.yaml").write_text(ROUNDS, encoding="utf-8")
    result = run_mentorkit("validate", "plan.yaml", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.splitlines() == [
        "plan.yaml:10:16: error: framework in goal 'wrong' is 'reel'; expected one of 'smart' or 'real' "
        "(did you mean 'real'?)",
        "plan.yaml:20:10: error: due in goal 'first-release': 2027-02-30 is not a real date (day is out of "
        "range for month)",
        # the second goal is the first the rules see: its line is still its own
        "plan.yaml:21:23: error: unknown metric 'reviewd' (known metrics: merged)",
        "plan.yaml:22:5: error: unknown key 'reviewer' in goal 'first-release' (known keys: id, title, framework, "
        "specific, measurable, achievable, relevant, time_bound, realistic, engaging, actionable, linked, due, "
        "metrics, met)",
        "plan.yaml:25:1: warning: meetings 3, 4, 5, 6 have no topic",
        "plan.yaml:27:13: error: unknown goal 'first-relase' (did you mean 'first-release'?)",
        "plan.yaml:31:48: warning: the due date of milestone 'Shipped' (2028-01-01) is after the last meeting "
        "(2027-03-22); the pair cannot review it together",
        "plan.yaml:33:15: error: log names meeting 9, but the schedule has only 6 meetings",
    ], result.stdout
    # not said: 'wrong' as an unknown goal (the schema refused that goal, it is not missing), nor that
    # the SMART goal needs a due date (the schema refused the one it has)


def test_a_refused_schedule_leaves_out_the_checks_of_the_calendar(tmp_path):
    plan = ROUNDS.replace("cadence: biweekly", "cadence: fortnightly")
    (tmp_path / "plan.yaml").write_text(plan, encoding="utf-8")
    lines = run_mentorkit("validate", "plan.yaml", cwd=tmp_path).stdout.splitlines()
    assert ("plan.yaml:6:40: error: cadence 'fortnightly' is not one I know (did you mean 'biweekly'?); use "
            "weekly, biweekly, monthly, 'every N weeks' or 'every N days'") in lines
    assert any("unknown goal 'first-relase'" in line for line in lines)  # the references are still checked
    assert not any("meeting 9" in line or "last meeting" in line for line in lines), lines  # no made-up calendar


def test_day_and_cadence_written_another_way_get_a_suggestion(tmp_path):
    plan = ROUNDS.replace("cadence: biweekly", "cadence: Every other week, day: Tuesday")
    (tmp_path / "plan.yaml").write_text(plan, encoding="utf-8")
    out = run_mentorkit("validate", "plan.yaml", cwd=tmp_path).stdout
    assert "cadence 'Every other week' is not one I know (did you mean 'biweekly'?)" in out
    assert "day 'Tuesday' is not one I know (did you mean 'tuesday'?)" in out
    monthly = ROUNDS.replace("cadence: biweekly", "cadence: monthly, day: Last Fri")
    (tmp_path / "plan.yaml").write_text(monthly, encoding="utf-8")
    out = run_mentorkit("validate", "plan.yaml", cwd=tmp_path).stdout
    assert "day 'Last Fri' is not one I know (did you mean 'last friday'?)" in out
    nothing_close = ROUNDS.replace("cadence: biweekly", "cadence: sometimes")
    (tmp_path / "plan.yaml").write_text(nothing_close, encoding="utf-8")
    out = run_mentorkit("validate", "plan.yaml", cwd=tmp_path).stdout
    assert "cadence 'sometimes' is not one I know; use weekly" in out


def test_a_valid_plan_is_unchanged_by_the_second_look(tmp_path):
    fixed = (ROUNDS.replace("framework: reel", "framework: real\n    engaging: x\n    actionable: x\n    linked: x")
             .replace("2027-02-30", "2027-02-28").replace("reviewd", "merged").replace("    reviewer: Kim\n", "")
             .replace("first-relase", "first-release").replace("2028-01-01", "2027-03-01")
             .replace("meeting: 9", "meeting: 1"))
    (tmp_path / "plan.yaml").write_text(fixed, encoding="utf-8")
    result = run_mentorkit("validate", "plan.yaml", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.splitlines() == [
        "plan.yaml:27:1: warning: meetings 3, 4, 5, 6 have no topic"], result.stdout
