"""The intranet site's pages: gather every plan into pages with known URLs, then render them.

Two phases, as in Pelican: `gather_site` decides every page and URL (so cross-page links, the
catalog and workbook links are known before anything is written), then `SiteRenderer` turns
each page into an HTML fragment from the theme's Jinja templates. The MkDocs plugin puts those
fragments inside the MkDocs theme; this module knows nothing about MkDocs objects.

Plan text is untrusted. Templates get it only through autoescaping or the `md`/`inline`
filters (mentorkit.markup); it is never used as template source, so `{{ ... }}` in a plan is
shown as written.
"""
from __future__ import annotations

import json
import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from html import unescape as html_unescape
from pathlib import Path
from typing import Callable, Iterable, Optional

import jinja2
from markupsafe import Markup, escape

from ..diagnostics import plural
from ..markup import is_safe_link, render_inline, render_markdown
from ..plan.model import KINDS, Plan
from ..view.text import KIND_LABELS, format_number, cadence_label, duration_text, first_and_last, format_date, kind_label, timeboxes
from ..plan.calendar import parse_cadence
from ..themes import themes_dir
from .chart import RatingPoint, point_label, ratings_chart, ratings_summary

PLANS_URL_ROOT = "plans"
CATALOG_MARKER = "<!-- mentorkit:catalog -->"
WORKBOOKS_DIR = "workbooks"


@dataclass(frozen=True)
class Section:
    key: str
    slug: str  # "" for the plan's overview
    label: str  # tab label
    heading: str  # page heading under the plan title
    template: str


SECTIONS = (
    Section("overview", "", "Overview", "Overview", "plan/overview.html"),
    Section("goals", "goals", "Goals", "Goals", "plan/goals.html"),
    Section("schedule", "schedule", "Roadmap", "Roadmap and meeting schedule", "plan/schedule.html"),
    Section("agreement", "agreement", "Agreement", "Logistics and agreement", "plan/agreement.html"),
    Section("metrics", "metrics", "Metrics", "Success metrics", "plan/metrics.html"),
    Section("milestones", "milestones", "Milestones", "Milestones", "plan/milestones.html"),
    Section("resources", "resources", "Resources", "Resources", "plan/resources.html"),
    Section("progress", "progress", "Progress", "Progress", "plan/progress.html"),
)


def sections_for(plan: Plan) -> list[Section]:
    """The pages a plan has: empty parts of a plan get no page of their own."""
    logistics, expectations = plan.logistics, plan.expectations
    has = {
        "overview": True,
        "goals": bool(plan.goals),
        "schedule": True,
        "agreement": any(v not in (None, [], {}) for v in logistics.model_dump().values())
        or bool(expectations.mentor or expectations.mentee),
        "metrics": bool(plan.metrics),
        "milestones": bool(plan.milestones),
        "resources": bool(plan.resources),
        "progress": bool(plan.log),
    }
    return [s for s in SECTIONS if has[s.key]]


def theme_text(text: str) -> str:
    """Text for places the MkDocs theme prints without escaping (page titles, the TOC).

    Themes differ: some print titles raw, some run `striptags` (which unescapes) first. Angle
    brackets become look-alike quotes so no variant can turn them into a tag; the rest is escaped.
    """
    text = str(text).replace("<", "\u2039").replace(">", "\u203a").replace('"', "\u201d")
    return re.sub(r"&(?=[#A-Za-z0-9])", "&amp;", text)


# ---------------------------------------------------------------- phase 1: pages and URLs

@dataclass
class SitePage:
    src_uri: str
    url: str
    title: str  # plain text, for the browser title and search results
    section: str  # a Section key, or "catalog"
    plan_id: Optional[str] = None
    html: Markup = Markup("")
    toc: list[dict] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)


@dataclass
class PlanPages:
    plan: Plan
    pages: dict[str, SitePage]  # by Section key, in SECTIONS order
    workbook_url: Optional[str] = None
    workbook_src: Optional[str] = None

    @property
    def overview(self) -> SitePage:
        return self.pages["overview"]


