"""The plan model (mentorkit format 1): one source for validation, the JSON Schema and the docs.

Field descriptions are user-facing: they appear in editors through the JSON Schema.
Cross-field rules (references, dates inside the schedule, SMART/REAL facets) live in
`rules.py`, where each problem can be pointed at the exact line that causes it.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal, Optional

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, PlainValidator,
                      PrivateAttr, Strict, StringConstraints, WithJsonSchema)

from ..locale import N_
from .calendar import (DEFAULT_CHECK_IN_QUESTIONS, DEFAULT_CHECK_IN_RATINGS, CADENCE_PATTERN, DAY_PATTERN, MAX_MEETINGS, TIME_PATTERN, Calendar, Meeting,
                       derive_calendar)
from .dates import RELATIVE_PATTERN, When, parse_when
from .yamlsource import Positions

FORMAT_VERSION = 1
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
SMART_FACETS = ("specific", "measurable", "achievable", "relevant", "time_bound")
REAL_FACETS = ("realistic", "engaging", "actionable", "linked")
KINDS = ("onboarding", "career", "leadership", "skills", "situational", "tacit", "peer-circle", "reverse")
DEFAULT_REFLECTION = (  # English msgids: the view shows them in the plan's language
    N_("What was useful about today?"),
    N_("What are your next steps?"),
    N_("What will you do, learn or explore before we next meet?"),
    N_("What should we change next time?"),
)

# Bounds on what a plan may hold, so that every plan `validate` accepts can also be built and
# printed in reasonable time (a workbook page costs about 0.1 s; see tests/plan/test_hostile_plans.py).
# The example plans hold at most 4 goals and 12 items in any list.
MAX_ITEMS = 50  # any list of text, references or agenda items, and any mapping
# Titles, names, units, topics, agenda items, tags, areas and reflection questions are one line,
# and the workbook repeats several of them (contents with leaders, every meeting's page): 2,000
# characters in a goal title cost 6 s of rendering, in a metric title 11 s. The longest in the
# example plans is 78.
MAX_LINE_CHARS = 200
MAX_GOALS = 50
MAX_METRICS = 50
MAX_MEASUREMENTS = 100  # per metric
MAX_MILESTONES = 100
MAX_RESOURCES = 100
# Printed again on every meeting's pages of the workbook, so they multiply by the meeting count:
# 50 reflection questions made a 12-meeting workbook of 260 pages (58 s).
MAX_REFLECTION = 10  # each gets writing space at the end of every meeting (default: 4)
MAX_MEETING_GOALS = 10
MAX_CIRCLE = 12  # members of a circle: each gets a page and a signature line in the workbook  # goal titles a roadmap topic names on its meeting's page
# roadmap topics, log entries and skip dates: at most one per meeting (MAX_MEETINGS)
# Numbers stay within the range where a double holds every whole number exactly (2**53 is about
# 9.007e15), so sums, differences and percentages of plan numbers are finite and exact to the unit.
# Tiny numbers are refused too: the smallest difference between two accepted numbers is then
# about 2e-22, so even a ratio of differences (progress from baseline to target) stays finite.
MAX_NUMBER = 1e15
MIN_NUMBER = 1e-6

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: Any) -> Any:
    """Accept only YYYY-MM-DD text, and say plainly why a date is not real."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError(f"expected a date written as YYYY-MM-DD, got {value!r}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{value} is not a real date ({exc})") from None


def _time_zone(value: Any) -> Any:
    """An IANA time zone name the system's zone database knows ('Europe/Berlin')."""
    if not isinstance(value, str):
        return value  # the str type reports it
    import difflib
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(value)
        return value
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        pass
    if re.search(r"[+-]\d|^(UTC|GMT)[+-]", value, re.I):
        hint = ("a fixed offset does not follow daylight saving time; name the place instead, "
                "e.g. Europe/Berlin, America/New_York or Asia/Kolkata")
    else:
        close = difflib.get_close_matches(value, sorted(zoneinfo.available_timezones()), n=1) if len(value) < 60 else []
        hint = (f"did you mean '{close[0]}'?" if close else
                "use an IANA name such as Europe/Berlin, America/New_York or Asia/Kolkata")
    raise ValueError(f"'{value}' is not a time zone I know; {hint}")


def _language(value: Any) -> Any:
    """A BCP 47 tag mentorkit has a catalog for ('de', 'fr-CA'), with a suggestion when it has none."""
    if not isinstance(value, str):
        return value  # the str type reports it
    from ..locale import check_language

    return check_language(value)


