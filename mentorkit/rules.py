"""The rules of a valid plan that a schema cannot express: references, facets, dates, limits.

Each check yields (severity, path, message, at_key); the loader turns the path into a line
and column. Warnings become errors under --strict.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterator

from .model import Plan
from .schedule import MAX_MEETINGS, meeting_count, meeting_dates, topics_by_meeting

Finding = tuple[str, tuple, str, bool]


def check_plan(plan: Plan) -> Iterator[Finding]:
    yield from _unique_ids(plan)
    yield from _references(plan)
    yield from _goal_facets(plan)
    yield from _schedule(plan)
    yield from _roadmap(plan)
    yield from _dates(plan)
    yield from _log(plan)
    yield from _self_assessment(plan)
    yield from _metrics(plan)


def _unique_ids(plan: Plan) -> Iterator[Finding]:
    for field, noun in (("goals", "goal"), ("metrics", "metric")):
        seen: dict[str, int] = {}
        for index, item in enumerate(getattr(plan, field)):
            if item.id in seen:
                yield ("error", (field, index, "id"),
                       f"duplicate {noun} id '{item.id}' (also {noun} {seen[item.id] + 1}); ids must be unique", False)
            else:
                seen[item.id] = index


def _references(plan: Plan) -> Iterator[Finding]:
    goal_ids = [g.id for g in plan.goals]
    metric_ids = [m.id for m in plan.metrics]

    def missing(kind: str, ref: str, known: list[str]) -> str:
        hint = f"known {kind}s: {', '.join(known)}" if known else f"the plan has no {kind}s"
        return f"unknown {kind} '{ref}' ({hint})"

    for t, topic in enumerate(plan.roadmap):
        for i, ref in enumerate(topic.goals):
            if ref not in goal_ids:
                yield ("error", ("roadmap", t, "goals", i), missing("goal", ref, goal_ids), False)
    for g, goal in enumerate(plan.goals):
        for i, ref in enumerate(goal.metrics):
            if ref not in metric_ids:
                yield ("error", ("goals", g, "metrics", i), missing("metric", ref, metric_ids), False)
    for m, milestone in enumerate(plan.milestones):
        if milestone.goal is not None and milestone.goal not in goal_ids:
            yield ("error", ("milestones", m, "goal"), missing("goal", milestone.goal, goal_ids), False)


def _goal_facets(plan: Plan) -> Iterator[Finding]:
    from .model import REAL_FACETS, SMART_FACETS
    for g, goal in enumerate(plan.goals):
        needed = SMART_FACETS if goal.framework == "smart" else REAL_FACETS
        other = REAL_FACETS if goal.framework == "smart" else SMART_FACETS
        absent = [name for name in needed if not (getattr(goal, name) or "").strip()]
        if absent:
            yield ("error", ("goals", g), f"{goal.framework.upper()} goal '{goal.id}' is missing "
                   f"{', '.join(absent)}; a {goal.framework.upper()} goal states all of "
                   f"{', '.join(needed)}", False)
        for name in other:
            if getattr(goal, name) is not None:
                yield ("error", ("goals", g, name), f"'{name}' is a {('REAL' if goal.framework == 'smart' else 'SMART')} "
                       f"facet, but goal '{goal.id}' is {goal.framework.upper()}; remove it or change framework", True)
        if goal.framework == "smart" and goal.due is None:
            yield ("error", ("goals", g), f"SMART goal '{goal.id}' needs a 'due' date (it is time-bound)", False)


def _schedule(plan: Plan) -> Iterator[Finding]:
    s = plan.schedule
    given = [name for name in ("meetings", "end") if getattr(s, name) is not None]
    if s.open_ended:
        given.append("open_ended")
    if len(given) > 1:
        yield ("error", ("schedule", given[1]), f"give only one of meetings, end and open_ended "
               f"(this schedule has {' and '.join(given)})", True)
    if s.end is not None and s.start is None:
        yield ("error", ("schedule", "end"), "'end' needs a 'start' date to count meetings from", True)
    if s.start and s.end and s.end < s.start:
        yield ("error", ("schedule", "end"), f"end {s.end} is before start {s.start}", False)
    if s.start and s.end and s.end >= s.start and not meeting_dates(s, None):
        yield ("error", ("schedule", "end"), "no meeting falls between start and end", False)
    if s.start and s.meetings and len(meeting_dates(s, s.meetings)) < s.meetings:
        yield ("error", ("schedule",), f"the calendar runs out before {s.meetings} meetings can be dated", False)
    if s.start and s.end and len(meeting_dates(s, None)) >= MAX_MEETINGS:
        yield ("error", ("schedule", "end"), f"this schedule has more than {MAX_MEETINGS} meetings; "
               "set an earlier end or a longer cadence", False)
    for i, day in enumerate(s.skip):
        if s.start and day < s.start:
            yield ("warning", ("schedule", "skip", i), f"skip date {day} is before the start {s.start}", False)


def _roadmap(plan: Plan) -> Iterator[Finding]:
    count = meeting_count(plan)
    topics = topics_by_meeting(plan)
    claimed: dict[int, int] = {}
    for t, topic in enumerate(plan.roadmap):
        number = topic.meeting or t + 1
        if number in claimed:
            path = ("roadmap", t, "meeting") if topic.meeting else ("roadmap", t)
            yield ("error", path, f"meeting {number} already has topic '{plan.roadmap[claimed[number]].topic}'; "
                   "give this topic another 'meeting' number", bool(topic.meeting))
        else:
            claimed[number] = t
        if not plan.schedule.open_ended and number > count:
            path = ("roadmap", t, "meeting") if topic.meeting else ("roadmap", t)
            yield ("error", path, f"topic '{topic.topic}' is for meeting {number}, but the schedule has only "
                   f"{count} meeting{'s' if count != 1 else ''}", bool(topic.meeting))
    if plan.roadmap and not plan.schedule.open_ended:
        empty = [n for n in range(1, count + 1) if n not in topics]
        if empty:
            listed = ", ".join(map(str, empty[:10])) + (" ..." if len(empty) > 10 else "")
            yield ("warning", ("roadmap",), f"meeting{'s' if len(empty) > 1 else ''} {listed} "
                   f"{'have' if len(empty) > 1 else 'has'} no topic", True)
    worked_on = {gid for topic in plan.roadmap for gid in topic.goals}
    for g, goal in enumerate(plan.goals):
        if plan.roadmap and goal.id not in worked_on:
            yield ("warning", ("goals", g, "id"), f"no roadmap topic works on goal '{goal.id}'", False)


def _dates(plan: Plan) -> Iterator[Finding]:
    s = plan.schedule
    dates = meeting_dates(s, meeting_count(plan)) if s.start else []
    last = dates[-1] if dates and not s.open_ended else None
    dated = [(("goals", g, "due"), f"the due date of goal '{goal.id}'", goal.due) for g, goal in enumerate(plan.goals)]
    dated += [(("milestones", m, "due"), f"the due date of milestone '{ms.title}'", ms.due) for m, ms in enumerate(plan.milestones)]
    dated += [(("milestones", m, "achieved"), f"the achieved date of milestone '{ms.title}'", ms.achieved)
              for m, ms in enumerate(plan.milestones)]
    dated += [(("log", i, "date"), f"the log date of meeting {e.meeting}", e.date) for i, e in enumerate(plan.log)]
    for path, what, day in dated:
        if day is None or s.start is None:
            continue
        if day < s.start:
            yield ("error", path, f"{what} ({day}) is before the schedule starts ({s.start})", False)
        elif s.end is not None and day > s.end:
            yield ("error", path, f"{what} ({day}) is after the schedule ends ({s.end})", False)
    for g, goal in enumerate(plan.goals):
        if last and goal.due and goal.due > last and not (s.end and goal.due > s.end):
            yield ("warning", ("goals", g, "due"), f"goal '{goal.id}' is due {goal.due}, after the last "
                   f"meeting ({last}); the pair cannot review it together", False)


def _log(plan: Plan) -> Iterator[Finding]:
    count = meeting_count(plan)
    seen: Counter = Counter()
    for i, entry in enumerate(plan.log):
        seen[entry.meeting] += 1
        if seen[entry.meeting] > 1:
            yield ("error", ("log", i, "meeting"), f"meeting {entry.meeting} is logged twice; "
                   "merge the two entries", False)
        if not plan.schedule.open_ended and entry.meeting > count:
            yield ("error", ("log", i, "meeting"), f"log names meeting {entry.meeting}, but the schedule "
                   f"has only {count} meeting{'s' if count != 1 else ''}", False)


def _self_assessment(plan: Plan) -> Iterator[Finding]:
    sa = plan.self_assessment
    counts = Counter(sa.areas)
    for i, area in enumerate(sa.areas):
        if counts[area] > 1 and sa.areas.index(area) != i:
            yield ("error", ("self_assessment", "areas", i), f"area '{area}' is listed twice", False)
    for area, value in sa.ratings.items():
        if area not in counts:
            yield ("error", ("self_assessment", "ratings", area), f"'{area}' is not one of the self-assessment "
                   f"areas ({', '.join(sa.areas) or 'none listed'})", True)
        if not 1 <= value <= sa.scale:
            yield ("error", ("self_assessment", "ratings", area), f"rating {value} for '{area}' must be "
                   f"a whole number from 1 to {sa.scale} (the scale)", False)


def _metrics(plan: Plan) -> Iterator[Finding]:
    for m, metric in enumerate(plan.metrics):
        if metric.target is None:
            yield ("warning", ("metrics", m, "id"), f"metric '{metric.id}' has no target; "
                   "decide up front what success looks like", False)
