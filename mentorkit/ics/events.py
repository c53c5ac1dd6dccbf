"""One VEVENT per meeting, from the format-neutral view of a plan.

What a calendar file shows is what the view shows: a site's published view has no addresses
and no location unless the site shows the plan in full, so its calendar file has none either.

Events say who meets ("Dana Li & Sam Ortiz · Getting to know each other"): a mentor with several
mentees tells their meetings apart at a glance.

Re-importing an updated file must move meetings rather than duplicate them: to a calendar, an
event is its UID (RFC 5545: the same UID with a higher SEQUENCE replaces the event; a new UID is a
new event, beside the old one). A UID names the meeting, the plan, the program it follows and the
organisation (`meeting-3.dana-li-and-sam-ortiz.onboarding@intranet.example.org`: the
`calendar_domain` setting, else the site's address), so two programs or two organisations never
share one. A calendar keeps the UIDs it was first written with: when the previous file's events
have UIDs of another form (mentorkit's first, `PLAN-meeting-3@mentorkit`, or another domain),
its meetings keep them, so the people who imported it see them move, never twice.
SEQUENCE grows when a meeting changes: with no database to keep
history in, the previous file at the output path is the history. Every event carries a digest
of its content (X-MENTORKIT-DIGEST); an event whose digest differs from the previous file's
gets that file's SEQUENCE plus one, an unchanged one keeps its SEQUENCE and DTSTAMP, so
rebuilding an unchanged plan writes the same bytes. A meeting the plan no longer has is kept as
a cancelled event (STATUS:CANCELLED, SEQUENCE raised), so a calendar that imported it drops it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from typing import Any, Optional

import icalendar

from ..locale import _, speaking
from ..view import labels
from ..view.plan_view import MeetingView, PlanView

PRODID = "-//mentorkit//mentorkit meeting calendar//EN"
CALENDAR_MEDIA_TYPE = "text/calendar"
DIGEST = "X-MENTORKIT-DIGEST"
DEFAULT_DOMAIN = "mentorkit.invalid"  # no calendar_domain and no site_url: a name no host has
SUMMARY_JOIN = " · "


class NotDated(ValueError):
    """The plan has no dates: a calendar needs `schedule.start`."""


@dataclass(frozen=True)
class PreviousEvent:
    """What the previous calendar file said about one UID."""
    sequence: int
    digest: Optional[str]
    stamp: Optional[dt.datetime]
    cancelled: bool
    event: Any  # the icalendar.Event, to cancel it when the plan no longer has that meeting


@dataclass(frozen=True)
class UidForm:
    """The UIDs of one calendar: `before`, the meeting's number, `after`."""
    before: str
    after: str

    def uid(self, number: int) -> str:
        return f"{self.before}{number}{self.after}"

    def number(self, uid: str) -> Optional[int]:
        """The meeting a UID of this form is about (None: another form, another plan's)."""
        if uid.startswith(self.before) and uid.endswith(self.after):
            middle = uid[len(self.before):len(uid) - len(self.after)]
            return int(middle) if middle.isdigit() else None
        return None


def uid_form(plan_id: str, program: Optional[str], domain: str,
             previous: Optional[dict[str, "PreviousEvent"]] = None) -> UidForm:
    """The UIDs of a plan's calendar: those its previous file used (any form mentorkit wrote:
    its first, `PLAN-meeting-N@mentorkit`, or this one with another program or domain), else
    `meeting-N.PLAN.PROGRAM@DOMAIN`."""
    forms = (re.compile(re.escape(f"{plan_id}-meeting-") + r"(\d+)@mentorkit"),
             re.compile(r"meeting-(\d+)" + re.escape(f".{plan_id}") + r"(?:\.[a-z0-9-]+)?@[^\s]+"))
    for uid in sorted(previous or {}):
        for form in forms:
            match = form.fullmatch(uid)
            if match:
                return UidForm(uid[:match.start(1)], uid[match.end(1):])
    return UidForm("meeting-", f".{plan_id}" + (f".{program}" if program else "") + f"@{domain or DEFAULT_DOMAIN}")


def event_uid(plan_id: str, number: int, program: Optional[str] = None, domain: str = DEFAULT_DOMAIN) -> str:
    """The UID of a meeting in a new calendar: the same meeting of the same plan is the same event."""
    return uid_form(plan_id, program, domain).uid(number)


