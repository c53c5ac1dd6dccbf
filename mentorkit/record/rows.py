"""The rows a workbook leaves blank to add more (another goal, milestone, area, task, resource),
read back as items to add to the plan's lists.

Their fields are named by the row, not by a key (the item has no place in the plan yet):
`goal-new-0` (its title), `goal-new-0-1`..`-5` (the facets, one row each: Specific / Realistic,
Measurable / Engaging, Achievable / Actionable, Relevant / Linked, Time-bound) and `goal-new-0-due`;
`milestone-extra-0` with `-due`, `-reached`, `-celebrated`; `self-extra-0` with `-start`, `-end`;
`owner-extra-0` with `-mentor`, `-mentee`, `-both`; `resource-extra-0` (a resource a line); in the final review
`final-extra-0` (another measure) with `-baseline`, `-target`, `-actual`, `-met`, and
`final-goal-extra-0` with `-met`, `-partly`, `-not-yet`. Numbers count from 0.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any, Callable

from ..plan.model import Plan
from ..plan.model import MAX_LINE_CHARS
from .answers import Answer, Refused, _date, _number, items, whole_list

_ROW = re.compile(r"^(goal-new|milestone-extra|self-extra|owner-extra|resource-extra|final-extra|final-goal-extra)"
                  r"-(\d+)(?:-(.+))?$")
SMART = ("specific", "measurable", "achievable", "relevant", "time_bound")
REAL = ("realistic", "engaging", "actionable", "linked")


def row_of(key: tuple) -> tuple[str, int, str] | None:
    """('goal-new-0-due',) -> ('goal-new', 0, 'due'); None for a field that fills a key."""
    if len(key) != 1 or not isinstance(key[0], str):
        return []
    match = _ROW.match(key[0])
    return (match[1], int(match[2]), match[3] or "") if match else None


def added_rows(values: dict[tuple, str], plan: Plan) -> tuple[list[Answer], list[str]]:
    """Items for the plan's lists from the filled blank rows; a row that cannot make a valid
    item (a goal without all of its facets) is a problem, in words, and adds nothing."""
    rows: dict[tuple[str, int], dict[str, str]] = {}
    for key, text in values.items():
        found = row_of(key)
        if found:
            rows.setdefault(found[:2], {})[found[2]] = text
    answers, problems = [], []
    given: dict = {"goals": set(), "metrics": set()}  # ids this import hands out, list by list
    for (kind, number), fields in sorted(rows.items()):
        try:
            answers += _ROWS[kind](number + 1, fields, plan, given)
        except (Refused, ValueError, OverflowError) as exc:  # a value no plan holds: this row only
            problems.append(f"{kind}-{number}: {exc}")
    return answers, problems


def _goal(number: int, fields: dict[str, str], plan: Plan, given: dict) -> list[Answer]:
    title = _line(fields)
    facets = [fields.get(str(row), "").strip() for row in range(1, 6)]
    due = fields.get("due", "").strip()
    if not title and not any(facets) and not due:
        return []
    where = f"a new goal {number}"
    if not title:
        raise Refused("a new goal needs its title (the line beside 'Goal'); nothing of it was recorded")
    if all(facets) and due:
        goal: dict[str, Any] = {"title": title, "framework": "smart", **dict(zip(SMART, facets))}
        goal["due"] = _due(due)
    elif all(facets[:4]) and not facets[4]:
        goal = {"title": title, "framework": "real", **dict(zip(REAL, facets[:4]))}
        if due:
            goal["due"] = _due(due)
    else:
        raise Refused(f"goal '{title}' is neither SMART (all five rows and a due date) nor REAL (the first "
                      "four rows, no time-bound): write it in the plan")
    if _existing(title, plan.goals):
        raise Refused(f"the plan has a goal '{title}' already (from the pair or its program): not added again")
    goal = {"id": _new_id(title, plan.goals, given["goals"]), **goal}
    return [Answer(("goals",), goal, where, f"goal '{title}' ({goal['framework'].upper()})", "append")]


def _due(text: str):
    """A date, or one relative to the schedule ('meeting 6', 'last meeting'); other text is refused."""
    try:
        return _date(text)
    except Refused:
        pass
    from ..plan.dates import parse_when

    written = " ".join(text.split())
    try:
        parse_when(written)
    except ValueError:
        raise Refused(f"due '{written}' is neither a date (YYYY-MM-DD) nor one relative to the schedule "
                      "('meeting 6', 'last meeting', '8 weeks in')") from None
    return written


def _milestone(number: int, fields: dict[str, str], plan: Plan, given: dict) -> list[Answer]:
    title = _titled(fields, "another milestone needs its title")
    if not title:
        return []
    item: dict[str, Any] = {"title": title}
    if fields.get("due", "").strip():
        item["due"] = _due(fields["due"])
    if fields.get("reached", "").strip():
        item["achieved"] = _date(fields["reached"])
    if fields.get("celebrated", "").strip():
        item["celebrated"] = fields["celebrated"].strip()
    return [Answer(("milestones",), item, f"another milestone {number}", f"milestone '{title}'", "append",
                   whole_list(plan, ("milestones",)))]


def _area(number: int, fields: dict[str, str], plan: Plan, given: dict) -> list[Answer]:
    area = _titled(fields, "a rating for another area that has no name")
    if not area:
        return []
    answers = [Answer(("self_assessment", "areas"), area, "self-assessment", f"area '{area}'", "append",
                      whole_list(plan, ("self_assessment", "areas")))]
    for field, key, when in (("start", "ratings", "today"), ("end", "end_ratings", "at the end")):
        if fields.get(field):
            answers.append(Answer(("self_assessment", key, area), int(_number(fields[field])), "self-assessment",
                                  f"{area} {when}"))
    return answers


def _task(number: int, fields: dict[str, str], plan: Plan, given: dict) -> list[Answer]:
    task = _titled(fields, "a task ticked without its name")
    if not task:
        return []
    owners = [who for who in ("mentor", "mentee", "both") if fields.get(who)]
    if len(owners) > 1:
        raise Refused(f"task '{task}' is ticked for {' and '.join(owners)}: tick one (both is a column of its own)")
    if not owners:
        raise Refused(f"task '{task}' has no one ticked to own it (mentor, mentee or both)")
    return [Answer(("logistics", "responsibilities", task), owners[0], "agreement", f"who does what: {task}")]


def _resource(number: int, fields: dict[str, str], plan: Plan, given: dict) -> list[Answer]:
    """A resource a line: the workbook's one field 'found along the way' (older ones had a field a row)."""
    found = []
    for line in items(fields.get("", "")):
        title = _line({"": line})
        found.append(Answer(("resources",), {"title": title}, "resources", f"resource '{title}'", "append",
                            whole_list(plan, ("resources",))))
    return found