@dataclass
class SiteModel:
    plans: list[PlanPages]
    catalog: SitePage
    site_name: str = ""

    def pages(self) -> Iterable[SitePage]:
        yield self.catalog
        for entry in self.plans:
            yield from entry.pages.values()

    @cached_property
    def by_src(self) -> dict[str, SitePage]:
        return {page.src_uri: page for page in self.pages()}

    @cached_property
    def by_plan_id(self) -> dict[str, PlanPages]:
        return {entry.plan.id: entry for entry in self.plans}


def mkdocs_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The URL MkDocs gives a Markdown file (same rules as mkdocs.structure.files.File.url)."""
    stem = posixpath.splitext(src_uri)[0]
    if posixpath.basename(stem) in ("index", "README"):
        directory = posixpath.dirname(stem)
        if use_directory_urls:
            return f"{directory}/" if directory else "./"
        return f"{directory}/index.html" if directory else "index.html"
    return f"{stem}/" if use_directory_urls else f"{stem}.html"


def gather_site(plans: Iterable[Plan], *, url_for: Callable[[str], str] = mkdocs_url,
                workbooks: bool = False, catalog_src: str = f"{PLANS_URL_ROOT}/index.md",
                site_name: str = "") -> SiteModel:
    """Every page of the site's plan part, with its URL, before anything is rendered."""
    entries = []
    for plan in sorted(plans, key=lambda p: (p.title.casefold(), p.id)):
        pages = {}
        for section in sections_for(plan):
            src = f"{PLANS_URL_ROOT}/{plan.id}/{section.slug or 'index'}.md"
            title = plan.title if section.key == "overview" else f"{section.label} \u2013 {plan.title}"
            pages[section.key] = SitePage(src, url_for(src), title, section.key, plan.id)
        workbook = f"{WORKBOOKS_DIR}/{plan.id}.pdf" if workbooks else None
        entries.append(PlanPages(plan, pages, workbook_url=workbook, workbook_src=workbook))
    catalog = SitePage(catalog_src, url_for(catalog_src), "Plans", "catalog")
    return SiteModel(entries, catalog, site_name)


def relative(to_url: str, from_url: str) -> str:
    """A link from one site URL to another that keeps working under any sub-path."""
    from mkdocs.utils import get_relative_url
    return get_relative_url(to_url, from_url)


# ---------------------------------------------------------------- views: what templates show

@dataclass(frozen=True)
class Link:
    label: Markup
    href: str


@dataclass(frozen=True)
class MeetingView:
    number: int
    anchor: str
    date: str
    title: Markup
    has_topic: bool
    agenda: list[tuple[Markup, Optional[int]]]
    prework: list[Markup]
    questions: list[Markup]
    goals: list[Link]
    checkin: bool
    rating: Optional[int]
    held: bool


@dataclass(frozen=True)
class LogView:
    meeting: int
    anchor: str
    date: str
    action: Markup
    rating: Optional[int]
    why: Markup
    successes: list[Markup]
    roadblocks: list[Markup]
    next_steps: list[Markup]
    mentor_next_steps: list[Markup]
    notes: Markup


def _inlines(items: Iterable[str]) -> list[Markup]:
    return [render_inline(item) for item in items]