def _agenda_item(value: Any) -> Any:
    return {"title": value} if isinstance(value, (str, int, float)) and not isinstance(value, bool) else value


def _not_tiny(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value and abs(value) < MIN_NUMBER:
        raise ValueError(f"{getattr(value, 'source', value)} is too close to zero; a number in a plan is 0 "
                         f"or at least {MIN_NUMBER:f} in size")
    return value


def _as_written(value: Any) -> Any:
    """Numbers in text fields read as the author wrote them ('0x10', '1:30'), not converted."""
    return getattr(value, "source", value)


# C0 controls but tab and line breaks, DEL and the C1 controls (NEL among them): a double-quoted YAML
# string can hold them ("\e", "\0", "\N"), and they would reach a terminal, a calendar file or a PDF.
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _text(value: Any) -> Any:
    if value.__class__ is not str:  # a text as it came from YAML (most of them) asks nothing of its attributes
        value = _as_written(value)
        if not isinstance(value, str):
            return value
    found = CONTROL_CHARACTER.search(value)
    if found:
        raise ValueError(f"holds the control character U+{ord(found.group()):04X}, which no text of a plan "
                         "needs; remove it")
    return value


_EMAIL = re.compile(r"[^\s@;,:<>\"\\()\[\]]+@[^\s@;,:<>\"\\()\[\]]+")


def _email(value: Any) -> Any:
    value = _text(value)
    if isinstance(value, str) and not _EMAIL.fullmatch(value):
        raise ValueError(f"{value[:60]!r} is not an email address; write it as name@example.org (no spaces, "
                         "quotes, ';', ',' or brackets)")
    return value


Text = Annotated[str, BeforeValidator(_text)]
Email = Annotated[str, BeforeValidator(_email)]
Date = Annotated[dt.date, BeforeValidator(_iso_date)]
Int = Annotated[int, Strict()]
Number = Annotated[float, Strict(), Field(allow_inf_nan=False, ge=-MAX_NUMBER, le=MAX_NUMBER),
                   BeforeValidator(_not_tiny)]
Bool = Annotated[bool, Strict()]
Slug = Annotated[Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=100)],
                 BeforeValidator(_as_written)]
# The id of a goal or a metric, named elsewhere in the plan. The rules report one that names
# nothing; an editor using the JSON Schema already sees one that can name nothing (not a slug).
Reference = Annotated[Text, WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN})]
# What a time zone name looks like, for editors (the validator asks the zone database): no fixed
# offset ('CET+1', 'UTC+02:00') but the zone database's own Etc/GMT+N.
TIMEZONE_PATTERN = r"^(GMT[+-]0|Etc/GMT[+-][0-9]{1,2}|(?![^/]*[+-][0-9])[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*)$"
COUNTRY_PATTERN = r"^[A-Z]{2,3}$"  # the codes the `holidays` library knows (ISO 3166 alpha-2 and alpha-3)
_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")  # where str.splitlines breaks


def _one_line(value: Any) -> Any:
    """A name or title is printed on one line (a cover, a calendar entry, a table cell): a line
    break inside it is refused; the one a YAML block scalar (`>`, `|`) ends with is dropped."""
    value = _text(value)
    if isinstance(value, str):
        value = value.rstrip("\r\n")
        if _LINE_BREAK.search(value):  # any line break Python knows, inside or at the end
            raise ValueError("has a line break; a name or title is one line (put the details in a longer "
                             "field, such as a goal's facets or a topic's agenda)")
    return value


Line = Annotated[Annotated[str, StringConstraints(max_length=MAX_LINE_CHARS)], BeforeValidator(_one_line)]
TextList = Annotated[list[Text], Field(max_length=MAX_ITEMS)]
LineList = Annotated[list[Line], Field(max_length=MAX_ITEMS)]
DateList = Annotated[list[Date], Field(max_length=MAX_MEETINGS)]
Owner = Literal["mentor", "mentee", "both"]
# A due date: a real date, or one relative to the schedule ('meeting 6', '8 weeks in').
Due = Annotated[When, PlainValidator(parse_when), PlainSerializer(str),
                WithJsonSchema({"anyOf": [{"type": "string", "format": "date"},
                                          {"type": "string", "pattern": RELATIVE_PATTERN}]})]


PRIVACY_KEY = "x-mentorkit-private"


