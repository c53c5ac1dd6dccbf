"""The meeting schedule derived from a plan: numbers, dates, topics and the check-in."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator, Optional

if TYPE_CHECKING:
    from .model import Goal, LogEntry, Plan, Schedule, Topic

OPEN_ENDED_HORIZON = 12
MAX_MEETINGS = 500
CADENCE_PATTERN = r"^(weekly|biweekly|monthly|every ([1-9][0-9]{0,3}) (week|weeks|day|days))$"


@dataclass(frozen=True)
class Meeting:
    number: int
    date: Optional[dt.date]
    topic: Optional["Topic"]
    goals: tuple["Goal", ...]
    checkin: bool
    log: Optional["LogEntry"]

    @property
    def title(self) -> str:
        return self.topic.topic if self.topic else f"Meeting {self.number}"


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
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def cadence_slots(start: dt.date, cadence: str) -> Iterator[dt.date]:
    unit, step = parse_cadence(cadence)
    for k in range(MAX_MEETINGS * 10):  # bounded: skips can never make this loop forever
        try:
            yield add_months(start, k * step) if unit == "months" else start + dt.timedelta(days=k * step)
        except (OverflowError, ValueError):  # past year 9999
            return


def meeting_count(plan: "Plan") -> int:
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


def meeting_dates(schedule: "Schedule", count: Optional[int], *, limit: int = MAX_MEETINGS) -> list[dt.date]:
    """Dates of the first `count` meetings (or of all up to `end`), skipping `skip` dates;
    never more than `limit`."""
    if schedule.start is None:
        return []
    skipped = set(schedule.skip)
    wanted = limit if count is None else min(count, limit)
    dates: list[dt.date] = []
    for slot in cadence_slots(schedule.start, schedule.cadence):
        if schedule.end is not None and slot > schedule.end or len(dates) >= wanted:
            break
        if slot not in skipped:
            dates.append(slot)
    return dates


def topics_by_meeting(plan: "Plan") -> dict[int, "Topic"]:
    """Topic N goes to meeting N unless it names its meeting; the first claim wins."""
    assigned: dict[int, "Topic"] = {}
    for position, topic in enumerate(plan.roadmap, start=1):
        assigned.setdefault(topic.meeting or position, topic)
    return assigned


def checkin_meeting(count: int) -> Optional[int]:
    """The half-way meeting, where the pair checks on the relationship itself."""
    return (count + 1) // 2 if count >= 3 else None


def build_meetings(plan: "Plan") -> list[Meeting]:
    count = meeting_count(plan)
    dates = meeting_dates(plan.schedule, count)
    topics = topics_by_meeting(plan)
    logs = {}
    for entry in plan.log:
        logs.setdefault(entry.meeting, entry)
    checkin = checkin_meeting(count)
    meetings = []
    for number in range(1, count + 1):
        topic = topics.get(number)
        goals = tuple(g for g in (plan.goal(gid) for gid in (topic.goals if topic else ())) if g)
        meetings.append(Meeting(number=number, date=dates[number - 1] if number <= len(dates) else None,
                                topic=topic, goals=goals, checkin=number == checkin, log=logs.get(number)))
    return meetings