class PlanView:
    """Display-ready facts of one plan, seen from one page (links are relative to it)."""

    def __init__(self, entry: PlanPages, page: SitePage, model: SiteModel):
        self.entry, self.page, self.model, self.plan = entry, page, model, entry.plan

    def href(self, section: str, anchor: str = "") -> Optional[str]:
        """Link to one of this plan's pages (None when the plan has no such page)."""
        target = self.entry.pages.get(section)
        if target is None:
            return None
        base = "" if target is self.page else relative(target.url, self.page.url)
        return f"{base}#{anchor}" if anchor else (base or "#")

    @property
    def catalog_href(self) -> str:
        return relative(self.model.catalog.url, self.page.url)

    @property
    def workbook_href(self) -> Optional[str]:
        return relative(self.entry.workbook_url, self.page.url) if self.entry.workbook_url else None

    @property
    def tabs(self) -> list[tuple[str, str, bool]]:
        return [(s.label, self.href(s.key), s.key == self.page.section) for s in SECTIONS if s.key in self.entry.pages]

    @property
    def section(self) -> Section:
        return next(s for s in SECTIONS if s.key == self.page.section)

    @property
    def kind(self) -> str:
        return kind_label(self.plan)

    @property
    def kind_anchor(self) -> str:
        return f"kind-{self.plan.kind or 'other'}"

    @property
    def duration(self) -> str:
        return duration_text(self.plan)

    @property
    def meetings_count(self) -> int:
        return len(self.plan.meetings)

    @property
    def facts(self) -> list[tuple[str, Markup]]:
        plan, s = self.plan, self.plan.schedule
        rows = [("Kind", escape(self.kind))]
        if plan.audience:
            rows.append(("Audience", render_inline(plan.audience)))
        rows.append(("Duration", escape(self.duration)))
        meetings = f"{self.meetings_count} (a rolling horizon; no end date)" if s.open_ended else str(self.meetings_count)
        rows.append(("Meetings", escape(meetings)))
        rows.append(("Meeting length", escape(f"{s.length} minutes")))
        rows.append(("How often", escape(cadence_label(s.cadence))))
        if plan.logistics.location:
            rows.append(("Where", render_inline(plan.logistics.location)))
        return rows

    @property
    def people(self) -> list[tuple[str, Markup]]:
        if not self.plan.pair:
            return []
        rows = []
        for role, person in (("Mentor", self.plan.pair.mentor), ("Mentee", self.plan.pair.mentee)):
            text = escape(person.name)
            if person.role:
                text += Markup(", ") + escape(person.role)
            if person.email and re.fullmatch(r"[^@\s<>\"']+@[^@\s<>\"']+", person.email):
                text += Markup(' \u00b7 <a href="mailto:{0}">{0}</a>').format(person.email)
            rows.append((role, text))
        return rows

    @cached_property
    def meetings(self) -> list[MeetingView]:
        views = []
        for meeting in self.plan.meetings:
            topic = meeting.topic
            views.append(MeetingView(
                number=meeting.number, anchor=f"meeting-{meeting.number}", date=format_date(meeting.date),
                title=render_inline(meeting.title) if topic else escape(meeting.title), has_topic=topic is not None,
                agenda=[(render_inline(title), minutes) for title, minutes in timeboxes(self.plan, topic)],
                prework=_inlines(topic.prework) if topic else [], questions=_inlines(topic.questions) if topic else [],
                goals=[Link(render_inline(g.title), self.href("goals", f"goal-{g.id}") or "") for g in meeting.goals],
                checkin=meeting.checkin, rating=meeting.log.rating if meeting.log else None,
                held=meeting.log is not None))
        return views

    @property
    def goals(self) -> list[dict]:
        plan = self.plan
        by_goal_meetings: dict[str, list[MeetingView]] = {}
        for view, meeting in zip(self.meetings, plan.meetings):
            for goal in meeting.goals:
                by_goal_meetings.setdefault(goal.id, []).append(view)
        result = []
        for goal in plan.goals:
            result.append({
                "id": goal.id, "anchor": f"goal-{goal.id}", "title": render_inline(goal.title),
                "framework": goal.framework.upper(),
                "facets": [(name.replace("_", "-").capitalize(), render_inline(text)) for name, text in goal.facets()],
                "due": format_date(goal.due),
                "metrics": [Link(render_inline(m.title), self.href("metrics", f"metric-{m.id}") or "")
                            for m in (plan.metric(mid) for mid in goal.metrics) if m],
                "meetings": [Link(escape(f"{v.number}"), self.href("schedule", v.anchor) or "")
                             for v in by_goal_meetings.get(goal.id, [])],
                "milestones": [(render_inline(m.title), format_date(m.due, short=True), format_date(m.achieved, short=True))
                               for m in plan.milestones if m.goal == goal.id],
            })
        return result

    @property
    def goal_titles(self) -> list[Link]:
        return [Link(render_inline(g.title), self.href("goals", f"goal-{g.id}") or "") for g in self.plan.goals]

    @property
    def responsibilities(self) -> list[tuple[str, str]]:
        owners = {"mentor": "Mentor", "mentee": "Mentee", "both": "Both"}
        return [(task.replace("_", " ").capitalize(), owners[owner])
                for task, owner in self.plan.logistics.responsibilities.items()]

    @property
    def metrics(self) -> list[dict]:
        plan = self.plan
        result = []
        for metric in plan.metrics:
            unit = f" {metric.unit}" if metric.unit else ""
            latest = metric.measurements[-1] if metric.measurements else None
            result.append({
                "anchor": f"metric-{metric.id}", "title": render_inline(metric.title),
                "type": {"task": "Task", "business": "Business", "talent": "Talent"}[metric.type],
                "unit": metric.unit or "",
                "baseline": format_number(metric.baseline) + (unit if metric.baseline is not None else ""),
                "target": format_number(metric.target) + (unit if metric.target is not None else ""),
                "latest": format_number(latest.value) + unit if latest else "",
                "latest_date": format_date(latest.date, short=True) if latest else "",
                "progress": _progress(metric.baseline, metric.target, latest.value if latest else None),
                "measurements": [(format_date(m.date, short=True), format_number(m.value) + unit, render_inline(m.note))
                                 for m in metric.measurements],
                "goals": [Link(render_inline(g.title), self.href("goals", f"goal-{g.id}") or "")
                          for g in plan.goals if metric.id in g.metrics],
            })
        return result

    @property
    def milestones(self) -> list[dict]:
        return [{"title": render_inline(m.title), "due": format_date(m.due, short=True),
                 "achieved": format_date(m.achieved, short=True),
                 "goal": (Link(render_inline(self.plan.goal(m.goal).title), self.href("goals", f"goal-{m.goal}") or "")
                          if m.goal and self.plan.goal(m.goal) else None)}
                for m in self.plan.milestones]

    @property
    def resources(self) -> list[dict]:
        return [{"title": render_inline(r.title), "url": r.url if r.url and is_safe_link(r.url) else None,
                 "shown_url": r.url or "", "note": render_inline(r.note)} for r in self.plan.resources]

    @cached_property
    def log(self) -> list[LogView]:
        dates = {m.number: m.date for m in self.plan.meetings}
        return [LogView(meeting=e.meeting, anchor=f"log-{e.meeting}",
                        date=format_date(e.date or dates.get(e.meeting), short=True),
                        action=render_inline(e.action), rating=e.rating, why=render_inline(e.why),
                        successes=_inlines(e.successes), roadblocks=_inlines(e.roadblocks),
                        next_steps=_inlines(e.next_steps), mentor_next_steps=_inlines(e.mentor_next_steps),
                        notes=render_markdown(e.notes))
                for e in sorted(self.plan.log, key=lambda e: e.meeting)]

    @cached_property
    def rating_points(self) -> list[RatingPoint]:
        return [RatingPoint(v.meeting, v.rating, point_label(v.meeting, v.date)) for v in self.log if v.rating]

    @property
    def chart(self) -> Markup:
        return ratings_chart(self.rating_points, self.meetings_count, chart_id=f"ratings-{self.plan.id}")

    @property
    def chart_summary(self) -> str:
        return ratings_summary(self.rating_points)

    @property
    def self_assessment(self) -> list[tuple[str, Optional[int]]]:
        sa = self.plan.self_assessment
        return [(area, sa.ratings.get(area)) for area in sa.areas]


