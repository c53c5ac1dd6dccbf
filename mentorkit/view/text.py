"""Derived, display-ready facts about a plan, shared by the site and the workbook templates.

Templates compute nothing hard: they get these values ready-made.
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from ..diagnostics import plural
from ..plan.model import Plan

KIND_LABELS = {
    "onboarding": "Onboarding", "career": "Career growth", "leadership": "Leadership",
    "skills": "Specific skill", "situational": "Situational", "tacit": "Tacit know-how",
    "peer-circle": "Peer mentoring circle", "reverse": "Reverse mentoring", None: "Other",
}
CADENCE_LABELS = {"weekly": "every week", "biweekly": "every two weeks", "monthly": "every month"}


def format_date(day: Optional[dt.date], *, short: bool = False) -> str:
    """'Mon 11 Jan 2027' (short: '11 Jan 2027'); empty for no date."""
    if day is None:
        return ""
    text = f"{day.day} {day:%b %Y}"
    return text if short else f"{day:%a} {text}"


def format_number(value: Optional[float]) -> str:
    """'5' for 5.0, '2.5' for 2.5, '' for no value."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def cadence_label(cadence: str) -> str:
    return CADENCE_LABELS.get(cadence, cadence)


def first_and_last(plan: Plan) -> tuple[Optional[dt.date], Optional[dt.date]]:
    dates = [m.date for m in plan.meetings if m.date]
    return (dates[0], dates[-1]) if dates else (None, None)


def duration_text(plan: Plan) -> str:
    """'12 meetings every two weeks, 45 minutes each (11 Jan – 21 Jun 2027)'."""
    s = plan.schedule
    count = len(plan.meetings)
    if s.open_ended:
        text = f"Open-ended, meeting {cadence_label(s.cadence)}"
    else:
        text = f"{plural(count, 'meeting')} {cadence_label(s.cadence)}"
    text += f", {s.length} minutes each"
    first, last = first_and_last(plan)
    if first and not s.open_ended:
        text += f" ({format_date(first, short=True)} – {format_date(last, short=True)})"
    elif first:
        text += f" (from {format_date(first, short=True)})"
    return text


def kind_label(plan: Plan) -> str:
    return KIND_LABELS.get(plan.kind, "Other")


def timeboxes(plan: Plan, topic) -> list[tuple[str, Optional[int]]]:
    """Agenda items with minutes; items without a time box share what the meeting has left."""
    if topic is None:
        return []
    items = list(topic.agenda)
    fixed = sum(item.minutes or 0 for item in items)
    open_items = [item for item in items if item.minutes is None]
    share = max(plan.schedule.length - fixed, 0) // len(open_items) if open_items else 0
    return [(item.title, item.minutes if item.minutes is not None else (share or None)) for item in items]
