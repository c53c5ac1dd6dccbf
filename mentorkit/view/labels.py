"""Every word mentorkit itself shows a reader about a plan's values, in one table.

Site pages and workbooks take their labels from here, never from their own copies, so the
two outputs name things the same way. The tables hold English msgids (marked with `N_` for the
catalog); the functions below read them in the language in force (`locale.speaking`), so a
label is translated where it is shown. Running prose (a page's lead paragraph, a workbook's
instructions) stays in the theme templates, translated there with Jinja's i18n extension.
"""
from __future__ import annotations

from typing import Any

from ..locale import N_, _, ngettext


class Labels(dict):
    """A table of English msgids that reads in the language in force: `labels.OWNERS["mentor"]`
    in a theme template is 'Mentorin/Mentor' in a German workbook (themes index the tables)."""

    def __getitem__(self, key: Any) -> str:
        return _(super().__getitem__(key))

    def get(self, key: Any, default: Any = None) -> Any:
        return self[key] if key in self else default

    def values(self):
        return [self[key] for key in self]

    def items(self):
        return [(key, self[key]) for key in self]

KINDS = Labels({
    "onboarding": N_("Onboarding"), "career": N_("Career growth"), "leadership": N_("Leadership"),
    "skills": N_("Specific skill"), "situational": N_("Situational"), "tacit": N_("Tacit know-how"),
    "peer-circle": N_("Peer mentoring circle"), "reverse": N_("Reverse mentoring"), None: N_("Other"),
})
# 'Onboarding mentoring': the kind naming the mentoring (a kind whose label says mentoring already
# is itself), in one msgid each so that every language can word it its own way.
KIND_PHRASES = Labels({
    "onboarding": N_("Onboarding mentoring"), "career": N_("Career growth mentoring"),
    "leadership": N_("Leadership mentoring"), "skills": N_("Specific skill mentoring"),
    "situational": N_("Situational mentoring"), "tacit": N_("Tacit know-how mentoring"),
    "peer-circle": N_("Peer mentoring circle"), "reverse": N_("Reverse mentoring"), None: N_("Mentoring"),
})
CADENCES = Labels({"weekly": N_("every week"), "biweekly": N_("every two weeks"), "monthly": N_("every month")})
FRAMEWORKS = {"smart": "SMART", "real": "REAL"}
FACETS = Labels({
    "specific": N_("Specific"), "measurable": N_("Measurable"), "achievable": N_("Achievable"),
    "relevant": N_("Relevant"), "time_bound": N_("Time-bound"), "realistic": N_("Realistic"),
    "engaging": N_("Engaging"), "actionable": N_("Actionable"), "linked": N_("Linked"),
})
METRIC_TYPES = Labels({"task": N_("Task"), "business": N_("Business"), "talent": N_("Talent")})
OWNERS = Labels({"mentor": N_("Mentor"), "mentee": N_("Mentee"), "both": N_("Both")})
# Who does what in a circle: `mentor` is its facilitator (the month's host when it has none),
# `mentee` its members, `both` all of them.
CIRCLE_OWNERS = Labels({"mentor": N_("Facilitator"), "host": N_("Host"), "mentee": N_("Members"),
                        "both": N_("All of us")})
ROLES = Labels({"mentor": N_("Mentor"), "mentee": N_("Mentee"), "facilitator": N_("Facilitator"), "member": N_("Member")})
FACTS = Labels({
    "kind": N_("Kind"), "program": N_("Follows the program"), "audience": N_("Audience"), "duration": N_("Duration"),
    "meetings": N_("Meetings"), "length": N_("Meeting length"), "cadence": N_("How often"),
    "location": N_("Where we meet"), "channels": N_("How we keep in touch"), "response_time": N_("Replies expected"),
    "contact_hours": N_("Contact hours"), "time": N_("Time"), "working_days": N_("Meetings avoid"),
    "calendar": N_("Calendar"),
})
PARTS = Labels({  # the parts of a plan, in reading order (the site's tabs)
    "overview": N_("Overview"), "goals": N_("Goals"), "schedule": N_("Roadmap"), "agreement": N_("Agreement"),
    "metrics": N_("Metrics"), "milestones": N_("Milestones"), "resources": N_("Resources"),
    "progress": N_("Progress"), "report": N_("Program report"),
})
WORKBOOK_PARTS = Labels({  # the printed workbook's parts, in the order a pair uses them
    "contents": N_("Contents"), "how-to-use": N_("How to use this workbook"),
    "before-mentee": N_("Before we start: the mentee"), "before-mentor": N_("Before we start: the mentor"),
    "self-assessment": N_("Self-assessment"), "game-plan": N_("The mentor's game plan"),
    "game-plan-circle": N_("The facilitator's game plan"), "agreement": N_("Our agreement"),
    "goals": N_("Our goals"), "schedule": N_("Meeting schedule"), "check-in": N_("Half-way check-in"),
    "milestones": N_("Milestones"), "final-review": N_("Final review"), "resources": N_("Resources"),
    "notes": N_("Notes"),
})
HELD_TEXT = N_("held")  # a meeting the pair has logged
MOVE_REASONS = Labels({"weekend": N_("weekend"), "date": N_("a day to keep free"),
                       "skip": N_("no meeting that day")})  # `schedule.skip`  # "holiday" gives the holiday's name
