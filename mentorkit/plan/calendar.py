"""The meeting calendar of a plan, derived once: how many meetings, their dates (and times),
topics, goals, the half-way check-in and the log entry of each.

Dates come from the cadence (and the weekday it names), minus the `skip` dates; a meeting that
lands on a day the schedule avoids (a weekend, a listed date, a public holiday from the
`holidays` library) moves to the next working day before the next cadence slot, and says why.

Every other stage (the rules, the view, the site, the workbook) reads `plan.calendar`;
nothing else works dates out. This module knows the plan only through the attributes it
reads (schedule, roadmap, goals, log), so the model can import it without a cycle.
"""
from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterator, Optional

from ..locale import N_
from dateutil.relativedelta import relativedelta, weekday as RelativeWeekday, MO, TU, WE, TH, FR, SA, SU

OPEN_ENDED_HORIZON = 12  # an open-ended relationship shows a rolling horizon of this many meetings
MAX_MEETINGS = 120  # about two years of weekly meetings; a workbook prints two pages a meeting (~20 s at 120)
CADENCE_PATTERN = r"^(weekly|biweekly|monthly|every ([1-9][0-9]{0,3}) (week|weeks|day|days))$"
_NOMINAL_START = dt.date(2001, 1, 1)  # a Monday: undated plans estimate their span from it

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
SAME_DAY, LAST_DAY = "same day", "last day"  # of the month
_WEEKDAY_RE = "|".join(WEEKDAYS)
# `schedule.day`: a weekday for cadences in weeks; for monthly, the same day of the month (the
# default), the month's last day, or the first..fourth or last WEEKDAY of the month.
DAY_PATTERN = (rf"^({_WEEKDAY_RE}|{SAME_DAY}|{LAST_DAY}|(first|second|third|fourth|last) ({_WEEKDAY_RE}))$")
TIME_PATTERN = r"^([01]?[0-9]|2[0-3]):[0-5][0-9]$"
_RELATIVE_WEEKDAYS = (MO, TU, WE, TH, FR, SA, SU)
# Meetings are dated within these days only. A calendar file needs room around a meeting: the
# rules of its time zone a year either side, its end on the next day, its start in UTC. A start
# outside them is an error of the plan (`rules.py`), never an OverflowError in a calendar.
FIRST_DATE, LAST_DATE = dt.date(3, 1, 1), dt.date(9997, 12, 31)
_MAX_MOVE_DAYS = 400  # an avoided day moves at most this far (a slot never has a year of avoided days after it)
DEFAULT_WEEKEND = frozenset({5, 6})  # Saturday and Sunday, unless the holiday country says otherwise


@dataclass(frozen=True)
class Move:
    """Why a meeting is not on its cadence slot: the slot fell on a day the schedule avoids."""
    slot: dt.date  # the day the cadence gave
    reason: str  # "weekend" | "date" (listed under avoid.dates) | "holiday"
    holiday: Optional[str] = None  # the holiday's name, from the `holidays` library


@dataclass(frozen=True)
class Meeting:
    number: int
    date: Optional[dt.date]
    topic: Any  # the roadmap Topic planned for it, if any
    goals: tuple  # the Goals its topic works on
    checkin: bool  # the half-way meeting, where the pair also checks on the relationship
    log: Any  # the pair's LogEntry for it, if logged
    moved: Optional[Move] = None  # set when an avoided day moved it off its cadence slot
    starts: Optional[dt.datetime] = None  # date and time (aware when the schedule has a zone)
    ends: Optional[dt.datetime] = None  # starts + the schedule's length

    @property
    def title(self) -> str:
        return self.topic.topic if self.topic else f"Meeting {self.number}"


@dataclass(frozen=True)
class Span:
    """How long a plan runs, from its first meeting to its last."""
    days: int
    months: int  # whole calendar months in it
    extra_days: int  # and the days after those months
    dated: bool  # from real dates, or estimated from the cadence

    @property
    def rounded_months(self) -> int:
        return self.months + (self.extra_days >= 15)


