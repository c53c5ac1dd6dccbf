"""The rules of a valid plan that a schema cannot express: references, facets, dates, limits.

Each check yields (severity, path, message, at_key); the loader turns the path into a line
and column. Warnings become errors under --strict. Dates come from `plan.calendar`, the one
place the calendar is derived.
"""
from __future__ import annotations

import difflib
import math
from typing import Any, Iterator

from pydantic import BaseModel

from ..diagnostics import plural
from ..markup import (MAX_BRACKET_WORK, MAX_NESTING_COLUMNS, MAX_PLAN_BRACKET_WORK, MAX_TEXT_CHARS, MAX_TEXT_LINES,
                      bracket_work, markdown_budget_problem)
from .dates import RelativeDate
from .model import REAL_FACETS, SMART_FACETS, Plan
from .calendar import (FIRST_DATE, LAST_DATE, LAST_DAY, MAX_MEETINGS, SAME_DAY, Calendar, cadence_slots, day_problem,
                       holiday_problem, meeting_dates, parse_cadence, topics_by_meeting)

Finding = tuple[str, tuple, str, bool]


def check_plan(plan: Plan, *, dated: bool = True) -> Iterator[Finding]:
    """Every finding of the rules. `dated=False` leaves out the checks that rest on the calendar
    (a plan whose schedule, roadmap or log the schema refused: its calendar would be made up)."""
    yield from _text_budget(plan)
    yield from _unique_ids(plan)
    yield from _people(plan)
    yield from _references(plan)
    yield from _goal_facets(plan)
    yield from _self_assessment(plan)
    yield from _metrics(plan)
    if not dated:
        return
    calendar = plan.calendar
    yield from _schedule(plan, calendar)
    yield from _working_days(plan, calendar)
    yield from _roadmap(plan, calendar)
    yield from _agenda_length(plan, calendar)
    yield from _dates(plan, calendar)
    yield from _log(plan, calendar)
    yield from _record(plan, calendar)


def _unique_ids(plan: Plan) -> Iterator[Finding]:
    for field, noun in (("goals", "goal"), ("metrics", "metric"), ("measures", "measure")):
        first: dict[str, int] = {}
        for index, item in enumerate(getattr(plan, field)):
            if item.id in first:
                yield ("error", (field, index, "id"), f"duplicate {noun} id '{item.id}' "
                       f"(also {noun} {first[item.id] + 1}); ids must be unique", False)
            else:
                first[item.id] = index


def _unknown(kind: str, ref: str, known: dict[str, None]) -> str:
    if not known:
        return f"unknown {kind} '{ref}' (the plan has no {kind}s)"
    close = difflib.get_close_matches(ref, list(known)[:1000], n=1)
    if close:
        return f"unknown {kind} '{ref}' (did you mean '{close[0]}'?)"
    names = list(known)
    listed = ", ".join(names[:10]) + (f" and {len(names) - 10} more" if len(names) > 10 else "")
    return f"unknown {kind} '{ref}' (known {kind}s: {listed})"


def _people(plan: Plan) -> Iterator[Finding]:
    if plan.pair is not None and plan.circle is not None:
        yield ("error", ("circle",), "a plan is for a pair or for a circle, not both: remove 'pair' or 'circle'", True)
    if plan.measures and plan.has_people:
        yield ("error", ("measures",), "'measures' are the program's (its report adds them up); move them to "
               "the program plan", True)
    for g, goal in enumerate(plan.goals):
        if goal.met is not None and not plan.has_people:
            yield ("warning", ("goals", g, "met"), f"goal '{goal.id}' is marked met in a program plan; 'met' is "
                   "for a pair's own plan", True)
    if plan.circle is not None:
        seen: set[str] = set()
        for i, member in enumerate(plan.circle.members):
            if member.name in seen:
                yield ("error", ("circle", "members", i, "name"), f"member '{member.name}' is listed twice", False)
            seen.add(member.name)


def _references(plan: Plan) -> Iterator[Finding]:
    goal_ids = dict.fromkeys(g.id for g in plan.goals)  # ordered and unique, with fast lookup
    metric_ids = dict.fromkeys(m.id for m in plan.metrics)
    for t, topic in enumerate(plan.roadmap):
        for i, ref in enumerate(topic.goals):
            if ref not in goal_ids:
                yield ("error", ("roadmap", t, "goals", i), _unknown("goal", ref, goal_ids), False)
    for g, goal in enumerate(plan.goals):
        for i, ref in enumerate(goal.metrics):
            if ref not in metric_ids:
                yield ("error", ("goals", g, "metrics", i), _unknown("metric", ref, metric_ids), False)
    for m, milestone in enumerate(plan.milestones):
        if milestone.goal is not None and milestone.goal not in goal_ids:
            yield ("error", ("milestones", m, "goal"), _unknown("goal", milestone.goal, goal_ids), False)