def Public(*args: Any, **kwargs: Any) -> Any:
    """A field anyone may read on a published site."""
    return Field(*args, json_schema_extra={PRIVACY_KEY: False}, **kwargs)


def Private(*args: Any, **kwargs: Any) -> Any:
    """A field a pair keeps between themselves: published only on a site with `pairs: full`,
    and always in the pair's own workbook."""
    return Field(*args, json_schema_extra={PRIVACY_KEY: True}, **kwargs)


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        undeclared = [name for name, info in cls.model_fields.items()
                      if not isinstance(info.json_schema_extra, dict) or PRIVACY_KEY not in info.json_schema_extra]
        if undeclared:  # a developer's mistake, caught at import: every field says who may read it
            raise TypeError(f"{cls.__name__}: declare {', '.join(undeclared)} with Public(...) or Private(...)")

    @classmethod
    def private_fields(cls) -> list[str]:
        return [name for name, info in cls.model_fields.items() if info.json_schema_extra[PRIVACY_KEY]]


class Person(Model):
    name: Line = Public(description="Full name as it should be printed.")
    role: Optional[Line] = Public(None, description="Job title or role in the organisation.")
    email: Optional[Email] = Private(None, description="Contact address.")


class Pair(Model):
    mentor: Person = Public(description="The mentor of this pair.")
    mentee: Person = Public(description="The mentee of this pair.")


class Circle(Model):
    facilitator: Optional[Person] = Public(None, description="Who convenes the circle; leave out for a circle "
                                           "of peers who take turns.")
    members: list[Person] = Public(min_length=2, max_length=MAX_CIRCLE, description="The members, each with a "
                                   "name (and a role, an email).")


class Holidays(Model):
    country: Annotated[Text, WithJsonSchema({"type": "string", "pattern": COUNTRY_PATTERN})] = Public(description="The country whose public holidays to avoid: a two-letter ISO 3166 "
                           "code (DE, FR, GB, US...), as the `holidays` library knows it.")
    region: Optional[Text] = Public(None, description="A region of that country with holidays of its own "
                                    "(a state or province code, e.g. BY for Bavaria).")


class Avoid(Model):
    weekends: Bool = Public(False, description="Move meetings off Saturdays and Sundays (off the country's "
                            "weekend when `holidays` names one).")
    dates: DateList = Public(default_factory=list, description="Other days to keep free (YYYY-MM-DD): "
                             "a meeting on one moves to the next working day.")
    holidays: Optional[Holidays] = Public(None, description="Public holidays to keep free, "
                                          "e.g. {country: DE, region: BY}.")


class Schedule(Model):
    start: Optional[Date] = Public(None, description="Date of the first meeting (YYYY-MM-DD). "
                                  "Without it meetings are numbered, not dated.")
    cadence: Text = Public("biweekly", pattern=CADENCE_PATTERN,
                         description="How often the pair meets: weekly, biweekly, monthly, "
                         "'every N weeks' or 'every N days'.")
    meetings: Optional[Int] = Public(None, ge=1, le=MAX_MEETINGS, description="How many meetings. "
                                    "Give one of meetings, end or open_ended.")
    end: Optional[Date] = Public(None, description="Last possible meeting date (needs start).")
    open_ended: Bool = Public(False, description="An informal relationship with no end date; "
                             "workbooks print a rolling horizon of 12 meetings.")
    length: Int = Public(60, ge=5, le=480, description="Minutes per meeting.")
    skip: DateList = Public(default_factory=list, description="Dates with no meeting: "
                             "that meeting moves to the next cadence slot.")
    day: Optional[Text] = Public(None, pattern=DAY_PATTERN, description="Which day the pair meets. For "
                                 "weekly, biweekly and 'every N weeks': a weekday (wednesday); the first "
                                 "meeting is the first one on or after start. For monthly: 'same day' (of the "
                                 "month as start; the default, on the month's last day when it has no such "
                                 "day), 'last day', or 'first', 'second', 'third', 'fourth' or 'last' and a "
                                 "weekday (first wednesday, last friday).")
    time: Optional[Text] = Public(None, pattern=TIME_PATTERN, description='Time of day the meetings start, '
                                  '24-hour "HH:MM" (e.g. "14:00"). Leave it out to leave it to the pair.')
    timezone: Optional[Annotated[Text, AfterValidator(_time_zone),
                                 WithJsonSchema({"type": "string", "pattern": TIMEZONE_PATTERN})]] = Public(
        None, description="IANA time zone of the time, e.g. Europe/Berlin or America/New_York (not a fixed "
        "offset like CET+1). Without it the time is the same clock time wherever the reader is.")
    avoid: Optional[Avoid] = Public(None, description="Days to keep free: weekends, dates, public holidays. "
                                    "A meeting on one moves to the next working day.")


