"""Rosters: a cohort's pairs from one CSV file or spreadsheet, each a pair plan that follows its program, and
their workbooks, calendars and index written at once (`mentorkit roster`)."""
from __future__ import annotations

from typing import Any

__all__ = ["Roster", "RosterPair", "RosterReport", "read_roster", "write_roster"]
_FROM = {"Roster": "pairs", "RosterPair": "pairs", "read_roster": "pairs", "RosterReport": "writing",
         "write_roster": "writing"}


def __getattr__(name: str) -> Any:
    # Loaded when asked for: checking mkdocs.yml's `roster_columns` (every command) reads
    # roster.pairs.COLUMNS and must not load the writing stage (calendars, workbooks) with it.
    if name in _FROM:
        from importlib import import_module

        return getattr(import_module(f"{__name__}.{_FROM[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
