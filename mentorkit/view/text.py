"""How values read: dates and numbers as every output prints them."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from markupsafe import escape


def format_date(day: Optional[dt.date], *, short: bool = False) -> str:
    """'Mon 11 Jan 2027' (short: '11 Jan 2027'); empty for no date."""
    if day is None:
        return ""
    text = f"{day.day} {day:%b %Y}"
    return text if short else f"{day:%a} {text}"


def format_time(starts: Optional[dt.datetime], ends: Optional[dt.datetime]) -> str:
    """'14:00–14:45' (local clock time), empty without a time."""
    if starts is None:
        return ""
    return f"{starts:%H:%M}\u2013{ends:%H:%M}" if ends else f"{starts:%H:%M}"


def format_when(day: Optional[dt.date], starts: Optional[dt.datetime] = None, ends: Optional[dt.datetime] = None,
                zone: Optional[str] = None) -> str:
    """'Wed 3 Mar 2027, 14:00–14:45 (Europe/Berlin)': the date with its weekday, then the time
    and zone when the schedule has them."""
    text = format_date(day)
    if text and starts is not None:
        text += f", {format_time(starts, ends)}" + (f" ({zone})" if zone else "")
    return text


def format_number(value: Optional[float]) -> str:
    """'5' for 5.0, '2.5' for 2.5, '' for no value."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@dataclass(frozen=True)
class Day:
    """A date as templates print it: `{{ day }}` is 'Mon 11 Jan 2027', `{{ day.short }}` is
    '11 Jan 2027'; no date prints nothing and is false. A date relative to the schedule of a plan
    with no start prints in words ('by meeting 6', '8 weeks in')."""
    date: Optional[dt.date]
    words: str = ""

    @property
    def long(self) -> str:
        return format_date(self.date) if self.date else self.words

    @property
    def short(self) -> str:
        return format_date(self.date, short=True) if self.date else self.words

    def __str__(self) -> str:
        return self.long

    def __html__(self) -> str:
        return escape(self.long)

    def __bool__(self) -> bool:
        return self.date is not None or bool(self.words)


NO_DAY = Day(None)