def _goal_facets(plan: Plan) -> Iterator[Finding]:
    for g, goal in enumerate(plan.goals):
        name, other_name = ("SMART", "REAL") if goal.framework == "smart" else ("REAL", "SMART")
        absent = [facet for facet, text in goal.facets() if not (text or "").strip()]
        if absent:
            needed = ", ".join(facet for facet, _ in goal.facets())
            yield ("error", ("goals", g), f"{name} goal '{goal.id}' is missing {', '.join(absent)}; "
                   f"a {name} goal states all of {needed}", False)
        for facet in REAL_FACETS if goal.framework == "smart" else SMART_FACETS:
            if getattr(goal, facet) is not None:
                yield ("error", ("goals", g, facet), f"'{facet}' is a {other_name} facet, but goal '{goal.id}' "
                       f"is {name}; remove it or change framework", True)
        if goal.framework == "smart" and goal.due is None:
            yield ("error", ("goals", g), f"SMART goal '{goal.id}' needs a 'due' date (it is time-bound)", False)


def _schedule(plan: Plan, calendar: Calendar) -> Iterator[Finding]:
    s = plan.schedule
    given = [name for name in ("meetings", "end") if getattr(s, name) is not None]
    if s.open_ended:
        given.append("open_ended")
    if len(given) > 1:
        yield ("error", ("schedule", given[1]), f"give only one of meetings, end and open_ended "
               f"(this schedule has {' and '.join(given)})", True)
    if s.end is not None and s.start is None:
        yield ("error", ("schedule", "end"), "'end' needs a 'start' date to count meetings from", True)
    problem = day_problem(s.cadence, s.day)
    if problem:
        yield ("error", ("schedule", "day"), f"day '{s.day}' does not fit this schedule: {problem}", False)
    if s.start is None:
        return
    if s.end and s.end < s.start:
        yield ("error", ("schedule", "end"), f"end {s.end} is before start {s.start}", False)
    elif s.end and not calendar.dates:
        yield ("error", ("schedule", "end"), "no meeting falls between start and end", False)
    elif s.end and len(meeting_dates(s, None, limit=MAX_MEETINGS + 1)) > MAX_MEETINGS:
        yield ("error", ("schedule", "end"), f"this schedule has more than {MAX_MEETINGS} meetings; "
               "set an earlier end or a longer cadence", False)
    if not FIRST_DATE <= s.start <= LAST_DATE:
        yield ("error", ("schedule", "start"), f"start {s.start} is outside the dates mentorkit can put in a "
               f"calendar ({FIRST_DATE} to {LAST_DATE})", False)
    elif len(calendar.dates) < calendar.count and not s.end:
        yield ("error", ("schedule", "start"), f"the calendar runs out (past {LAST_DATE}) before "
               f"{plural(calendar.count, 'meeting')} can be dated", False)
    slots = set()
    horizon = s.end or (calendar.dates[-1] if calendar.dates else s.start)
    for slot in cadence_slots(s.start, s.cadence, s.day):
        if slot > horizon:
            break
        slots.add(slot)
    for i, day in enumerate(s.skip):
        if day < s.start:
            yield ("warning", ("schedule", "skip", i), f"skip date {day} is before the start {s.start}", False)
        elif day <= horizon and day not in slots and s.avoid is None:  # with avoid, it may stop a move
            yield ("warning", ("schedule", "skip", i), f"skip date {day} is not a meeting day of this "
                   f"{s.cadence} schedule, so it changes nothing", False)


