"""The program report: how a program is going, added up over the pairs that follow it.

Numbers only: no name, no free text of any pair reaches a table. Every figure knows how many
pairs it was computed over; one computed over fewer than `threshold` pairs is suppressed
(shown as 'fewer than 5 pairs'), so that no pair can be singled out. Program-level measures
(the program plan's `measures`) describe the program, not a pair, and are never suppressed.

How each kind of pair is counted (the report says so too):
- a pair counts from its start date: a pair that has not started (or has no start) is in the
  number of pairs and nowhere else;
- meetings planned to date are the schedule's meetings on or before the report's date; for an
  open-ended plan, its cadence continued to that date;
- a pair with no log has held no meeting; it is 'silent' once two cadence periods have passed
  since its start with a meeting planned and not logged.
"""
from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional, Union

from dateutil.relativedelta import relativedelta

from ..plan.calendar import MAX_MEETINGS, meeting_dates, parse_cadence
from ..plan.model import Metric, Plan
from ..locale import N_, _, ngettext, speaking
from ..view import labels
from ..view.privacy import DEFAULT_THRESHOLD
from ..view.text import format_date

Value = Union[int, float, str, None]


@dataclass(frozen=True)
class Cell:
    """One figure and the number of pairs it was computed over (None: not about pairs)."""
    value: Value
    pairs: Optional[int] = None

    def suppressed(self, threshold: int) -> bool:
        return self.pairs is not None and self.pairs < threshold


@dataclass
class Table:
    name: str  # the CSV file's stem and the JSON key
    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)  # a row: a label (text) then Cells
    note: str = ""
    about_pairs: bool = True  # False: the program's own figures (its measures), shown before any pair starts


@dataclass
class ProgramReport:
    program_id: str
    title: str
    as_of: dt.date
    threshold: int
    tables: list[Table]
    counted: list[str]  # how pairs were counted, in sentences (English: the report's data)
    pairs: tuple[int, int] = (0, 0)  # how many follow the program, how many had started

    @property
    def said(self) -> list[str]:
        """How pairs were counted, in the language in force (the report's page)."""
        return how_counted(*self.pairs, self.threshold, self.as_of)
    status: str = ""  # when no pair has started by the report's day: what is true instead of the figures
    first_start: Optional[dt.date] = None  # of the pairs, when none has started: the status tells it

    @property
    def status_said(self) -> str:
        """The status in the language in force (the report's page; `status` is the data's English)."""
        return status_text(self.pairs, self.first_start, self.threshold) if self.status else ""

    def table(self, name: str) -> Table:
        return next(t for t in self.tables if t.name == name)

    @property
    def shown_tables(self) -> list[Table]:
        """The tables a reader is shown: before any pair starts, only the program's own."""
        if self.status:
            return [t for t in self.tables if not t.about_pairs and t.rows]
        return self.tables

    @property
    def as_of_text(self) -> str:
        return format_date(self.as_of, short=True)

    def suppressed_text(self) -> str:
        return f"fewer than {self.threshold} pairs"


def program_reports(plans: Iterable[Plan], *, as_of: dt.date, threshold: int = DEFAULT_THRESHOLD) -> list[ProgramReport]:
    """A report for every program plan among `plans`, from the plans that follow it."""
    plans = list(plans)
    programs = [p for p in plans if not p.has_people and p.program is None]
    return [program_report(program, [p for p in plans if p.program == program.id and p.has_people],
                           as_of=as_of, threshold=threshold) for program in programs]


