"""One view of a plan for every output: built once from a checked plan, read by the site
pages and the workbook alike.

Everything a reader sees about a plan is decided here: labels (from `labels`), dates and
numbers as they print, which meeting is the check-in, the latest value of a metric and how
far along it is, what links to what (by anchor). The view is format-neutral: plan text stays
as the author wrote it (Markdown, untrusted) and each output renders it safely with its own
`inline`/`md` filters; the site adds URLs, the workbook adds form-field names and ruled lines.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Any, Optional
from urllib.parse import urlsplit

from ..locale import DEFAULT as DEFAULT_LANGUAGE, _, ngettext, speaking
from ..plan.calendar import DEFAULT_CHECK_IN_QUESTIONS, DEFAULT_CHECK_IN_RATINGS, cadence_slots, span_of
from ..plan.model import DEFAULT_REFLECTION, Plan
from . import labels
from .text import NO_DAY, Day, format_clock, format_number, format_time, format_when

# Questions mentorkit supplies when a plan writes none: shown in the plan's language.
_DEFAULT_TEXTS = frozenset((*DEFAULT_REFLECTION, *DEFAULT_CHECK_IN_RATINGS, *DEFAULT_CHECK_IN_QUESTIONS))


def _supplied(texts) -> tuple[str, ...]:
    """A plan's questions, those mentorkit supplied in the language in force."""
    return tuple(_(text) if text in _DEFAULT_TEXTS else text for text in texts)

_EMAIL = re.compile(r"[^@\s<>\"']+@[^@\s<>\"']+")
_WEB_SCHEMES = {"http", "https", "mailto"}


@dataclass(frozen=True)
class PersonView:
    side: str  # "mentor" | "mentee" | "facilitator" | "member"
    label: str  # "Mentor"
    name: str
    role: Optional[str]
    email: Optional[str]  # only when it looks like an address


@dataclass(frozen=True)
class Signer:
    """One person who signs the agreement and the final review (a blank line for a program)."""
    key: str  # "mentor", "mentee", "facilitator", "member-3": unique in a plan, for form-field names
    label: str  # "Mentor", "Member"
    name: str  # empty where the plan names nobody


@dataclass(frozen=True)
class Sheet:
    """A 'before we start' page one person fills in alone."""
    key: str  # "mentee", "mentor", "facilitator", "member-3": the part's anchor is "before-<key>"
    title: str  # the part's title, in the contents
    side: str  # "mentee" | "mentor" | "facilitator" | "member": which questions it asks
    person: Optional[PersonView]


@dataclass(frozen=True)
class Ref:
    """A link to something else of the same plan, by anchor: the site adds the page URL."""
    section: str  # the part of the plan it lives in: goals, metrics, schedule...
    anchor: str
    title: str  # plan text (Markdown)


@dataclass(frozen=True)
class AgendaLine:
    title: str
    minutes: Optional[int]  # its time box; items without one share what the meeting has left


@dataclass(frozen=True)
class LogView:
    meeting: int
    anchor: str
    date: Day  # when it was held, else when it was planned
    held_on: Day  # the date the pair logged, if any
    action: Optional[str]
    rating: Optional[int]
    why: Optional[str]
    successes: tuple[str, ...]
    roadblocks: tuple[str, ...]
    next_steps: tuple[str, ...]
    mentor_next_steps: tuple[str, ...]
    notes: Optional[str]
    agreed_agenda: Optional[str] = None
    prework_done: tuple[int, ...] = ()  # numbers of the prework items done
    reflection: Optional[str] = None
    closing: tuple[Optional[str], ...] = ()  # answers, in the order of the closing questions
    member_next_steps: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (member name, steps) of a circle


