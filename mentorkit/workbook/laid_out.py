"""WeasyPrint's laid-out pages: the one module that reads what WeasyPrint keeps to itself.

No public API gives a rendered page's boxes, and the writing room (`writing_room.py`) needs
them to rule lines down to the foot of a page without laying the workbook out twice: it reads a
box's CSS custom property and lays out the background of a box it lengthened. Every use
of WeasyPrint's private names goes through here, so an upgrade that renames them fails in one
place, loudly (tests/workbook/test_laid_out.py), instead of drawing no lines.
"""
from __future__ import annotations

from dataclasses import dataclass

TESTED_WITH = "70."  # the WeasyPrint release line whose private names this module reads


class LayoutAccessError(RuntimeError):
    """This WeasyPrint keeps its laid-out pages under other names than the ones read here."""


def page_box(page):
    """The root box of a laid-out `weasyprint.Page` (its margin boxes and the page's flow)."""
    try:
        return page._page_box
    except AttributeError:
        raise _changed("Page._page_box") from None

def custom_property(box, name: str) -> float | None:
    """The number a box's CSS custom property (`--lines: 5`) computes to, or None."""
    try:
        tokens = box.style[name.replace("-", "_")]
    except (AttributeError, KeyError, TypeError):
        raise _changed("computed styles that hold custom properties (box.style['__name'])") from None
    numbers = [token.value for token in tokens or () if getattr(token, "type", "") == "number"]
    return float(numbers[0]) if numbers else None


def redraw_background(page_box, box) -> None:
    """Lay out again the background of `box`, whose height changed after layout (its painting
    area is fixed at layout time), so that the PDF draws it over the box's new height."""
    try:
        from weasyprint.layout.background import layout_box_backgrounds
    except ImportError:
        raise _changed("weasyprint.layout.background.layout_box_backgrounds") from None

    style = box.style
    kept = iter([layer.image for (kind, _), layer in zip(style["background_image"], box.background.layers)
                 if kind == "url"] if box.background else [])

    def same_images(url, orientation=None):  # the images it had: nothing is fetched again
        return next(kept, None)

    layout_box_backgrounds(page_box, box, same_images, layout_children=False)


def _changed(what: str) -> LayoutAccessError:
    import weasyprint

    return LayoutAccessError(
        f"WeasyPrint {weasyprint.__version__} has no {what} (mentorkit reads it, tested with "
        f"{TESTED_WITH}x): update mentorkit/workbook/laid_out.py for this release")


PX_PER_MM = 96 / 25.4  # WeasyPrint lays out in CSS pixels


@dataclass(frozen=True)
class PageUse:
    """How one laid-out page is used: what the paper-use measures and tests read."""
    number: int  # 1-based
    section: str  # the class of the section the page's flow starts in ("cover", "meeting"...; "notes" for a
    # notes page, and for a page left blank that the theme rules as one; "" for another blank page)
    used: float  # how far down the page's content area ink reaches, 0..1
    ruled_mm2: float  # ruled writing area (blocks of lines, and a fillable workbook's text fields)


def page_use(document) -> list[PageUse]:
    """Every page of a laid-out workbook (`WorkbookRenderer.lay_out`), as `PageUse`."""
    from weasyprint.formatting_structure import boxes

    found = []
    for number, page in enumerate(document.pages, 1):
        root = page_box(page)
        top, height = root.content_box_y(), root.height
        flow = [child for child in root.children if not isinstance(child, boxes.MarginBox)]
        lowest, ruled, section = top, 0.0, ""
        for box in (inner for child in flow for inner in child.descendants()):
            element = getattr(box, "element", None)
            own = element is not None and isinstance(box, boxes.BlockBox) and box.element_tag == element.tag
            classes = (element.get("class") or "").split() if own else []
            if own and element.tag == "section" and not section:
                section = classes[0] if classes else "section"
            if own and ("ruled" in classes or (element.tag == "textarea" and "field" in classes)):
                ruled += box.border_width() * box.border_height() / PX_PER_MM ** 2
            if _inked(box):
                lowest = max(lowest, box.border_box_y() + box.border_height())
        if not section and _ruled_background(root):  # a page left over, printed as a notes page
            section, ruled, lowest = "notes", root.width * height / PX_PER_MM ** 2, top + height
        found.append(PageUse(number, section, min(1.0, (lowest - top) / height) if height else 0.0, ruled))
    return found


def _ruled_background(page) -> bool:
    """Whether a page draws an image over its page area (the print theme's ruled notes page)."""
    background = getattr(page, "background", None)
    return bool(background and any(layer.image is not None for layer in background.layers))


def _inked(box) -> bool:
    """Whether a box puts something on paper: text, a background, a border, a replaced element."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        return bool(box.text.strip())
    if isinstance(box, boxes.ReplacedBox) or getattr(box, "background", None) is not None:
        return True
    return any(getattr(box, f"border_{side}_width", 0) for side in ("top", "bottom", "left", "right"))
