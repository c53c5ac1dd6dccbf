"""Rosters: a cohort's pairs from one CSV file or spreadsheet, each a pair plan that follows its program, and
their workbooks, calendars and index written at once (`mentorkit roster`)."""
from .pairs import Roster, RosterPair, read_roster
from .writing import RosterReport, write_roster

__all__ = ["Roster", "RosterPair", "RosterReport", "read_roster", "write_roster"]
