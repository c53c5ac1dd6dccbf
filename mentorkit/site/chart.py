"""The progress chart: the mentee's 1-10 ratings over the meetings, as SVG made at build time.

No chart library and no script: the page carries the finished drawing, and every text in
it is escaped, so plan content cannot become markup here.
"""
from __future__ import annotations

from markupsafe import Markup, escape

from ..locale import _, ngettext
from ..view.text import format_decimal
from ..view.plan_view import RatingPoint

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 16, 40
RATING_MIN, RATING_MAX = 1, 10


def ratings_summary(points: list[RatingPoint]) -> str:
    """One sentence that says what the chart shows, for readers who cannot see it."""
    if not points:
        return _("No ratings have been logged yet.")
    first, last = points[0], points[-1]
    average = sum(p.rating for p in points) / len(points)
    count = len(points)
    if count == 1:
        return _("1 rating logged: %(rating)s out of 10 at meeting %(meeting)s.") % {
            "rating": first.rating, "meeting": first.meeting}
    values = {"count": count, "first": first.rating, "first_meeting": first.meeting, "last": last.rating,
              "last_meeting": last.meeting, "average": format_decimal(average, "0.0"),
              "best": max(points, key=lambda p: p.rating).rating,
              "best_meeting": max(points, key=lambda p: p.rating).meeting}
    if last.rating > first.rating:
        movement = ngettext("%(count)d rating logged; the rating rose from %(first)s at meeting %(first_meeting)s to "
                            "%(last)s at meeting %(last_meeting)s.", "%(count)d ratings logged; the rating rose from "
                            "%(first)s at meeting %(first_meeting)s to %(last)s at meeting %(last_meeting)s.", count)
    elif last.rating < first.rating:
        movement = ngettext("%(count)d rating logged; the rating fell from %(first)s at meeting %(first_meeting)s to "
                            "%(last)s at meeting %(last_meeting)s.", "%(count)d ratings logged; the rating fell from "
                            "%(first)s at meeting %(first_meeting)s to %(last)s at meeting %(last_meeting)s.", count)
    else:
        movement = ngettext("%(count)d rating logged; the rating stayed at %(first)s from meeting %(first_meeting)s "
                            "to %(last_meeting)s.", "%(count)d ratings logged; the rating stayed at %(first)s from "
                            "meeting %(first_meeting)s to %(last_meeting)s.", count)
    return (movement + " " + _("Average %(average)s out of 10; highest %(best)s at meeting %(best_meeting)s.")) % values


def ratings_chart(points: list[RatingPoint], meetings: int, *, chart_id: str = "ratings") -> Markup:
    """A line chart of ratings (y: 1..10) against meeting numbers (x: 1..meetings)."""
    last_meeting = max([meetings, *(p.meeting for p in points)], default=1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(meeting: int) -> float:
        return LEFT + (plot_w / 2 if last_meeting == 1 else (meeting - 1) * plot_w / (last_meeting - 1))

    def y(rating: float) -> float:
        return TOP + (RATING_MAX - rating) * plot_h / (RATING_MAX - RATING_MIN)

    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg class="mk-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape(_("Ratings of the mentee’s actions, meeting by meeting"))}</title>',
        f'<desc id="{desc_id}">{escape(ratings_summary(points))}</desc>',
    ]
    # horizontal grid and y labels
    for rating in (2, 4, 6, 8, 10):
        yy = y(rating)
        parts.append(f'<line class="mk-chart-grid" x1="{LEFT}" y1="{yy:.1f}" x2="{WIDTH - RIGHT}" y2="{yy:.1f}"/>')
        parts.append(f'<text class="mk-chart-label" x="{LEFT - 8}" y="{yy + 4:.1f}" text-anchor="end">{rating}</text>')
    parts.append(f'<line class="mk-chart-axis" x1="{LEFT}" y1="{y(1):.1f}" x2="{WIDTH - RIGHT}" y2="{y(1):.1f}"/>')
    # x labels: every meeting when they fit, else every k-th
    step = max(1, -(-last_meeting // 24))
    for meeting in range(1, last_meeting + 1):
        if (meeting - 1) % step == 0 or meeting == last_meeting:
            parts.append(f'<text class="mk-chart-label" x="{x(meeting):.1f}" y="{HEIGHT - BOTTOM + 18}" '
                         f'text-anchor="middle">{meeting}</text>')
    parts.append(f'<text class="mk-chart-label mk-chart-caption" x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 4}" '
                 f'text-anchor="middle">{escape(_("Meeting"))}</text>')
    if len(points) > 1:
        path = " ".join(f"{x(p.meeting):.1f},{y(p.rating):.1f}" for p in points)
        parts.append(f'<polyline class="mk-chart-line" points="{path}"/>')
    for p in points:
        px, py = x(p.meeting), y(p.rating)
        said = _("%(meeting)s: rated %(rating)s out of 10") % {"meeting": p.label, "rating": p.rating}
        parts.append(f'<g class="mk-chart-point"><title>{escape(said)}</title>'
                     f'<circle cx="{px:.1f}" cy="{py:.1f}" r="5"/>'
                     f'<text class="mk-chart-value" x="{px:.1f}" y="{py - 10:.1f}" text-anchor="middle">'
                     f'{p.rating}</text></g>')
    parts.append("</svg>")
    return Markup("".join(parts))