@dataclass(frozen=True)
class CheckInView:
    """A check-in held with a meeting: what it asks and what the pair answered."""
    number: int
    meeting: int
    anchor: str  # "check-in" for the first, "check-in-2"...
    halfway: bool
    ratings: tuple[str, ...]  # the statements rated 1..5
    questions: tuple[str, ...]
    answers_by_side: tuple[tuple[str, tuple[Optional[int], ...]], ...] = ()  # (mentee|mentor|group, ratings)
    answers: tuple[Optional[str], ...] = ()

    def rating(self, side: str, index: int) -> Optional[int]:
        """The rating `side` gave statement `index` (0-based), if recorded."""
        given = dict(self.answers_by_side).get(side, ())
        return given[index] if index < len(given) else None

    def answer(self, index: int) -> Optional[str]:
        return self.answers[index] if index < len(self.answers) else None

    @property
    def answered(self) -> bool:
        return any(v is not None for _, given in self.answers_by_side for v in given) or any(self.answers)


@dataclass(frozen=True)
class Record:
    """What the pair wrote outside the meetings (all private): before we start, the self-assessment's
    words and end ratings, the game plan, the agreement's additions and signatures, the final review,
    the notes pages. Plain mappings of plan text, by the plan's key names."""
    before: dict[str, dict[str, Optional[str]]]  # by sheet key (mentee, mentor, facilitator, member-N)
    self_assessment: dict[str, Optional[str]]  # strengths, gaps, reality
    end_ratings: dict[str, int]
    game_plan: dict[str, Optional[str]]
    agreement: dict[str, Optional[str]]  # boundaries, mentor_also, mentee_also
    signed: dict[str, dict[str, Any]]  # "agreement"/"final_review" -> {name: date or None}
    final_review: dict[str, Optional[str]]  # evidence, learned, next
    final_metrics: dict[str, dict[str, Any]]  # by metric id: {actual, met}
    final_goals: dict[str, str]  # by goal id: met | partly | not-yet
    notes_pages: tuple[str, ...]

    @property
    def empty(self) -> bool:
        texts = [*self.self_assessment.values(), *self.game_plan.values(), *self.agreement.values(),
                 *self.final_review.values(), *self.notes_pages]
        texts += [v for answers in self.before.values() for v in answers.values()]
        return not (any(texts) or self.end_ratings or any(self.signed.values()) or self.final_metrics
                    or self.final_goals)


@dataclass(frozen=True)
class MeetingView:
    number: int
    anchor: str
    date: Day
    title: str
    has_topic: bool
    agenda: tuple[AgendaLine, ...]
    prework: tuple[str, ...]
    questions: tuple[str, ...]
    goals: tuple[Ref, ...]
    checkin: bool
    log: Optional[LogView]
    check_in: Optional[CheckInView] = None  # the check-in held with this meeting
    when: str = ""  # 'Wed 3 Mar 2027, 14:00–14:45 (Europe/Berlin)'; '' when not dated
    time: str = ""  # '14:00–14:45' when the schedule has a time
    moved: Optional[str] = None  # 'moved from Mon 17 May 2027: Pentecost Monday'
    starts: Optional[dt.datetime] = None  # for calendar files: aware when the schedule has a zone
    ends: Optional[dt.datetime] = None

    @property
    def held(self) -> bool:
        return self.log is not None

    @property
    def rating(self) -> Optional[int]:
        return self.log.rating if self.log else None

    @property
    def held_on(self) -> Day:
        """The date the pair logged it on; no date when not logged or logged without one."""
        return self.log.held_on if self.log else NO_DAY

    @property
    def agenda_minutes(self) -> int:
        return sum(line.minutes or 0 for line in self.agenda)

    @property
    def heading(self) -> str:
        """'Meeting 3: Your first delivery', or plain 'Meeting 7' for a meeting with no topic."""
        return _("Meeting %(number)s: %(title)s") % {"number": self.number, "title": self.title} \
            if self.has_topic else self.title


@dataclass(frozen=True)
class Measured:
    date: Day
    value: str  # with its unit
    note: Optional[str]


