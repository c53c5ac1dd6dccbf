"""The meeting calendar: every cadence, month ends, leap years, skips, ends and open-ended plans."""
from __future__ import annotations

import datetime as dt

import pytest

from mentorkit import load_plan
from mentorkit.plan.calendar import MAX_MEETINGS, OPEN_ENDED_HORIZON, add_months, checkin_meeting, parse_cadence

D = dt.date


def plan_with(write_plan, schedule: str, roadmap: str = ""):
    return load_plan(write_plan(f"mentorkit: 1\ntitle: T\nschedule:\n{schedule}{roadmap}"))


def dates(plan):
    return [m.date for m in plan.meetings]


@pytest.mark.parametrize("cadence, expected", [
    ("weekly", ("days", 7)), ("biweekly", ("days", 14)), ("monthly", ("months", 1)),
    ("every 3 weeks", ("days", 21)), ("every 1 week", ("days", 7)), ("every 10 days", ("days", 10)),
    ("every 1 day", ("days", 1)),
])
def test_cadence_names_map_to_steps(cadence, expected):
    assert parse_cadence(cadence) == expected


def test_weekly_meetings_are_seven_days_apart(write_plan):
    plan = plan_with(write_plan, "  start: 2027-01-11\n  cadence: weekly\n  meetings: 3\n")
    assert dates(plan) == [D(2027, 1, 11), D(2027, 1, 18), D(2027, 1, 25)]


def test_biweekly_meetings_are_fourteen_days_apart(write_plan):
    plan = plan_with(write_plan, "  start: 2027-01-11\n  cadence: biweekly\n  meetings: 3\n")
    assert dates(plan) == [D(2027, 1, 11), D(2027, 1, 25), D(2027, 2, 8)]


def test_every_n_weeks_and_days(write_plan):
    weeks = plan_with(write_plan, "  start: 2027-01-11\n  cadence: every 3 weeks\n  meetings: 2\n")
    days = plan_with(write_plan, "  start: 2027-01-11\n  cadence: every 10 days\n  meetings: 3\n")
    assert dates(weeks) == [D(2027, 1, 11), D(2027, 2, 1)]
    assert dates(days) == [D(2027, 1, 11), D(2027, 1, 21), D(2027, 1, 31)]


def test_monthly_keeps_the_day_and_clamps_to_month_end(write_plan):
    plan = plan_with(write_plan, "  start: 2027-01-31\n  cadence: monthly\n  meetings: 4\n")
    # clamped in short months, but back to the 31st when the month has one
    assert dates(plan) == [D(2027, 1, 31), D(2027, 2, 28), D(2027, 3, 31), D(2027, 4, 30)]


def test_monthly_in_a_leap_year_lands_on_february_29(write_plan):
    plan = plan_with(write_plan, "  start: 2028-01-30\n  cadence: monthly\n  meetings: 3\n")
    assert dates(plan) == [D(2028, 1, 30), D(2028, 2, 29), D(2028, 3, 30)]


def test_monthly_crosses_the_year_end(write_plan):
    plan = plan_with(write_plan, "  start: 2027-11-15\n  cadence: monthly\n  meetings: 3\n")
    assert dates(plan) == [D(2027, 11, 15), D(2027, 12, 15), D(2028, 1, 15)]


def test_weekly_over_leap_day(write_plan):
    plan = plan_with(write_plan, "  start: 2028-02-22\n  cadence: weekly\n  meetings: 2\n")
    assert dates(plan) == [D(2028, 2, 22), D(2028, 2, 29)]


def test_add_months_clamps():
    assert add_months(D(2027, 8, 31), 1) == D(2027, 9, 30)
    assert add_months(D(2027, 12, 31), 2) == D(2028, 2, 29)


def test_skipped_date_moves_the_meeting_to_the_next_slot(write_plan):
    plan = plan_with(write_plan, "  start: 2027-01-11\n  cadence: biweekly\n  meetings: 3\n  skip: [2027-01-25]\n")
    assert dates(plan) == [D(2027, 1, 11), D(2027, 2, 8), D(2027, 2, 22)]
    assert [m.number for m in plan.meetings] == [1, 2, 3]