def _working_days(plan: Plan, calendar: Calendar) -> Iterator[Finding]:
    """Holidays the library knows; meetings on weekends or on days dateutil clamped to a month end,
    said out loud."""
    s = plan.schedule
    if s.avoid is not None and s.avoid.holidays is not None:
        problem = holiday_problem(s.avoid.holidays.country, s.avoid.holidays.region)
        if problem:
            key, message = problem
            yield ("error", ("schedule", "avoid", "holidays", key), message, False)
    if s.start is None:
        return
    if s.avoid is None:
        weekend = [m for m in calendar.meetings if m.date and m.date.weekday() >= 5]
        if weekend:
            first = weekend[0]
            more = f" and {plural(len(weekend) - 1, 'more meeting')}" if len(weekend) > 1 else ""
            yield ("warning", ("schedule", "start"), f"meeting {first.number} ({first.date:%a} {first.date}){more} "
                   f"{'fall' if more else 'falls'} on a weekend; add 'avoid: {{weekends: true}}' to the schedule to move such meetings to "
                   "the next working day, or choose another start or day", False)
    skipped = [m for m in calendar.meetings if m.starts is not None and calendar.time is not None
               and m.starts.time() != calendar.time]
    if skipped:
        first = skipped[0]
        more = f" (and {plural(len(skipped) - 1, 'more meeting')})" if len(skipped) > 1 else ""
        yield ("warning", ("schedule", "time"), f"meeting {first.number} on {first.date:%a} {first.date}{more}: "
               f"{calendar.time:%H:%M} does not exist in {s.timezone} that day (the clocks go forward), so it is "
               f"at {first.starts:%H:%M}; choose another time to keep the hour", False)
    if parse_cadence(s.cadence)[0] == "months" and s.day in (None, SAME_DAY) and s.start.day > 28:
        clamped = [m for m in calendar.meetings if m.date and not m.moved and m.date.day != s.start.day]
        if clamped:
            listed = ", ".join(f"{m.date:%a} {m.date}" for m in clamped[:3]) + (" ..." if len(clamped) > 3 else "")
            yield ("warning", ("schedule", "start"), f"a monthly schedule from the {s.start.day}{'st' if s.start.day == 31 else 'th'} meets on the "
                   f"month's last day when the month is shorter ({listed}); say 'day: {LAST_DAY}' to meet on the "
                   "last day of every month, or name a weekday such as 'day: last friday'", False)


def _agenda_length(plan: Plan, calendar: Calendar) -> Iterator[Finding]:
    """An agenda whose time boxes add up to more than the meeting has."""
    length = plan.schedule.length
    numbers = {id(m.topic): m.number for m in calendar.meetings if m.topic is not None}
    for t, topic in enumerate(plan.roadmap):
        boxed = sum(item.minutes or 0 for item in topic.agenda)
        if boxed > length:
            number = numbers.get(id(topic), topic.meeting or t + 1)
            yield ("warning", ("roadmap", t, "agenda"), f"the agenda of meeting {number} ('{topic.topic}') has "
                   f"time boxes of {boxed} minutes in all, more than the meeting's {length} minutes; "
                   "shorten it or set a longer schedule.length", True)


def _roadmap(plan: Plan, calendar: Calendar) -> Iterator[Finding]:
    count = calendar.count
    claimed: dict[int, int] = {}
    for t, topic in enumerate(plan.roadmap):
        number = topic.meeting or t + 1
        path, at_key = (("roadmap", t, "meeting"), True) if topic.meeting else (("roadmap", t), False)
        if number in claimed:
            yield ("error", path, f"meeting {number} already has topic '{plan.roadmap[claimed[number]].topic}'; "
                   "give this topic another 'meeting' number", at_key)
        else:
            claimed[number] = t
        if not plan.schedule.open_ended and number > count:
            yield ("error", path, f"topic '{topic.topic}' is for meeting {number}, but the schedule has only "
                   f"{plural(count, 'meeting')}", at_key)
    if not plan.schedule.open_ended:
        topics = topics_by_meeting(plan)
        empty = [n for n in range(1, count + 1) if n not in topics]
        if empty and not plan.roadmap:
            yield ("warning", ("title",), "no meeting has a topic; add a 'roadmap' with a topic for each "
                   "meeting", True)
        elif empty:
            listed = ", ".join(map(str, empty[:10])) + (" ..." if len(empty) > 10 else "")
            yield ("warning", ("roadmap",), f"meeting{'s' if len(empty) > 1 else ''} {listed} "
                   f"{'have' if len(empty) > 1 else 'has'} no topic", True)
    worked_on = {gid for topic in plan.roadmap for gid in topic.goals}
    for g, goal in enumerate(plan.goals):
        if goal.id not in worked_on:
            yield ("warning", ("goals", g, "id"), f"no roadmap topic works on goal '{goal.id}'", False)