@dataclass(frozen=True)
class MetricView:
    id: str
    anchor: str
    title: str
    type: str  # label
    unit: str
    baseline: str  # the number as it prints, without unit ('' when not set)
    target: str
    latest: str
    latest_date: Day
    progress: Optional[int]  # 0..100 from baseline to target, when all three are known
    measurements: tuple[Measured, ...]
    goals: tuple[Ref, ...]

    def _with_unit(self, number: str) -> str:
        return f"{number} {self.unit}" if number and self.unit else number

    @property
    def baseline_text(self) -> str:
        return self._with_unit(self.baseline)

    @property
    def target_text(self) -> str:
        return self._with_unit(self.target)

    @property
    def latest_text(self) -> str:
        return self._with_unit(self.latest)


@dataclass(frozen=True)
class MilestoneView:
    number: int
    title: str
    due: Day
    achieved: Day
    goal: Optional[Ref]
    celebrated: Optional[str] = None  # how the pair marked it


@dataclass(frozen=True)
class GoalView:
    id: str
    anchor: str
    title: str
    framework: str  # label: SMART | REAL
    facets: tuple[tuple[str, Optional[str]], ...]  # (label, text)
    due: Day
    met: Day  # when the pair agreed it was met
    metrics: tuple[MetricView, ...]
    meetings: tuple[int, ...]  # the meetings whose topic works on it
    milestones: tuple[MilestoneView, ...]
    facet_keys: tuple[str, ...] = ()  # the plan's key of each facet (specific...), in `facets` order

    @property
    def facet_rows(self) -> tuple[tuple[str, str, Optional[str]], ...]:
        """(key, label, text) of each facet: the key names a form field, the label is translated."""
        return tuple((key, label, text) for key, (label, text) in zip(self.facet_keys, self.facets))


@dataclass(frozen=True)
class ResourceView:
    title: str
    url: str
    note: Optional[str]

    @property
    def is_web(self) -> bool:
        """An address that means the same on every machine (http, https, mail)."""
        return bool(self.url) and urlsplit(self.url).scheme.lower() in _WEB_SCHEMES

    @property
    def is_relative(self) -> bool:
        """A path relative to the page (works on the site, not in a PDF)."""
        return bool(self.url) and not urlsplit(self.url).scheme


@dataclass(frozen=True)
class RatingPoint:
    meeting: int
    rating: int
    label: str  # "Meeting 3 (25 Jan 2027)", for tooltips


@dataclass(frozen=True)
class Responsibility:
    task: str  # label
    owner: str  # mentor | mentee | both
    owner_label: str
    key: str = ""  # the task as the plan writes it (logistics.responsibilities)


