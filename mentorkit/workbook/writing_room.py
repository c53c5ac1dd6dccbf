"""Writing room to the foot of the page: ruled lines that continue a writing space down to the
bottom of its page, however much room the plan's text left there.

A meeting's first page holds the plan's agenda and questions, so the room left under its last
writing space differs from meeting to meeting (from nothing to a third of the page). A theme marks
the writing space that should take that room with `data-fill="foot"` on its `.ruled` block (one
box of `--lines` lines, drawn by its background); after WeasyPrint has laid the workbook out, and
before the PDF is drawn, each such block grows down to the foot of its page by whole lines, at the
same spacing and in the same style. A section marked so (`<section data-fill="foot">`) gives the room
under it to the last block of lines it has on each page.

This works on the laid-out boxes of WeasyPrint's Document (an extra layout pass per meeting
would cost as much as the meetings themselves). A block is filled only when it is the last
thing on its page, so a theme that puts something under it, or beside it out of the flow (a
float, an absolutely positioned box), gets nothing drawn over it.
"""
from __future__ import annotations

from typing import Iterator

from . import laid_out

FILL_ATTRIBUTE = "data-fill"
FILL_TO_FOOT = "foot"
MAX_LINES = 60  # more ruled lines than any page holds: a bound, whatever a theme sets


def fill_to_foot(document) -> int:
    """Lengthen each marked block of lines to the foot of its page by whole lines (a marked form
    field of a fillable workbook grows to it instead); returns how many lines (or fields) were added."""
    from weasyprint.formatting_structure import boxes

    added = 0
    for page in document.pages:
        page_box = laid_out.page_box(page)
        flow = [child for child in page_box.children if not isinstance(child, boxes.MarginBox)]
        foot = page_box.content_box_y() + page_box.height
        for ruled in _marked(flow):
            if ruled.element_tag == "textarea":
                added += _stretch_field(page, flow, ruled, foot)
                continue
            lines = laid_out.custom_property(ruled, "--lines")
            if not lines or ruled.border_height() <= 0:
                continue
            pitch = ruled.border_height() / lines  # a theme may pad its lines' block
            bottom = ruled.position_y + ruled.margin_height()
            if _anything_below(flow, bottom, ruled):
                continue
            more = min(int((foot - bottom + 0.01) // pitch), MAX_LINES - lines)
            if more <= 0:
                continue
            ruled.height += more * pitch
            laid_out.redraw_background(page_box, ruled)
            added += more
    return added


def _stretch_field(page, flow, field, foot: float) -> int:
    """A fillable workbook's marked text field grows down to the foot of its page: its box (the
    border drawn) and its rectangle among the page's form fields (the field the reader types in)."""
    bottom = field.position_y + field.margin_height()
    extra = foot - bottom
    if extra <= 0.5 or _anything_below(flow, bottom, field):
        return 0
    field.height += extra
    for inputs in page.forms.values():
        for i, (box, (x1, y1, x2, y2)) in enumerate(inputs):
            if box is field:
                inputs[i] = (box, (x1, y1, x2, y2 + extra))
    return 1


def _marked(flow) -> Iterator:
    """The block boxes of marked elements (not their line and text boxes, which share the element);
    in a marked section, the last block of lines (or text field) of the section on this page."""
    from weasyprint.formatting_structure import boxes

    last_in_section: dict = {}  # a marked section's element -> its last block of lines on this page

    def walk(box, section):
        element = getattr(box, "element", None)
        own = element is not None and isinstance(box, boxes.BlockBox) and box.element_tag == element.tag
        if own and element.tag == "section":
            section = element if element.get(FILL_ATTRIBUTE) == FILL_TO_FOOT else None
        elif own and element.get(FILL_ATTRIBUTE) == FILL_TO_FOOT:
            yield box
            return
        elif own and section is not None and _is_lines(element):
            last_in_section[section] = box
        for child in getattr(box, "children", ()):
            yield from walk(child, section)

    for root in flow:
        yield from walk(root, None)
    yield from last_in_section.values()


def _is_lines(element) -> bool:
    classes = (element.get("class") or "").split()
    return "ruled" in classes or (element.tag == "textarea" and "field" in classes)


def _anything_below(flow, bottom: float, ruled) -> bool:
    """Whether a box other than `ruled`'s own starts below `bottom` on this page (text, a rule,
    a border...), or is out of the flow (a float, an absolutely positioned box), beside the lines
    and reaching below `bottom` from higher up. Containers that merely end lower, by their margins,
    and those that hold `ruled` (a theme's floated column) do not count."""
    own = set(map(id, ruled.descendants()))
    for root in flow:
        for box in root.descendants():
            if id(box) in own or not hasattr(box, "position_y"):
                continue
            if box.position_y >= bottom - 0.01 and (box.margin_height() > 0.01 or getattr(box, "text", "")):
                return True
            if ((box.is_floated() or box.is_absolutely_positioned())
                    and box.position_y + box.margin_height() > bottom + 0.01
                    and _beside(box, ruled) and not any(inner is ruled for inner in box.descendants())):
                return True
    return False


def _beside(box, ruled) -> bool:
    """Whether `box` and `ruled` share some width: a band in the page's margin never meets the lines."""
    left, right = box.position_x, box.position_x + box.margin_width()
    return left < ruled.position_x + ruled.margin_width() - 0.01 and right > ruled.position_x + 0.01