def _dates(plan: Plan, calendar: Calendar) -> Iterator[Finding]:
    """One severity per fact, whatever the date is of (see the format reference):
    - a date before the start, or after an explicit `end`, contradicts the schedule: an error;
    - a date after the last planned meeting may be true (meetings slip; a goal may be met after the
      relationship) but the pair cannot review it together: a warning;
    - a relative date naming a meeting the schedule does not have: an error."""
    s = plan.schedule
    due = [(("milestones", m, "due"), f"the due date of milestone '{ms.title}'", ms.due)
           for m, ms in enumerate(plan.milestones)]
    due += [(("goals", g, "due"), f"the due date of goal '{goal.id}'", goal.due) for g, goal in enumerate(plan.goals)]
    for path, what, when in due:
        if isinstance(when, RelativeDate) and when.meeting is not None and when.meeting > calendar.count \
                and not s.open_ended:
            yield ("error", path, f"{what} is '{when}', but the schedule has only "
                   f"{plural(calendar.count, 'meeting')}", False)
    if s.start is None:
        return
    happened = [(("milestones", m, "achieved"), f"the achieved date of milestone '{ms.title}'", ms.achieved)
                for m, ms in enumerate(plan.milestones)]
    happened += [(("log", i, "date"), f"the log date of meeting {e.meeting}", e.date) for i, e in enumerate(plan.log)]
    happened += [(("goals", g, "met"), f"the date goal '{goal.id}' was met", goal.met)
                 for g, goal in enumerate(plan.goals)]
    last = calendar.dates[-1] if calendar.dates and not s.open_ended else None
    for path, what, when in due + happened:
        day = plan.resolve_date(when)
        if day is None:
            continue
        written = day.isoformat() if day == when else f"{when}: {day.isoformat()}"
        if day < s.start:
            yield ("error", path, f"{what} ({written}) is before the schedule starts ({s.start})", False)
        elif s.end is not None and day > s.end:
            yield ("error", path, f"{what} ({written}) is after the schedule ends ({s.end})", False)
        elif last is not None and day > last:
            consequence = ("the pair cannot review it together" if path[-1] == "due"
                           else "check the date, or add the meeting to the schedule")
            yield ("warning", path, f"{what} ({written}) is after the last meeting ({last}); {consequence}", False)


def _log(plan: Plan, calendar: Calendar) -> Iterator[Finding]:
    seen: set[int] = set()
    for i, entry in enumerate(plan.log):
        if entry.meeting in seen:
            yield ("error", ("log", i, "meeting"), f"meeting {entry.meeting} is logged twice; "
                   "merge the two entries", False)
        seen.add(entry.meeting)
        if not plan.schedule.open_ended and entry.meeting > calendar.count:
            yield ("error", ("log", i, "meeting"), f"log names meeting {entry.meeting}, but the schedule "
                   f"has only {plural(calendar.count, 'meeting')}", False)


def _self_assessment(plan: Plan) -> Iterator[Finding]:
    sa = plan.self_assessment
    first: dict[str, int] = {}
    for i, area in enumerate(sa.areas):
        if area in first:
            yield ("error", ("self_assessment", "areas", i), f"area '{area}' is listed twice", False)
        first.setdefault(area, i)
    for key in ("ratings", "end_ratings"):
        for area, value in getattr(sa, key).items():
            if area not in first:
                known = ", ".join(list(first)[:10]) or "none listed"
                yield ("error", ("self_assessment", key, area), f"'{area}' is not one of the self-assessment "
                       f"areas ({known})", True)
            if not 1 <= value <= sa.scale:
                yield ("error", ("self_assessment", key, area), f"rating {value} for '{area}' must be "
                       f"a whole number from 1 to {sa.scale} (the scale)", False)


def _metrics(plan: Plan) -> Iterator[Finding]:
    for m, metric in enumerate(plan.metrics):
        if metric.target is None:
            yield ("warning", ("metrics", m, "id"), f"metric '{metric.id}' has no target; "
                   "decide up front what success looks like", False)


