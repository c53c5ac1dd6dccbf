"""What was said of each agenda item: the notes column beside a meeting's agenda.

The plan keeps one text of notes a meeting (`log.N.notes`); the key names are the format's, so the
notes written beside the agenda travel inside it, a line an item: "<agenda item>: <what was said>".
A fillable workbook's field beside item K is `log.N.agenda_notes.K` (not `log.N.notes.K`: a PDF
form field cannot both hold a value and have kids, and `log.N.notes` is the notes field);
`mentorkit import` joins those lines to the notes field's text (`join`), and a reprint of the plan
puts each line back beside its item (`split`), so what was typed comes back where it was typed,
with nothing lost.
"""
from __future__ import annotations

from typing import Optional, Sequence

from markupsafe import Markup

from ..markup import render_inline

FIELD = "agenda_notes"  # log.N.agenda_notes.K: what was said of agenda item K of meeting N


def item_name(title: str) -> str:
    """An agenda item's title as one line of plain text (its Markdown dropped), as a note line starts."""
    return " ".join(Markup(render_inline(str(title))).striptags().split())


def join(items: Sequence[str], said: dict[int, str], notes: Optional[str]) -> str:
    """The meeting's notes: a line for each agenda item something was said of (`said`, by the
    item's place from 1), in agenda order, then the rest of the notes."""
    lines = [f"{item_name(items[k - 1]) if 0 < k <= len(items) else k}: {' '.join(text.split())}"
             for k, text in sorted(said.items()) if text.strip()]
    return "\n".join(lines + ([notes.strip()] if notes and notes.strip() else []))


def split(items: Sequence[str], notes: Optional[str]) -> tuple[tuple[Optional[str], ...], Optional[str]]:
    """What was said of each agenda item (None: nothing), and the rest of the notes: the inverse of `join`."""
    said: list[Optional[str]] = [None] * len(items)
    names = [item_name(item) for item in items]
    rest = []
    for line in (notes or "").splitlines():
        # the longest title the line starts with: an item's title may itself hold ": "
        place = max((i for i, name in enumerate(names) if said[i] is None and line.startswith(name + ": ")
                     and line[len(name) + 2:].strip()), key=lambda i: len(names[i]), default=None)
        if place is not None:
            said[place] = line[len(names[place]) + 2:].strip()
        else:
            rest.append(line)
    return tuple(said), "\n".join(rest).strip() or None