# The check-in a plan gets when it declares none: after the half-way meeting, these statements
# rated 1 to 5 by each side, and these questions.
# English msgids: the view shows them in the plan's language (a plan's own text stays as written).
DEFAULT_CHECK_IN_RATINGS = (N_("The relationship overall"), N_("Our meetings are useful"), N_("We keep our agreements"),
                            N_("Progress toward the goals"))
DEFAULT_CHECK_IN_QUESTIONS = (N_("What works, and we keep"), N_("What we change"), N_("Are the goals still the right ones?"),
                              N_("Anything unsaid, any friction to clear up"))


@dataclass(frozen=True)
class CheckIn:
    """A check on the relationship itself, held with a meeting and printed after its pages."""
    number: int  # 1, 2...: its place among the plan's check-ins
    meeting: int
    ratings: tuple[str, ...]  # statements each side rates from 1 to 5
    questions: tuple[str, ...]
    halfway: bool = False  # the default one, at the half-way meeting


@dataclass(frozen=True)
class Calendar:
    count: int
    dates: tuple[dt.date, ...]
    end: Optional[dt.date]  # the explicit end, or the last meeting of a plan with a fixed number
    meetings: tuple[Meeting, ...]
    time: Optional[dt.time] = None  # the meetings' time of day, when the schedule gives one
    zone: Optional[zoneinfo.ZoneInfo] = None  # their IANA time zone, when the schedule gives one
    length: int = 60  # minutes
    check_ins: tuple[CheckIn, ...] = ()

    def check_in_at(self, meeting: int) -> Optional[CheckIn]:
        return next((c for c in self.check_ins if c.meeting == meeting), None)

    @property
    def first(self) -> Optional[dt.date]:
        return self.dates[0] if self.dates else None

    @property
    def last(self) -> Optional[dt.date]:
        return self.dates[-1] if self.dates else None

    @property
    def checkin(self) -> Optional[Meeting]:
        return next((m for m in self.meetings if m.checkin), None)


def parse_cadence(cadence: str) -> tuple[str, int]:
    """'weekly' -> ('days', 7); 'monthly' -> ('months', 1); 'every 3 weeks' -> ('days', 21)."""
    fixed = {"weekly": ("days", 7), "biweekly": ("days", 14), "monthly": ("months", 1)}
    if cadence in fixed:
        return fixed[cadence]
    match = re.fullmatch(CADENCE_PATTERN, cadence)
    if not match:
        raise ValueError(f"unknown cadence {cadence!r}")
    count = int(match.group(2))
    return ("days", count * 7) if match.group(3).startswith("week") else ("days", count)


def add_months(start: dt.date, months: int) -> dt.date:
    """Same day of the month, clamped to the month's last day (Jan 31 -> Feb 28/29)."""
    return start + relativedelta(months=months)


def day_problem(cadence: str, day: Optional[str]) -> Optional[str]:
    """Why `day` does not fit `cadence`, or None when it does (or is not given)."""
    if day is None:
        return None
    unit, step = parse_cadence(cadence)
    if unit == "months":
        if day in WEEKDAYS:
            return (f"a monthly schedule meets on one {day} of each month: say which, e.g. "
                    f"'first {day}' or 'last {day}'")
        return None
    if step % 7:
        return (f"an '{cadence}' schedule does not keep a weekday; use a cadence in weeks "
                "(weekly, biweekly, 'every N weeks') to meet on one")
    if day not in WEEKDAYS:
        return f"'{day}' is for monthly schedules; a {cadence} schedule names just the weekday, e.g. 'wednesday'"
    return None


def _monthly_day(day: Optional[str]) -> Callable[[dt.date, int], dt.date]:
    """The day of month k after `start` a monthly schedule meets on."""
    if day in (None, SAME_DAY) or day in WEEKDAYS:
        return add_months
    if day == LAST_DAY:
        return lambda start, k: start + relativedelta(months=k, day=31)  # dateutil clamps day=31 to the last day
    ordinal, name = day.split()
    n = ORDINALS[ordinal]
    wd: RelativeWeekday = _RELATIVE_WEEKDAYS[WEEKDAYS.index(name)]
    if n > 0:
        return lambda start, k: start + relativedelta(months=k, day=1, weekday=wd(n))
    return lambda start, k: start + relativedelta(months=k, day=31, weekday=wd(-1))