class Logistics(Model):
    location: Optional[Text] = Public(None, description="Where the pair meets.")
    channels: LineList = Public(default_factory=list, description="How the pair keeps in touch "
                                "(video call, chat, email...).")
    response_time: Optional[Text] = Public(None, description="How fast replies are expected.")
    contact_hours: Optional[Text] = Public(None, description="When it is fine to get in touch, "
                                         'e.g. "09:00-17:00" (quote it).')
    responsibilities: dict[str, Owner] = Public(default_factory=dict, max_length=MAX_ITEMS,
                                               description="Who owns what "
                                               "(scheduling, agenda, notes...): mentor, mentee or both.")
    boundaries: TextList = Public(default_factory=list, description="Limits the pair agrees on.")
    confidentiality: Optional[Text] = Public(None, description="What stays between the pair.")


class Expectations(Model):
    mentor: TextList = Public(default_factory=list, description="What the mentor commits to.")
    mentee: TextList = Public(default_factory=list, description="What the mentee commits to.")


class Goal(Model):
    id: Slug = Public(description="Unique id of the goal, referenced by roadmap topics and milestones.")
    title: Line = Public(description="The goal in one line, in the mentee's words.")
    framework: Literal["smart", "real"] = Public(description="smart (Specific, Measurable, Achievable, "
                                                "Relevant, Time-bound) or real (Realistic, Engaging, "
                                                "Actionable, Linked).")
    specific: Optional[Text] = Private(None, description="SMART: what exactly will be achieved.")
    measurable: Optional[Text] = Private(None, description="SMART: how success will be measured.")
    achievable: Optional[Text] = Private(None, description="SMART: why it is within reach.")
    relevant: Optional[Text] = Private(None, description="SMART: why it matters now.")
    time_bound: Optional[Text] = Private(None, description="SMART: by when, in words.")
    realistic: Optional[Text] = Private(None, description="REAL: why it is realistic.")
    engaging: Optional[Text] = Private(None, description="REAL: what makes it motivating.")
    actionable: Optional[Text] = Private(None, description="REAL: the first concrete actions.")
    linked: Optional[Text] = Private(None, description="REAL: how it links to learning, values or purpose.")
    due: Optional[Due] = Public(None, description="Due date (required for SMART goals): YYYY-MM-DD, or "
                                "relative to the schedule: 'meeting 6', 'last meeting', '8 weeks in'.")
    metrics: Annotated[list[Reference], Field(max_length=MAX_ITEMS)] = Public(
        default_factory=list, description="Ids of the metrics that measure this goal.")
    met: Optional[Date] = Private(None, description="When the pair agreed the goal was met (YYYY-MM-DD).")

    def facets(self) -> list[tuple[str, Optional[str]]]:
        names = SMART_FACETS if self.framework == "smart" else REAL_FACETS
        return [(name, getattr(self, name)) for name in names]


class Measurement(Model):
    date: Date = Public(description="When it was measured.")
    value: Number = Public(description="The measured value.")
    note: Optional[Text] = Public(None, description="What was measured, or why it changed.")


class Metric(Model):
    id: Slug = Public(description="Unique id of the metric, referenced by goals.")
    title: Line = Public(description="What is measured.")
    type: Literal["task", "business", "talent"] = Public("task", description="task (something done), "
                                                        "business (an organisational number) or talent "
                                                        "(a capability shown).")
    unit: Optional[Line] = Public(None, description="Unit of the values (changes, %, meetings...).")
    baseline: Optional[Number] = Public(None, description="The value at the start.")
    target: Optional[Number] = Public(None, description="The value that means success.")
    measurements: list[Measurement] = Private(default_factory=list, max_length=MAX_MEASUREMENTS,
                                            description="Values measured "
                                            "along the way; the last is the latest.")

    @property
    def latest(self) -> Optional[Number]:
        return self.measurements[-1].value if self.measurements else None