@dataclass
class PlanView:
    """Everything an output shows about one plan, ready-made."""
    plan: Plan = field(repr=False)
    id: str
    title: str
    summary: Optional[str]
    teaser: Optional[str]  # the summary's first paragraph
    kind: str  # label
    kind_key: str  # onboarding ... or "other"
    kind_phrase: str  # 'Onboarding mentoring', 'Reverse mentoring': the kind naming the mentoring
    audience: Optional[str]
    tags: tuple[str, ...]
    people: tuple[PersonView, ...]
    mentor: Optional[PersonView]
    mentee: Optional[PersonView]
    circle: bool  # a circle of members rather than a pair
    facilitator: Optional[PersonView]
    members: tuple[PersonView, ...]  # a circle's members
    signers: tuple[Signer, ...]
    sheets: tuple[Sheet, ...]  # the 'before we start' pages, in order
    open_ended: bool
    dated: bool
    start: Day
    end: Day
    length: int
    cadence: str  # label
    duration: str  # '12 meetings, one every two weeks, 45 minutes each (11 Jan – 21 Jun 2027)'
    span: str  # '11 Jan – 21 Jun 2027', 'about 5 months'
    meetings_text: str  # '12 meetings' | 'open-ended'
    meetings: tuple[MeetingView, ...]
    checkin: Optional[MeetingView]
    goals: tuple[GoalView, ...]
    metrics: tuple[MetricView, ...]
    milestones: tuple[MilestoneView, ...]
    resources: tuple[ResourceView, ...]
    log: tuple[LogView, ...]
    ratings: tuple[RatingPoint, ...]
    location: Optional[str]
    channels: tuple[str, ...]
    response_time: Optional[str]
    contact_hours: Optional[str]
    responsibilities: tuple[Responsibility, ...]
    boundaries: tuple[str, ...]
    confidentiality: Optional[str]
    mentor_expectations: tuple[str, ...]
    mentee_expectations: tuple[str, ...]
    scale: int
    self_assessment: tuple[tuple[str, Optional[int]], ...]  # (area, rating so far)
    reflection: tuple[str, ...]
    time: str = ""  # '14:00–14:45 (Europe/Berlin)', when the schedule has a time
    timezone: Optional[str] = None  # the IANA name
    working_days: str = ""  # what the schedule keeps free: 'weekends and public holidays (DE-BY)'
    check_ins: tuple[CheckInView, ...] = ()
    record: Optional[Record] = None
    level: str = "full"  # how much of a pair's plan this view may show (view/privacy.py)
    extra: tuple[tuple[str, str], ...] = ()  # (label, text): a roster row's other columns, on the cover
    language: str = DEFAULT_LANGUAGE  # BCP 47: the plan's own, else the program's; outputs speak it

    @property
    def attendees(self) -> tuple[PersonView, ...]:
        """The people a calendar file invites: those with an address this view may show."""
        return tuple(p for p in self.people if p.email)

    @property
    def has_agreement(self) -> bool:
        return bool(self.location or self.channels or self.response_time or self.contact_hours
                    or self.responsibilities or self.boundaries or self.confidentiality
                    or self.mentor_expectations or self.mentee_expectations)

    @property
    def meetings_count(self) -> int:
        return len(self.meetings)

    @property
    def facts(self) -> tuple[tuple[str, str], ...]:
        """The plan at a glance: (label, text) rows; the text is plan text (Markdown) or ours."""
        with speaking(self.language):
            meetings = (_("%(count)s (a rolling horizon; no end date)") % {"count": self.meetings_count}
                        if self.open_ended else str(self.meetings_count))
            length = ngettext("%(num)d minute", "%(num)d minutes", self.length) % {"num": self.length}
            rows = [("kind", self.kind), ("audience", self.audience), ("duration", self.duration),
                ("meetings", meetings), ("length", length), ("cadence", self.cadence),
                ("time", self.time), ("working_days", self.working_days), ("location", self.location)]
            return tuple((labels.fact(key), text) for key, text in rows if text)

    @property
    def logistics(self) -> tuple[tuple[str, Optional[str]], ...]:
        """How the pair works together: (label, text) rows, text None where the plan is silent."""
        rows = [("location", self.location), ("duration", self.duration),
                ("channels", ", ".join(self.channels) or None), ("response_time", self.response_time),
                ("contact_hours", self.contact_hours)]
        with speaking(self.language):
            return tuple((labels.fact(key), text) for key, text in rows)


def _due(plan: Plan, when: Any) -> Day:
    """A due date as it reads: the real date, else (no start yet) in words: 'by meeting 6'."""
    if when is None:
        return NO_DAY
    day = plan.resolve_date(when)
    return Day(day) if day is not None else Day(None, labels.relative_date(when))


def build_view(plan: Plan, language: Optional[str] = None) -> PlanView:
    """The view of one checked plan, in its language (its own `language`, else `language`, the
    program's, else English). Pure: the same plan and language always give the same view."""
    language = plan.language or language or DEFAULT_LANGUAGE
    with speaking(language):
        return replace(_build_view(plan), language=language)


