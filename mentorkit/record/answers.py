"""What a filled workbook's fields say, as typed answers at the plan keys they fill.

A field's name is the path of its key (`workbook.forms.field_name`); this module gives each value
the type the plan format wants (a rating a whole number, a list one item a line, a date a date)
and says in words what it is, for the summary of an import.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any, Optional

from ..plan.model import MAX_NUMBER, Plan

TEXTS = {"action", "why", "reflection", "notes", "agreed_agenda"}
LISTS = {"successes", "roadblocks", "next_steps", "mentor_next_steps"}
_BULLET = re.compile(r"^\s*(?:[•\-*]|\d+[.)])\s+")


@dataclass(frozen=True)
class Answer:
    """One value to record: `key` as the plan file writes it, `where` the part of the workbook
    ("meeting 3", "before we start"), `what` the item ("rating 8", "action")."""
    key: tuple  # log entries are ('log', MEETING, ...): the entry of that meeting
    value: Any
    where: str
    what: str
    mode: str = "set"  # set | add (to a list of numbers: prework done) | at (a place in a list, from 1)
    #                    | append (an item to the list at `key`)
    whole: Any = None  # the list the plan holds there (with its program's), written into the
    #                    pair's file first when it has none of its own: a pair's list replaces the program's


class Refused(ValueError):
    """A value the plan format would not take (a date that is not one)."""


def items(text: str) -> list[str]:
    """A list field's text: one item a line, bullets as the workbook prints them dropped."""
    return [_BULLET.sub("", line).strip() for line in text.splitlines() if _BULLET.sub("", line).strip()]


def _date(text: str) -> dt.date:
    """YYYY-MM-DD, or a date as the workbook prints it ('Fri 22 Jan 2027', '22 Jan 2027')."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        pass
    for form in ("%a %d %b %Y", "%d %b %Y"):
        try:
            return dt.datetime.strptime(" ".join(text.split()), form).date()
        except ValueError:
            continue
    found = _date_in_words(text)
    if found is not None:
        return found
    raise Refused(f"'{text}' is not a date written as YYYY-MM-DD") from None


def _date_in_words(text: str) -> Optional[dt.date]:
    """A date as a workbook in another language prints it ('Mo., 4. Jan. 2027', 'lun. 4 janv. 2027',
    '4 ene 2027'): a day, a month's name in one of mentorkit's languages, a year."""
    from babel import Locale

    from ..locale import SUPPORTED

    words = re.findall(r"[^\W\d_]+|\d+", text.lower())
    numbers = [int(w) for w in words if w.isdigit()]
    if len(numbers) != 2:
        return None
    day, year = numbers
    for language in SUPPORTED:
        months = Locale.parse(language).months["format"]
        for width in ("abbreviated", "wide"):
            names = {name.lower().strip("."): number for number, name in months[width].items()}
            month = next((names[w] for w in words if w in names), None)
            if month is not None:
                try:
                    return dt.date(year, month, day)
                except (ValueError, OverflowError):  # a day or a year no date has
                    return None
    return None


def recorded(plan: Plan, key: tuple) -> Any:
    """What the plan (with what it takes from its program) holds at an answer's key, or None."""
    node: Any = plan.model_dump(mode="python")
    if key[0] == "log":
        node = next((e for e in node["log"] if e["meeting"] == key[1]), None)
        key = key[2:]
        if node is None:
            return None
    elif key[0] == "milestones":
        node = node["milestones"][key[1] - 1] if len(node["milestones"]) >= key[1] else None
        key = key[2:]
    for part in key:
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int):
            node = node[part - 1] if len(node) >= part else None
        else:
            return None
    return node


def _number(text: str) -> float | int:
    try:
        number = float(text.replace(",", ".").strip())
    except ValueError:
        raise Refused(f"'{text}' is not a number") from None
    if not math.isfinite(number) or abs(number) > MAX_NUMBER:
        raise Refused(f"'{text}' is not a number a plan holds (at most {MAX_NUMBER:.0e} either way)")
    return int(number) if number.is_integer() else number


def answers_of(values: dict[tuple, str], plan: Plan) -> tuple[list[Answer], list[str]]:
    """The answers the fields hold, and the fields that could not be read (in words)."""
    found, problems = [], []
    values = with_agenda_notes(values, plan)
    for key, text in sorted(values.items(), key=lambda kv: [str(p).zfill(4) for p in kv[0]]):
        try:
            answer = _answer(key, text, plan)
        except (Refused, ValueError, OverflowError) as exc:  # a value no plan holds: this field only
            problems.append(f"{'.'.join(map(str, key))}: {exc}")
            continue
        if answer is not None:
            found.append(answer)
    return found, problems


