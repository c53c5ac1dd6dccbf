"""The calendar file (`mentorkit calendar`): RFC 5545 read back with two independent parsers
(icalendar, which wrote it, and vobject), stable UIDs, SEQUENCE that follows changes, all-day
events without a time, attendees from the plan, and hostile text that stays valid."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from mentorkit import PlanError, load_plan
from mentorkit.ics import calendar_bytes
from mentorkit.view.plan_view import build_view
from running import run_mentorkit

UTC = dt.timezone.utc
BERLIN = ZoneInfo("Europe/Berlin")
NOW = dt.datetime(2026, 11, 1, 9, 0, tzinfo=UTC)

PLAN = """\
mentorkit: 1
id: ana-and-lee
title: Ana and Lee
pair:
  mentor: {name: Ana Ruiz, email: ana@example.org}
  mentee: {name: Lee Park, email: lee@example.org}
schedule:
  start: 2027-03-15
  cadence: weekly
  meetings: 4
  length: 45
  time: "14:00"
  timezone: Europe/Berlin
  avoid: {weekends: true, holidays: {country: DE}}
logistics:
  location: Room 4B
  responsibilities: {scheduling: mentee}
roadmap:
  - topic: Getting to know each other
    prework: [Write down what you want from this]
    agenda: [{title: Backgrounds, minutes: 15}, Agree the logistics]
    questions: [What would make this a success for you?]
  - topic: Goals
