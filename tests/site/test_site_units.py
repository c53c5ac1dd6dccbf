"""Small pieces of the site: the fast path of inline Markdown, the chart, the table of contents."""
from __future__ import annotations

from markupsafe import Markup

from mentorkit.plan.loading import load_program
from mentorkit.markup import render_inline, render_inline_full
from mentorkit.site.pages import theme_text, toc_of
from mentorkit.site.chart import RatingPoint, ratings_chart, ratings_summary

from site_helpers import EXAMPLE_DOCS, TEMPLATES


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def test_cached_inline_markdown_renders_exactly_like_mentorkit_markup():
    plans = load_program(TEMPLATES).plans + load_program(EXAMPLE_DOCS).plans
    samples = {text for plan in plans for text in _strings(plan.model_dump(mode="json"))}
    samples |= {"1. not a list?", "- dash", "a & b", "x_y_z", "<b>x</b>", "50% of *them*", "  padded", "{{ x }}"}
    assert len(samples) > 200
    for text in samples:
        assert str(render_inline(text)) == str(render_inline_full(text)), text


def test_chart_is_escaped_svg_with_a_point_per_rating():
    points = [RatingPoint(1, 4, "Meeting 1 <script>"), RatingPoint(3, 8, "Meeting 3")]
    svg = ratings_chart(points, 6, chart_id="c")
    assert isinstance(svg, Markup) and svg.count("<circle") == 2 and "<polyline" in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert 'aria-labelledby="c-title c-desc"' in svg
    assert ratings_summary(points).startswith("2 ratings logged; the rating rose from 4 at meeting 1 to 8")
    assert ratings_summary([]) == "No ratings have been logged yet."


def test_toc_takes_h1_and_h2_with_ids_and_their_labels():
    html = ('<h1 id="t">Plan &amp; <em>co</em></h1><h2 id="a">Goal <span class="mk-badge mk-toc-skip">SMART</span></h2>'
            '<h2 id="m" data-toc-label="1. Topic">x<br>y</h2><h3 id="deep">no</h3><h2>no id</h2>')
    toc, anchors = toc_of(html)
    assert [t["name"] for t in toc] == ["Plan & co"]
    assert [c["name"] for c in toc[0]["children"]] == ["Goal", "1. Topic"]
    assert anchors == {"t", "a", "m", "deep"}


def test_theme_text_never_leaves_a_tag_even_after_unescaping():
    text = theme_text('</title><script>alert("x")</script> &lt;b&gt;')
    assert "<" not in text and ">" not in text
    assert "<" not in Markup(text).unescape().replace("&lt;", "")