def program_report(program: Plan, pairs: list[Plan], *, as_of: dt.date,
                   threshold: int = DEFAULT_THRESHOLD) -> ProgramReport:
    started = [p for p in pairs if p.schedule.start is not None and p.schedule.start <= as_of]
    n, s = len(pairs), len(started)
    planned = {id(p): _planned_to_date(p, as_of) for p in started}
    logs = {id(p): _logged(p, as_of) for p in started}  # what each pair held by the report's date
    held = {id(p): len({entry.meeting for entry, _ in logs[id(p)]}) for p in started}
    silent = sum(1 for p in started if _silent(p, as_of, planned[id(p)], held[id(p)], logs[id(p)]))
    total_planned, total_held = sum(planned.values()), sum(held.values())
    # Each figure rests on the pairs it is about: a pair whose first meeting is today has had no day to
    # log it, so the day the fifth pair starts does not show the first pair's history as "five pairs'".
    due = sum(1 for p in started if _planned_to_date(p, as_of - dt.timedelta(days=1)))
    participation = Table("participation", N_("Participation"), [N_("measure"), N_("value")], [
        [N_("Pairs following the program"), Cell(n, n)],
        [N_("Pairs that have started"), Cell(s, n)],
        [N_("Meetings planned to date"), Cell(total_planned, s)],
        [N_("Meetings held (logged)"), Cell(total_held, due)],
        [N_("Planned meetings held (%)"), Cell(_percent(min(total_held, total_planned), total_planned), due)],
        [N_("Pairs with no log for two cadence periods"), Cell(silent, due)],
    ])
    tables = [participation, *_ratings(started, logs, threshold), _checkin(started, logs, as_of), _record(started),
              _goals(started, as_of),
              _metrics(started, as_of), _milestones(started, as_of), _measures(program, as_of)]
    with speaking("en"):  # the data (JSON) keeps English; the page says it in its language (`said`)
        counted = how_counted(n, s, threshold, as_of)
    starts = [p.schedule.start for p in pairs if p.schedule.start is not None]
    first_start = min(starts) if starts else None
    with speaking("en"):
        status = status_text((n, s), first_start, threshold)
    return ProgramReport(program.id, program.title, as_of, threshold, tables, counted, (n, s),
                         status=status, first_start=first_start)

def status_text(pairs: tuple[int, int], first_start: Optional[dt.date], threshold: int) -> str:
    """What is true of a program with no figure about its pairs to show, in the language in force:
    none has started by the report's day, or fewer than `threshold` follow it ('' when there are
    figures). It tells no number of pairs (the threshold's rule) and only a start date, which the
    schedule publishes. `pairs`: how many follow the program, how many had started."""
    n, started = pairs
    if started and n >= threshold:
        return ""
    if started:
        return _("This program has fewer than %(threshold)s pairs so far: no figure about its pairs is shown, so "
                 "that none can be singled out. The figures come once at least %(threshold)s pairs follow it."
                 ) % {"threshold": threshold}
    if not n:
        return _("No pair follows this program yet: its figures start with the first pair plan that follows it.")
    if first_start is None:
        return _("No pair had started by the day this report counts to, and no pair plan has a start date yet "
                 "(schedule.start).")
    return _("No pair had started by the day this report counts to; the first starts on %(date)s. The figures "
             "come once pairs have met.") % {"date": format_date(first_start, short=True)}


# --------------------------------------------------------------------------- per pair

def _planned_to_date(plan: Plan, as_of: dt.date) -> int:
    dates = plan.calendar.dates
    if plan.schedule.open_ended:
        dates = meeting_dates(plan.schedule, None, limit=MAX_MEETINGS)
    return sum(1 for day in dates if day <= as_of)


def _logged(plan: Plan, as_of: dt.date) -> list[tuple[Any, dt.date]]:
    """(entry, day held) of the pair's log entries of meetings held on or before `as_of` (the day
    the entry gives, else the meeting's planned day)."""
    planned_on = {m.number: m.date for m in plan.calendar.meetings}
    held = ((entry, entry.date or planned_on.get(entry.meeting)) for entry in plan.log)
    return [(entry, day) for entry, day in held if day is not None and day <= as_of]


def _period(plan: Plan) -> relativedelta:
    unit, step = parse_cadence(plan.schedule.cadence)
    return relativedelta(months=step) if unit == "months" else relativedelta(days=step)


def _silent(plan: Plan, as_of: dt.date, planned: int, held: int, logged: list) -> bool:
    if planned <= held:
        return False
    last = max((day for _, day in logged), default=plan.schedule.start)
    return as_of > last + 2 * _period(plan)


# --------------------------------------------------------------------------- tables

def _ratings(started: list[Plan], logs: dict, threshold: int) -> list[Table]:
    rated = [p for p in started if any(entry.rating is not None for entry, _ in logs[id(p)])]
    counts = {r: 0 for r in range(1, 11)}
    by_meeting: dict[int, list[tuple[int, int]]] = {}
    for pair in rated:
        for entry, _held in logs[id(pair)]:
            if entry.rating is not None:
                counts[entry.rating] += 1
                by_meeting.setdefault(entry.meeting, []).append((id(pair), entry.rating))
    distribution = Table("ratings", N_("Meeting ratings"), [N_("rating"), N_("meetings")],
                         [[str(r), Cell(c, len(rated))] for r, c in counts.items()],
                         note=N_("How often each rating (1 to 10) was given, over every logged meeting."))
    medians = Table("ratings-by-meeting", N_("Median rating by meeting number"), [N_("meeting"), N_("pairs"), N_("median")],
                    note="Is the program getting better for pairs as it goes? A meeting rated by fewer than "
                         f"{threshold} pairs is left out (how far a few pairs got is theirs to tell).")
    for number in sorted(by_meeting):
        pairs = len({pair for pair, _ in by_meeting[number]})
        if pairs < threshold:
            continue
        medians.rows.append([str(number), Cell(pairs, pairs),
                             Cell(_round(statistics.median(r for _, r in by_meeting[number])), pairs)])
    return [distribution, medians]


