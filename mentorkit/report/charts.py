"""Bar charts for the program report, drawn at build time as SVG with a text alternative.

No script and no chart library; every label is escaped. A suppressed figure is not drawn.
"""
from __future__ import annotations

from typing import Optional

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 236
LEFT, RIGHT, TOP, BOTTOM = 58, 12, 14, 44


def bar_chart(bars: list[tuple[str, Optional[float]]], *, chart_id: str, title: str, description: str,
              y_max: Optional[float] = None, y_label: str = "", x_label: str = "") -> Markup:
    """Bars (label, value) against a y axis from 0; a None value leaves its slot empty. The y axis's
    title runs up beside its ticks, the x axis's is centred under its labels (not under a tick)."""
    values = [v for _, v in bars if v is not None]
    top = y_max if y_max is not None else max(values, default=0) or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(bars), 1)
    parts = [f'<svg class="mk-report-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{chart_id}-title">{escape(title)}</title>',
             f'<desc id="{chart_id}-desc">{escape(description)}</desc>']
    for tick in (0, top / 2, top):
        y = TOP + plot_h - plot_h * tick / top
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
                     f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">{_number(tick)}</text>')
    for i, (label, value) in enumerate(bars):
        x = LEFT + i * slot
        parts.append(f'<text x="{x + slot / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
                     f'class="tick">{escape(label)}</text>')
        if value is None:
            continue
        height = plot_h * value / top
        parts.append(f'<rect x="{x + slot * 0.15:.1f}" y="{TOP + plot_h - height:.1f}" width="{slot * 0.7:.1f}" '
                     f'height="{height:.1f}" class="bar"><title>{escape(label)}: {_number(value)}</title></rect>')
    if y_label:
        middle = TOP + plot_h / 2
        parts.append(f'<text x="14" y="{middle:.1f}" transform="rotate(-90 14 {middle:.1f})" text-anchor="middle" '
                     f'class="axis">{escape(y_label)}</text>')
    if x_label:
        parts.append(f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 6}" text-anchor="middle" '
                     f'class="axis">{escape(x_label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