"""


def events(data: bytes) -> list:
    return icalendar.Calendar.from_ical(data).walk("VEVENT")


def vevents(data: bytes) -> list:
    """The same file through a second, independent parser."""
    return vobject.readOne(data.decode("utf-8")).vevent_list


def build(write_plan, text: str = PLAN, *, previous: bytes | None = None, now: dt.datetime = NOW) -> bytes:
    return calendar_bytes(build_view(load_plan(write_plan(text))), previous=previous, now=now)


def test_one_event_per_meeting_in_the_plans_zone_read_by_two_parsers(write_plan):
    data = build(write_plan)
    ours, theirs = events(data), vevents(data)
    assert len(ours) == len(theirs) == 4
    # Easter Monday (29 Mar 2027) moved to Tuesday; summer time starts on 28 Mar in Berlin
    local = [dt.datetime(2027, 3, 15, 14), dt.datetime(2027, 3, 22, 14), dt.datetime(2027, 3, 30, 14),
             dt.datetime(2027, 4, 5, 14)]
    for event, vevent, start in zip(ours, theirs, local):
        assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
        assert event["DTSTART"].dt == start.replace(tzinfo=BERLIN) == vevent.dtstart.value
        assert event["DTEND"].dt - event["DTSTART"].dt == dt.timedelta(minutes=45)
        assert vevent.dtend.value - vevent.dtstart.value == dt.timedelta(minutes=45)
    assert [v.dtstart.value.astimezone(UTC).hour for v in theirs] == [13, 13, 12, 12]
    timezones = icalendar.Calendar.from_ical(data).walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/Berlin"]
    assert [str(e["SUMMARY"]) for e in ours] == [v.summary.value for v in theirs] == [
        f"Ana Ruiz & Lee Park · {topic}" for topic in ("Getting to know each other", "Goals", "Meeting 3", "Meeting 4")]
    assert all(str(e["LOCATION"]) == "Room 4B" for e in ours)


def test_the_description_holds_prework_agenda_questions_and_moves(write_plan):
    theirs = vevents(build(write_plan))
    first = theirs[0].description.value
    assert first.splitlines() == [
        "Meeting 1 of 4: Ana and Lee", "",
        "Before the meeting:", "- Write down what you want from this", "",
        "Agenda:", "- Backgrounds (15 min)", "- Agree the logistics (30 min)", "",
        "Questions to discuss:", "- What would make this a success for you?"]
    assert "Moved from Mon 29 Mar 2027: Easter Monday." in theirs[2].description.value


def test_uids_are_stable_and_an_unchanged_plan_gives_the_same_bytes(write_plan):
    first = build(write_plan)
    again = build(write_plan, previous=first, now=NOW + dt.timedelta(days=3))
    assert again == first
    assert [str(e["UID"]) for e in events(first)] == [f"meeting-{n}.ana-and-lee@mentorkit.invalid" for n in range(1, 5)]
    assert [v.uid.value for v in vevents(first)] == [str(e["UID"]) for e in events(first)]
    fresh = build(write_plan, now=NOW + dt.timedelta(days=3))  # no history: same UIDs, new stamps
    assert [str(e["UID"]) for e in events(fresh)] == [str(e["UID"]) for e in events(first)]


def test_the_sequence_grows_only_for_the_meeting_that_changed(write_plan):
    first = build(write_plan)
    assert [int(e["SEQUENCE"]) for e in events(first)] == [0, 0, 0, 0]
    changed = build(write_plan, PLAN.replace("- topic: Goals", "- topic: Goals and milestones"), previous=first,
                    now=NOW + dt.timedelta(days=1))
    assert [int(v.sequence.value) for v in vevents(changed)] == [0, 1, 0, 0]
    stamps = [e["DTSTAMP"].dt for e in events(changed)]
    assert stamps == [NOW, NOW + dt.timedelta(days=1), NOW, NOW]  # a changed event is stamped anew
    moved = build(write_plan, PLAN.replace("- topic: Goals and milestones", "- topic: Goals").replace(
        "meetings: 4", "meetings: 4\n  skip: [2027-03-22]"), previous=changed, now=NOW + dt.timedelta(days=2))
    # meeting 2 changes back and moves; 3 and 4 move with it
    assert [int(e["SEQUENCE"]) for e in events(moved)] == [0, 2, 1, 1]


def test_a_meeting_the_plan_no_longer_has_is_cancelled(write_plan):
    first = build(write_plan)
    fewer = build(write_plan, PLAN.replace("meetings: 4", "meetings: 3"), previous=first)
    last = events(fewer)[-1]
    assert str(last["UID"]) == "meeting-4.ana-and-lee@mentorkit.invalid"
    assert str(last["STATUS"]) == "CANCELLED" and int(last["SEQUENCE"]) == 1
    assert len(vevents(fewer)) == 4


def test_attendees_are_the_pair_and_the_organizer_whoever_schedules(write_plan):
    event = events(build(write_plan))[0]
    assert sorted(str(a) for a in event["ATTENDEE"]) == ["mailto:ana@example.org", "mailto:lee@example.org"]
    assert str(event["ORGANIZER"]) == "mailto:lee@example.org"  # responsibilities: scheduling: mentee
    assert {a.params["CN"] for a in event["ATTENDEE"]} == {"Ana Ruiz", "Lee Park"}
    no_address = PLAN.replace(", email: ana@example.org", "").replace(", email: lee@example.org", "")
    event = events(build(write_plan, no_address))[0]
    assert "ATTENDEE" not in event and "ORGANIZER" not in event
    forged = PLAN.replace("email: lee@example.org", 'email: "lee@example.org;RSVP=TRUE"')
    with pytest.raises(PlanError, match="6:.*is not an email address"):  # refused, not made an attendee
        build(write_plan, forged)


def test_without_a_time_meetings_are_all_day_events(write_plan):
    text = PLAN.replace('  time: "14:00"\n', "")
    data = build(write_plan, text)
    event, vevent = events(data)[0], vevents(data)[0]
    assert event["DTSTART"].params.get("VALUE") == "DATE" and b"DTSTART;VALUE=DATE:20270315" in data
    assert event["DTSTART"].dt == vevent.dtstart.value == dt.date(2027, 3, 15)
    assert event["DTEND"].dt == dt.date(2027, 3, 16)
    assert b"VTIMEZONE" not in data  # nothing refers to a zone


def test_a_hostile_plan_still_gives_a_valid_calendar(write_plan):
    topic = "Line one; with, commas"  # a topic is one line (the plan check refuses a line break in it)
    broken = "before\\r\\nafter a CRLF\\rafter a CR"  # longer text may hold line breaks of any kind
    long_item = "word " * 300 + "Grüße, € und 日本語 " * 40  # folding must not split a character
    text = PLAN.replace("- topic: Goals", f'- topic: "{topic}"\n    prework: ["{long_item}", "{broken}"]\n'
                        '    agenda: ["a;b,c\\\\d"]')
    data = build(write_plan, text)
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # folded by the library
    assert b"\n" not in data.replace(b"\r\n", b"")  # every line ends in CRLF, none bare
    ours, theirs = events(data), vevents(data)
    assert len(ours) == len(theirs) == 4
    assert str(ours[1]["SUMMARY"]) == theirs[1].summary.value == f"Ana Ruiz & Lee Park · {topic}"
    assert f"- {long_item}\n" in theirs[1].description.value
    assert "before" in theirs[1].description.value and "after a CR" in theirs[1].description.value
    assert "- a;b,c\\d (" in theirs[1].description.value
    assert theirs[1].uid.value == "meeting-2.ana-and-lee@mentorkit.invalid"


def test_the_command_writes_the_file_and_standard_output(tmp_path):
    plan = tmp_path / "ana-and-lee.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    result = run_mentorkit("calendar", str(plan), "-o", "meetings.ics", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "wrote meetings.ics (4 meetings)" in result.stderr
    written = (tmp_path / "meetings.ics").read_bytes()
    assert len(vevents(written)) == 4
    stdout = run_mentorkit("calendar", str(plan), "-o", "-", "--previous", "meetings.ics", cwd=tmp_path)
    assert stdout.returncode == 0 and stdout.stdout.encode().replace(b"\n", b"\r\n") == written  # unchanged
    plan.write_text(PLAN.replace("- topic: Goals", "- topic: Goals and milestones"), encoding="utf-8")
    again = run_mentorkit("calendar", str(plan), "-o", "meetings.ics", cwd=tmp_path)
    assert again.returncode == 0, again.stderr  # the history is the file it replaces
    assert [int(e["SEQUENCE"]) for e in events((tmp_path / "meetings.ics").read_bytes())] == [0, 1, 0, 0]


def test_a_plan_without_a_start_is_a_located_error(tmp_path):
    plan = tmp_path / "undated.yaml"
    plan.write_text("mentorkit: 1\ntitle: T\nschedule:\n  cadence: weekly\n  meetings: 3\nroadmap:\n"
                    "  - topic: A\n  - topic: B\n  - topic: C\n", encoding="utf-8")
    result = run_mentorkit("calendar", str(plan), "-o", "out.ics", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "undated.yaml:4:3: error: a calendar needs dates: give the schedule a 'start'" in result.stderr
    assert not (tmp_path / "out.ics").exists()


def test_a_title_or_name_with_a_line_break_is_a_located_error_not_a_broken_calendar(tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "prog.yaml").write_text("mentorkit: 1\nid: prog\ntitle: Prog\nschedule: {cadence: weekly, meetings: 2}\n"
                                     "roadmap:\n  - topic: \"First\\nmeeting\"\n  - topic: >\n      Second, folded\n",
                                     encoding="utf-8")
    (plans / "p.yaml").write_text('mentorkit: 1\nprogram: prog\npair: {mentor: {name: "Ann\\nBo", email: a@b.org}, '
                                  "mentee: {name: Lee}}\nschedule: {start: 2027-01-04}\n", encoding="utf-8")
    made = run_mentorkit("calendar", "plans/p.yaml", "-o", "p.ics", cwd=tmp_path)
    assert made.returncode == 1 and "Traceback" not in made.stderr, made.stderr
    assert "prog.yaml:6:12: error: topic in topic" in made.stderr and "has a line break" in made.stderr
    assert "p.yaml:3:23: error: pair.mentor.name: has a line break" in made.stderr
    assert "title:" not in made.stderr  # the title made of that name is not a second error
    assert not (tmp_path / "p.ics").exists()
    # the line break a folded block (>) ends with is not one: that topic is fine
    assert "Second, folded" not in made.stderr

DST_PLAN = """\
mentorkit: 1
title: Around the clock changes
schedule:
  start: 2027-03-28
  cadence: every 217 days
  meetings: 2
  length: 45
  time: "{time}"
  timezone: Europe/Berlin