def cadence_slots(start: dt.date, cadence: str, day: Optional[str] = None) -> Iterator[dt.date]:
    """Every date the cadence offers from `start` on (bounded: skips can never loop forever).

    With a `day` (schedule.day) the first slot is the first such day on or after `start`."""
    unit, step = parse_cadence(cadence)
    if day_problem(cadence, day):
        day = None  # the rules report it; the calendar falls back to the plain cadence
    first = start
    if unit == "days" and day in WEEKDAYS:
        first = start + dt.timedelta(days=(WEEKDAYS.index(day) - start.weekday()) % 7)
    monthly = _monthly_day(day)
    if start < FIRST_DATE:
        return
    for k in range(MAX_MEETINGS * 10):
        try:
            slot = monthly(start, k * step) if unit == "months" else first + dt.timedelta(days=k * step)
        except (OverflowError, ValueError):  # past year 9999
            return
        if slot > LAST_DATE:
            return
        if slot >= start:  # 'first wednesday' of the start's month may be before the start
            yield slot


@dataclass(frozen=True)
class AvoidedDays:
    """The days a schedule keeps free: weekends, listed dates and public holidays."""
    weekend: frozenset  # weekday numbers (Monday 0); empty when weekends are not avoided
    dates: frozenset
    holidays: Any = None  # a `holidays.HolidayBase` (a dict-like of date -> name), or None

    def reason(self, day: dt.date) -> Optional[Move]:
        """Why `day` is avoided (a Move from it), or None for a working day."""
        if self.holidays is not None and day in self.holidays:
            return Move(day, "holiday", self.holidays.get(day))
        if day.weekday() in self.weekend:
            return Move(day, "weekend")
        if day in self.dates:
            return Move(day, "date")
        return None


NO_AVOIDED_DAYS = AvoidedDays(frozenset(), frozenset())


@lru_cache(maxsize=64)
def public_holidays(country: str, region: Optional[str]) -> Any:
    """The `holidays` library's calendar of a country (and region), names in English where it has
    them; raises ValueError naming what it does not know."""
    import holidays  # a large library: loaded only for plans that ask for holidays

    try:
        found = holidays.country_holidays(country, subdiv=region)
    except NotImplementedError as exc:
        raise ValueError(str(exc)) from None
    if "en_US" in found.supported_languages and found.default_language != "en_US":
        found = holidays.country_holidays(country, subdiv=region, language="en_US")
    return found


