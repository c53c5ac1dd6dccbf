"""The paper sizes a workbook is printed on: the one place each is described."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Paper:
    name: str  # as the settings and the command line say it
    css: str  # the CSS page size
    notes_lines: int  # ruled lines that fill one notes page


PAPERS = {paper.name: paper for paper in (Paper("a4", "A4", 28), Paper("letter", "letter", 26))}
PAPER_NAMES = tuple(PAPERS)