"""


def test_a_meeting_lasts_its_length_across_a_clock_change_read_by_two_parsers(write_plan):
    """Berlin's clocks go forward on 28 Mar 2027 (02:00 -> 03:00) and back on 31 Oct 2027 (03:00 -> 02:00):
    a 02:30 meeting ended before it started on the first, and lasted 1 h 45 on the second."""
    from mentorkit.plan.loading import check_file

    path = write_plan(DST_PLAN.format(time="02:30"))
    data = calendar_bytes(build_view(load_plan(path)), now=NOW)
    utc = dt.timezone.utc
    for event in events(data):
        start = event.decoded("dtstart")
        # a DURATION is real time (RFC 5545 3.3.6): added to the instant, not to the clock
        end = event.decoded("dtend") if "DTEND" in event else start.astimezone(utc) + event.decoded("duration")
        assert end.astimezone(utc) - start.astimezone(utc) == dt.timedelta(minutes=45), event.to_ical()
    spring, autumn = vevents(data)
    assert spring.dtstart.value.replace(tzinfo=None) == dt.datetime(2027, 3, 28, 3, 30)  # after the gap
    assert autumn.dtstart.value.replace(tzinfo=None) == dt.datetime(2027, 10, 31, 2, 30)
    real = {v.dtstart.value.astimezone(utc): (v.dtend.value if hasattr(v, "dtend")
                                              else v.dtstart.value.astimezone(utc) + v.duration.value)
            for v in (spring, autumn)}
    assert all(end.astimezone(utc) - start == dt.timedelta(minutes=45) for start, end in real.items())
    (warning,) = [d for d in check_file(path).diagnostics if "clocks go forward" in d.message]
    assert (warning.severity, warning.line) == ("warning", 8) and "it is at 03:30" in warning.message
    # on the site and in the workbook: the night the clocks go back, which clock each time is on
    from mentorkit.view.text import format_time

    shown = [format_time(m.starts, m.ends) for m in build_view(load_plan(path)).meetings]
    assert shown == ["03:30\u201304:15", "02:30 CEST\u201302:15 CET"], shown
    plain = calendar_bytes(build_view(load_plan(write_plan(DST_PLAN.format(time="14:00")))), now=NOW)
    assert b"DURATION" not in plain and plain.count(b"DTEND;TZID=Europe/Berlin") == 2  # no change: as before


EDGE = """\
mentorkit: 1
title: Edge
pair:
  mentor: {{name: Ann}}
  mentee: {{name: Bo}}