def _progress(baseline: Optional[float], target: Optional[float], latest: Optional[float]) -> Optional[int]:
    """How far from baseline to target the latest value is, 0..100 (works for falling targets too)."""
    if baseline is None or target is None or latest is None or target == baseline:
        return None
    return max(0, min(100, round(100 * (latest - baseline) / (target - baseline))))


@dataclass(frozen=True)
class CatalogEntry:
    title: Markup
    href: str
    teaser: Markup
    audience: Markup
    duration: str
    meetings: str
    facts: list[str]
    tags: list[str]
    tags_json: str
    workbook: Optional[str]
    pair: str
    search_text: str


def span_text(plan: Plan) -> str:
    """How long the plan runs: its dates, else an estimate from the cadence."""
    if plan.schedule.open_ended:
        first, _ = first_and_last(plan)
        return f"open-ended, from {format_date(first, short=True)}" if first else "open-ended"
    first, last = first_and_last(plan)
    if first and last:
        if first.year == last.year:
            return f"{first.day} {first:%b} \u2013 {format_date(last, short=True)}"
        return f"{format_date(first, short=True)} \u2013 {format_date(last, short=True)}"
    count = len(plan.meetings)
    unit, step = parse_cadence(plan.schedule.cadence)
    days = (count - 1) * (step * 30.4 if unit == "months" else step)
    if days < 7:
        return "about a week" if count > 1 else "one meeting"
    if days < 60:
        return f"about {round(days / 7)} weeks"
    return f"about {round(days / 30.4)} months"


