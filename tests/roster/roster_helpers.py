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


PAGED_PAGES = 16


def paged_theme(folder: Path, pages: int = PAGED_PAGES) -> Path:
    """A user theme whose workbook is `pages` short pages (the pair's names and the meetings on each):
    a many-page PDF, cheap but not instant (~0.3 CPU s against ~1.2 s for the built-in theme's ~20
    pages), for tests that stop a run while a workbook is being rendered."""
    page = ('<section style="break-after: page"><h1>{{ view.title }}, page PAGE</h1>'
            '{% for p in view.people %}<p>{{ p.label }}: {{ p.name }}</p>{% endfor %}'
            '{% for m in view.meetings %}<h2>{{ m.heading }}</h2>{% endfor %}</section>')
    (folder / "print").mkdir(parents=True, exist_ok=True)
    (folder / "print" / "workbook.html").write_text(
        '<!doctype html><html><head><meta charset="utf-8"><title>{{ view.title }}</title></head><body>'
        + "".join(page.replace("PAGE", str(n + 1)) for n in range(pages)) + "</body></html>\n", encoding="utf-8")
    return folder