class Measure(Model):
    """A program-level measure, declared in a program plan: retention, satisfaction, cost saved."""
    id: Slug = Public(description="Unique id of the measure.")
    title: Line = Public(description="What is measured, across the whole program.")
    unit: Optional[Line] = Public(None, description="Unit of the values (%, people, hours...).")
    baseline: Optional[Number] = Public(None, description="The value before the program.")
    target: Optional[Number] = Public(None, description="The value that means the program succeeded.")
    measurements: list[Measurement] = Public(default_factory=list, max_length=MAX_MEASUREMENTS,
                                             description="Values measured over time, oldest first; the last "
                                             "one is the latest.")


class AgendaItem(Model):
    title: Line = Public(description="What to talk about.")
    minutes: Optional[Int] = Public(None, ge=1, le=480, description="Time box in minutes.")


Agenda = Annotated[list[Annotated[AgendaItem, BeforeValidator(_agenda_item,
                                                                json_schema_input_type=str | AgendaItem)]],
                   Public(default_factory=list, max_length=MAX_ITEMS,
                          description="Agenda items: text, or {title, minutes} "
                          "with a time box.")]


class Topic(Model):
    topic: Line = Public(description="The meeting's topic.")
    meeting: Optional[Int] = Public(None, ge=1, le=MAX_MEETINGS, description="Meeting number for this topic "
                                   "(default: its position in the roadmap).")
    goals: list[Reference] = Public(default_factory=list, max_length=MAX_MEETING_GOALS,
                               description="Ids of the goals this meeting works on.")
    prework: TextList = Public(default_factory=list, description="What to do before the meeting.")
    agenda: Agenda
    questions: TextList = Public(default_factory=list, description="Questions to discuss.")


class SelfAssessment(Model):
    scale: Int = Public(5, ge=2, le=10, description="Ratings go from 1 to this number.")
    areas: LineList = Public(default_factory=list, description="Skills or areas the mentee rates.")
    ratings: dict[str, Int] = Private(default_factory=dict, max_length=MAX_ITEMS,
                                    description="The mentee's ratings so far, "
                                    "by area (1..scale).")
    end_ratings: dict[str, Int] = Private(default_factory=dict, max_length=MAX_ITEMS,
                                          description="The mentee's ratings at the end, by area (1..scale).")
    strengths: Optional[Text] = Private(None, description="The mentee's strengths, in their words.")
    gaps: Optional[Text] = Private(None, description="The mentee's gaps, in their words.")
    reality: Optional[Text] = Private(None, description="The mentee's current reality, against the goal.")


class MenteeAnswers(Model):
    """The 'before we start' page of a mentee (or a circle's member), filled in alone."""
    want: Optional[Text] = Private(None, description="What I want from this mentoring: the outcome, what "
                                   "success would look like.")
    bring: Optional[Text] = Private(None, description="What I bring: skills, experience, questions, stories.")
    expect: Optional[Text] = Private(None, description="What I expect from my mentor and from myself.")
    reality: Optional[Text] = Private(None, description="Where I am today, against what I want.")


class MentorAnswers(Model):
    """The 'before we start' page of a mentor (or a circle's facilitator), filled in alone."""
    want: Optional[Text] = Private(None, description="What I want from this mentoring, for the mentee and "
                                   "for myself.")
    bring: Optional[Text] = Private(None, description="What I bring: skills, experience, stories, people I know.")
    expect: Optional[Text] = Private(None, description="What I expect from my mentee and from myself.")
    curious: Optional[Text] = Private(None, description="What I am curious about.")


class BeforeWeStart(Model):
    mentee: Optional[MenteeAnswers] = Private(None, description="The mentee's answers.")
    mentor: Optional[MentorAnswers] = Private(None, description="The mentor's answers.")
    facilitator: Optional[MentorAnswers] = Private(None, description="A circle's facilitator's answers.")
    members: dict[str, MenteeAnswers] = Private(default_factory=dict, max_length=MAX_CIRCLE,
                                                description="A circle's members' answers, by the member's "
                                                "name as `circle.members` writes it.")


class GamePlan(Model):
    """The mentor's (or facilitator's) game plan, written before the first meeting."""
    gaps: Optional[Text] = Private(None, description="Gaps the mentee may have.")
    help: Optional[Text] = Private(None, description="How my experience can help.")
    doors: Optional[Text] = Private(None, description="Doors I can open: people, places, resources.")
    blind_spots: Optional[Text] = Private(None, description="My own blind spots to watch.")