def catalog_facts(plan: Plan) -> list[str]:
    """'12 meetings', 'every two weeks', '45 min', '11 Jan – 28 Jun 2027'."""
    count = len(plan.meetings)
    meetings = "No fixed number of meetings" if plan.schedule.open_ended else plural(count, "meeting")
    return [meetings, cadence_label(plan.schedule.cadence), f"{plan.schedule.length} min each", span_text(plan)]


def _teaser(summary: Optional[str]) -> Markup:
    if not summary:
        return Markup("")
    first = re.split(r"\n\s*\n", summary.strip(), maxsplit=1)[0]
    return render_markdown(first)


class CatalogView:
    """All plans grouped by kind, with the tags to filter them by, seen from one page."""

    def __init__(self, model: SiteModel, from_url: str):
        self.model, self.from_url = model, from_url

    @cached_property
    def groups(self) -> list[dict]:
        by_kind: dict[Optional[str], list[CatalogEntry]] = {}
        for entry in self.model.plans:
            plan = entry.plan
            count = len(plan.meetings)
            pair = f"{plan.pair.mentor.name} and {plan.pair.mentee.name}" if plan.pair else ""
            by_kind.setdefault(plan.kind, []).append(CatalogEntry(
                title=render_inline(plan.title), href=relative(entry.overview.url, self.from_url),
                teaser=_teaser(plan.summary), audience=render_inline(plan.audience),
                duration=duration_text(plan),
                meetings="open-ended" if plan.schedule.open_ended else plural(count, "meeting"),
                facts=catalog_facts(plan),
                tags=list(plan.tags), tags_json=json.dumps(list(plan.tags)),
                workbook=relative(entry.workbook_url, self.from_url) if entry.workbook_url else None,
                pair=pair, search_text=" ".join([plan.title, plan.audience or "", pair, *plan.tags]).casefold()))
        order = [*KINDS, None]
        return [{"kind": kind or "other", "anchor": f"kind-{kind or 'other'}", "label": KIND_LABELS.get(kind, "Other"),
                 "plans": by_kind[kind]} for kind in order if kind in by_kind]

    @property
    def tags(self) -> list[tuple[str, int]]:
        counts = Counter(tag for entry in self.model.plans for tag in dict.fromkeys(entry.plan.tags))
        return sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))

    @property
    def total(self) -> int:
        return len(self.model.plans)


# ---------------------------------------------------------------- phase 2: rendering