def with_agenda_notes(values: dict[tuple, str], plan: Plan) -> dict[tuple, str]:
    """The fields beside a meeting's agenda items (`log.N.agenda_notes.K`) joined into its notes field's
    text, a line an item, in agenda order (`workbook.agenda_notes`): the plan keeps one text of notes."""
    from ..workbook import agenda_notes

    said: dict[int, dict[int, str]] = {}
    kept = {}
    for key, text in values.items():
        if (len(key) == 4 and key[0] == "log" and key[2] == agenda_notes.FIELD and isinstance(key[1], int)
                and isinstance(key[3], int)):
            said.setdefault(key[1], {})[key[3]] = text
        else:
            kept[key] = text
    if said:
        agendas = {m.number: [item.title for item in m.topic.agenda] if m.topic else [] for m in plan.calendar.meetings}
        for number, notes in said.items():
            joined = agenda_notes.join(agendas.get(number, []), notes, kept.get(("log", number, "notes")))
            if joined:
                kept[("log", number, "notes")] = joined
    return kept


def _answer(key: tuple, text: str, plan: Plan) -> Optional[Answer]:
    head = key[0]
    if head == "log" and len(key) >= 3 and isinstance(key[1], int):
        return _meeting_answer(key, text, plan)
    words = {"before_we_start": "before we start", "game_plan": "game plan", "agreement": "agreement",
             "final_review": "final review", "self_assessment": "self-assessment", "logistics": "agreement",
             "notes_pages": "notes", "milestones": "milestones"}
    if head == "goals":  # a goal prints a blank only for a facet it lacks, and a valid plan lacks none
        raise Refused("a goal's facets are not imported; write them in the plan")
    where = words.get(head)
    if where is None:
        return None  # no key of the plan: a blank row to add more is rows.added_rows's
    if head == "notes_pages" and len(key) == 2 and isinstance(key[1], int):
        return Answer(key, text, where, f"page {key[1]}", "at")
    if head == "self_assessment" and len(key) == 3 and key[1] in ("ratings", "end_ratings"):
        return Answer(key, int(_number(text)), where, f"{key[2]} {'at the end' if key[1] == 'end_ratings' else 'today'}")
    if head == "agreement" and len(key) == 4 and key[1] == "signed":
        if key[3] == "name":
            return Answer(key[:3], None, where, f"signed by {key[2]}", "sign")
        return Answer(key[:3], _date(text), where, f"signed by {key[2]} on {text}", "sign")
    if head == "final_review" and len(key) == 4 and key[1] == "signed":
        return Answer(key[:3], _date(text) if key[3] == "date" else None, where, f"signed by {key[2]}", "sign")
    if head == "final_review" and len(key) == 4 and key[1] == "metrics":
        value = _number(text) if key[3] == "actual" else text == "Yes"
        return Answer(key, value, where, f"{key[2]} {key[3]}")
    if head == "milestones" and len(key) == 3 and isinstance(key[1], int):
        return Answer(key, _date(text) if key[2] == "achieved" else text, where, f"milestone {key[1]} {key[2]}",
                      whole=whole_list(plan, ("milestones",)))
    if head == "logistics" and key[1:2] == ("channels",):
        return Answer(key, [c.strip() for c in re.split(r"[,\n]", text) if c.strip()], where, "channels")
    return Answer(key, text, where, key[-1].replace("_", " ") if isinstance(key[-1], str) else str(key[-1]))


def whole_list(plan: Plan, key: tuple) -> list:
    """The list the plan holds at `key` (with what it takes from its program), as a plan file writes it."""
    node: Any = plan
    for part in key:
        node = getattr(node, part, None)
    return [item.model_dump(mode="python", exclude_none=True, exclude_defaults=True)
            if hasattr(item, "model_dump") else item for item in (node or [])]


def _meeting_answer(key: tuple, text: str, plan: Plan) -> Optional[Answer]:
    _, number, name, *rest = key
    where = f"meeting {number}"
    if name == "held":
        return Answer(("log", number), None, where, "held", "held") if text == "Yes" else None
    if name == "rating":
        return Answer(key, int(_number(text)), where, f"rating {text}")
    if name == "date":
        return Answer(key, _date(text), where, "date")
    if name in TEXTS:
        return Answer(key, text, where, name.replace("_", " "))
    if name in LISTS:
        return Answer(key, items(text), where, name.replace("_", " "))
    if name == "member_next_steps" and rest:
        return Answer(key, items(text), where, f"{rest[0]}'s next steps")
    if name == "prework_done" and rest and text == "Yes":
        return Answer(key[:3], rest[0], where, f"prework {rest[0]} done", "add")
    if name == "closing" and rest:
        return Answer(key, text, where, f"closing answer {rest[0]}", "at")
    if name == "check_in" and len(rest) >= 2:
        check_in = plan.calendar.check_in_at(number)
        where = f"check-in {check_in.number if check_in else ''}".strip()
        if rest[0] == "answers":
            return Answer(key, text, where, f"answer {rest[1]}", "at")
        if rest[0] == "ratings" and len(rest) == 3:
            return Answer(key, int(_number(text)), where, f"{rest[1]} rating {rest[2]}", "at")
    return None
