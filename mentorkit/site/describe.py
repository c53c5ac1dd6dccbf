"""The meta description of each page mentorkit makes, from what that page publishes: the plan's
published view (view/privacy.py has already taken out what a pair keeps to itself), never the plan."""
from __future__ import annotations

import re

from ..markup import render_markdown
from ..view import labels
from .pages import SiteModel, SitePage, theme_text

MAX_CHARS = 160  # what search engines and link previews show


def page_description(model: SiteModel, page: SitePage) -> str:
    """One or two plain sentences, ready for a theme to print in `<meta name="description">`."""
    if page.section == "catalog":
        plans = len(model.plans)
        text = f"The mentoring plans of {model.site_name or 'this program'}: {plans} plan{'' if plans == 1 else 's'}" \
               ", each with its goals, meeting schedule and agreement."
        return _short(text)
    view = model.by_plan_id[page.plan_id].view
    what = f"{view.title}: {view.kind_phrase.lower() if view.kind_phrase else 'mentoring'}, {view.meetings_text}."
    if page.section != "overview":
        what = f"{labels.PARTS[page.section]} of {what}"
    teaser = render_markdown(view.teaser).striptags() if view.teaser else ""
    return _short(f"{what} {teaser}".strip())


def _short(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"
    return theme_text(text)