def previous_events(data: Optional[bytes]) -> dict[str, PreviousEvent]:
    """The events of a calendar file written before, by UID; nothing when there is none or it
    cannot be read (then every SEQUENCE starts again at 0)."""
    if not data:
        return {}
    try:
        calendar = icalendar.Calendar.from_ical(data)
        found = {}
        for event in calendar.walk("VEVENT"):
            stamp = event.get("DTSTAMP")
            found[str(event.get("UID"))] = PreviousEvent(
                sequence=int(event.get("SEQUENCE", 0)), digest=str(event.get(DIGEST) or "") or None,
                stamp=stamp.dt if stamp is not None and isinstance(stamp.dt, dt.datetime) else None,
                cancelled=str(event.get("STATUS", "")).upper() == "CANCELLED", event=event)
        return found
    except Exception:  # a damaged or foreign file: start the history again rather than fail the build
        return {}


def calendar_bytes(view: PlanView, *, previous: Optional[bytes] = None, now: Optional[dt.datetime] = None,
                   domain: str = DEFAULT_DOMAIN) -> bytes:
    """The plan's meetings as an RFC 5545 calendar. `previous` is the file written last time
    (for SEQUENCE, and the UIDs it used); `now` the DTSTAMP of changed events (default: the
    current time); `domain` the organisation's, in the UIDs of a new calendar."""
    dated = [m for m in view.meetings if m.date]
    if not dated:
        raise NotDated("a calendar needs dates: give the schedule a 'start'")
    now = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(microsecond=0)
    before = previous_events(previous)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _one_line(view.title))
    form = uid_form(view.id, view.plan.program, domain, before)
    uids = set()
    for meeting in dated:
        uid = form.uid(meeting.number)
        uids.add(uid)
        with speaking(view.language):  # titles and descriptions in the plan's language
            event = _event(view, meeting, uid)
        calendar.add_component(_stamped(event, before.get(uid), now))
    for uid, old in sorted(before.items()):
        if uid not in uids and form.number(uid) is not None:
            calendar.add_component(_cancelled(old, now))
    if view.timezone:
        first, last = dated[0].date.date, dated[-1].date.date
        calendar.add_missing_timezones(first_date=first - dt.timedelta(days=366),
                                       last_date=last + dt.timedelta(days=366))
    return calendar.to_ical()


def _real_length(starts: dt.datetime, ends: dt.datetime) -> dt.timedelta:
    """How long a meeting lasts in real time (Python subtracts two times of one zone as read on the clock)."""
    if starts.tzinfo is None:
        return ends - starts
    return ends.astimezone(dt.timezone.utc) - starts.astimezone(dt.timezone.utc)


def cancelled_calendar(previous: bytes, *, now: Optional[dt.datetime] = None) -> Optional[bytes]:
    """The calendar file `previous` with every event cancelled (a pair no longer on a roster: the
    calendars that imported its meetings drop them, rather than keep them for ever). None when
    `previous` cannot be read as a calendar. Cancelling a cancelled file again gives its bytes."""
    try:
        old = icalendar.Calendar.from_ical(previous)
    except Exception:  # a damaged or foreign file: nothing to cancel from
        return None
    now = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(microsecond=0)
    calendar = icalendar.Calendar()
    for name in ("PRODID", "VERSION", "CALSCALE", "X-WR-CALNAME"):
        if name in old:
            calendar[name] = old[name]
    for event in (e for _, e in sorted(previous_events(previous).items())):
        calendar.add_component(_cancelled(event, now))
    for zone in old.walk("VTIMEZONE"):  # cancelled events keep their DTSTART;TZID=...
        calendar.add_component(zone)
    return calendar.to_ical()


def summary(view: PlanView, meeting: MeetingView) -> str:
    """An event's title: who meets, then the topic ('Dana Li & Sam Ortiz · Getting to know each
    other'); a circle by its plan's title, a program's meetings by their topic alone."""
    topic = _one_line(meeting.title) if meeting.has_topic else labels.untitled_meeting(meeting.number)
    if view.circle:
        who = _one_line(view.title)
    elif view.mentor is not None and view.mentee is not None:
        who = f"{_one_line(view.mentor.name)} & {_one_line(view.mentee.name)}"
    else:
        return topic
    return f"{who}{SUMMARY_JOIN}{topic}" if who else topic


