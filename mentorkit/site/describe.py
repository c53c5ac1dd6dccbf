"""The meta description of each page mentorkit makes, from what that page publishes: the plan's
published view (view/privacy.py has already taken out what a pair keeps to itself), never the plan."""
from __future__ import annotations

import re

from ..markup import render_markdown
from ..locale import _, ngettext, speaking
from ..view import labels
from .pages import SiteModel, SitePage, theme_text

MAX_CHARS = 160  # what search engines and link previews show


def page_description(model: SiteModel, page: SitePage) -> str:
    """One or two plain sentences, ready for a theme to print in `<meta name="description">`."""
    if page.section == "catalog":
        plans = len(model.plans)
        with speaking(model.language):
            text = ngettext("The mentoring plans of %(site)s: %(count)d plan, each with its goals, meeting schedule "
                            "and agreement.", "The mentoring plans of %(site)s: %(count)d plans, each with its goals, "
                            "meeting schedule and agreement.", plans) % {
                "site": model.site_name or _("this program"), "count": plans}
        return _short(text)
    view = model.by_plan_id[page.plan_id].view
    with speaking(view.language):
        what = _("%(title)s: %(kind)s, %(meetings)s.") % {
            "title": view.title, "kind": _lower(view.kind_phrase, view.language), "meetings": view.meetings_text}
        if page.section != "overview":
            what = _("%(part)s of %(plan)s") % {"part": labels.part(page.section), "plan": what}
    teaser = render_markdown(view.teaser).striptags() if view.teaser else ""
    return _short(f"{what} {teaser}".strip())


def _lower(phrase: str, language: str) -> str:
    """'Onboarding mentoring' inside a sentence: lower case, but German nouns keep their capital."""
    return phrase if language.startswith("de") else phrase.lower()


def _short(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"
    return theme_text(text)
