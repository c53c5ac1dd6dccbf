"""An SVG image next to a plan costs WeasyPrint a bounded amount of work, or the workbook's one
fetcher refuses it (recorded like every other refusal) before WeasyPrint parses it."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
import weasyprint

from mentorkit.workbook.urlfetch import MAX_SVG_DEPTH, MAX_SVG_ELEMENTS, RefusedURL, SafeURLFetcher

OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="90" height="90">'


def nested_uses(levels: int, fan: int, href: str = "xlink:href") -> str:
    """Each level draws the level below `fan` times: fan ** levels copies from a few hundred bytes."""
    groups = "".join(f'<g id="l{i}">' + "".join(f'<use {href}="#l{i - 1}" x="{j}"/>' for j in range(fan)) + "</g>"
                     for i in range(1, levels + 1))
    return f'{OPEN}<defs><rect id="l0" width="1" height="1"/>{groups}</defs><use {href}="#l{levels}"/></svg>'


LAUGHS = ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
          '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>' + OPEN + "<text>&c;&c;&c;&c;</text></svg>")

REFUSED = {
    "five levels of ten uses (the review's case)": (nested_uses(5, 10), "draws more than"),
    "nine levels of four uses": (nested_uses(9, 4), "draws more than"),
    "uses with the SVG 2 href": (nested_uses(5, 10, "href"), "draws more than"),
    "a use that shows itself": (OPEN + '<g id="a"><rect width="1" height="1"/><use href="#a"/></g></svg>',
                                "more than"),  # too deep or too many, whichever comes first
    "two uses that show each other": (OPEN + '<g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g></svg>',
                                      "more than"),
    "a flat drawing over budget": (OPEN + '<rect width="1" height="1"/>' * (MAX_SVG_ELEMENTS + 1) + "</svg>",
                                   "draws more than"),
    "elements nested too deep": (OPEN + "<g>" * (MAX_SVG_DEPTH + 1) + "</g>" * (MAX_SVG_DEPTH + 1) + "</svg>",
                                 "levels deep"),
    "entity declarations": (LAUGHS, "entities"),
    "an image from another file": (OPEN + '<image href="photo.png" width="9" height="9"/></svg>', "another file"),
    "a use from another file": (OPEN + '<use xlink:href="other.svg#a"/></svg>', "another file"),
    "a data image": (OPEN + '<image href="data:image/png;base64,AAAA" width="9" height="9"/></svg>',
                     "another file"),
    "a stylesheet import": (OPEN + "<style>@import 'x.css';</style></svg>", "loads other files"),
    "a fill from another file": (OPEN + '<rect style="fill: url(other.svg#g)" width="9" height="9"/></svg>',
                                 "loads other files"),
    "not XML at all": ("<svg><g></svg>", "not an SVG image"),
}
ACCEPTED = {
    "an icon": OPEN + '<circle cx="45" cy="45" r="40" fill="teal"/><path d="M10 10 L80 80"/></svg>',
    "a few uses and a local gradient": (OPEN + '<defs><linearGradient id="g"><stop offset="0"/></linearGradient>'
                                        '<rect id="r" width="9" height="9" fill="url(#g)"/></defs>'
                                        + '<use href="#r" x="10"/>' * 20 + '<a href="https://example.org">'
                                        '<text>link</text></a></svg>'),
    "nested uses inside the budget": nested_uses(3, 12),
    "a flat drawing inside the budget": OPEN + '<rect width="1" height="1"/>' * (MAX_SVG_ELEMENTS - 10) + "</svg>",
    "an unused definition with many uses": (OPEN + '<defs><g id="a">' + '<use href="#b"/>' * 100 + '</g>'
                                            '<rect id="b" width="1" height="1"/></defs></svg>'),
}


def render(folder: Path, svg: str) -> tuple[float, SafeURLFetcher]:
    """The CPU seconds WeasyPrint takes to draw the SVG (CPU time, so a busy machine does not count)."""
    (folder / "picture.svg").write_text(svg, encoding="utf-8")
    fetcher = SafeURLFetcher(image_roots=[folder])
    start = time.process_time()
    weasyprint.HTML(string='<p><img src="picture.svg"></p>', base_url=f"{folder}/",
                    url_fetcher=fetcher).write_pdf()
    return time.process_time() - start, fetcher


@pytest.mark.parametrize("name", REFUSED)
def test_a_costly_or_reaching_svg_is_refused_before_weasyprint_draws_it(tmp_path, name):
    svg, reason = REFUSED[name]
    seconds, fetcher = render(tmp_path, svg)
    assert seconds < 5
    (refusal,) = fetcher.refused
    assert refusal[0].endswith("picture.svg") and reason in refusal[1] and "'picture.svg'" in refusal[1]
    assert not fetcher.served


@pytest.mark.parametrize("name", ACCEPTED)
def test_an_svg_inside_the_budget_is_drawn_in_well_under_a_second(tmp_path, name):
    seconds, fetcher = render(tmp_path, ACCEPTED[name])
    assert not fetcher.refused and fetcher.served == [(tmp_path / "picture.svg").resolve()]
    assert seconds < 2  # measured: at most about 0.5 s (5,000 elements)


def test_the_check_itself_is_fast_on_a_bomb(tmp_path):
    (tmp_path / "bomb.svg").write_text(nested_uses(30, 30), encoding="utf-8")
    start = time.process_time()
    with pytest.raises(RefusedURL):
        SafeURLFetcher(image_roots=[tmp_path]).fetch((tmp_path / "bomb.svg").as_uri())
    assert time.process_time() - start < 0.5
