"""Calendars people share: each event says who meets, its UID is unique across plans, programs and
organisations, and a calendar imported before keeps its UIDs, so its meetings move on the next
import instead of showing twice. Read back with icalendar and vobject."""
from __future__ import annotations

import datetime as dt

import icalendar
import vobject

from mentorkit import load_plan
from mentorkit.ics import calendar_bytes
from mentorkit.view.plan_view import build_view
from running import run_mentorkit

NOW = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.timezone.utc)

PAIR = """\
mentorkit: 1
id: {id}
title: Ana and Lee
{follows}pair:
  mentor: {{name: Ana Ruiz}}
  mentee: {{name: Lee Park}}
schedule: {{start: 2027-03-15, cadence: weekly, meetings: 3, length: 45}}
roadmap:
  - topic: Getting to know each other
  - topic: Goals
"""

CIRCLE = """\
mentorkit: 1
id: circle
title: New managers' circle
circle:
  facilitator: {name: Fay Holt}
  members: [{name: Bo Ek}, {name: Cy Lund}]
schedule: {start: 2027-03-15, cadence: weekly, meetings: 2, length: 60}
roadmap: [{topic: Delegation}]
"""

LEGACY = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//mentorkit//mentorkit meeting calendar//EN\r
BEGIN:VEVENT\r
SUMMARY:Getting to know each other\r
DTSTART;VALUE=DATE:20270315\r
DTEND;VALUE=DATE:20270316\r
DTSTAMP:20261001T090000Z\r
UID:ana-and-lee-meeting-1@mentorkit\r
SEQUENCE:0\r
END:VEVENT\r
BEGIN:VEVENT\r
SUMMARY:Goals\r
DTSTART;VALUE=DATE:20270322\r
DTEND;VALUE=DATE:20270323\r
DTSTAMP:20261001T090000Z\r
UID:ana-and-lee-meeting-2@mentorkit\r
SEQUENCE:2\r
END:VEVENT\r
BEGIN:VEVENT\r
SUMMARY:Meeting 3\r
DTSTART;VALUE=DATE:20270329\r
DTEND;VALUE=DATE:20270330\r
DTSTAMP:20261001T090000Z\r
UID:ana-and-lee-meeting-3@mentorkit\r
SEQUENCE:0\r
END:VEVENT\r
BEGIN:VEVENT\r
SUMMARY:Meeting 4\r
DTSTART;VALUE=DATE:20270405\r
DTEND;VALUE=DATE:20270406\r
DTSTAMP:20261001T090000Z\r
UID:ana-and-lee-meeting-4@mentorkit\r
SEQUENCE:0\r
END:VEVENT\r
END:VCALENDAR\r
"""  # as mentorkit wrote it before events named the pair (four meetings then, three now)


def calendar(write_plan, text: str, *, name: str = "plan.yaml", **options) -> bytes:
    return calendar_bytes(build_view(load_plan(write_plan(text, name=name))), now=NOW, **options)


def uids_and_titles(data: bytes) -> list[tuple[str, str, int, str]]:
    ours = [(str(e["UID"]), str(e["SUMMARY"]), int(e.get("SEQUENCE", 0)), str(e.get("STATUS", "")))
            for e in icalendar.Calendar.from_ical(data).walk("VEVENT")]
    theirs = [(v.uid.value, v.summary.value, int(v.sequence.value), getattr(v, "status", None) and v.status.value or "")
              for v in vobject.readOne(data.decode("utf-8")).vevent_list]
    assert ours == theirs
    return ours


def test_events_name_the_pair_or_the_circle_so_a_mentor_tells_their_mentees_apart(write_plan):
    pair = uids_and_titles(calendar(write_plan, PAIR.format(id="ana-and-lee", follows="")))
    assert [title for _, title, _, _ in pair] == ["Ana Ruiz & Lee Park · Getting to know each other",
                                                  "Ana Ruiz & Lee Park · Goals", "Ana Ruiz & Lee Park · Meeting 3"]
    circle = uids_and_titles(calendar(write_plan, CIRCLE, name="circle.yaml"))
    assert [title for _, title, _, _ in circle] == ["New managers' circle · Delegation", "New managers' circle · Meeting 2"]


def test_uids_name_the_plan_its_program_and_the_organisation(write_plan, tmp_path):
    program = "mentorkit: 1\nid: onboarding\ntitle: Onboarding\nschedule: {cadence: weekly, meetings: 3, length: 45}\n"
    write_plan(program, name="onboarding.yaml")
    follows = calendar(write_plan, PAIR.format(id="ana-and-lee", follows="program: onboarding\n").replace(
        "title: Ana and Lee\n", ""), domain="mentoring.example.org")
    assert [uid for uid, *_ in uids_and_titles(follows)] == [
        f"meeting-{n}.ana-and-lee.onboarding@mentoring.example.org" for n in (1, 2, 3)]
    other_org = calendar(write_plan, PAIR.format(id="ana-and-lee", follows=""), domain="example.com")
    assert [uid for uid, *_ in uids_and_titles(other_org)][0] == "meeting-1.ana-and-lee@example.com"


def test_a_calendar_imported_before_keeps_its_uids_and_its_events_move_rather_than_duplicate(write_plan):
    text = PAIR.format(id="ana-and-lee", follows="")
    again = uids_and_titles(calendar(write_plan, text, previous=LEGACY, domain="mentoring.example.org"))
    assert again == [
        ("ana-and-lee-meeting-1@mentorkit", "Ana Ruiz & Lee Park · Getting to know each other", 1, ""),
        ("ana-and-lee-meeting-2@mentorkit", "Ana Ruiz & Lee Park · Goals", 3, ""),  # its title changed: 2 -> 3
        ("ana-and-lee-meeting-3@mentorkit", "Ana Ruiz & Lee Park · Meeting 3", 1, ""),
        ("ana-and-lee-meeting-4@mentorkit", "Meeting 4", 1, "CANCELLED")]  # the plan has three meetings now
    # once written in the new form, a calendar keeps it even when the domain setting changes later
    new = calendar(write_plan, text, domain="mentoring.example.org")
    moved = calendar(write_plan, text, previous=new, domain="example.com")
    assert [uid for uid, *_ in uids_and_titles(moved)] == [f"meeting-{n}.ana-and-lee@mentoring.example.org"
                                                          for n in (1, 2, 3)]


def test_the_calendar_domain_setting_is_checked_and_site_url_gives_the_default(tmp_path):
    (tmp_path / "plans").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "plans" / "ana-and-lee.yaml").write_text(PAIR.format(id="ana-and-lee", follows=""), encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: M\nsite_url: https://intranet.example.org/mentoring/\nplugins:\n  - mentorkit\n",
                      encoding="utf-8")
    result = run_mentorkit("calendar", "plans/ana-and-lee.yaml", "-o", "-", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "meeting-1.ana-and-lee@intranet.example.org/mentoring" in result.stdout.replace("\r\n ", "")
    config.write_text("site_name: M\nplugins:\n  - mentorkit:\n      calendar_domain: Mentoring.Example.org\n",
                      encoding="utf-8")
    result = run_mentorkit("calendar", "plans/ana-and-lee.yaml", "-o", "-", cwd=tmp_path)
    assert "UID:meeting-1.ana-and-lee@mentoring.example.org" in result.stdout
    config.write_text("site_name: M\nplugins:\n  - mentorkit:\n      calendar_domain: not a domain\n", encoding="utf-8")
    result = run_mentorkit("calendar", "plans/ana-and-lee.yaml", "-o", "-", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("mkdocs.yml:4:7: error: ") and "'not a domain' is not a domain name" in result.stderr