class Signature(Model):
    name: Line = Public(description="Who signed, as the plan names them.")
    date: Optional[Date] = Public(None, description="When (YYYY-MM-DD).")


Signatures = Annotated[list[Signature], Field(max_length=MAX_CIRCLE + 1)]


class Agreement(Model):
    """What the pair adds to the agreement page, and who signed it."""
    boundaries: Optional[Text] = Private(None, description="Also out of scope for us.")
    mentor_also: Optional[Text] = Private(None, description="What the mentor (facilitator) commits to as well.")
    mentee_also: Optional[Text] = Private(None, description="What the mentee (members) commit to as well.")
    signed: Signatures = Private(default_factory=list, description="Who signed, and when: [{name, date}].")


GoalOutcome = Literal["met", "partly", "not-yet"]


class MetricResult(Model):
    actual: Optional[Number] = Private(None, description="The value at the end.")
    met: Optional[Bool] = Private(None, description="Whether the target was met.")


class FinalReview(Model):
    """The final review, at the last meeting."""
    metrics: dict[str, MetricResult] = Private(default_factory=dict, max_length=MAX_METRICS,
                                               description="By metric id: {actual, met}.")
    goals: dict[str, GoalOutcome] = Private(default_factory=dict, max_length=MAX_GOALS,
                                            description="By goal id: met, partly or not-yet.")
    evidence: Optional[Text] = Private(None, description="What the evidence says: what changed, how we know.")
    learned: Optional[Text] = Private(None, description="What we learned, about the work and about each other.")
    next: Optional[Text] = Private(None, description="What next: a new goal, a new mentor, becoming a mentor, "
                                   "an ending.")
    signed: Signatures = Private(default_factory=list, description="Who signed the review, and when: "
                                 "[{name, date}].")


CheckInRating = Annotated[Optional[Int], Field(ge=1, le=5)]
CheckInRatingList = Annotated[list[CheckInRating], Field(max_length=MAX_ITEMS)]


class CheckInRatings(Model):
    mentee: CheckInRatingList = Private(default_factory=list, description="The mentee's ratings (1..5), in "
                                        "the order of the check-in's statements; null for one left blank.")
    mentor: CheckInRatingList = Private(default_factory=list, description="The mentor's ratings, likewise.")
    group: CheckInRatingList = Private(default_factory=list, description="A circle's ratings, agreed "
                                       "together, likewise.")


class CheckInAnswers(Model):
    """What a pair answered at a check-in held with this meeting."""
    ratings: CheckInRatings = Private(default_factory=CheckInRatings, description="How it is going, "
                                      "rated 1 (not at all) to 5 (fully).")
    answers: Annotated[list[Optional[Text]], Field(max_length=MAX_ITEMS)] = Private(
        default_factory=list, description="The answers to the check-in's questions, in their order.")


class Milestone(Model):
    title: Line = Public(description="What will have happened.")
    due: Optional[Due] = Public(None, description="When it is expected: YYYY-MM-DD, or relative to the "
                                "schedule: 'meeting 6', 'last meeting', '8 weeks in'.")
    goal: Optional[Reference] = Public(None, description="Id of the goal this milestone marks progress on.")
    achieved: Optional[Date] = Private(None, description="When it was reached.")
    celebrated: Optional[Text] = Private(None, description="How the pair marked it.")


class Resource(Model):
    title: Line = Public(description="Name of the resource.")
    url: Optional[Text] = Public(None, description="Where to find it.")
    note: Optional[Text] = Public(None, description="Why it is useful.")


class CheckInDeclaration(Model):
    """A check on the relationship, declared by the program (or a pair): with which meeting, what it asks."""
    meeting: Int = Public(ge=1, le=MAX_MEETINGS, description="The meeting it is held with; its page follows "
                          "that meeting's pages.")
    ratings: Optional[LineList] = Public(None, description="Statements each side rates from 1 (not at all) to 5 "
                                         "(fully); default: " + "; ".join(DEFAULT_CHECK_IN_RATINGS) + ".")
    questions: Optional[Annotated[list[Line], Field(max_length=MAX_REFLECTION)]] = Public(
        None, description="Questions answered in writing; default: " + "; ".join(DEFAULT_CHECK_IN_QUESTIONS) + ".")