UNTITLED_MEETING = N_("Meeting %(number)s")  # a meeting without a topic (the calendar file's event title too)


def __getattr__(name: str) -> str:
    """`labels.HELD` in templates: the word in the language in force."""
    if name == "HELD":
        return _(HELD_TEXT)
    raise AttributeError(name)


def _read(table: dict, key: Any) -> str:
    return table[key]


def kind(value: str | None) -> str:
    return KINDS[value] if value in KINDS else KINDS[None]


def kind_phrase(value: str | None) -> str:
    """The kind as a name of the mentoring: 'Onboarding mentoring', but 'Reverse mentoring' and
    'Peer mentoring circle' as they are (never 'Reverse mentoring mentoring'), and 'Mentoring'
    for a plan of no kind."""
    return KIND_PHRASES[value] if value in KIND_PHRASES else KIND_PHRASES[None]


def cadence(value: str) -> str:
    """'every two weeks'; cadences written out ('every 3 weeks') read in the language too."""
    if value in CADENCES:
        return CADENCES[value]
    number, _unit = _every(value)
    if number is None:
        return value
    if _unit.startswith("week"):
        return ngettext("every %(num)d week", "every %(num)d weeks", number) % {"num": number}
    return ngettext("every %(num)d day", "every %(num)d days", number) % {"num": number}


def _every(value: str) -> tuple[int | None, str]:
    parts = value.split()
    if len(parts) == 3 and parts[0] == "every" and parts[1].isdigit():
        return int(parts[1]), parts[2]
    return None, ""


def framework(value: str) -> str:
    return FRAMEWORKS[value]


def facet(name: str) -> str:
    return _read(FACETS, name)


def metric_type(value: str) -> str:
    return _read(METRIC_TYPES, value)


def owner(value: str, circle: bool = False, facilitator: bool = True) -> str:
    """Who owns a task (`logistics.responsibilities`): in a circle, its facilitator (or, in a
    circle without one, the host), its members or all of them, never a mentor or a mentee."""
    if circle:
        if value == "mentor" and not facilitator:
            return CIRCLE_OWNERS["host"]
        return CIRCLE_OWNERS[value] if value in CIRCLE_OWNERS else value
    return _read(OWNERS, value)


def self_assessment_title(circle: bool, member: Any = None) -> str:
    """The self-assessment's title: a member's copy has the member's own, a circle's copy the
    circle's, which the members fill in together."""
    if member is not None:
        return _("Self-assessment: %(name)s") % {"name": member.name}
    return _("The circle's self-assessment") if circle else _("Self-assessment")


def role(side: str) -> str:
    return _read(ROLES, side)


def fact(key: str) -> str:
    return _read(FACTS, key)


def part(key: str) -> str:
    return _read(PARTS, key)


def workbook_part(key: str) -> str:
    return _read(WORKBOOK_PARTS, key)


def untitled_meeting(number: int) -> str:
    return _(UNTITLED_MEETING) % {"number": number}


COMMITS = Labels({("mentor", False): N_("The mentor commits to"), ("mentee", False): N_("The mentee commits to"),
           ("mentor", True): N_("When we listen and advise, we commit to"),
           ("mentee", True): N_("When we bring a challenge, we commit to")})


def commits(side: str, circle: bool) -> str:
    """The heading over one side's expectations; in a circle every member takes both sides."""
    return COMMITS[(side, bool(circle))]


NEXT_STEPS = Labels({"mentee": N_("The mentee will"), "mentor": N_("The mentor will"), "member": N_("Each member will"),
              "facilitator": N_("The facilitator will"), "together": N_("Together we will")})


