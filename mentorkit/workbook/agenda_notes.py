"""What was said of each agenda item: the notes column beside a meeting's agenda.

The plan keeps one text of notes a meeting (`log.N.notes`); the key names are the format's, so the
notes written beside the agenda travel inside it, a line an item: "<agenda item>: <what was said>".
A fillable workbook's field beside item K is `log.N.notes.K`; `mentorkit import` joins those lines
to the notes field's text (`join`), and a reprint of the plan puts each line back beside its item
(`split`), so what was typed comes back where it was typed, with nothing lost.
"""
from __future__ import annotations

from typing import Optional, Sequence

from markupsafe import Markup

from ..markup import render_inline


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
        head, sep, tail = line.partition(": ")
        place = next((i for i, name in enumerate(names) if name == head and said[i] is None), None)
        if sep and place is not None and tail.strip():
            said[place] = tail.strip()
        else:
            rest.append(line)
    return tuple(said), "\n".join(rest).strip() or None
