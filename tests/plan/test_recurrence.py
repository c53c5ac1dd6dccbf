"""Real-world recurrence: named weekdays, 'first/last WEEKDAY of the month', month ends, time
zones across daylight saving, public holidays from the `holidays` library, skips and moves."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import holidays
import pytest

from mentorkit import load_plan
from mentorkit.plan.loading import check_file
from mentorkit.view.plan_view import build_view

D = dt.date
UTC = dt.timezone.utc


def plan_with(write_plan, schedule: str, extra: str = ""):
    return load_plan(write_plan(f"mentorkit: 1\ntitle: T\nschedule:\n{schedule}{extra}"))


def diagnostics(write_plan, schedule: str, extra: str = ""):
    return check_file(write_plan(f"mentorkit: 1\ntitle: T\nschedule:\n{schedule}{extra}")).diagnostics


@pytest.mark.parametrize("schedule, expected", [
    pytest.param("start: 2027-01-31, cadence: monthly, meetings: 5",
                 [D(2027, 1, 31), D(2027, 2, 28), D(2027, 3, 31), D(2027, 4, 30), D(2027, 5, 31)],
                 id="monthly on the 31st: the month's last day when shorter, the 31st again after"),
    pytest.param("start: 2027-01-31, cadence: monthly, meetings: 3, day: last day",
                 [D(2027, 1, 31), D(2027, 2, 28), D(2027, 3, 31)], id="last day of the month"),
    pytest.param("start: 2027-01-30, cadence: monthly, meetings: 3, day: last day",
                 [D(2027, 1, 31), D(2027, 2, 28), D(2027, 3, 31)], id="last day from the 30th"),
    pytest.param("start: 2027-01-01, cadence: monthly, meetings: 4, day: last friday",
                 [D(2027, 1, 29), D(2027, 2, 26), D(2027, 3, 26), D(2027, 4, 30)], id="last friday"),
    pytest.param("start: 2027-02-01, cadence: monthly, meetings: 3, day: first monday",  # Feb 1 and Mar 1 are Mondays
                 [D(2027, 2, 1), D(2027, 3, 1), D(2027, 4, 5)], id="first monday when the 1st is a monday"),
    pytest.param("start: 2027-01-15, cadence: monthly, meetings: 3, day: first wednesday",
                 [D(2027, 2, 3), D(2027, 3, 3), D(2027, 4, 7)], id="first wednesday after a start past it"),
    pytest.param("start: 2027-01-01, cadence: monthly, meetings: 3, day: third wednesday",
                 [D(2027, 1, 20), D(2027, 2, 17), D(2027, 3, 17)], id="third wednesday"),
    pytest.param("start: 2027-01-01, cadence: monthly, meetings: 2, day: fourth thursday",
                 [D(2027, 1, 28), D(2027, 2, 25)], id="fourth thursday"),
    pytest.param("start: 2027-01-11, cadence: weekly, meetings: 3, day: wednesday",  # Jan 11 is a Monday
                 [D(2027, 1, 13), D(2027, 1, 20), D(2027, 1, 27)], id="weekly on a named weekday"),
    pytest.param("start: 2027-01-13, cadence: biweekly, meetings: 2, day: wednesday",
                 [D(2027, 1, 13), D(2027, 1, 27)], id="start already on the weekday"),
    pytest.param("start: 2027-01-11, cadence: every 3 weeks, meetings: 2, day: friday",
                 [D(2027, 1, 15), D(2027, 2, 5)], id="every 3 weeks on friday"),
    pytest.param("start: 2027-01-31, cadence: monthly, meetings: 3, day: same day",
                 [D(2027, 1, 31), D(2027, 2, 28), D(2027, 3, 31)], id="same day, said out loud"),
])
def test_recurrence(write_plan, schedule, expected):
    plan = load_plan(write_plan(f"mentorkit: 1\ntitle: T\nschedule: {{{schedule}}}\n"))
    assert [m.date for m in plan.meetings] == expected


def test_monthly_on_the_31st_says_what_it_does(write_plan):
    found = diagnostics(write_plan, "  start: 2027-01-31\n  cadence: monthly\n  meetings: 4\n")
    clamp = [d for d in found if "last day" in d.message]
    assert len(clamp) == 1 and clamp[0].severity == "warning" and (clamp[0].line, clamp[0].column) == (4, 10)
    assert "Sun 2027-02-28" in clamp[0].message and "Fri 2027-04-30" in clamp[0].message
    # naming the rule on purpose silences it
    found = diagnostics(write_plan, "  start: 2027-01-31\n  cadence: monthly\n  meetings: 4\n  day: last day\n"
                        "  avoid: {weekends: true}\n")
    assert not [d for d in found if "last day" in d.message]


def test_weekly_across_daylight_saving_keeps_the_local_time(write_plan):
    # Europe/Berlin moves to summer time on Sunday 28 March 2027
    plan = plan_with(write_plan, '  start: 2027-03-22\n  cadence: weekly\n  meetings: 3\n  time: "14:00"\n'
                     "  timezone: Europe/Berlin\n  length: 45\n")
    starts = [m.starts for m in plan.meetings]
    assert [s.strftime("%H:%M") for s in starts] == ["14:00"] * 3
    assert all(s.tzinfo == ZoneInfo("Europe/Berlin") for s in starts)
    assert [s.astimezone(UTC).strftime("%H:%M") for s in starts] == ["13:00", "12:00", "12:00"]
    assert [m.ends - m.starts for m in plan.meetings] == [dt.timedelta(minutes=45)] * 3
    view = build_view(plan)
    assert view.meetings[1].when == "Mon 29 Mar 2027, 14:00\u201314:45 (Europe/Berlin)"


def test_unquoted_time_reads_as_written(write_plan):
    plan = plan_with(write_plan, "  start: 2027-03-22\n  meetings: 1\n  time: 9:30\n")
    assert plan.meetings[0].starts == dt.datetime(2027, 3, 22, 9, 30)  # no zone: a floating local time


@pytest.mark.parametrize("country, region, day", [
    ("DE", None, D(2027, 3, 29)),  # Easter Monday
    ("DE", "BY", D(2027, 1, 6)),  # Epiphany, in Bavaria only
    ("US", None, D(2027, 7, 5)),  # Independence Day (observed)
    ("GB", None, D(2027, 12, 27)),  # Christmas Day (observed: the 25th is a Saturday)
])
def test_a_meeting_on_a_public_holiday_moves_to_the_next_working_day(write_plan, country, region, day):
    library = holidays.country_holidays(country, subdiv=region, years=2027)
    assert day in library  # the library says so, not this test
    wanted = f"{{country: {country}" + (f", region: {region}}}" if region else "}")
    plan = plan_with(write_plan, f"  start: {day}\n  cadence: weekly\n  meetings: 2\n"
                     f"  avoid: {{weekends: true, holidays: {wanted}}}\n")
    first = plan.meetings[0]
    working = day + dt.timedelta(days=1)
    while working in library or working.weekday() >= 5:  # Christmas Day (observed) is followed by Boxing Day's
        working += dt.timedelta(days=1)
    assert first.date == working and first.moved.slot == day
    assert first.moved.reason == "holiday" and first.moved.holiday
    assert build_view(plan).meetings[0].moved == (f"moved from {day:%a} {day.day} {day:%b %Y}: "
                                                  f"{first.moved.holiday}")


def test_the_region_decides_which_holidays_count(write_plan):
    schedule = "  start: 2027-01-06\n  cadence: weekly\n  meetings: 1\n  avoid: {{holidays: {{country: DE, region: {}}}}}\n"
    assert plan_with(write_plan, schedule.format("BY")).meetings[0].date == D(2027, 1, 7)  # Epiphany
    assert plan_with(write_plan, schedule.format("BE")).meetings[0].date == D(2027, 1, 6)  # not in Berlin


def test_holiday_names_are_in_english_where_the_library_has_them(write_plan, monkeypatch):
    from mentorkit.plan.calendar import public_holidays
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):  # the library follows the locale otherwise
        monkeypatch.setenv(name, "de_DE.UTF-8")
    public_holidays.cache_clear()
    plan = plan_with(write_plan, "  start: 2027-03-29\n  meetings: 1\n  avoid: {holidays: {country: DE}}\n")
    assert plan.meetings[0].moved.holiday == "Easter Monday"
    assert build_view(plan).meetings[0].moved == "moved from Mon 29 Mar 2027: Easter Monday"


def test_skips_and_moves_combined(write_plan):
    # weekly on Mondays: Easter Monday moves, a skipped Monday gives way to the next slot,
    # a listed date moves too, and a weekend never gets a meeting
    plan = plan_with(write_plan, "  start: 2027-03-22\n  cadence: weekly\n  meetings: 5\n  skip: [2027-04-05]\n"
                     "  avoid:\n    weekends: true\n    dates: [2027-04-12]\n    holidays: {country: DE}\n")
    assert [(m.number, m.date, m.moved.reason if m.moved else None) for m in plan.meetings] == [
        (1, D(2027, 3, 22), None),
        (2, D(2027, 3, 30), "holiday"),  # Easter Monday -> Tuesday
        (3, D(2027, 4, 13), "date"),  # 5 Apr skipped; 12 Apr avoided -> Tuesday
        (4, D(2027, 4, 19), None),
        (5, D(2027, 4, 26), None),
    ]


def test_a_moved_meeting_never_lands_on_a_skip_date(write_plan):
    found = check_file(write_plan("mentorkit: 1\ntitle: T\nschedule:\n  start: 2027-03-22\n  cadence: weekly\n"
                                  "  meetings: 2\n  skip: [2027-03-30]\n  avoid: {holidays: {country: DE}}\n"))
    assert [m.date for m in found.plan.meetings] == [D(2027, 3, 22), D(2027, 3, 31)]  # not Tue 30 Mar
    assert not [d for d in found.diagnostics if "skip" in d.message]  # that skip date does change something


def test_a_daily_schedule_avoiding_weekends_never_doubles_up(write_plan):
    plan = plan_with(write_plan, "  start: 2027-01-08\n  cadence: every 1 day\n  meetings: 4\n"
                     "  avoid: {weekends: true}\n")  # Friday 8 Jan
    assert [m.date for m in plan.meetings] == [D(2027, 1, 8), D(2027, 1, 11), D(2027, 1, 12), D(2027, 1, 13)]


def test_a_move_never_passes_the_end(write_plan):
    plan = plan_with(write_plan, "  start: 2027-03-22\n  cadence: weekly\n  end: 2027-03-29\n"
                     "  avoid: {holidays: {country: DE}}\n")
    assert [m.date for m in plan.meetings] == [D(2027, 3, 22)]


def test_a_weekend_meeting_is_a_warning_at_the_start_unless_the_plan_says(write_plan):
    found = diagnostics(write_plan, "  start: 2027-01-31\n  cadence: weekly\n  meetings: 3\n")
    weekend = [d for d in found if "weekend" in d.message]
    assert len(weekend) == 1 and (weekend[0].line, weekend[0].column, weekend[0].severity) == (4, 10, "warning")
    assert "meeting 1 (Sun 2027-01-31) and 2 more meetings fall on a weekend" in weekend[0].message
    asked = diagnostics(write_plan, "  start: 2027-01-31\n  cadence: weekly\n  meetings: 3\n  avoid: {weekends: false}\n")
    assert not [d for d in asked if "weekend" in d.message]


def test_an_agenda_longer_than_the_meeting_is_a_warning_at_that_agenda(write_plan):
    roadmap = ("roadmap:\n  - topic: Warm-up\n  - topic: Deep dive\n"
               "    agenda: [{title: A, minutes: 90}, {title: B, minutes: 45}, Open end]\n")
    found = diagnostics(write_plan, "  meetings: 2\n  length: 45\n", roadmap)
    long = [d for d in found if "agenda" in d.message]
    assert len(long) == 1 and (long[0].line, long[0].column, long[0].severity) == (9, 5, "warning")
    assert "meeting 2 ('Deep dive')" in long[0].message and "135 minutes" in long[0].message
    assert "45 minutes" in long[0].message


@pytest.mark.parametrize("line, message", [
    ("  timezone: CET+1\n", "4:13: error: schedule.timezone: 'CET+1' is not a time zone I know; a fixed offset"),
    ("  timezone: Europe/Berlinn\n", "did you mean 'Europe/Berlin'?"),
    ('  time: "2pm"\n', "4:9: error: time '2pm' is not a time of day"),
    ("  time: 25:00\n", "is not a time of day"),
    ("  day: Wednesday\n", "4:8: error: day 'Wednesday' is not one I know"),
    ("  day: fifth friday\n", "is not one I know"),
    ("  day: wednesday\n  cadence: monthly\n", "day 'wednesday' does not fit this schedule: a monthly schedule"),
    ("  day: first monday\n  cadence: weekly\n", "is for monthly schedules"),
    ("  day: monday\n  cadence: every 10 days\n", "does not keep a weekday"),
    ("  avoid: {holidays: {country: XY}}\n", "4:31: error: no public holidays known for country 'XY'"),
    ("  avoid: {holidays: {country: DE, region: XX}}\n", "country 'DE' has no region 'XX'"),
])
def test_schedule_mistakes_are_located_errors_with_a_hint(write_plan, line, message):
    path = write_plan(f"mentorkit: 1\ntitle: T\nschedule:\n{line}  meetings: 2\n")
    found = check_file(path).diagnostics
    assert any(message in d.format() for d in found if d.severity == "error"), [d.format() for d in found]