class LogEntry(Model):
    meeting: Int = Public(ge=1, le=MAX_MEETINGS, description="Number of the meeting this entry records.")
    date: Optional[Date] = Public(None, description="When the meeting happened.")
    action: Optional[Text] = Public(None, description="The action the mentee took toward the goal since last time.")
    rating: Optional[Int] = Public(None, ge=1, le=10, description="The mentee's rating of that action, 1 to 10.")
    why: Optional[Text] = Public(None, description="Why that score.")
    successes: TextList = Public(default_factory=list, description="What went well.")
    roadblocks: TextList = Public(default_factory=list, description="What got in the way.")
    next_steps: TextList = Public(default_factory=list, description="The mentee's action items.")
    mentor_next_steps: TextList = Public(default_factory=list, description="What the mentor promised "
                                         "(introductions, resources).")
    notes: Optional[Text] = Public(None, description="Anything else worth keeping.")
    agreed_agenda: Optional[Text] = Public(None, description="The topic and agenda the pair agreed, for a "
                                           "meeting the roadmap gives none.")
    prework_done: Annotated[list[Annotated[Int, Field(ge=1, le=MAX_ITEMS)]], Field(max_length=MAX_ITEMS)] = Public(
        default_factory=list, description="Which of the topic's prework items were done, by number (1 is the "
        "first).")
    reflection: Optional[Text] = Public(None, description="What I take from it: a low score, what got in "
                                        "the way; a high score, how to build on it.")
    closing: Annotated[list[Optional[Text]], Field(max_length=MAX_REFLECTION)] = Public(
        default_factory=list, description="The answers to the closing questions (`reflection`), in their "
        "order; null for one left blank.")
    member_next_steps: dict[str, TextList] = Public(default_factory=dict, max_length=MAX_CIRCLE,
                                                    description="A circle's next steps, by the member's "
                                                    "name as `circle.members` writes it.")
    check_in: Optional[CheckInAnswers] = Public(None, description="The answers of the check-in held with "
                                                "this meeting.")


@dataclasses.dataclass(frozen=True)
class Origin:
    """Where a checked plan came from, decided when it is checked and carried with it: its file,
    the positions of what it holds (for located messages) and what a roster row adds."""
    source: Optional[Path] = None
    positions: Positions = dataclasses.field(default_factory=Positions)
    extra: tuple[tuple[str, str], ...] = ()