def _build_view(plan: Plan) -> PlanView:
    calendar = plan.calendar
    goal_refs = {g.id: Ref("goals", f"goal-{g.id}", g.title) for g in plan.goals}
    meetings = tuple(_meeting(plan, m, goal_refs) for m in calendar.meetings)
    metrics = tuple(_metric(plan, m, goal_refs) for m in plan.metrics)
    metric_by_id = {m.id: m for m in reversed(metrics)}
    milestones = tuple(MilestoneView(number=i, title=m.title, due=_due(plan, m.due), achieved=Day(m.achieved),
                                     goal=goal_refs.get(m.goal) if m.goal else None, celebrated=m.celebrated)
                       for i, m in enumerate(plan.milestones, 1))
    worked_on: dict[str, list[int]] = {}
    for meeting in calendar.meetings:
        for goal in meeting.goals:
            worked_on.setdefault(goal.id, []).append(meeting.number)
    goals = tuple(GoalView(
        id=g.id, anchor=f"goal-{g.id}", title=g.title, framework=labels.framework(g.framework),
        facets=tuple((labels.facet(name), text) for name, text in g.facets()), due=_due(plan, g.due), met=Day(g.met),
        facet_keys=tuple(name for name, _text in g.facets()),
        metrics=tuple(metric_by_id[mid] for mid in g.metrics if mid in metric_by_id),
        meetings=tuple(worked_on.get(g.id, ())),
        milestones=tuple(ms for ms in milestones if ms.goal is not None and ms.goal.anchor == f"goal-{g.id}"))
        for g in plan.goals)
    planned = {m.number: m.date for m in calendar.meetings}
    log = tuple(_log(entry, planned.get(entry.meeting)) for entry in sorted(plan.log, key=lambda e: e.meeting))
    check_ins = _check_ins(plan)
    by_meeting = {c.meeting: c for c in check_ins}
    skipped = _skipped(plan)
    meetings = tuple(replace(m, check_in=by_meeting.get(m.number),
                             moved=m.moved or (labels.moved(Day(skipped[m.number]).long, "skip", None)
                                               if m.number in skipped else None))
                     for m in meetings)
    people = _people(plan)
    lg, s, sa = plan.logistics, plan.schedule, plan.self_assessment
    first, last = calendar.first, calendar.last
    avoid = s.avoid
    signers = _signers(plan, people)
    sheets = _sheets(plan, people, signers)
    return PlanView(check_ins=check_ins, record=_record(plan, sheets),
        plan=plan, id=plan.id, title=plan.title, summary=plan.summary, teaser=_teaser(plan.summary),
        kind=labels.kind(plan.kind), kind_key=plan.kind or "other",
        kind_phrase=labels.kind_phrase(plan.kind), audience=plan.audience, tags=tuple(plan.tags),
        people=people, mentor=next((p for p in people if p.side == "mentor"), None),
        mentee=next((p for p in people if p.side == "mentee"), None),
        circle=plan.circle is not None, facilitator=next((p for p in people if p.side == "facilitator"), None),
        members=tuple(p for p in people if p.side == "member"), signers=signers,
        sheets=sheets,
        open_ended=s.open_ended, dated=first is not None, start=Day(first),
        end=NO_DAY if s.open_ended else Day(last), length=s.length, cadence=labels.cadence(s.cadence),
        duration=_duration(plan), span=_span(plan),
        meetings_text=_("open-ended") if s.open_ended else _meetings(calendar.count),
        meetings=meetings, checkin=next((m for m in meetings if m.checkin), None),
        goals=goals, metrics=metrics, milestones=milestones,
        resources=tuple(ResourceView(r.title, (r.url or "").strip(), r.note) for r in plan.resources),
        log=log, ratings=tuple(RatingPoint(e.meeting, e.rating, _point_label(e)) for e in log if e.rating),
        location=lg.location, channels=tuple(lg.channels), response_time=lg.response_time,
        contact_hours=lg.contact_hours,
        responsibilities=tuple(Responsibility(labels.task(t), o, labels.owner(
            o, plan.circle is not None, bool(plan.circle and plan.circle.facilitator)), t)
                               for t, o in lg.responsibilities.items()),
        boundaries=tuple(lg.boundaries), confidentiality=lg.confidentiality,
        mentor_expectations=tuple(plan.expectations.mentor), mentee_expectations=tuple(plan.expectations.mentee),
        scale=sa.scale, self_assessment=tuple((area, sa.ratings.get(area)) for area in sa.areas),
        reflection=_supplied(plan.reflection), time=_time(plan), timezone=s.timezone, extra=plan.extra,
        working_days=labels.working_days(
            avoid.weekends, "-".join(filter(None, (avoid.holidays.country, avoid.holidays.region)))
            if avoid.holidays else None, len(avoid.dates)) if avoid else "")