def _record(plan: Plan, calendar: Calendar) -> Iterator[Finding]:
    """What the pair recorded names people, goals, metrics, prework and questions the plan has."""
    members = {m.name: None for m in plan.circle.members} if plan.circle else {}
    people = {p.name: None for p in ((plan.pair.mentor, plan.pair.mentee) if plan.pair else ())}
    people.update(members)
    if plan.circle and plan.circle.facilitator:
        people[plan.circle.facilitator.name] = None
    bws = plan.before_we_start
    for side in ("mentee", "mentor"):
        if getattr(bws, side) is not None and plan.circle is not None:
            yield ("error", ("before_we_start", side), f"a circle has no {side}: write the answers under "
                   "'members' (by name) or 'facilitator'", True)
    if bws.facilitator is not None and (plan.circle is None or plan.circle.facilitator is None):
        yield ("error", ("before_we_start", "facilitator"), "the plan has no facilitator (circle.facilitator)", True)
    for name in bws.members:
        if name not in members:
            yield ("error", ("before_we_start", "members", name), _unknown("member", name, members), True)
    for key in ("agreement", "final_review"):
        for i, signature in enumerate(getattr(plan, key).signed):
            if plan.has_people and signature.name not in people:
                yield ("error", (key, "signed", i, "name"), _unknown("person", signature.name, people), False)
    review = plan.final_review
    metrics = {m.id: None for m in plan.metrics}
    goals = {g.id: None for g in plan.goals}
    for metric_id in review.metrics:
        if metric_id not in metrics:
            yield ("error", ("final_review", "metrics", metric_id), _unknown("metric", metric_id, metrics), True)
    for goal_id in review.goals:
        if goal_id not in goals:
            yield ("error", ("final_review", "goals", goal_id), _unknown("goal", goal_id, goals), True)
    seen: set[int] = set()
    for i, declared in enumerate(plan.check_ins or ()):
        if declared.meeting in seen:
            yield ("error", ("check_ins", i, "meeting"), f"two check-ins with meeting {declared.meeting}; "
                   "merge them", False)
        seen.add(declared.meeting)
        if declared.meeting > calendar.count and not plan.schedule.open_ended:
            yield ("error", ("check_ins", i, "meeting"), f"a check-in with meeting {declared.meeting}, but the "
                   f"schedule has only {plural(calendar.count, 'meeting')}", False)
    meetings = {m.number: m for m in calendar.meetings}
    for i, entry in enumerate(plan.log):
        meeting = meetings.get(entry.meeting)
        prework = len(meeting.topic.prework) if meeting is not None and meeting.topic else 0
        for j, number in enumerate(entry.prework_done):
            if number > prework:
                yield ("error", ("log", i, "prework_done", j), f"meeting {entry.meeting} has "
                       f"{plural(prework, 'prework item')}, not {number}", False)
        if len(entry.closing) > len(plan.reflection):
            yield ("error", ("log", i, "closing"), f"{plural(len(entry.closing), 'closing answer')} for "
                   f"{plural(len(plan.reflection), 'closing question')} (`reflection`)", True)
        for name in entry.member_next_steps:
            if name not in members:
                yield ("error", ("log", i, "member_next_steps", name), _unknown("member", name, members), True)
        if entry.check_in is not None:
            check_in = calendar.check_in_at(entry.meeting)
            if check_in is None:
                held = ", ".join(str(c.meeting) for c in calendar.check_ins) or "none"
                yield ("error", ("log", i, "check_in"), f"meeting {entry.meeting} has no check-in "
                       f"(check-ins are held with meetings: {held})", True)
                continue
            for side in ("mentee", "mentor", "group"):
                given = getattr(entry.check_in.ratings, side)
                if len(given) > len(check_in.ratings):
                    yield ("error", ("log", i, "check_in", "ratings", side), f"{plural(len(given), 'rating')} "
                           f"for {plural(len(check_in.ratings), 'statement')} of the check-in", True)
            if len(entry.check_in.answers) > len(check_in.questions):
                yield ("error", ("log", i, "check_in", "answers"), f"{plural(len(entry.check_in.answers), 'answer')} "
                       f"for {plural(len(check_in.questions), 'question')} of the check-in", True)


def _texts(node: Any, path: tuple = ()) -> Iterator[tuple[tuple, str, bool]]:
    """Every text of the plan (values and mapping keys) with its path, in file order (a walk with
    a stack of its own: nested generators cost a tenth of validating a plan)."""
    stack: list[tuple[Any, tuple, bool]] = [(node, path, False)]
    pop, push = stack.pop, stack.append
    while stack:
        node, path, at_key = pop()
        if isinstance(node, str):
            yield path, node, at_key
        elif isinstance(node, BaseModel):
            for name in reversed(type(node).model_fields):
                push((getattr(node, name), path + (name,), False))
        elif isinstance(node, (list, tuple)):
            for index in range(len(node) - 1, -1, -1):
                push((node[index], path + (index,), False))
        elif isinstance(node, dict):
            for key, value in reversed(node.items()):
                push((value, path + (key,), False))
                push((str(key), path + (key,), True))


