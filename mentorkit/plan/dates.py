"""Dates written relative to a plan's schedule: `meeting 6`, `last meeting`, `8 weeks in`.

A program plan has no start date, so it cannot name real dates; its pairs each have their own.
A due date written relative to the schedule reads in words where there is no start ("by
meeting 6", "8 weeks in") and resolves to a real date where there is one. Resolving needs the
plan's calendar, so it happens in `Plan.resolve_date`, never here.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Optional, Union

from dateutil.relativedelta import relativedelta

# One pattern for the validator and the JSON Schema (editors complete and check it).
RELATIVE_PATTERN = r"^(meeting [1-9][0-9]{0,2}|last meeting|[1-9][0-9]{0,2} (day|days|week|weeks|month|months) in)$"
_RELATIVE = re.compile(RELATIVE_PATTERN)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
RELATIVE_HELP = ("write a date as YYYY-MM-DD, or relative to the schedule: 'meeting 6', 'last meeting', "
                 "'8 weeks in', '3 months in', '10 days in'")


@dataclass(frozen=True)
class RelativeDate:
    """A date relative to the schedule: the date of a meeting, or a time after the start."""
    meeting: Optional[int] = None  # meeting N
    last: bool = False  # the last meeting
    amount: int = 0  # or this many units after the start
    unit: str = ""  # days | weeks | months

    @classmethod
    def parse(cls, text: str) -> "RelativeDate":
        if not _RELATIVE.match(text):
            raise ValueError(f"'{text[:40]}' is not a date; {RELATIVE_HELP}")
        words = text.split()
        if words[0] == "meeting":
            return cls(meeting=int(words[1]))
        if words[0] == "last":
            return cls(last=True)
        unit = words[1] if words[1].endswith("s") else words[1] + "s"
        return cls(amount=int(words[0]), unit=unit)

    @property
    def words(self) -> str:
        """How the date reads where the plan has no start: 'by meeting 6', '8 weeks in'."""
        if self.meeting is not None:
            return f"by meeting {self.meeting}"
        if self.last:
            return "by the last meeting"
        return str(self)  # '8 weeks in' reads as it is written

    def __str__(self) -> str:
        if self.meeting is not None:
            return f"meeting {self.meeting}"
        if self.last:
            return "last meeting"
        return f"{self.amount} {self.unit if self.amount != 1 else self.unit[:-1]} in"

    def after_start(self, start: dt.date) -> Optional[dt.date]:
        """The date of a 'N weeks in' date for a plan starting on `start` (None for meetings)."""
        if self.meeting is not None or self.last:
            return None
        try:
            return start + relativedelta(**{self.unit: self.amount})
        except (OverflowError, ValueError):
            return None


When = Union[dt.date, RelativeDate]


def parse_when(value: Any) -> Any:
    """A due date as written: a date, YYYY-MM-DD text, or a date relative to the schedule."""
    if isinstance(value, (dt.date, RelativeDate)):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected a date, got {value!r}; {RELATIVE_HELP}")
    text = " ".join(value.split()).lower()
    if _ISO_DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            raise ValueError(f"{text} is not a real date ({exc})") from None
    return RelativeDate.parse(text)
