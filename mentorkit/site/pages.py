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

import datetime as dt
import json
import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from html import unescape as html_unescape
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

import jinja2
from markupsafe import Markup

from ..locale import DEFAULT as DEFAULT_LANGUAGE, _, install as install_gettext, ngettext, speaking
from ..markup import render_inline, render_markdown
from .links import PlanLinks, resolve_links
from ..plan.model import KINDS, Plan
from ..themes import compiled_templates, themes_dir
from ..view import labels, privacy
from ..view.plan_view import PlanView, Ref
from .chart import ratings_chart, ratings_summary

PLANS_URL_ROOT = "plans"
CATALOG_MARKER = "<!-- mentorkit:catalog -->"
WORKBOOKS_DIR = "workbooks"
CALENDARS_DIR = "calendars"
SEARCH_TEMPLATE = "plan/_search.html"  # what the site's search indexes of a plan page


@dataclass(frozen=True)
class PlanPart:
    """One page of a plan on the site: its URL slug and its template."""
    key: str
    slug: str  # "" for the plan's overview

    @property
    def label(self) -> str:  # the tab's name
        return labels.part(self.key)

    @property
    def template(self) -> str:
        return f"plan/{self.key}.html"


SECTIONS = tuple(PlanPart(key, "" if key == "overview" else key) for key in labels.PARTS)


def sections_for(view: PlanView, *, report: bool = False) -> list[PlanPart]:
    """The pages a plan has: empty parts of a plan get no page of their own, and a pair plan
    the site only lists shows its overview and schedule. A program has its report when asked."""
    if view.level == privacy.LISTED:
        return [s for s in SECTIONS if s.key in ("overview", "schedule")]
    has = {
        "overview": True, "goals": bool(view.goals), "schedule": True, "agreement": view.has_agreement,
        "metrics": bool(view.metrics), "milestones": bool(view.milestones), "resources": bool(view.resources),
        "progress": bool(view.log) or not (view.record is None or view.record.empty), "report": report,
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
    section: str  # a PlanPart key, or "catalog"
    plan_id: Optional[str] = None
    html: Markup = Markup("")
    toc: list[dict] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)


@dataclass
class PlanPages:
    view: PlanView
    pages: dict[str, SitePage]  # by PlanPart key, in SECTIONS order
    workbook_url: Optional[str] = None
    workbook_src: Optional[str] = None
    calendar_src: Optional[str] = None  # the .ics file of a dated plan (made from the published view)
    report: Any = None  # a program's report (report/figures.py ProgramReport), when the site has reports

    @property
    def report_files(self) -> dict[str, str]:
        """The report's CSV and JSON files by their path in the site (beside its page)."""
        if self.report is None:
            return {}
        from ..report.render import report_files

        folder = posixpath.dirname(self.pages["report"].url)  # 'plans/x/report/' -> its own folder
        return {f"{folder}/{name}": text for name, text in report_files(self.report).items()}

    @property
    def plan(self) -> Plan:
        return self.view.plan

    @property
    def overview(self) -> SitePage:
        return self.pages["overview"]


@dataclass
class SiteModel:
    plans: list[PlanPages]
    catalog: SitePage
    site_name: str = ""
    unpublished: int = 0  # pair and circle plans checked but not shown (their number only, never who)
    unpublished_circles: int = 0  # how many of them are circles
    plan_links: Optional[PlanLinks] = None  # links from plan text to other plans (site/links.py)
    language: str = DEFAULT_LANGUAGE  # the site's: its catalog's and every page around the plans

    def plan_url(self, plan_id: str, from_url: str) -> Optional[str]:
        """The overview page of a plan, relative to a page; None when the site does not show it."""
        entry = self.by_plan_id.get(plan_id)
        return relative(entry.overview.url, from_url) if entry is not None else None

    def pages(self) -> Iterable[SitePage]:
        yield self.catalog
        for entry in self.plans:
            yield from entry.pages.values()

    @cached_property
    def by_src(self) -> dict[str, SitePage]:
        return {page.src_uri: page for page in self.pages()}

    @cached_property
    def by_plan_id(self) -> dict[str, PlanPages]:
        return {entry.view.id: entry for entry in self.plans}


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
                site_name: str = "", pairs: str = privacy.HIDDEN, report_threshold: Optional[int] = None,
                as_of: Optional[dt.date] = None, language: str = DEFAULT_LANGUAGE) -> SiteModel:
    """Every page of the site's plan part, with its URL, before anything is rendered.

    `pairs` is how much of pair plans the site may show (view/privacy.py): a hidden plan gets
    no page, no catalog entry and no workbook; a listed one only its overview and schedule.
    With `report_threshold`, every program gets a report page, counted over all its pairs
    (published or not: the report holds numbers only, each over at least that many pairs).
    `language` is the site's (the program's): the catalog speaks it, each plan's pages its own."""
    entries = []
    unpublished = circles = 0
    plans = list(plans)
    reports = {}
    if report_threshold is not None:
        from ..report.figures import program_reports

        reports = {r.program_id: r for r in program_reports(plans, as_of=as_of or privacy.report_day(dt.date.today()),
                                                            threshold=report_threshold)}
    for plan in sorted(plans, key=lambda p: (p.title.casefold(), p.id)):
        view = privacy.published_view(plan, pairs, language)
        if view is None:
            unpublished += 1
            circles += plan.circle is not None
            continue
        pages = {}
        with speaking(view.language):
            for section in sections_for(view, report=plan.id in reports):
                src = f"{PLANS_URL_ROOT}/{plan.id}/{section.slug or 'index'}.md"
                title = plan.title if section.key == "overview" else f"{section.label} \u2013 {plan.title}"
                pages[section.key] = SitePage(src, url_for(src), title, section.key, plan.id)
        # A workbook holds everything: only a plan the site shows in full links one.
        workbook = f"{WORKBOOKS_DIR}/{plan.id}.pdf" if workbooks and view.level == privacy.FULL else None
        # A calendar file holds only what the published view holds (no addresses, no location
        # unless the site shows the plan in full): any published plan with dates offers one.
        calendar = f"{CALENDARS_DIR}/{plan.id}.ics" if view.dated else None
        entries.append(PlanPages(view, pages, workbook_url=workbook, workbook_src=workbook, calendar_src=calendar,
                                 report=reports.get(plan.id)))
    with speaking(language):
        catalog = SitePage(catalog_src, url_for(catalog_src), _("Plans"), "catalog")
    return SiteModel(entries, catalog, site_name, unpublished=unpublished, unpublished_circles=circles,
                     language=language)


