"""Every word mentorkit itself shows a reader about a plan's values, in one table.

Site pages and workbooks take their labels from here, never from their own copies, so the
two outputs name things the same way (and translations will plug in here later). Running
prose (a page's lead paragraph, a workbook's instructions) stays in the theme templates,
where a theme author can change it.
"""
from __future__ import annotations

from typing import Any

KINDS = {
    "onboarding": "Onboarding", "career": "Career growth", "leadership": "Leadership",
    "skills": "Specific skill", "situational": "Situational", "tacit": "Tacit know-how",
    "peer-circle": "Peer mentoring circle", "reverse": "Reverse mentoring", None: "Other",
}
CADENCES = {"weekly": "every week", "biweekly": "every two weeks", "monthly": "every month"}
FRAMEWORKS = {"smart": "SMART", "real": "REAL"}
FACETS = {
    "specific": "Specific", "measurable": "Measurable", "achievable": "Achievable", "relevant": "Relevant",
    "time_bound": "Time-bound", "realistic": "Realistic", "engaging": "Engaging", "actionable": "Actionable",
    "linked": "Linked",
}
METRIC_TYPES = {"task": "Task", "business": "Business", "talent": "Talent"}
OWNERS = {"mentor": "Mentor", "mentee": "Mentee", "both": "Both"}
ROLES = {"mentor": "Mentor", "mentee": "Mentee", "facilitator": "Facilitator", "member": "Member"}
FACTS = {
    "kind": "Kind", "program": "Follows the program", "audience": "Audience", "duration": "Duration", "meetings": "Meetings",
    "length": "Meeting length", "cadence": "How often", "location": "Where we meet",
    "channels": "How we keep in touch", "response_time": "Replies expected", "contact_hours": "Contact hours",
    "time": "Time", "working_days": "Meetings avoid", "calendar": "Calendar",
}
PARTS = {  # the parts of a plan, in reading order (the site's tabs)
    "overview": "Overview", "goals": "Goals", "schedule": "Roadmap", "agreement": "Agreement",
    "metrics": "Metrics", "milestones": "Milestones", "resources": "Resources", "progress": "Progress",
    "report": "Program report",
}
WORKBOOK_PARTS = {  # the printed workbook's parts, in the order a pair uses them
    "contents": "Contents", "how-to-use": "How to use this workbook",
    "before-mentee": "Before we start: the mentee", "before-mentor": "Before we start: the mentor",
    "self-assessment": "Self-assessment", "game-plan": "The mentor's game plan",
    "game-plan-circle": "The facilitator's game plan", "agreement": "Our agreement",
    "goals": "Our goals", "schedule": "Meeting schedule", "check-in": "Half-way check-in",
    "milestones": "Milestones", "final-review": "Final review", "resources": "Resources", "notes": "Notes",
}
HELD = "held"  # a meeting the pair has logged
MOVE_REASONS = {"weekend": "weekend", "date": "a day to keep free"}  # "holiday" gives the holiday's name
UNTITLED_MEETING = "Meeting {number}"  # a meeting without a topic (the calendar file's event title too)


def kind(value: str | None) -> str:
    return KINDS.get(value, KINDS[None])


def kind_phrase(value: str | None) -> str:
    """The kind as a name of the mentoring: 'Onboarding mentoring', but 'Reverse mentoring' and
    'Peer mentoring circle' as they are (never 'Reverse mentoring mentoring'), and 'Mentoring'
    for a plan of no kind."""
    if value not in KINDS or value is None:
        return "Mentoring"
    label = KINDS[value]
    return label if "mentoring" in label.lower() else f"{label} mentoring"


def cadence(value: str) -> str:
    """'every two weeks'; cadences written out ('every 3 weeks') read as they are."""
    return CADENCES.get(value, value)


COMMITS = {("mentor", False): "The mentor commits to", ("mentee", False): "The mentee commits to",
           ("mentor", True): "When we listen and advise, we commit to",
           ("mentee", True): "When we bring a challenge, we commit to"}


def commits(side: str, circle: bool) -> str:
    """The heading over one side's expectations; in a circle every member takes both sides."""
    return COMMITS[(side, bool(circle))]


NEXT_STEPS = {"mentee": "The mentee will", "mentor": "The mentor will", "member": "Each member will",
              "facilitator": "The facilitator will", "together": "Together we will"}


def next_steps(side: str, view: Any) -> str:
    """Who a meeting's next steps are for: in the log, `next_steps` ("mentee") and
    `mentor_next_steps` ("mentor"); in a circle, its members and its facilitator (or, without
    one, all of them together)."""
    if not getattr(view, "circle", None):
        return NEXT_STEPS[side]
    if side == "mentee":
        return NEXT_STEPS["member"]
    return NEXT_STEPS["facilitator" if getattr(view, "facilitator", None) else "together"]


def before_person(name: str) -> str:
    """The title of a circle member's 'before we start' page."""
    return f"Before we start: {name}"


def task(name: str) -> str:
    """A responsibility key as a reader sees it: 'code_review' -> 'Code review'."""
    return name.replace("_", " ").capitalize()


def moved(slot_text: str, reason: str, holiday: str | None) -> str:
    """'moved from Mon 17 May 2027: Pentecost Monday'."""
    return f"moved from {slot_text}: {holiday if reason == 'holiday' and holiday else MOVE_REASONS.get(reason, reason)}"


def working_days(weekends: bool, holidays: str | None, dates: int) -> str:
    """What a schedule keeps free: 'weekends, public holidays (DE-BY) and 2 other dates'."""
    parts = (["weekends"] if weekends else []) + ([f"public holidays ({holidays})"] if holidays else [])
    if dates:
        parts.append(f"{dates} other date{'s' if dates > 1 else ''}" if parts else f"{dates} date{'s' if dates > 1 else ''}")
    return " and ".join([", ".join(parts[:-1]), parts[-1]]) if len(parts) > 1 else "".join(parts)