def test_skip_date_that_is_not_a_slot_changes_nothing(write_plan):
    plan = plan_with(write_plan, "  start: 2027-01-11\n  cadence: weekly\n  meetings: 2\n  skip: [2027-01-12]\n")
    assert dates(plan) == [D(2027, 1, 11), D(2027, 1, 18)]


def test_end_bounds_the_series_inclusively(write_plan):
    plan = plan_with(write_plan, "  start: 2027-01-11\n  cadence: biweekly\n  end: 2027-02-22\n")
    assert dates(plan) == [D(2027, 1, 11), D(2027, 1, 25), D(2027, 2, 8), D(2027, 2, 22)]


def test_end_with_skips_gives_fewer_meetings(write_plan):
    plan = plan_with(write_plan, "  start: 2027-01-11\n  cadence: biweekly\n  end: 2027-02-22\n  skip: [2027-02-08]\n")
    assert dates(plan) == [D(2027, 1, 11), D(2027, 1, 25), D(2027, 2, 22)]


def test_open_ended_prints_a_rolling_horizon(write_plan):
    plan = plan_with(write_plan, "  start: 2027-01-11\n  cadence: monthly\n  open_ended: true\n")
    assert len(plan.meetings) == OPEN_ENDED_HORIZON
    assert plan.meetings[-1].date == D(2027, 12, 11)


def test_open_ended_horizon_grows_with_a_longer_roadmap(write_plan):
    roadmap = "roadmap:\n" + "".join(f"  - topic: T{i}\n" for i in range(15))
    plan = plan_with(write_plan, "  cadence: monthly\n  open_ended: true\n", roadmap)
    assert len(plan.meetings) == 15 and plan.meetings[14].topic.topic == "T14"


def test_without_start_meetings_are_numbered_not_dated(write_plan):
    plan = plan_with(write_plan, "  cadence: weekly\n  meetings: 4\n")
    assert [m.number for m in plan.meetings] == [1, 2, 3, 4]
    assert dates(plan) == [None] * 4


def test_topics_go_to_meetings_in_order_unless_numbered(write_plan):
    roadmap = "roadmap:\n  - topic: Intro\n  - topic: Finale\n    meeting: 4\n  - topic: Third\n"
    plan = plan_with(write_plan, "  meetings: 4\n", roadmap)
    assert [m.topic.topic if m.topic else None for m in plan.meetings] == ["Intro", None, "Third", "Finale"]


def test_meeting_goals_come_from_its_topic(write_plan):
    text = ("mentorkit: 1\ntitle: T\nschedule: {meetings: 2}\ngoals:\n  - {id: g, title: G, framework: real, "
            "realistic: a, engaging: b, actionable: c, linked: d}\nroadmap:\n  - {topic: A, goals: [g]}\n  - topic: B\n")
    plan = load_plan(write_plan(text))
    assert [tuple(g.id for g in m.goals) for m in plan.meetings] == [("g",), ()]


@pytest.mark.parametrize("count, checkin", [(1, None), (2, None), (3, 2), (4, 2), (12, 6), (13, 7)])
def test_half_way_checkin(count, checkin):
    assert checkin_meeting(count) == checkin


def test_checkin_is_marked_on_exactly_one_meeting(write_plan):
    plan = plan_with(write_plan, "  meetings: 12\n")
    assert [m.number for m in plan.meetings if m.checkin] == [6]


def test_logged_meetings_carry_their_log(write_plan):
    text = "mentorkit: 1\ntitle: T\nschedule: {meetings: 3}\nlog:\n  - {meeting: 2, rating: 7, action: Shipped}\n"
    plan = load_plan(write_plan(text))
    assert [m.log.rating if m.log else None for m in plan.meetings] == [None, 7, None]


def test_daily_schedule_far_in_the_future_is_bounded(write_plan):
    from mentorkit.plan.loading import check_file
    path = write_plan("mentorkit: 1\ntitle: T\nschedule:\n  start: 2027-01-01\n  cadence: every 1 day\n  end: 2099-01-01\n")
    result = check_file(path)
    assert any(f"more than {MAX_MEETINGS} meetings" in d.message for d in result.diagnostics)