def _checkin(started: list[Plan], logs: dict, as_of: dt.date) -> Table:
    reached = held = 0
    for pair in started:
        meeting = pair.calendar.checkin
        if meeting is None or meeting.date is None or meeting.date > as_of:
            continue
        reached += 1
        held += any(entry is meeting.log for entry, _ in logs[id(pair)])
    return Table("check-in", N_("Half-way check-in"), [N_("measure"), N_("value")], [
        [N_("Pairs that reached it"), Cell(reached, len(started))],
        [N_("Pairs that held it (logged)"), Cell(held, reached)],  # of those that reached it
    ])


def _record(started: list[Plan]) -> Table:
    """What the pairs brought back from their workbooks (`mentorkit import`): check-ins answered,
    agreements signed, the self-assessment from start to end."""
    answered = pairs_answered = signed = assessed = 0
    changes: list[float] = []
    for pair in started:
        held = [e for e in pair.log if e.check_in is not None and (any(e.check_in.answers) or any(
            v is not None for side in ("mentee", "mentor", "group") for v in getattr(e.check_in.ratings, side)))]
        answered += len(held)
        pairs_answered += bool(held)
        signed += bool(pair.agreement.signed)
        sa = pair.self_assessment
        both = [area for area in sa.end_ratings if area in sa.ratings]
        if both:
            assessed += 1
            changes.append(statistics.mean(sa.end_ratings[a] - sa.ratings[a] for a in both))
    s = len(started)
    return Table("record", N_("The record"), [N_("measure"), N_("value")], [
        [N_("Pairs that recorded a check-in's answers"), Cell(pairs_answered, s)],
        [N_("Check-ins answered"), Cell(answered, s)],
        [N_("Pairs whose agreement is signed"), Cell(signed, s)],
        [N_("Pairs with a self-assessment at the start and at the end"), Cell(assessed, s)],
        [N_("Median change of the self-assessment, start to end (points)"),
         Cell(_round(statistics.median(changes)) if changes else None, assessed)],
    ], note=N_("A pair's self-assessment change is the mean, over the areas it rated both times, of the end "
            "rating less the start rating."))


def _goals(started: list[Plan], as_of: dt.date) -> Table:
    due = met = overdue = total = 0
    with_goals = with_due = 0  # the pairs each figure is about
    for pair in started:
        with_goals += bool(pair.goals)
        any_due = False
        for goal in pair.goals:
            total += 1
            day = pair.resolve_date(goal.due)
            done = goal.met is not None and goal.met <= as_of
            met += done
            if day is not None and day <= as_of:
                due += 1
                overdue += not done
                any_due = True
        with_due += any_due
    return Table("goals", N_("Goals"), [N_("measure"), N_("value")], [
        [N_("Goals"), Cell(total, with_goals)], [N_("Due to date"), Cell(due, with_goals)], [N_("Met"), Cell(met, with_goals)],
        [N_("Overdue (due, not met)"), Cell(overdue, with_due)],
    ], note=N_("A pair records a goal as met with 'met: YYYY-MM-DD' on the goal in its plan."))


def _metrics(started: list[Plan], as_of: dt.date) -> Table:
    table = Table("metrics", N_("Success metrics by type"),
                  [N_("type"), N_("pairs"), N_("metrics with a target"), N_("reached"), N_("median progress of the rest (%)")],
                  note=N_("Progress: how far the latest value has moved from the baseline toward the target."))
    for kind, label in labels.METRIC_TYPES.items():
        pairs = [p for p in started if any(m.type == kind and m.target is not None for m in p.metrics)]
        targeted = [m for p in pairs for m in p.metrics if m.type == kind and m.target is not None]
        progress = [_progress(m, as_of) for m in targeted]
        rest = [value for value in progress if value < 1]
        behind = sum(1 for p in pairs if any(m.type == kind and m.target is not None and _progress(m, as_of) < 1
                                             for m in p.metrics))  # the pairs the median is over
        k = len(pairs)
        table.rows.append([label, Cell(k, k), Cell(len(targeted), k), Cell(len(progress) - len(rest), k),
                           Cell(_round(100 * statistics.median(rest)) if rest else None, behind)])
    return table