_HEADING = re.compile(r"<h([12])\b([^>]*)>(.*?)</h\1\s*>", re.S | re.I)
_ID = re.compile(r"""\bid=["']([^"']+)["']""")
_TOC_LABEL = re.compile(r"""\bdata-toc-label=(["'])(.*?)\1""", re.S)
_TOC_SKIP = re.compile(r"""<(span|small)\b[^>]*class=["'][^"']*\bmk-toc-skip\b[^"']*["'][^>]*>.*?</\1>""", re.S)
_TAG = re.compile(r"<[^>]+>")


def toc_of(html: str) -> tuple[list[dict], set[str]]:
    """The page's table of contents from its h1/h2 with ids, in the shape MkDocs' get_toc takes,
    and every id on the page. A heading's `data-toc-label` names it in the TOC (as in
    Python-Markdown); text in an element with class `mk-toc-skip` (badges, counts) is left out."""
    roots: list[dict] = []
    current: Optional[dict] = None
    for match in _HEADING.finditer(html):
        level, attrs, inner = int(match.group(1)), match.group(2), match.group(3)
        anchor = _ID.search(attrs)
        if not anchor:
            continue
        label = _TOC_LABEL.search(attrs)
        text = label.group(2) if label else _TAG.sub("", _TOC_SKIP.sub("", inner))
        text = re.sub(r"\s+", " ", html_unescape(text)).strip()
        token = {"level": level, "id": html_unescape(anchor.group(1)), "name": theme_text(text), "children": []}
        if level == 1 or current is None:
            roots.append(token)
            current = token if level == 1 else current
        else:
            current["children"].append(token)
    return roots, {html_unescape(a) for a in _ID.findall(html)}


def site_theme_dirs(user_theme: Optional[Path]) -> list[Path]:
    """Template folders, user first. A user theme folder may hold `site/` (and `print/` for the
    workbook); without those subfolders the folder itself overrides site templates."""
    dirs = []
    if user_theme is not None:
        user_theme = Path(user_theme)
        dirs.append(user_theme / "site" if (user_theme / "site").is_dir() else user_theme)
    dirs.append(themes_dir() / "site")
    return dirs


class SiteRenderer:
    """Renders site pages from the theme's templates; reuse one for a whole build."""

    def __init__(self, theme_dir: Optional[Path] = None):
        self.dirs = site_theme_dirs(theme_dir)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(d) for d in self.dirs]),
            autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
            auto_reload=False)
        self.env.filters.update(md=render_markdown, inline=render_inline, date=format_date)  # cached wrappers

    def check_templates(self) -> None:
        """Load every template now, so a broken override fails before anything is written."""
        for name in ["catalog.html", *(s.template for s in SECTIONS)]:
            self.env.get_template(name)

    def render_page(self, model: SiteModel, page: SitePage) -> SitePage:
        if page.section == "catalog":
            html = self.render_catalog(model, page.url, standalone=True)
        else:
            html = self.render_plan_page(model, model.by_plan_id[page.plan_id], page)
        page.html = Markup(html)
        page.toc, page.anchors = toc_of(page.html)
        return page

    def render_plan_page(self, model: SiteModel, entry: PlanPages, page: SitePage) -> Markup:
        view = PlanView(entry, page, model)
        template = self.env.get_template(view.section.template)
        return Markup(template.render(plan=entry.plan, view=view, page=page, site_name=model.site_name))

    def render_catalog(self, model: SiteModel, from_url: str, *, standalone: bool = False) -> Markup:
        template = self.env.get_template("catalog.html")
        return Markup(template.render(catalog=CatalogView(model, from_url), standalone=standalone,
                                      site_name=model.site_name))

    def render_all(self, model: SiteModel, progress: Optional[Callable[[int, int], None]] = None) -> None:
        pages = list(model.pages())
        for done, page in enumerate(pages, start=1):
            self.render_page(model, page)
            if progress:
                progress(done, len(pages))