def _measure(number: int, fields: dict[str, str], plan: Plan, given: dict) -> list[Answer]:
    title = _titled(fields, "another measure needs its name")
    if not title:
        return []
    where = "final review"
    values = {field: _number(fields[field]) for field in ("baseline", "target", "actual")
              if fields.get(field, "").strip()}  # a value no plan holds refuses the row before it takes an id
    known = _existing(title, plan.metrics)  # a measure the plan has: its result is recorded, nothing added
    metric_id = known.id if known else _new_id(title, plan.metrics, given["metrics"])
    metric: dict[str, Any] = {"id": metric_id, "title": title,
                              **{k: v for k, v in values.items() if k in ("baseline", "target")}}
    answers = [] if known else [Answer(("metrics",), metric, where, f"measure '{title}'", "append")]
    if "actual" in values:
        answers.append(Answer(("final_review", "metrics", metric_id, "actual"), values["actual"], where,
                              f"{metric_id} actual"))
    if fields.get("met"):
        answers.append(Answer(("final_review", "metrics", metric_id, "met"), True, where, f"{metric_id} met"))
    return answers


def _final_goal(number: int, fields: dict[str, str], plan: Plan, given: dict) -> list[Answer]:
    if any(v.strip() for v in fields.values()):
        title = " ".join(fields.get("", "").split())[:80] or f"another goal {number}"
        raise Refused(f"'{title}' in the final review is no goal of the plan: write it under goals (with its "
                      "facets), then record how it ended")
    return []


def _titled(fields: dict[str, str], nameless: str) -> str:
    """A row's title; '' for a row left blank. A row written in without its title is refused,
    `nameless` saying what it is."""
    title = _line(fields)
    if not title and any(value.strip() for value in fields.values()):
        raise Refused(f"{nameless}; nothing of it was recorded")
    return title


def _line(fields: dict[str, str]) -> str:
    """A row's title (its first field) on one line, as a plan holds a title."""
    text = " ".join(fields.get("", "").split())
    if len(text) > MAX_LINE_CHARS:
        raise Refused(f"'{text[:40]}...' is longer than a title may be ({MAX_LINE_CHARS} characters); "
                      "write it in the plan")
    return text


def _existing(title: str, items: list):
    """The item of that title (as a person would read it: case and spacing aside), or None."""
    return next((item for item in items if same_title(item.title, title)), None)


def same_title(one: Any, other: Any) -> bool:
    return isinstance(one, str) and isinstance(other, str) and \
        " ".join(one.split()).casefold() == " ".join(other.split()).casefold()


def _new_id(title: str, items: list, given: set) -> str:
    """A new id made of the title, taken neither by the plan's items nor by this import (`given`)."""
    taken = {item.id for item in items} | given
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:40].strip("-") or "item"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    given.add(candidate)
    return candidate


_ROWS: dict[str, Callable[[int, dict[str, str], Plan, dict], list[Answer]]] = {
    "goal-new": _goal, "milestone-extra": _milestone, "self-extra": _area, "owner-extra": _task,
    "resource-extra": _resource, "final-extra": _measure, "final-goal-extra": _final_goal}