def _progress(metric: Metric, as_of: dt.date) -> float:
    """0 at the baseline (0 without one), 1 at the target or beyond, from the latest value."""
    values = [m.value for m in metric.measurements if m.date <= as_of]
    if not values:
        return 0.0
    fraction = _fraction(values[-1], metric.baseline, metric.target)
    if fraction is None:  # the target is the baseline: reached or not
        return 1.0 if values[-1] == metric.target else 0.0
    return fraction


def _fraction(value: float, baseline: Optional[float], target: float) -> Optional[float]:
    """How far `value` has moved from the baseline (0 without one) toward the target, from 0 to 1;
    None when the target is the baseline."""
    start = baseline if baseline is not None else 0.0
    span = target - start
    return max(0.0, min(1.0, (value - start) / span)) if span else None


def _milestones(started: list[Plan], as_of: dt.date) -> Table:
    total = due = reached = 0
    s = sum(1 for pair in started if pair.milestones)  # the pairs the figures are about
    for pair in started:
        for milestone in pair.milestones:
            total += 1
            day = pair.resolve_date(milestone.due)
            due += day is not None and day <= as_of
            reached += milestone.achieved is not None and milestone.achieved <= as_of
    return Table("milestones", N_("Milestones"), [N_("measure"), N_("value")], [
        [N_("Milestones"), Cell(total, s)], [N_("Due to date"), Cell(due, s)], [N_("Reached"), Cell(reached, s)],
    ])


def _measures(program: Plan, as_of: dt.date) -> Table:
    table = Table("measures", N_("Program measures"), [N_("measure"), N_("unit"), N_("baseline"), N_("target"), N_("latest"), N_("progress (%)")],
                  note=N_("Declared and measured by the program itself (the 'measures' of its plan)."), about_pairs=False)
    for measure in program.measures:
        values = [m.value for m in measure.measurements if m.date <= as_of]
        latest = values[-1] if values else None
        progress = None
        if latest is not None and measure.target is not None:
            fraction = _fraction(latest, measure.baseline, measure.target)
            progress = _round(100 * fraction) if fraction is not None else None
        table.rows.append([measure.title, Cell(measure.unit or ""), Cell(measure.baseline), Cell(measure.target),
                           Cell(latest), Cell(progress)])
    return table


def _percent(part: int, whole: int) -> Optional[float]:
    return _round(100 * part / whole) if whole else None


def _round(value: float) -> float:
    return round(float(value), 1)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def how_counted(n: int, s: int, threshold: int, as_of: dt.date) -> list[str]:
    """How the report counted its pairs, in sentences, in the language in force."""
    not_started = n - s
    if n < threshold:  # the same rule as the tables: no count of so few pairs is told
        counted = [_("Fewer than %(threshold)s pairs follow this program: no figure about its pairs is shown, so "
                     "that none can be singled out.") % {"threshold": threshold}]
    else:
        counted = [ngettext("%(count)d pair follows this program", "%(count)d pairs follow this program", n)
                   % {"count": n} + "; " +
                   ngettext("%(count)d pair had started by %(date)s and counts in the figures below.",
                            "%(count)d pairs had started by %(date)s and count in the figures below.", s)
                   % {"count": s, "date": format_date(as_of, short=True)},
                   ngettext("%(count)d pair not started yet (or without a start date) counts only in the number "
                            "of pairs.", "%(count)d pairs not started yet (or without a start date) count only in "
                            "the number of pairs.", not_started) % {"count": not_started}
                   if not_started else _("Every pair has started.")]
    counted += [
        _("Meetings planned to date: the schedule's meetings on or before the report's date; for an open-ended "
          "plan, its cadence continued to that date."),
        _("A meeting counts as held when the pair logged it with a date (or its planned date) on or before the "
          "report's date. A pair with no log has held no meeting. A pair is silent when two cadence periods have "
          "passed since its last logged meeting (or its start) while a planned meeting is not logged."),
        _("A figure computed over fewer than %(threshold)s pairs is not shown, so that no pair can be singled "
          "out.") % {"threshold": threshold},
    ]
    return counted