class Plan(Model):
    mentorkit: Literal[1] = Public(description="Format version; must be 1.")
    id: Optional[Slug] = Public(None, description="Unique id of the plan (default: the file name).")
    program: Optional[Slug] = Public(None, description="Id of the program plan this plan follows: everything "
                                     "this plan does not say comes from it (see 'A plan that follows a program').")
    language: Optional[Annotated[Line, AfterValidator(_language)]] = Public(
        None, description="Language of everything mentorkit writes about this plan (site pages, workbook, "
        "calendar), as a BCP 47 tag: en, de, fr or es (de-AT, fr-CA... for a region's dates). Default: the "
        "program's `language` setting; a pair plan takes its program's unless it sets its own.")
    title: Line = Public(description="Title of the plan.")
    summary: Optional[Text] = Private(None, description="What the plan is about; Markdown allowed.")
    kind: Optional[Literal[KINDS]] = Public(None, description="Kind of mentoring: " + ", ".join(KINDS) + ".")
    audience: Optional[Text] = Public(None, description="Who the plan is for.")
    tags: LineList = Public(default_factory=list, description="Words to filter the catalog by.")
    pair: Optional[Pair] = Public(None, description="The named pair; absent for a program template.")
    circle: Optional[Circle] = Public(None, description="The members of a mentoring circle, instead of a pair.")
    visibility: Optional[Literal["private", "listed", "full"]] = Public(
        None, description="How much of this pair's plan a published site may show, at most: private (nothing), "
        "listed (names, roles, goal titles, schedule) or full. The site's `pairs` setting can only lower it.")
    schedule: Schedule = Public(default_factory=Schedule, description="When and how often the pair meets.")
    logistics: Logistics = Private(default_factory=Logistics, description="How the pair works together.")
    expectations: Expectations = Public(default_factory=Expectations, description="What each side commits to.")
    goals: list[Goal] = Public(default_factory=list, max_length=MAX_GOALS, description="The mentee's goals.")
    metrics: list[Metric] = Public(default_factory=list, max_length=MAX_METRICS,
                                   description="How success is measured.")
    roadmap: list[Topic] = Public(default_factory=list, max_length=MAX_MEETINGS,
                                  description="Meeting topics in order.")
    self_assessment: SelfAssessment = Public(default_factory=SelfAssessment,
                                            description="Areas the mentee rates at the start.")
    reflection: list[Line] = Public(default_factory=lambda: list(DEFAULT_REFLECTION), max_length=MAX_REFLECTION,
                                  description="Questions asked at the end of every meeting.")
    milestones: list[Milestone] = Public(default_factory=list, max_length=MAX_MILESTONES,
                                         description="Steps worth celebrating.")
    measures: list[Measure] = Public(default_factory=list, max_length=MAX_METRICS,
                                     description="Program-level measures (a program plan only), shown in the "
                                     "program report: retention, satisfaction, cost saved.")
    resources: list[Resource] = Public(default_factory=list, max_length=MAX_RESOURCES,
                                       description="Reading and links.")
    check_ins: Optional[Annotated[list[CheckInDeclaration], Field(max_length=MAX_MEETINGS)]] = Public(
        None, description="Checks on the relationship itself, each held with a meeting (default: one, with the "
        "half-way meeting, when there are at least 3). A pair plan's list replaces its program's; [] holds none.")
    log: list[LogEntry] = Private(default_factory=list, max_length=MAX_MEETINGS,
                                  description="The pair's record of meetings held.")
    before_we_start: BeforeWeStart = Private(default_factory=BeforeWeStart, description="What each person "
                                             "wrote alone before the first meeting.")
    game_plan: GamePlan = Private(default_factory=GamePlan, description="The mentor's (or facilitator's) "
                                  "game plan.")
    agreement: Agreement = Private(default_factory=Agreement, description="What the pair added to the "
                                   "agreement, and who signed it.")
    final_review: FinalReview = Private(default_factory=FinalReview, description="The final review: "
                                        "measures, goals, what was learned, and who signed it.")
    notes_pages: Annotated[list[Text], Field(max_length=10)] = Private(
        default_factory=list, description="What the pair wrote on the workbook's notes pages, one text a page.")

    _origin: "Origin" = PrivateAttr(default_factory=lambda: Origin())

    def model_post_init(self, context: Any) -> None:
        """A plan checked from a file (or a roster's row) knows where it came from from the start:
        `Plan.model_validate(data, context={"origin": Origin(...)})`, never set on it afterwards."""
        origin = context.get("origin") if isinstance(context, dict) else None
        if origin is not None:
            self._origin = origin

    @property
    def origin(self) -> "Origin":
        return self._origin

    @property
    def source(self) -> Optional[Path]:
        """The plan file (a roster's row: the roster), None for a plan made in memory."""
        return self._origin.source

    @property
    def positions(self) -> Positions:
        """The line and column of every key and value, where they were written."""
        return self._origin.positions

    @property
    def extra(self) -> tuple[tuple[str, str], ...]:
        """(label, text) a roster row adds: its other columns, printed on the cover."""
        return self._origin.extra

    def with_origin(self, **changes: Any) -> "Plan":
        """This plan with its origin changed (a roster row's columns, positions no longer needed):
        a copy, since a checked plan never changes."""
        copy = self.model_copy()
        copy._origin = dataclasses.replace(self._origin, **changes)
        return copy

    @cached_property
    def calendar(self) -> Calendar:
        """Meeting count, dates, topics, check-in and log, derived once for every stage."""
        return derive_calendar(self)

    @property
    def meetings(self) -> tuple[Meeting, ...]:
        return self.calendar.meetings

    @property
    def has_people(self) -> bool:
        """A plan of a named pair or circle (private by default), not a program."""
        return self.pair is not None or self.circle is not None

    def resolve_date(self, when: Optional[When]) -> Optional[dt.date]:
        """The real date of a due date: itself, or where the schedule puts it (None without a start,
        or for a meeting the schedule does not have)."""
        if when is None or isinstance(when, dt.date):
            return when
        if self.schedule.start is None:
            return None
        if when.last and self.schedule.open_ended:
            return None  # an open-ended relationship has no last meeting
        if when.meeting is not None or when.last:
            meetings = self.calendar.meetings
            number = len(meetings) if when.last else when.meeting
            return meetings[number - 1].date if 0 < number <= len(meetings) else None
        return when.after_start(self.schedule.start)

    def goal(self, goal_id: str) -> Optional[Goal]:
        return next((g for g in self.goals if g.id == goal_id), None)

    def metric(self, metric_id: str) -> Optional[Metric]:
        return next((m for m in self.metrics if m.id == metric_id), None)
