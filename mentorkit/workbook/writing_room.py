"""Writing room to the foot of the page: ruled lines that continue a writing space down to the
bottom of its page, however much room the plan's text left there.

A meeting's first page holds the plan's agenda and questions, so the room left under its last
writing space differs from meeting to meeting (from nothing to a third of the page). A theme marks
the writing space that should take that room with `data-fill="foot"` on its `.ruled` block;
after WeasyPrint has laid the workbook out, and before the PDF is drawn, each such block's last
rule is repeated down to the foot of its page, at the same spacing and in the same style.

This works on the laid-out boxes of WeasyPrint's Document (an extra layout pass per meeting
would cost as much as the meetings themselves). A block is filled only when it is the last
thing on its page, so a theme that puts something under it gets nothing drawn over it.
"""
from __future__ import annotations

from typing import Iterator

FILL_ATTRIBUTE = "data-fill"
FILL_TO_FOOT = "foot"
MAX_LINES = 60  # more ruled lines than any page holds: a bound, whatever a theme sets


def fill_to_foot(document) -> int:
    """Repeat the last rule of each marked block to the foot of its page; returns how many
    lines were added (over the whole workbook)."""
    from weasyprint.formatting_structure import boxes

    added = 0
    for page in document.pages:
        page_box = page._page_box  # WeasyPrint's laid-out page (no public API gives the boxes)
        flow = [child for child in page_box.children if not isinstance(child, boxes.MarginBox)]
        foot = page_box.content_box_y() + page_box.height
        for ruled in _marked(flow):
            rules = [child for child in ruled.children if isinstance(child, boxes.BlockBox)]
            if not rules:
                continue
            last = rules[-1]
            pitch = last.margin_height()
            if pitch <= 0 or _anything_below(flow, last.position_y + pitch, ruled):
                continue
            clones = []
            while last.position_y + (len(clones) + 2) * pitch <= foot + 0.01 and len(clones) < MAX_LINES:
                clone = last.copy()
                clone.translate(0, (len(clones) + 1) * pitch)
                clones.append(clone)
            ruled.children = list(ruled.children) + clones
            added += len(clones)
    return added


def _marked(flow) -> Iterator:
    for root in flow:
        for box in root.descendants():
            element = getattr(box, "element", None)
            if (element is not None and element.get(FILL_ATTRIBUTE) == FILL_TO_FOOT
                    and getattr(box, "children", None) is not None and box.element_tag == element.tag):
                yield box


def _anything_below(flow, bottom: float, ruled) -> bool:
    """Whether a box other than `ruled`'s own starts below `bottom` on this page: text, a rule,
    a border... (containers that merely end lower, by their margins, do not count)."""
    own = set(map(id, ruled.descendants()))
    for root in flow:
        for box in root.descendants():
            if id(box) in own or not hasattr(box, "position_y"):
                continue
            if box.position_y >= bottom - 0.01 and (box.margin_height() > 0.01 or getattr(box, "text", "")):
                return True
    return False