def _skipped(plan: Plan) -> dict[int, dt.date]:
    """A meeting whose cadence slot was skipped (`schedule.skip`) is explained as a moved one is:
    by its number, the first skipped slot before it (since the meeting before)."""
    s = plan.schedule
    skips = set(s.skip or ())
    dated = [(m.number, m.date) for m in plan.calendar.meetings if m.date is not None]
    if not skips or not dated or s.start is None:
        return {}
    found: dict[int, dt.date] = {}
    for slot in cadence_slots(s.start, s.cadence, getattr(s, "day", None)):
        if slot > dated[-1][1]:
            break
        if slot in skips:
            number = next((n for n, day in dated if day > slot), None)
            if number is not None:
                found.setdefault(number, slot)
    return found


def _time(plan: Plan) -> str:
    """'14:00–14:45 (Europe/Berlin)', or '' when the schedule leaves the time to the pair."""
    calendar, s = plan.calendar, plan.schedule
    if calendar.time is None:
        return ""
    starts = dt.datetime.combine(dt.date(2001, 1, 1), calendar.time)
    text = format_time(starts, starts + dt.timedelta(minutes=s.length))
    return f"{text} ({s.timezone})" if s.timezone else text


def _people(plan: Plan) -> tuple[PersonView, ...]:
    """The plan's people, the one place they are listed (a calendar file invites those with an
    address: `PlanView.attendees`)."""
    if plan.pair:
        sides = [("mentor", plan.pair.mentor), ("mentee", plan.pair.mentee)]
    elif plan.circle:
        sides = [("facilitator", plan.circle.facilitator)] if plan.circle.facilitator else []
        sides += [("member", member) for member in plan.circle.members]
    else:
        return ()
    return tuple(PersonView(side, labels.role(side), person.name, person.role,
                            person.email if person.email and _EMAIL.fullmatch(person.email) else None)
                 for side, person in sides)


def _signers(plan: Plan, people: tuple[PersonView, ...]) -> tuple[Signer, ...]:
    if plan.circle is None:
        named = {p.side: p.name for p in people}
        return tuple(Signer(side, labels.role(side), named.get(side, "")) for side in ("mentor", "mentee"))
    signers, members = [], 0
    for person in people:
        if person.side == "member":
            members += 1
        signers.append(Signer(person.side if person.side == "facilitator" else f"member-{members}",
                              person.label, person.name))
    return tuple(signers)


def _sheets(plan: Plan, people: tuple[PersonView, ...], signers: tuple[Signer, ...]) -> tuple[Sheet, ...]:
    """A pair (or a program) has the mentee's page and the mentor's; a circle one page a person."""
    if plan.circle is None:
        by_side = {p.side: p for p in people}
        return tuple(Sheet(side, labels.workbook_part(f"before-{side}"), side, by_side.get(side)) for side in ("mentee", "mentor"))
    return tuple(Sheet(signer.key, labels.before_person(person.name), person.side, person)
                 for signer, person in zip(signers, people))  # a circle signs in the order of its people


def _meeting(plan: Plan, meeting, goal_refs: dict[str, Ref]) -> MeetingView:
    topic = meeting.topic
    entry = meeting.log
    return MeetingView(
        number=meeting.number, anchor=f"meeting-{meeting.number}", date=Day(meeting.date),
        title=meeting.title if topic is not None else labels.untitled_meeting(meeting.number),
        has_topic=topic is not None, agenda=_timeboxes(plan, topic),
        prework=tuple(topic.prework) if topic else (), questions=tuple(topic.questions) if topic else (),
        goals=tuple(goal_refs[g.id] for g in meeting.goals), checkin=meeting.checkin,
        log=_log(entry, meeting.date) if entry else None,
        when=format_when(meeting.date, meeting.starts, meeting.ends, plan.schedule.timezone),
        time=format_time(meeting.starts, meeting.ends),
        moved=labels.moved(Day(meeting.moved.slot).long, meeting.moved.reason, meeting.moved.holiday)
        if meeting.moved else None, starts=meeting.starts, ends=meeting.ends)