def relative(to_url: str, from_url: str) -> str:
    """A link from one site URL to another that keeps working under any sub-path."""
    from mkdocs.utils import get_relative_url
    return get_relative_url(to_url, from_url)


# ---------------------------------------------------------------- the site's layer over the view

class PlanPage:
    """One page of a plan as its template sees it: the plan's view, plus the URLs of this site
    (links to the plan's other pages, the catalog and the workbook, relative to this page)."""

    def __init__(self, entry: PlanPages, page: SitePage, model: SiteModel):
        self.entry, self.page, self.model, self.view = entry, page, model, entry.view

    def href(self, section: str, anchor: str = "") -> Optional[str]:
        """Link to one of this plan's pages (None when the plan has no such page)."""
        target = self.entry.pages.get(section)
        if target is None:
            return None
        base = "" if target is self.page else relative(target.url, self.page.url)
        return f"{base}#{anchor}" if anchor else (base or "#")

    def link(self, ref: Ref) -> str:
        """The URL of something the view refers to (a goal, a metric, a meeting)."""
        return self.href(ref.section, ref.anchor) or ""

    def meeting_href(self, number: int) -> str:
        return self.href("schedule", f"meeting-{number}") or ""

    @property
    def catalog_href(self) -> str:
        return relative(self.model.catalog.url, self.page.url)

    @property
    def program(self) -> Optional[tuple[str, str]]:
        """(title, link) of the program this plan follows, when the site publishes it."""
        program_id = self.entry.plan.program
        entry = self.model.by_plan_id.get(program_id) if program_id else None
        return (entry.view.title, relative(entry.overview.url, self.page.url)) if entry else None

    @property
    def kind_href(self) -> str:
        return f"{self.catalog_href}#kind-{self.view.kind_key}"

    @property
    def workbook_href(self) -> Optional[str]:
        return relative(self.entry.workbook_url, self.page.url) if self.entry.workbook_url else None

    @property
    def calendar_href(self) -> Optional[str]:
        return relative(self.entry.calendar_src, self.page.url) if self.entry.calendar_src else None

    @property
    def tabs(self) -> list[tuple[str, str, bool]]:
        return [(s.label, self.href(s.key), s.key == self.page.section) for s in SECTIONS if s.key in self.entry.pages]

    @property
    def section(self) -> PlanPart:
        return next(s for s in SECTIONS if s.key == self.page.section)

    @property
    def chart(self) -> Markup:
        return ratings_chart(self.view.ratings, self.view.meetings_count, chart_id=f"ratings-{self.view.id}")

    @property
    def chart_summary(self) -> str:
        return ratings_summary(self.view.ratings)


@dataclass(frozen=True)
class CatalogEntry:
    plan: PlanView
    href: str
    workbook: Optional[str]
    facts: list[str]
    pair: str
    tags_json: str
    search_text: str


