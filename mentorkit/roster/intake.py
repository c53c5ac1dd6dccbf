"""What a program designer checks in a roster of 200 people before the workbooks go out.

- The same person as mentor and mentee (by name as a reader compares it, or by address): an error,
  a pair is two people.
- A mentor in more pairs than they can take (their `capacity` column, else the program's
  `mentor_capacity` setting): a warning at the first row over it, naming their rows.
- A mentor who is the mentee's manager (when the roster has a `manager` column): a warning, as a
  mentor outside the line of management is what most programs ask for; a designer who means it
  keeps the pair.
People are counted across the whole roster, whatever program their rows are in.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ..diagnostics import Diagnostic, plural
from .table import Cell

_WHOLE = re.compile(r"\d{1,4}")


@dataclass(frozen=True)
class Row:
    """What the checks read of one row that made a pair."""
    line: int
    mentor: Cell
    mentee: Cell
    mentor_email: Optional[Cell]
    mentee_email: Optional[Cell]
    capacity: Optional[Cell]
    manager: Optional[Cell]


def intake_problems(rows: list[Row], name: str, default_capacity: Optional[int],
                    same_name) -> list[Diagnostic]:
    """Every problem of the checks above, located at its cell of `name` (the roster's file)."""
    found: list[Diagnostic] = []

    def at(cell: Cell, severity: str, message: str) -> None:
        found.append(Diagnostic(name, cell.line, cell.column, severity, message))

    by_mentor: dict[str, list[Row]] = {}
    for row in rows:
        mentor, mentee = row.mentor.text.strip(), row.mentee.text.strip()
        emails = [c.text.strip().casefold() for c in (row.mentor_email, row.mentee_email) if c and c.text.strip()]
        if same_name(mentor) == same_name(mentee) or (len(emails) == 2 and emails[0] == emails[1]):
            what = "the same name" if same_name(mentor) == same_name(mentee) else f"the same address ({emails[0]})"
            at(row.mentee, "error", f"the mentor and the mentee are the same person ({what}): a pair is two people")
        if row.manager is not None and row.manager.text.strip() and same_name(row.manager.text) == same_name(mentor):
            at(row.manager, "warning", f"{mentor} mentors {mentee} and is {mentee}'s manager: a mentor from outside "
                                       "the mentee's line of management is who most programs pair them with")
        by_mentor.setdefault(same_name(mentor), []).append(row)
    for rows_of in by_mentor.values():
        capacity, source = None, "the program's mentor_capacity"
        for row in rows_of:
            cell = row.capacity
            if cell is None or not cell.text.strip():
                continue
            if not _WHOLE.fullmatch(cell.text.strip()):
                at(cell, "error", f"capacity '{cell.text.strip()}' is not a number of pairs; write a whole number, "
                                  "e.g. 2")
            elif capacity is None:
                capacity, source = int(cell.text.strip()), f"the capacity on line {row.line}"
        if capacity is None:
            capacity = default_capacity
        if capacity is not None and len(rows_of) > capacity:
            over = rows_of[capacity]
            lines = ", ".join(str(r.line) for r in rows_of[:12]) + (", ..." if len(rows_of) > 12 else "")
            at(over.mentor, "warning", f"{over.mentor.text.strip()} mentors {plural(len(rows_of), 'pair')} in this "
                                       f"roster (lines {lines}), more than {capacity} ({source})")
    return found