def holiday_problem(country: str, region: Optional[str]) -> Optional[tuple[str, str]]:
    """(key, message) when the holidays library knows no such country or region, else None."""
    import difflib

    import holidays

    countries = holidays.list_supported_countries()
    if country not in countries:
        close = difflib.get_close_matches(country.upper(), list(countries), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return "country", (f"no public holidays known for country '{country}'{hint}; use a two-letter "
                           "ISO 3166 code such as DE, FR, GB or US")
    if region is not None and region not in countries[country]:
        regions = [r for r in countries[country] if len(r) <= 3] or list(countries[country])
        listed = ", ".join(regions[:30]) + (" ..." if len(regions) > 30 else "")
        known = f"its regions are {listed}" if regions else "it has no regions; leave out 'region'"
        return "region", f"country '{country}' has no region '{region}' in the holidays library; {known}"
    return None


def avoided_days(schedule: Any) -> AvoidedDays:
    """What `schedule.avoid` keeps free (nothing when it has no `avoid`, or names an unknown
    country: the rules report that)."""
    avoid = getattr(schedule, "avoid", None)
    if avoid is None:
        return NO_AVOIDED_DAYS
    found = None
    if avoid.holidays is not None and holiday_problem(avoid.holidays.country, avoid.holidays.region) is None:
        found = public_holidays(avoid.holidays.country, avoid.holidays.region)
    weekend = frozenset(getattr(found, "weekend", DEFAULT_WEEKEND) or DEFAULT_WEEKEND) if avoid.weekends else frozenset()
    return AvoidedDays(weekend, frozenset(avoid.dates), found)


def meeting_days(schedule: Any, count: Optional[int], *, limit: int = MAX_MEETINGS,
                 start: Optional[dt.date] = None,
                 avoided: Optional[AvoidedDays] = None) -> list[tuple[dt.date, Optional[Move]]]:
    """(date, move) of the first `count` meetings (or of all up to `end`); never more than `limit`.

    A slot on a `skip` date has no meeting (the meeting takes the next slot). A slot on an avoided
    day moves to the next working day; when no working day comes before the next slot, this slot
    has no meeting either. So meetings stay in order, one a day, and never on an avoided day."""
    start = start or schedule.start
    if start is None:
        return []
    avoided = avoided_days(schedule) if avoided is None else avoided
    skipped = set(schedule.skip)
    wanted = limit if count is None else min(count, limit)
    days: list[tuple[dt.date, Optional[Move]]] = []
    slots = cadence_slots(start, schedule.cadence, getattr(schedule, "day", None))
    slot = next(slots, None)
    while slot is not None and len(days) < wanted:
        following = next(slots, None)
        if schedule.end is not None and slot > schedule.end:
            break
        if slot not in skipped:
            day, move = slot, avoided.reason(slot)
            for _ in range(_MAX_MOVE_DAYS):
                if day not in skipped and not avoided.reason(day) or day >= LAST_DATE:
                    break
                day += dt.timedelta(days=1)
            if (following is None or day < following) and not avoided.reason(day) and day <= LAST_DATE:
                if schedule.end is None or day <= schedule.end:
                    days.append((day, move if day != slot else None))
        slot = following
    return days


def meeting_dates(schedule: Any, count: Optional[int], *, limit: int = MAX_MEETINGS,
                  start: Optional[dt.date] = None) -> list[dt.date]:
    """Dates of the first `count` meetings (or of all up to `end`), as `meeting_days`."""
    return [day for day, _ in meeting_days(schedule, count, limit=limit, start=start)]


def meeting_time(schedule: Any) -> tuple[Optional[dt.time], Optional[zoneinfo.ZoneInfo]]:
    """The schedule's time of day and time zone (each None when not given)."""
    time = getattr(schedule, "time", None)
    zone = getattr(schedule, "timezone", None)
    clock = dt.time(*map(int, time.split(":"))) if time else None
    try:
        return clock, zoneinfo.ZoneInfo(zone) if zone else None
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):  # the model refuses these; stay safe
        return clock, None


def meeting_count(plan: Any) -> int:
    """How many meetings the plan's schedule has (dates aside), at most MAX_MEETINGS."""
    schedule = plan.schedule
    if schedule.meetings is not None:
        return min(schedule.meetings, MAX_MEETINGS)
    if schedule.end is not None and schedule.start is not None:
        return len(meeting_dates(schedule, None))
    explicit = max((t.meeting for t in plan.roadmap if t.meeting), default=0)
    wanted = max(len(plan.roadmap), explicit, max((e.meeting for e in plan.log), default=0))
    if schedule.open_ended:
        wanted = max(OPEN_ENDED_HORIZON, wanted)
    return min(max(wanted, 1), MAX_MEETINGS)


def topics_by_meeting(plan: Any) -> dict[int, Any]:
    """Topic N goes to meeting N unless it names its meeting; the first claim wins."""
    assigned: dict[int, Any] = {}
    for position, topic in enumerate(plan.roadmap, start=1):
        assigned.setdefault(topic.meeting or position, topic)
    return assigned


def checkin_meeting(count: int) -> Optional[int]:
    """The half-way meeting, where the pair checks on the relationship itself."""
    return (count + 1) // 2 if count >= 3 else None