def next_steps(side: str, view: Any) -> str:
    """Who a meeting's next steps are for: in the log, `next_steps` ("mentee") and
    `mentor_next_steps` ("mentor"); in a circle, its members and its facilitator (or, without
    one, all of them together)."""
    if not getattr(view, "circle", None):
        return NEXT_STEPS[side]
    if side == "mentee":
        return NEXT_STEPS["member"]
    return (NEXT_STEPS["facilitator" if getattr(view, "facilitator", None) else "together"])


def before_person(name: str) -> str:
    """The title of a circle member's 'before we start' page."""
    return _("Before we start: %(name)s") % {"name": name}


TASKS = Labels({"scheduling": N_("Scheduling"), "agenda": N_("Agenda"), "notes": N_("Notes"),
         "follow_up": N_("Follow-up"), "reminders": N_("Reminders"), "logistics": N_("Logistics")})


def task(name: str) -> str:
    """A responsibility key as a reader sees it: 'code_review' -> 'Code review' (the usual ones
    translated; a plan's own task names are plan text)."""
    if name in TASKS:
        return TASKS[name]
    return name.replace("_", " ").capitalize()


def moved(slot_text: str, reason: str, holiday: str | None) -> str:
    """'moved from Mon 17 May 2027: Pentecost Monday'."""
    why = holiday if reason == "holiday" and holiday else (MOVE_REASONS[reason] if reason in MOVE_REASONS else reason)
    return _("moved from %(date)s: %(reason)s") % {"date": slot_text, "reason": why}


def working_days(weekends: bool, holidays: str | None, dates: int) -> str:
    """What a schedule keeps free: 'weekends, public holidays (DE-BY) and 2 other dates'."""
    parts = ([_("weekends")] if weekends else []) + (
        [_("public holidays (%(region)s)") % {"region": holidays}] if holidays else [])
    if dates:
        parts.append((ngettext("%(num)d other date", "%(num)d other dates", dates) if parts
                      else ngettext("%(num)d date", "%(num)d dates", dates)) % {"num": dates})
    if len(parts) > 1:
        return _("%(first)s and %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}
    return "".join(parts)


SIDES = Labels({"mentee": N_("Mentee"), "mentor": N_("Mentor"), "group": N_("Group")})


def answered_by(side: str) -> str:
    """Who gave a check-in's ratings: the mentee, the mentor, or a circle as a group."""
    return SIDES[side] if side in SIDES else side


# The record's answers by their key in the plan (before_we_start, self_assessment, game_plan,
# agreement, final_review), as the site lists them.
ANSWER_KEYS = Labels({
    "want": N_("Want"), "bring": N_("Bring"), "expect": N_("Expect"), "reality": N_("Reality"),
    "curious": N_("Curious"), "strengths": N_("Strengths"), "gaps": N_("Gaps"), "help": N_("Help"),
    "doors": N_("Doors"), "blind_spots": N_("Blind spots"), "boundaries": N_("Boundaries"),
    "mentor_also": N_("Mentor also"), "mentee_also": N_("Mentee also"), "evidence": N_("Evidence"),
    "learned": N_("Learned"), "next": N_("Next"),
})


def answer_key(key: str) -> str:
    return ANSWER_KEYS[key] if key in ANSWER_KEYS else key.replace("_", " ").capitalize()


GOAL_STATES = Labels({"met": N_("met"), "partly": N_("partly"), "not-yet": N_("not yet")})


def goal_state(state: str) -> str:
    """How a goal stands at the final review: met, partly, not yet."""
    return GOAL_STATES[state] if state in GOAL_STATES else state.replace("-", " ")


def relative_date(when: Any) -> str:
    """A due date relative to the schedule, where the plan has no start: 'by meeting 6',
    'by the last meeting', '8 weeks in'."""
    if getattr(when, "meeting", None) is not None:
        return _("by meeting %(number)s") % {"number": when.meeting}
    if getattr(when, "last", False):
        return _("by the last meeting")
    amount, unit = getattr(when, "amount", 0), getattr(when, "unit", "")
    if unit == "days":
        return ngettext("%(num)d day in", "%(num)d days in", amount) % {"num": amount}
    if unit == "weeks":
        return ngettext("%(num)d week in", "%(num)d weeks in", amount) % {"num": amount}
    if unit == "months":
        return ngettext("%(num)d month in", "%(num)d months in", amount) % {"num": amount}
    return getattr(when, "words", str(when))
