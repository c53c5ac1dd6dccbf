"""WeasyPrint's laid-out pages, read through mentorkit/workbook/laid_out.py alone: an upgrade of
WeasyPrint that renames what it reads fails here, by name, instead of drawing no writing room."""
from __future__ import annotations

import pytest


def test_the_laid_out_page_gives_its_boxes_as_the_writing_room_reads_them():
    import weasyprint
    from weasyprint.formatting_structure import boxes

    from mentorkit.workbook import laid_out

    assert weasyprint.__version__.startswith(laid_out.TESTED_WITH), (
        f"WeasyPrint {weasyprint.__version__}: check what laid_out.py reads, then update TESTED_WITH")
    html = '<div data-fill="foot" style="height: 20mm"><p>x</p></div>'
    (page,) = weasyprint.HTML(string=html).render().pages
    root = laid_out.page_box(page)
    assert isinstance(root, boxes.PageBox)
    flow = [child for child in root.children if not isinstance(child, boxes.MarginBox)]
    marked = [b for f in flow for b in f.descendants() if getattr(b, "element_tag", None) == "div"]
    assert marked and marked[0].element.get("data-fill") == "foot"
    assert root.content_box_y() + root.height > marked[0].position_y + marked[0].margin_height()
    assert isinstance(page.forms, dict)  # fillable fields the writing room stretches


def test_a_lengthened_block_of_lines_reads_its_lines_and_draws_its_new_height():
    import weasyprint

    from mentorkit.workbook import laid_out

    html = ('<div style="--lines: 3; height: 30mm; background: linear-gradient(#000, #000) 0 0 / 100% 600mm '
            'no-repeat"></div><p style="--lines: none">x</p>')
    (page,) = weasyprint.HTML(string=html).render().pages
    root = laid_out.page_box(page)
    block, paragraph = root.children[0].children[0].children
    assert laid_out.custom_property(block, "--lines") == 3
    assert laid_out.custom_property(paragraph, "--lines") is None
    block.height *= 2
    laid_out.redraw_background(root, block)
    (layer,) = block.background.layers
    assert layer.painting_area[3] == pytest.approx(block.height)


def test_a_weasyprint_without_the_page_box_is_named_in_the_error():
    from mentorkit.workbook import laid_out

    class Renamed:  # a Page of a release that keeps its boxes elsewhere
        pass

    with pytest.raises(laid_out.LayoutAccessError, match="laid_out.py"):
        laid_out.page_box(Renamed())
    with pytest.raises(laid_out.LayoutAccessError, match="custom properties"):
        laid_out.custom_property(Renamed(), "--lines")
