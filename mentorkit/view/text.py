"""How values read: dates, times and numbers as every output prints them, in the language in
force (`locale.speaking`), through Babel's CLDR data: 'Mon 11 Jan 2027', 'Mo., 11. Jan. 2027',
'lun. 11 janv. 2027'; '2.5' and '2,5'."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from babel import dates as babel_dates
from babel import numbers as babel_numbers
from markupsafe import escape

from ..locale import babel_locale, catalog_language, current

# English keeps the day-month-year order mentorkit has always printed; other languages take
# CLDR's own pattern for the same fields (a skeleton), so each reads as its readers write dates.
_ENGLISH = {"full": "EEEE d MMMM y", "long": "EEE d MMM y", "short": "d MMM y", "month_day": "d MMM", "time": "HH:mm"}
_SKELETONS = {"long": "yMMMEd", "short": "yMMMd", "month_day": "MMMd"}


def _locale():
    return babel_locale(current())


def format_day(day: dt.date, form: str) -> str:
    """`day` in one of the forms: long ('Mon 11 Jan 2027'), short ('11 Jan 2027'), month_day
    ('11 Jan'), full ('Monday, 11 January 2027', 'Montag, 11. Januar 2027')."""
    locale = _locale()
    if catalog_language(current()) == "en":
        return babel_dates.format_date(day, _ENGLISH[form], locale=locale)
    if form == "full":
        return babel_dates.format_date(day, "full", locale=locale)
    return babel_dates.format_skeleton(_SKELETONS[form], day, locale=locale)


def format_date(day: Optional[dt.date], *, short: bool = False) -> str:
    """'Mon 11 Jan 2027' (short: '11 Jan 2027'); empty for no date."""
    if day is None:
        return ""
    return format_day(day, "short" if short else "long")


def format_clock(moment: dt.datetime | dt.time) -> str:
    """'14:00': a clock time, 24-hour in every language mentorkit speaks."""
    if catalog_language(current()) == "en":
        return babel_dates.format_time(moment, _ENGLISH["time"], locale=_locale())
    return babel_dates.format_time(moment, "short", locale=_locale())


def format_time(starts: Optional[dt.datetime], ends: Optional[dt.datetime]) -> str:
    """'14:00–14:45' (local clock time), empty without a time. A meeting the clocks change
    during says which clock each time is on: '02:30 CEST–02:15 CET' (the night they go back)."""
    if starts is None:
        return ""
    if ends is None:
        return format_clock(starts)
    if starts.utcoffset() != ends.utcoffset() and starts.tzname() and ends.tzname():
        return f"{format_clock(starts)} {starts.tzname()}\u2013{format_clock(ends)} {ends.tzname()}"
    return f"{format_clock(starts)}\u2013{format_clock(ends)}"


def format_when(day: Optional[dt.date], starts: Optional[dt.datetime] = None, ends: Optional[dt.datetime] = None,
                zone: Optional[str] = None) -> str:
    """'Wed 3 Mar 2027, 14:00–14:45 (Europe/Berlin)': the date with its weekday, then the time
    and zone when the schedule has them."""
    text = format_date(day)
    if text and starts is not None:
        text += f", {format_time(starts, ends)}" + (f" ({zone})" if zone else "")
    return text


def format_number(value: Optional[float]) -> str:
    """'5' for 5.0, '2.5' for 2.5 ('2,5' in German), '' for no value."""
    if value is None:
        return ""
    if catalog_language(current()) == "en":  # English as it always printed: no thousands separator
        return str(int(value)) if float(value).is_integer() else f"{value:g}"
    return babel_numbers.format_decimal(value, format="#,##0.######", locale=_locale())


def format_decimal(value: float, pattern: str) -> str:
    """A number in a CLDR pattern ('0.0': one decimal), with the language's decimal sign."""
    return babel_numbers.format_decimal(value, format=pattern, locale=_locale())


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

    @property
    def full(self) -> str:
        """'Monday, 4 January 2027', 'Montag, 4. Januar 2027', 'lundi 4 janvier 2027'."""
        return format_day(self.date, "full") if self.date else self.words

    @property
    def month_day(self) -> str:
        return format_day(self.date, "month_day") if self.date else self.words

    def __str__(self) -> str:
        return self.long

    def __html__(self) -> str:
        return escape(self.long)

    def __bool__(self) -> bool:
        return self.date is not None or bool(self.words)


NO_DAY = Day(None)