def meeting_span(day: Optional[dt.date], time: Optional[dt.time], zone: Optional[zoneinfo.ZoneInfo],
                 minutes: int) -> tuple[Optional[dt.datetime], Optional[dt.datetime]]:
    """When a meeting starts and ends. In a time zone the length is counted in real time, not on
    the clock: a 45-minute meeting on the night the clocks go back lasts 45 minutes, not 1 h 45;
    a time the clocks skip that day (02:30 when they go forward) becomes the time after the gap."""
    if day is None or time is None:
        return None, None
    starts = dt.datetime.combine(day, time, tzinfo=zone)
    if zone is None:
        return starts, starts + dt.timedelta(minutes=minutes)
    try:
        utc = starts.astimezone(dt.timezone.utc)
        return utc.astimezone(zone), (utc + dt.timedelta(minutes=minutes)).astimezone(zone)
    except OverflowError:  # the first or last days of the calendar: no clock change to mind there
        return starts, starts + dt.timedelta(minutes=minutes)


def derive_calendar(plan: Any) -> Calendar:
    """The plan's calendar; `Plan.calendar` computes it once per plan."""
    schedule = plan.schedule
    count = meeting_count(plan)
    days = meeting_days(schedule, count)
    dates = [day for day, _ in days]
    time, zone = meeting_time(schedule)
    last = dates[-1] if dates and schedule.meetings is not None and len(dates) == count else None
    topics = topics_by_meeting(plan)
    goals = {g.id: g for g in reversed(plan.goals)}  # the first goal of an id wins, as in lookups
    logs: dict[int, Any] = {}
    for entry in plan.log:
        logs.setdefault(entry.meeting, entry)
    check_ins = plan_check_ins(plan, count)
    held_with = {c.meeting for c in check_ins}
    meetings = []
    for number in range(1, count + 1):
        topic = topics.get(number)
        meeting_goals = tuple(goals[gid] for gid in (topic.goals if topic else ()) if gid in goals)
        day, move = days[number - 1] if number <= len(days) else (None, None)
        starts, ends = meeting_span(day, time, zone, schedule.length)
        meetings.append(Meeting(number=number, date=day, topic=topic, goals=meeting_goals,
                                checkin=number in held_with, log=logs.get(number), moved=move, starts=starts,
                                ends=ends))
    return Calendar(count=count, dates=tuple(dates), end=schedule.end or last, meetings=tuple(meetings),
                    time=time, zone=zone, length=schedule.length, check_ins=check_ins)


def plan_check_ins(plan: Any, count: int) -> tuple[CheckIn, ...]:
    """The check-ins the plan declares (`check_ins`), or the half-way one; one a meeting, at
    meetings the schedule has (the rules report the others)."""
    declared = getattr(plan, "check_ins", None)
    if declared is None:
        half = checkin_meeting(count)
        return (CheckIn(1, half, DEFAULT_CHECK_IN_RATINGS, DEFAULT_CHECK_IN_QUESTIONS, True),) if half else ()
    result: list[CheckIn] = []
    for item in sorted(declared, key=lambda c: c.meeting):
        if item.meeting <= count and all(c.meeting != item.meeting for c in result):
            result.append(CheckIn(len(result) + 1, item.meeting,
                                  tuple(item.ratings if item.ratings is not None else DEFAULT_CHECK_IN_RATINGS),
                                  tuple(item.questions if item.questions is not None
                                        else DEFAULT_CHECK_IN_QUESTIONS)))
    return tuple(result)


def span_of(plan: Any) -> Span:
    """From the first meeting to the last: by the real dates, else estimated from the cadence
    as if the plan started on a nominal Monday."""
    calendar = plan.calendar
    dates = calendar.dates or tuple(meeting_dates(plan.schedule, calendar.count, start=_NOMINAL_START))
    if not dates:
        return Span(0, 0, 0, bool(calendar.dates))
    delta = relativedelta(dates[-1], dates[0])
    return Span((dates[-1] - dates[0]).days, delta.years * 12 + delta.months, delta.days, bool(calendar.dates))
