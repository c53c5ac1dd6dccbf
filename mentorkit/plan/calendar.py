"""The meeting calendar of a plan, derived once: how many meetings, their dates, topics,
goals, the half-way check-in and the log entry of each.

Every other stage (the rules, the view, the site, the workbook) reads `plan.calendar`;
nothing else works dates out. This module knows the plan only through the attributes it
reads (schedule, roadmap, goals, log), so the model can import it without a cycle.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Iterator, Optional

from dateutil.relativedelta import relativedelta

OPEN_ENDED_HORIZON = 12  # an open-ended relationship shows a rolling horizon of this many meetings
MAX_MEETINGS = 120  # about two years of weekly meetings; a workbook prints two pages a meeting (~20 s at 120)
CADENCE_PATTERN = r"^(weekly|biweekly|monthly|every ([1-9][0-9]{0,3}) (week|weeks|day|days))$"
_NOMINAL_START = dt.date(2001, 1, 1)  # a Monday: undated plans estimate their span from it


@dataclass(frozen=True)
class Meeting:
    number: int
    date: Optional[dt.date]
    topic: Any  # the roadmap Topic planned for it, if any
    goals: tuple  # the Goals its topic works on
    checkin: bool  # the half-way meeting, where the pair also checks on the relationship
    log: Any  # the pair's LogEntry for it, if logged

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


@dataclass(frozen=True)
class Calendar:
    count: int
    dates: tuple[dt.date, ...]
    end: Optional[dt.date]  # the explicit end, or the last meeting of a plan with a fixed number
    meetings: tuple[Meeting, ...]

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


def cadence_slots(start: dt.date, cadence: str) -> Iterator[dt.date]:
    """Every date the cadence offers from `start` on (bounded: skips can never loop forever)."""
    unit, step = parse_cadence(cadence)
    for k in range(MAX_MEETINGS * 10):
        try:
            yield add_months(start, k * step) if unit == "months" else start + dt.timedelta(days=k * step)
        except (OverflowError, ValueError):  # past year 9999
            return


def meeting_dates(schedule: Any, count: Optional[int], *, limit: int = MAX_MEETINGS,
                  start: Optional[dt.date] = None) -> list[dt.date]:
    """Dates of the first `count` meetings (or of all up to `end`), skipping `skip` dates;
    never more than `limit`."""
    start = start or schedule.start
    if start is None:
        return []
    skipped = set(schedule.skip)
    wanted = limit if count is None else min(count, limit)
    dates: list[dt.date] = []
    for slot in cadence_slots(start, schedule.cadence):
        if schedule.end is not None and slot > schedule.end or len(dates) >= wanted:
            break
        if slot not in skipped:
            dates.append(slot)
    return dates


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


def derive_calendar(plan: Any) -> Calendar:
    """The plan's calendar; `Plan.calendar` computes it once per plan."""
    schedule = plan.schedule
    count = meeting_count(plan)
    dates = meeting_dates(schedule, count)
    last = dates[-1] if dates and schedule.meetings is not None and len(dates) == count else None
    topics = topics_by_meeting(plan)
    goals = {g.id: g for g in reversed(plan.goals)}  # the first goal of an id wins, as in lookups
    logs: dict[int, Any] = {}
    for entry in plan.log:
        logs.setdefault(entry.meeting, entry)
    checkin = checkin_meeting(count)
    meetings = []
    for number in range(1, count + 1):
        topic = topics.get(number)
        meeting_goals = tuple(goals[gid] for gid in (topic.goals if topic else ()) if gid in goals)
        meetings.append(Meeting(number=number, date=dates[number - 1] if number <= len(dates) else None,
                                topic=topic, goals=meeting_goals, checkin=number == checkin,
                                log=logs.get(number)))
    return Calendar(count=count, dates=tuple(dates), end=schedule.end or last, meetings=tuple(meetings))


def span_of(plan: Any) -> Span:
    """From the first meeting to the last: by the real dates, else estimated from the cadence
    as if the plan started on a nominal Monday."""
    calendar = plan.calendar
    dates = calendar.dates or tuple(meeting_dates(plan.schedule, calendar.count, start=_NOMINAL_START))
    if not dates:
        return Span(0, 0, 0, bool(calendar.dates))
    delta = relativedelta(dates[-1], dates[0])
    return Span((dates[-1] - dates[0]).days, delta.years * 12 + delta.months, delta.days, bool(calendar.dates))