def _timeboxes(plan: Plan, topic) -> tuple[AgendaLine, ...]:
    """Agenda items with minutes; items without a time box share what the meeting has left."""
    if topic is None:
        return ()
    items = list(topic.agenda)
    fixed = sum(item.minutes or 0 for item in items)
    open_items = [item for item in items if item.minutes is None]
    share = max(plan.schedule.length - fixed, 0) // len(open_items) if open_items else 0
    return tuple(AgendaLine(item.title, item.minutes if item.minutes is not None else (share or None))
                 for item in items)


def _log(entry, planned) -> LogView:
    return LogView(meeting=entry.meeting, anchor=f"log-{entry.meeting}", date=Day(entry.date or planned),
                   held_on=Day(entry.date), action=entry.action, rating=entry.rating, why=entry.why,
                   successes=tuple(entry.successes), roadblocks=tuple(entry.roadblocks),
                   next_steps=tuple(entry.next_steps), mentor_next_steps=tuple(entry.mentor_next_steps),
                   notes=entry.notes, agreed_agenda=entry.agreed_agenda, prework_done=tuple(entry.prework_done), reflection=entry.reflection,
                   closing=tuple(entry.closing),
                   member_next_steps=tuple((name, tuple(steps)) for name, steps in entry.member_next_steps.items()))


def _check_ins(plan: Plan) -> tuple[CheckInView, ...]:
    logs = {e.meeting: e for e in reversed(plan.log)}
    views = []
    for c in plan.calendar.check_ins:
        entry = logs.get(c.meeting)
        answers = entry.check_in if entry is not None else None
        views.append(CheckInView(
            number=c.number, meeting=c.meeting, anchor="check-in" if c.number == 1 else f"check-in-{c.number}",
            halfway=c.halfway, ratings=_supplied(c.ratings), questions=_supplied(c.questions),
            answers_by_side=tuple((side, tuple(getattr(answers.ratings, side))) for side in ("mentee", "mentor", "group")
                                  if getattr(answers.ratings, side)) if answers else (),
            answers=tuple(answers.answers) if answers else ()))
    return tuple(views)


def _texts(model: Any, *names: str) -> dict[str, Optional[str]]:
    return {name: getattr(model, name, None) if model is not None else None for name in names}


def _record(plan: Plan, sheets: tuple[Sheet, ...]) -> Record:
    bws = plan.before_we_start
    before: dict[str, dict[str, Optional[str]]] = {}
    for sheet in sheets:
        if sheet.side in ("mentee", "mentor"):
            answers = getattr(bws, sheet.side)
        elif sheet.side == "facilitator":
            answers = bws.facilitator
        else:
            answers = bws.members.get(sheet.person.name) if sheet.person else None
        like = "mentor" if sheet.side in ("mentor", "facilitator") else "mentee"
        before[sheet.key] = _texts(answers, "want", "bring", "expect", "curious" if like == "mentor" else "reality")
    sa, review = plan.self_assessment, plan.final_review
    return Record(
        before=before, self_assessment=_texts(sa, "strengths", "gaps", "reality"), end_ratings=dict(sa.end_ratings),
        game_plan=_texts(plan.game_plan, "gaps", "help", "doors", "blind_spots"),
        agreement=_texts(plan.agreement, "boundaries", "mentor_also", "mentee_also"),
        signed={key: {s.name: s.date for s in getattr(plan, key).signed} for key in ("agreement", "final_review")},
        final_review=_texts(review, "evidence", "learned", "next"),
        final_metrics={k: {"actual": v.actual, "met": v.met} for k, v in review.metrics.items()},
        final_goals=dict(review.goals), notes_pages=tuple(plan.notes_pages))


