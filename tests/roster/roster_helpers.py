"""A tiny program and roster rows for it: real workbooks (about 20 pages) in a second each."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

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


def use_theme(project: Path, name: str, make: Callable[[Path], Path]) -> None:
    """Give the program its own theme (`make`, e.g. running.quick_theme), as its mkdocs.yml would."""
    (project / "docs").mkdir(exist_ok=True)
    (project / "mkdocs.yml").write_text(f"site_name: R\nplugins:\n  - mentorkit:\n      theme: {name}\n",
                                        encoding="utf-8")
    make(project / name)
