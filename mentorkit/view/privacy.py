"""What a published site may show of a plan: the one place privacy is decided.

A program plan (no `pair` or `circle`) is published in full. A pair or circle plan is published at the lowest of
the site's `pairs` setting and the plan's own `visibility`:

- hidden: not at all (it is still checked, and its errors still fail the build);
- listed: its names and roles, goal titles and schedule; every field the model declares
  `Private(...)` is removed first (log, notes, ratings, measurements, emails, goal facets,
  logistics, summary), so no later stage can show it;
- full: everything, as in the pair's own workbook.

The program report (`report/`) shows no field of a pair at all, only figures added up over at
least `DEFAULT_THRESHOLD` pairs (or the site's `report_threshold`).
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Optional

from pydantic import BaseModel

from ..plan.model import PRIVACY_KEY, Plan

if TYPE_CHECKING:
    from .plan_view import PlanView

HIDDEN, LISTED, FULL = "hidden", "listed", "full"
# The report adds up what pairs keep private: a figure over fewer pairs than this (the plugin's
# `report_threshold`, the report's --threshold) is not shown, so that no pair can be singled out.
DEFAULT_THRESHOLD = 5


def report_day(today: dt.date) -> dt.date:
    """The day a report counts to unless told otherwise: the end of the last whole month. Two
    reports a day apart (a site built every night) would otherwise differ by one pair's newest
    rating; reports of whole months change once a month, by every pair's month at once."""
    following = (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    if today == following - dt.timedelta(days=1):
        return today  # the month is whole today
    return today.replace(day=1) - dt.timedelta(days=1)
LEVELS = (HIDDEN, LISTED, FULL)  # from least to most shown (settings.PAIR_LEVELS, the same words)
_PLAN_LEVELS = {"private": HIDDEN, "listed": LISTED, "full": FULL, None: FULL}


def level_for(plan: Plan, site_level: str) -> str:
    """How much of `plan` a site whose `pairs` setting is `site_level` may show."""
    if not plan.has_people:
        return FULL  # a program is written to be published
    own = _PLAN_LEVELS[plan.visibility]
    return min(site_level, own, key=LEVELS.index)


def without_private(model: Any) -> Any:
    """A copy of a plan (or any part of it) with every private field back at its empty default."""
    if isinstance(model, BaseModel):
        update = {}
        for name, info in type(model).model_fields.items():
            value = getattr(model, name)
            if info.json_schema_extra[PRIVACY_KEY]:
                update[name] = info.get_default(call_default_factory=True)
            else:
                cleaned = without_private(value)
                if cleaned is not value:
                    update[name] = cleaned
        if not update:
            return model
        copy = model.model_copy(update=update)
        copy.__dict__.pop("calendar", None)  # derived from the old data: derive it again
        return copy
    if isinstance(model, list):
        cleaned = [without_private(item) for item in model]
        return cleaned if any(a is not b for a, b in zip(cleaned, model)) else model
    if isinstance(model, dict):
        cleaned = {key: without_private(item) for key, item in model.items()}
        return cleaned if any(cleaned[k] is not model[k] for k in model) else model
    return model


def published_view(plan: Plan, site_level: str, language: Optional[str] = None) -> Optional[PlanView]:
    """The view of `plan` a site may publish, or None when it publishes nothing of it; in the
    plan's language, else `language` (the program's)."""
    level = level_for(plan, site_level)
    if level == HIDDEN:
        return None
    from .plan_view import build_view  # the view machinery loads with the first output

    view = build_view(plan if level == FULL else without_private(plan), language)
    view.level = level
    return view
