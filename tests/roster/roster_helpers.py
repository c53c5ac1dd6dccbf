"""A tiny program and roster rows for it: real workbooks (about 20 pages) in a second each."""
from __future__ import annotations

PROGRAM = """\
mentorkit: 1
id: onboarding
title: Onboarding
schedule: {cadence: weekly, meetings: 2, length: 45}
roadmap:
  - topic: Getting started
  - topic: Looking back
"""

HEADER = "program,mentor,mentee,start,mentor_email,time,timezone,team\n"


def roster_row(mentor: str, mentee: str, start: str, program: str = "onboarding", email: str = "",
               time: str = "", timezone: str = "", team: str = "") -> str:
    return f"{program},{mentor},{mentee},{start},{email},{time},{timezone},{team}\n"
