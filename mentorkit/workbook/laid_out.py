"""WeasyPrint's laid-out pages: the one module that reads what WeasyPrint keeps to itself.

No public API gives a rendered page's boxes, and the writing room (`writing_room.py`) needs
them to rule lines down to the foot of a page without laying the workbook out twice. Every use
of WeasyPrint's private names goes through here, so an upgrade that renames them fails in one
place, loudly (tests/workbook/test_laid_out.py), instead of drawing no lines.
"""
from __future__ import annotations

TESTED_WITH = "70."  # the WeasyPrint release line whose private names this module reads


class LayoutAccessError(RuntimeError):
    """This WeasyPrint keeps its laid-out pages under other names than the ones read here."""


def page_box(page):
    """The root box of a laid-out `weasyprint.Page` (its margin boxes and the page's flow)."""
    try:
        return page._page_box
    except AttributeError:
        import weasyprint

        raise LayoutAccessError(
            f"WeasyPrint {weasyprint.__version__} has no Page._page_box (mentorkit reads it, tested with "
            f"{TESTED_WITH}x): update mentorkit/workbook/laid_out.py for this release") from None
