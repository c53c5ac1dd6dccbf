"""A roster's dates and times as spreadsheets write them, made into what a plan holds.

A spreadsheet's date and time cells come typed (python-calamine reads them as dates and times).
A CSV file has text, in the way the spreadsheet that exported it shows dates: ISO (2027-01-04),
day first (04/01/2027, 04.01.2027) or month first (01/04/2027). A column of one file is in one
way; which one, its dates say when one has a day over 12 (13/01/2027 can only be day first).
When none of them does, 04/01/2027 is 4 January or 1 April: refused, with both readings, rather
than guessed. Times may carry seconds (14:00:00, as Excel exports them) or AM/PM.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterable, Optional

from .table import Cell

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?")
_YEAR_FIRST = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?: 0?0:00(?::00)?)?")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")  # day first wherever dots are written
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([AaPp]\.?[Mm]\.?)?")
DAY_FIRST, MONTH_FIRST = "day first", "month first"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


@dataclass(frozen=True)
class DateOrder:
    """How a column writes slashed dates: day first, month first, or not known (None), and the cell
    that shows it (for messages)."""
    order: Optional[str]
    shown_by: Optional[Cell] = None
    mixed: Optional[Cell] = None  # a cell that says the other order: the column mixes them


def date_order(cells: Iterable[Optional[Cell]]) -> DateOrder:
    """Which way the slashed dates of a column are written, from those that can be read one way only."""
    found: dict[str, Cell] = {}
    for cell in cells:
        match = _SLASHED.fullmatch(cell.text.strip()) if cell is not None and cell.value is None else None
        if match:
            first, second = int(match[1]), int(match[2])
            if first > 12 >= second:
                found.setdefault(DAY_FIRST, cell)
            elif second > 12 >= first:
                found.setdefault(MONTH_FIRST, cell)
    if len(found) == 2:
        return DateOrder(None, found[DAY_FIRST], found[MONTH_FIRST])
    if found:
        (order, cell), = found.items()
        return DateOrder(order, cell)
    return DateOrder(None)


def cell_date(cell: Cell, order: DateOrder) -> tuple[Optional[dt.date], Optional[str]]:
    """The date of a cell, or None and why not (a message ending where a hint can follow)."""
    value, text = cell.value, cell.text.strip()
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return None, (f"start is the number {text}, not a date: format the column as dates (or as text written "
                      "YYYY-MM-DD)")
    for pattern, parts in ((_ISO, (1, 2, 3)), (_YEAR_FIRST, (1, 2, 3)), (_DOTTED, (3, 2, 1))):
        match = pattern.fullmatch(text)
        if match:
            return _real(text, *(int(match[i]) for i in parts))
    match = _SLASHED.fullmatch(text)
    if not match:
        return None, (f"start '{text}' is not a date; write it as YYYY-MM-DD, e.g. 2027-01-11 (a spreadsheet may "
                      "show dates its own way: format the column as text, or give the spreadsheet itself)")
    first, second, year = int(match[1]), int(match[2]), int(match[3])
    if order.mixed is not None:
        day_first, month_first = order.shown_by, order.mixed
        return None, (f"start '{text}': the dates of this column are written both day first ('{day_first.text.strip()}' "
                      f"on line {day_first.line}) and month first ('{month_first.text.strip()}' on line "
                      f"{month_first.line}); write them as YYYY-MM-DD")
    if order.order == DAY_FIRST or first > 12:
        return _real(text, year, second, first)
    if order.order == MONTH_FIRST or second > 12:
        return _real(text, year, first, second)
    if first == second:
        return _real(text, year, first, second)
    readings = [dt.date(year, month, day) for day, month in ((first, second), (second, first))]
    said = " or ".join(f"{d.day} {_MONTHS[d.month - 1]}" for d in readings)
    return None, (f"start '{text}' could be {said} {year}: no date of this column says whether it is day or "
                  f"month first; write it as YYYY-MM-DD ({readings[0].isoformat()} or {readings[1].isoformat()})")


def _real(text: str, year: int, month: int, day: int) -> tuple[Optional[dt.date], Optional[str]]:
    try:
        return dt.date(year, month, day), None
    except ValueError as exc:
        return None, f"start '{text}' is not a date; write it as YYYY-MM-DD, e.g. 2027-01-11 ({exc})"


def cell_time(cell: Cell) -> str:
    """A time cell's value as a plan writes it ('14:00'): from a time cell, or text with seconds
    ('14:00:00') or AM/PM ('2:00 PM'). Other text is left as it is, for the plan's own check."""
    value, text = cell.value, cell.text.strip()
    if isinstance(value, dt.datetime):
        value = value.time()
    if isinstance(value, dt.timedelta) and dt.timedelta(0) <= value < dt.timedelta(days=1):
        value = (dt.datetime.min + value).time()
    if isinstance(value, dt.time) and not value.second and not value.microsecond:
        return f"{value.hour:02d}:{value.minute:02d}"
    match = _TIME.fullmatch(text)
    if not match or (match[3] and int(match[3])):
        return text
    hour, minute, half = int(match[1]), int(match[2]), (match[4] or "").lower().replace(".", "")
    if half:
        if not 1 <= hour <= 12:
            return text
        hour = hour % 12 + (12 if half == "pm" else 0)
    return f"{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else text