class CatalogView:
    """All plans grouped by kind, with the tags to filter them by, seen from one page."""

    def __init__(self, model: SiteModel, from_url: str):
        self.model, self.from_url = model, from_url

    @cached_property
    def groups(self) -> list[dict]:
        by_kind: dict[str, list[CatalogEntry]] = {}
        for entry in self.model.plans:
            view = entry.view
            pair = (_("%(mentor)s and %(mentee)s") % {"mentor": view.mentor.name, "mentee": view.mentee.name}
                    if view.mentor and view.mentee else "")
            meetings = _("No fixed number of meetings") if view.open_ended else view.meetings_text
            by_kind.setdefault(view.kind_key, []).append(CatalogEntry(
                plan=view, href=relative(entry.overview.url, self.from_url),
                workbook=relative(entry.workbook_url, self.from_url) if entry.workbook_url else None,
                facts=[meetings, view.cadence, _("%(num)d min each") % {"num": view.length}, view.span], pair=pair,
                tags_json=json.dumps(list(view.tags)),
                search_text=" ".join([view.title, view.audience or "", pair, *view.tags]).casefold()))
        order = [*KINDS, "other"]
        return [{"kind": kind, "anchor": f"kind-{kind}", "label": labels.kind(None if kind == "other" else kind),
                 "plans": by_kind[kind]} for kind in order if kind in by_kind]

    @property
    def tags(self) -> list[tuple[str, int]]:
        counts = Counter(tag for entry in self.model.plans for tag in dict.fromkeys(entry.view.tags))
        return sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))

    @property
    def total(self) -> int:
        return len(self.model.plans)

    @property
    def unpublished(self) -> int:
        return self.model.unpublished

    @property
    def private_note(self) -> str:
        """'2 pair plans and 1 circle plan are kept private' ('' when none is), in the site's language
        (the catalog goes on: 'and not shown on this site')."""
        circles = self.model.unpublished_circles
        pairs = self.model.unpublished - circles
        if not (pairs or circles):
            return ""
        said_pairs = ngettext("%(num)d pair plan", "%(num)d pair plans", pairs) % {"num": pairs}
        said_circles = ngettext("%(num)d circle plan", "%(num)d circle plans", circles) % {"num": circles}
        if pairs and circles:
            return _("%(pairs)s and %(circles)s are kept private") % {
                "pairs": said_pairs, "circles": said_circles}
        return ngettext("%(plans)s is kept private", "%(plans)s are kept private", pairs or circles) % {
            "plans": said_pairs if pairs else said_circles}


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

    def __init__(self, theme_dir: Optional[Path] = None, compiled_in: Optional[Path] = None):
        """`compiled_in`: a folder that keeps the compiled templates for the next build."""
        self.dirs = site_theme_dirs(theme_dir)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(d) for d in self.dirs]),
            autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
            auto_reload=False, bytecode_cache=compiled_templates("site", compiled_in))
        self.env.filters.update(md=render_markdown, inline=render_inline)  # cached wrappers
        install_gettext(self.env)  # {{ _("...") }} in the language in force: the page's
        self.env.globals["labels"] = labels
        self._report_renderer: Any = None

    def check_templates(self) -> None:
        """Load every template now, so a broken override fails before anything is written."""
        for name in ["catalog.html", SEARCH_TEMPLATE, *(s.template for s in SECTIONS)]:
            self.env.get_template(name)

    def render_page(self, model: SiteModel, page: SitePage) -> SitePage:
        if page.section == "catalog":
            html = self.render_catalog(model, page.url, standalone=True)
        else:
            entry = model.by_plan_id[page.plan_id]
            with speaking(entry.view.language):
                html = self.render_plan_page(model, entry, page)
        page.html = Markup(html)
        page.toc, page.anchors = toc_of(page.html)
        return page

    def report_body(self, entry: PlanPages) -> Markup:
        if entry.report is None:
            return Markup("")
        if self._report_renderer is None:  # one for the build, made only when a program has a report
            from ..report.render import ReportRenderer

            self._report_renderer = ReportRenderer()
        return self._report_renderer.body(entry.report)

    def render_plan_page(self, model: SiteModel, entry: PlanPages, page: SitePage) -> Markup:
        context = PlanPage(entry, page, model)
        template = self.env.get_template(context.section.template)
        html = template.render(plan=entry.view, page=context, site_name=model.site_name, site_language=model.language,
                               report=self.report_body(entry) if page.section == "report" else "")
        hrefs = model.plan_links.targets.get(entry.view.id, {}) if model.plan_links else {}
        return Markup(resolve_links(html, hrefs, lambda target: model.plan_url(target, page.url)))

    def render_search(self, model: SiteModel, page: SitePage) -> str:
        """What search indexes of a plan page (SEARCH_TEMPLATE): its words people look it up by."""
        entry = model.by_plan_id[page.plan_id]
        with speaking(entry.view.language):
            return self.env.get_template(SEARCH_TEMPLATE).render(plan=entry.view, page=PlanPage(entry, page, model))

    def render_catalog(self, model: SiteModel, from_url: str, *, standalone: bool = False) -> Markup:
        template = self.env.get_template("catalog.html")
        with speaking(model.language):
            html = template.render(catalog=CatalogView(model, from_url), standalone=standalone,
                                   site_name=model.site_name)
        hrefs = model.plan_links.for_catalog() if model.plan_links else {}
        return Markup(resolve_links(html, hrefs, lambda target: model.plan_url(target, from_url)))

    def render_all(self, model: SiteModel, progress: Optional[Callable[[int, int], None]] = None) -> None:
        pages = list(model.pages())
        for done, page in enumerate(pages, start=1):
            self.render_page(model, page)
            if progress:
                progress(done, len(pages))