# A text of one line no longer than this is inside every bound of markdown_budget_problem but the
# nesting one: its length, its one line, and its '[' (at most one a character: 632 x 632 < 400,000).
_SHORT = min(math.isqrt(MAX_BRACKET_WORK), MAX_TEXT_CHARS, MAX_TEXT_LINES)
# What a line's nesting prefix is made of (markup._LINE_PREFIX), and how many of them a line may
# start with and still be inside the nesting bound whatever they are (a tab counts 4 columns)
_MARKERS = " \t>*+-0123456789.)"
_SHALLOW = MAX_NESTING_COLUMNS // 4


def _clearly_fine(text: str) -> bool:
    """True when markdown_budget_problem(text) is sure to be None, by a cheaper test (a short line
    that does not start with 11 marker characters: nearly every text of a plan). False: ask it."""
    return len(text) <= _SHORT and "\n" not in text and (len(text) <= _SHALLOW or bool(text[:_SHALLOW + 1].lstrip(_MARKERS)))


def _all_texts_fine(plan: Plan) -> bool:
    """True when _text_budget finds nothing: every text and all of them together inside the budget.
    A walk that makes no paths and looks closer only at a text _clearly_fine is not sure of (nearly
    every plan: a fifth of the time `validate` spent checking a plan went on the full walk)."""
    total = 0
    stack: list[Any] = [plan]
    pop, extend = stack.pop, stack.extend
    while stack:
        node = pop()
        if isinstance(node, str):
            if not _clearly_fine(node) and markdown_budget_problem(node):
                return False
            if "[" in node:
                total += bracket_work(node)
        elif isinstance(node, BaseModel):  # its fields (and what it cached, whose texts only add work)
            extend(node.__dict__.values())
        elif isinstance(node, (list, tuple)):
            extend(node)
        elif isinstance(node, dict):
            extend(node.values())
            extend(str(key) for key in node)
    return total <= MAX_PLAN_BRACKET_WORK


def _text_budget(plan: Plan) -> Iterator[Finding]:
    """Every text can be rendered quickly (one check, markdown_budget_problem, for all of them),
    and so can all of them together: the slow part of Markdown ('[' scanning ahead) is also
    bounded for the whole plan."""
    if _all_texts_fine(plan):
        return
    total = 0
    for path, text, at_key in _texts(plan):
        problem = markdown_budget_problem(text)
        if problem:
            yield ("error", path, f"{_label(plan, path, at_key)}: {problem}", at_key)
            continue
        total += bracket_work(text)
        if total > MAX_PLAN_BRACKET_WORK:
            yield ("error", path, "the plan's texts hold too many '[' characters in total for their length; "
                   "use fewer links or brackets, or split the plan", at_key)
            return


_NOUNS = {"goals": "goal", "metrics": "metric", "roadmap": "topic", "milestones": "milestone",
          "resources": "resource", "log": "log entry", "measurements": "measurement", "agenda": "agenda item"}


def _label(plan: Plan, path: tuple, at_key: bool) -> str:
    """'title in goal 'first-release'' or 'a key of logistics.responsibilities': what the author
    looks for in the file."""
    node: Any = plan
    where = ""
    names: list[str] = []
    for depth, part in enumerate(path[:-1] if at_key else path):
        if isinstance(part, int) and isinstance(node[part], str):  # one text of a list: 'tags item 3'
            names = [".".join(names) + f" item {part + 1}"]
        elif isinstance(part, int):
            noun = _NOUNS.get(str(path[depth - 1]), "item") if depth else "item"
            item = node[part]
            name = getattr(item, "id", None) or getattr(item, "title", None) or getattr(item, "topic", None)
            where = f" in {noun} '{name}'" if isinstance(name, str) and len(name) <= 40 else f" in {noun} {part + 1}"
            names = []
            node = item
        else:
            names.append(str(part))
            node = node.get(part) if isinstance(node, dict) else getattr(node, part)
    field = ".".join(names) or "text"
    return f"a key of {field}{where}" if at_key else f"{field}{where}"