schedule:
  cadence: weekly
  meetings: 2
  time: "{time}"
  timezone: {zone}
  start: {start}
"""


@pytest.mark.parametrize("start, time, zone", [("0001-01-01", "00:30", "Pacific/Pago_Pago"),
                                               ("9999-12-24", "23:30", "Pacific/Kiritimati"),
                                               ("9999-12-31", "23:30", "UTC")])
def test_a_start_near_year_1_or_9999_is_a_located_error_in_every_command_not_an_overflow(tmp_path, start, time, zone):
    plan = tmp_path / "edge.yaml"
    plan.write_text(EDGE.format(start=start, time=time, zone=zone), encoding="utf-8")
    for command in (["validate", "edge.yaml"], ["calendar", "edge.yaml", "-o", "edge.ics"]):
        result = run_mentorkit(*command, cwd=tmp_path)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert (f"edge.yaml:11:10: error: start {start} is outside the dates mentorkit can put in a calendar "
                "(0003-01-01 to 9997-12-31)") in result.stdout + result.stderr  # validate: stdout
    assert not (tmp_path / "edge.ics").exists()


@pytest.mark.parametrize("start, time, zone", [("0003-01-01", "00:30", "Pacific/Pago_Pago"),
                                               ("9997-12-24", "23:30", "Pacific/Kiritimati")])
def test_the_first_and_last_dates_a_plan_may_start_give_a_calendar_two_parsers_read(write_plan, start, time, zone):
    data = build(write_plan, EDGE.format(start=start, time=time, zone=zone))
    ours, theirs = events(data), vevents(data)
    assert len(ours) == len(theirs) == 2
    assert ours[0]["DTSTART"].dt == dt.datetime.combine(dt.date.fromisoformat(start), dt.time.fromisoformat(time),
                                                        tzinfo=ZoneInfo(zone))


def test_a_schedule_that_would_run_past_the_last_date_says_so_at_its_start(write_plan):
    from mentorkit.plan.loading import check_file

    result = check_file(write_plan(EDGE.format(start="9997-12-24", time="23:30", zone="UTC").replace(
        "meetings: 2", "meetings: 3")))
    assert [(d.line, d.column, d.message) for d in result.diagnostics if d.severity == "error"] == [
        (11, 10, "the calendar runs out (past 9997-12-31) before 3 meetings can be dated")]