def _point_label(entry: LogView) -> str:
    if entry.date:
        return _("Meeting %(number)s (%(date)s)") % {"number": entry.meeting, "date": entry.date}
    return labels.untitled_meeting(entry.meeting)


def _meetings(count: int) -> str:
    return ngettext("%(num)d meeting", "%(num)d meetings", count) % {"num": count}


def _metric(plan: Plan, metric, goal_refs: dict[str, Ref]) -> MetricView:
    latest = metric.measurements[-1] if metric.measurements else None
    unit = f" {metric.unit}" if metric.unit else ""
    return MetricView(
        id=metric.id, anchor=f"metric-{metric.id}", title=metric.title, type=labels.metric_type(metric.type),
        unit=metric.unit or "", baseline=format_number(metric.baseline), target=format_number(metric.target),
        latest=format_number(latest.value) if latest else "", latest_date=Day(latest.date if latest else None),
        progress=_progress(metric.baseline, metric.target, latest.value if latest else None),
        measurements=tuple(Measured(Day(m.date), format_number(m.value) + unit, m.note) for m in metric.measurements),
        goals=tuple(goal_refs[g.id] for g in plan.goals if metric.id in g.metrics))


def _progress(baseline: Optional[float], target: Optional[float], latest: Optional[float]) -> Optional[int]:
    """How far from baseline to target the latest value is, 0..100 (works for falling targets too)."""
    if baseline is None or target is None or latest is None or target == baseline:
        return None
    return max(0, min(100, round(100 * (latest - baseline) / (target - baseline))))


def _duration(plan: Plan) -> str:
    """How the schedule reads wherever it is described (site, cover, agreement): '12 meetings,
    one every two weeks, 45 minutes each (11 Jan – 21 Jun 2027)' (not '12 meetings every two
    weeks', which reads as twelve a fortnight)."""
    s, calendar = plan.schedule, plan.calendar
    values = {"cadence": labels.cadence(s.cadence), "minutes": s.length, "meetings": _meetings(calendar.count)}
    if s.open_ended:
        text = _("Open-ended, one meeting %(cadence)s, %(minutes)s minutes each") % values
    elif calendar.count == 1:
        text = _("One meeting of %(minutes)s minutes") % values
    else:
        text = _("%(meetings)s, one %(cadence)s, %(minutes)s minutes each") % values
    if calendar.time is not None:
        at = {"time": format_clock(calendar.time), "zone": s.timezone}
        text += (_(", at %(time)s %(zone)s time") if s.timezone else _(", at %(time)s")) % at
    first, last = Day(calendar.first), Day(calendar.last)
    if first and not s.open_ended:
        text += f" ({first})" if first == last else f" ({first} – {last})"
    elif first:
        text += " (" + _("from %(date)s") % {"date": first} + ")"
    return text


def _span(plan: Plan) -> str:
    """How long the plan runs: its dates, else an estimate from the cadence."""
    calendar = plan.calendar
    first, last = calendar.first, calendar.last
    if plan.schedule.open_ended:
        return _("open-ended, from %(date)s") % {"date": Day(first).short} if first else _("open-ended")
    if first and last:
        if first.year == last.year:
            return f"{Day(first).month_day} – {Day(last).short}"
        return f"{Day(first).short} – {Day(last).short}"
    span = span_of(plan)
    if span.days < 7:
        return _("about a week") if calendar.count > 1 else _("one meeting")
    if span.days < 60:
        weeks = round(span.days / 7)
        return ngettext("about %(num)d week", "about %(num)d weeks", weeks) % {"num": weeks}
    months = span.rounded_months
    return ngettext("about %(num)d month", "about %(num)d months", months) % {"num": months}


def _teaser(summary: Optional[str]) -> Optional[str]:
    if not summary:
        return None
    return re.split(r"\n\s*\n", summary.strip(), maxsplit=1)[0]