def _one_line(text: str) -> str:
    """A title or name on one line: a property or parameter value holds no line break (a plan's
    title may, and a title made from names with one in them)."""
    return " ".join(str(text).split())


def _event(view: PlanView, meeting: MeetingView, uid: str) -> icalendar.Event:
    """The event of one meeting, without SEQUENCE and DTSTAMP (which depend on the history)."""
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("summary", summary(view, meeting))
    if meeting.starts is not None:  # aware: DTSTART;TZID=...; naive: a floating local time
        event.add("dtstart", meeting.starts)
        if _real_length(meeting.starts, meeting.ends) == meeting.ends - meeting.starts:
            event.add("dtend", meeting.ends)
        else:  # it crosses a clock change: its end read on the clock is ambiguous, its length is not
            event.add("duration", meeting.ends.astimezone(dt.timezone.utc) - meeting.starts.astimezone(dt.timezone.utc))
    else:  # no time of day: an all-day event (VALUE=DATE), ending the next day (exclusive)
        event.add("dtstart", meeting.date.date)
        event.add("dtend", meeting.date.date + dt.timedelta(days=1))
    event.add("description", description(view, meeting))
    if view.location:
        event.add("location", view.location)
    attendees = view.attendees
    if attendees:  # RFC 5545: a group-scheduled event names its organizer
        organizer = _organizer(view)
        event.add("organizer", f"mailto:{organizer.email}", parameters={"CN": _one_line(organizer.name)})
        for person in attendees:
            event.add("attendee", f"mailto:{person.email}",
                      parameters={"CN": _one_line(person.name), "ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION"})
    event.add(DIGEST, hashlib.sha256(event.to_ical()).hexdigest()[:32])
    return event


def _stamped(event: icalendar.Event, old: Optional[PreviousEvent], now: dt.datetime) -> icalendar.Event:
    """SEQUENCE and DTSTAMP from the previous file: kept when the event is unchanged, else raised."""
    digest = str(event[DIGEST])
    if old is None:
        sequence, stamp = 0, now
    elif old.digest == digest and not old.cancelled:
        sequence, stamp = old.sequence, old.stamp or now
    else:
        sequence, stamp = old.sequence + 1, now
    event.add("sequence", sequence)
    event.add("dtstamp", stamp)
    return event


def _cancelled(old: PreviousEvent, now: dt.datetime) -> icalendar.Event:
    """A meeting the plan no longer has, cancelled so calendars that imported it drop it."""
    event = icalendar.Event()
    for name in ("UID", "SUMMARY", "DTSTART", "DTEND"):
        if name in old.event:
            event[name] = old.event[name]
    event.add("status", "CANCELLED")
    event.add("sequence", old.sequence if old.cancelled else old.sequence + 1)
    event.add("dtstamp", old.stamp if old.cancelled and old.stamp else now)
    return event


def _organizer(view: PlanView):
    """Whoever the agreement says schedules the meetings, when they have an address."""
    owner = next((r.owner for r in view.responsibilities if r.task == labels.task("scheduling")), None)
    return next((p for p in view.attendees if p.side == owner), view.attendees[0])


def description(view: PlanView, meeting: MeetingView) -> str:
    """Plain text: the plan and the meeting's place in it, then prework, agenda and questions
    (plan text as the author wrote it; the library escapes and folds it)."""
    lines = [_("Meeting %(number)s of %(count)s: %(title)s") % {"number": meeting.number,
                                                                "count": view.meetings_count, "title": view.title}]
    if meeting.moved:
        lines.append(meeting.moved[0].upper() + meeting.moved[1:] + ".")
    if meeting.checkin:
        lines.append(_("Half-way check-in: also talk about the relationship itself. Is it working? What should change?"))
    sections = [(_("Before the meeting"), meeting.prework),
                (_("Agenda"), [_("%(title)s (%(minutes)s min)") % {"title": a.title, "minutes": a.minutes}
                               if a.minutes else a.title for a in meeting.agenda]),
                (_("Questions to discuss"), meeting.questions)]
    for heading, items in sections:
        if items:
            lines += ["", _("%(heading)s:") % {"heading": heading}, *(f"- {item}" for item in items)]
    return "\n".join(lines)
