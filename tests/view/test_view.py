"""The one view of a plan that the site and the workbook read (mentorkit/view/)."""
from __future__ import annotations

import pytest

from mentorkit.plan.loading import load_plan
from mentorkit.view import labels
from mentorkit.view.plan_view import build_view


@pytest.mark.parametrize("schedule, expected", [
    ("{start: 2027-01-11, cadence: weekly, meetings: 12, length: 45}",
     "12 meetings, one every week, 45 minutes each (Mon 11 Jan 2027 – Mon 29 Mar 2027)"),
    ("{cadence: monthly, meetings: 10, length: 60}", "10 meetings, one every month, 60 minutes each"),
    ("{cadence: every 3 weeks, meetings: 4, length: 30}", "4 meetings, one every 3 weeks, 30 minutes each"),
    ("{start: 2027-01-11, cadence: biweekly, open_ended: true, length: 45}",
     "Open-ended, one meeting every two weeks, 45 minutes each (from Mon 11 Jan 2027)"),
    ("{start: 2027-01-11, cadence: weekly, meetings: 1, length: 90}", "One meeting of 90 minutes (Mon 11 Jan 2027)"),
])
def test_the_schedule_reads_as_one_meeting_every_cadence(write_plan, schedule, expected):
    """'12 meetings every week' reads as twelve a week: one sentence says it everywhere."""
    plan = load_plan(write_plan(f"mentorkit: 1\ntitle: T\nschedule: {schedule}\n"))
    view = build_view(plan)
    assert view.duration == expected
    assert ("Duration", expected) in view.facts and ("Duration", expected) in view.logistics


@pytest.mark.parametrize("kind", [*labels.KINDS, "unheard-of"])
def test_the_kind_names_the_mentoring_without_saying_mentoring_twice(kind):
    """The cover said 'REVERSE MENTORING MENTORING · WORKBOOK'."""
    phrase = labels.kind_phrase(kind).lower()
    assert phrase.count("mentoring") == 1, phrase
    if kind not in (None, "unheard-of"):
        assert labels.KINDS[kind].lower() in phrase


def test_the_workbook_cover_names_the_kind_once(write_plan):
    from mentorkit.workbook.render import WorkbookRenderer

    plan = load_plan(write_plan("mentorkit: 1\ntitle: T\nkind: reverse\nschedule: {cadence: weekly, meetings: 2}\n"))
    html = WorkbookRenderer().html(plan)
    assert "Reverse mentoring · workbook" in html and "mentoring mentoring" not in html.lower()
