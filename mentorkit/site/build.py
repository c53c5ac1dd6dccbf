"""The plan part of one MkDocs build, as a library the plugin hands its events to (the way
MkDocs' search plugin hands its pages to `SearchIndex`).

- `theme_assets` adds the theme's CSS/JS, the branding and the logo to the MkDocs config;
- `SiteBuild.prepare` checks the plans, decides every page, tries the theme's templates and
  makes the workbooks (before MkDocs cleans the site folder: a broken plan leaves the old site alone);
- then it hands MkDocs the files, places the catalog in the navigation and renders each page's
  HTML when MkDocs asks for it (`page_html`), and what the search plugins index of it
  (`search_copy`).
"""
from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import time
import traceback
import zlib
from pathlib import Path
from typing import Optional

import jinja2
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..diagnostics import MentorkitError, PlanError, display_path, errors, plural
from ..plan.loading import outside_project, project_roots
from ..project import Project
from ..settings import Settings
from ..themes import branding_css, themes_dir
from ..view.privacy import FULL
from .describe import page_description
from .links import check_plan_links
from .pages import (CATALOG_MARKER, PLANS_URL_ROOT, SiteModel, SitePage, SiteRenderer, gather_site, mkdocs_url,
                    theme_text)

log = logging.getLogger("mkdocs.plugins.mentorkit")

ASSETS_URL = "assets/mentorkit"
_CATALOG = re.compile(r"(<p>\s*)?" + re.escape(CATALOG_MARKER) + r"(\s*</p>)?")


class Progress:
    """Log 'n of total' now and then (every `every` seconds; with 0, every count), so long builds
    show they are moving; once anything was logged, the last line is 'total of total'."""

    def __init__(self, what: str, total: int, every: float = 3.0):
        self.what, self.total, self.every = what, total, every
        self.done = 0  # for callers that count as they go
        self.next = time.monotonic() + every
        self.logged: Optional[int] = None  # the last count logged

    def __call__(self, done: int, total: Optional[int] = None) -> None:
        self.total = total or self.total
        now = time.monotonic()
        if now >= self.next or (done >= self.total and self.logged is not None):
            self._log(done)
            self.next = now + self.every

    def finish(self) -> None:
        """The last line, 'total of total', if the progress was shown and has not said it yet."""
        if self.logged is not None and self.logged != self.total:
            self._log(self.total)

    def _log(self, done: int) -> None:
        if done != self.logged:
            log.info(f"mentorkit: {self.what} {done:,} of {self.total:,}")
            self.logged = done


def theme_assets(config: MkDocsConfig, settings: Settings) -> dict[str, Path | str]:
    """Add mentorkit's CSS/JS (the theme's, the branding, the logo) to the MkDocs config; returns
    the files to add to the site by name: a path, or the text of a generated file."""
    assets: dict[str, Path | str] = {}
    roots = [settings.project_root, themes_dir()]  # a link in the theme leads nowhere outside the project
    for name, path in settings.theme.site_assets().items():
        refusal = outside_project(path, roots)
        if refusal:
            log.warning(f"{display_path(path)}:1:1: warning: not published: {refusal}")
        else:
            assets[name] = path
    if settings.primary_color:
        assets["branding.css"] = branding_css(settings.primary_color)
    for name in assets:
        url = f"{ASSETS_URL}/{name}"
        if name.endswith(".css") and url not in config.extra_css:
            config.extra_css.append(url)
        elif name.endswith(".js") and url not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(url)
    if settings.logo:
        assets[settings.logo.name] = settings.logo
        if config.theme.name == "material":
            if not config.theme.get("logo"):
                config.theme["logo"] = logo_url(settings)
    if config.theme.name == "mkdocs":  # the logo, and every page's meta description (the theme has the home page's)
        overrides = str(themes_dir() / "site" / "overrides" / "mkdocs")
        if overrides not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, overrides)
    return assets


def speak_site_language(config: MkDocsConfig, language: str) -> None:
    """The program's language for the MkDocs theme (`<html lang>`, its own labels: MkDocs' themes
    read `theme.locale`, Material `theme.language`) and for the search plugins' stemming (`lang`),
    where mkdocs.yml leaves them at English, their default: a language set there stays."""
    from mkdocs import localization

    if language == "en" or "i18n" in config.plugins:  # mkdocs-static-i18n sets them for each language it builds
        return
    theme = config.theme
    if str(theme.get("locale") or "en") == "en":
        theme["locale"] = localization.parse_locale(language.replace("-", "_"))
    if "language" in theme and theme["language"] in (None, "en"):
        theme["language"] = language.split("-")[0]  # Material names its translations by language
    stemming = language.split("-")[0].lower()  # lunr's stemmers: de, fr, es...
    for name in ("search", "material/search"):
        plugin = config.plugins.get(name)
        options = getattr(plugin, "config", None)
        if options is not None and list(options.get("lang") or ["en"]) == ["en"]:
            options["lang"] = [stemming]


def logo_url(settings: Settings) -> Optional[str]:
    """Where the logo is in the site (the default theme's override template shows it)."""
    return f"{ASSETS_URL}/{settings.logo.name}" if settings.logo else None


class SiteBuild:
    """The pages (rendered in memory) and workbooks (in a temporary folder) of one build."""

    def __init__(self, project: Project, model: SiteModel, renderer: SiteRenderer):
        self.project, self.settings, self.model, self.renderer = project, project.settings, model, renderer
        program = project.program
        self.pages = {page.src_uri: page for page in model.pages()}
        self.sources = {plan.id: plan.source for plan in program.plans if plan.source}  # each plan's file
        self.plan_sources = {os.path.normpath(os.path.abspath(p.source)) for p in program.plans if p.source}
        # Only the plans the site links a workbook for: a pair plan the site does not show in
        # full (view/privacy.py) gets no workbook at all.
        linked = {Path(entry.workbook_src).stem for entry in model.plans if entry.workbook_src}
        self.workbook_plans = [plan for plan in program.plans if plan.id in linked]
        self.workbook_dir: Optional[Path] = None
        self.calendars: dict[str, bytes] = {}  # .ics files by their path in the site
        self.put_away_html: dict[str, bytes] = {}  # plan pages' HTML until written, compressed

    @classmethod
    def prepare(cls, project: Project, config: MkDocsConfig, *, workbooks_now: bool = True) -> "SiteBuild":
        """Check the plans, render every page, make the workbooks (unless `workbooks_now` is
        false: a preview makes them after the pages, see `serving.WorkbookWriter`).
        Raises MentorkitError."""
        started = time.monotonic()
        settings, program = project.settings, project.program
        if errors(program.diagnostics):
            raise PlanError(program.diagnostics)
        if not program.checked:
            log.warning(f"mentorkit: no plans in {display_path(settings.plans)} yet; the catalog is empty")
        for warning in (d for d in program.diagnostics if d.severity == "warning"):
            log.warning(warning.format())
        renderer = _site_renderer(settings, project.template_cache)
        has_home = any(Path(config.docs_dir, name).is_file() for name in ("index.md", "README.md"))
        model = gather_site(
            program.plans, url_for=lambda src: mkdocs_url(src, config.use_directory_urls),
            workbooks=settings.workbooks, catalog_src=f"{PLANS_URL_ROOT}/index.md" if has_home else "index.md",
            site_name=config.site_name, pairs=settings.pairs,
            report_threshold=settings.report_threshold if settings.report else None, language=settings.language,
            as_of=settings.report_as_of)
        shown_in_full = [e.view.title for e in model.plans if e.view.mentor and e.view.level == FULL]
        if shown_in_full:
            log.info(f"mentorkit: this site contains private pair data ({plural(len(shown_in_full), 'pair plan')} "
                        "shown in full, `pairs: full`); publish it only to the pairs themselves")
        model.plan_links = check_plan_links(program.plans, site_url=config.site_url,
                                            site_paths=_site_paths(model, config))
        for warning in model.plan_links.diagnostics:
            log.warning(warning.format())
        build = cls(project, model, renderer)
        build.make_calendars()
        build.try_templates()
        if settings.workbooks and workbooks_now:
            build.make_workbooks()
        log.info(f"mentorkit: {plural(len(model.plans), 'plan')}, "
                 f"{len(build.pages)} pages ready in {time.monotonic() - started:.1f} s")
        return build

    def try_templates(self) -> None:
        """Render one page of each part (and its search copy), and drop them: a theme's template
        that fails as it runs fails here, before MkDocs empties the site folder. Each page is
        rendered when MkDocs asks for it (`page_html`), so the build holds one page's HTML of its
        own at a time, not every page's (MkDocs keeps what it was handed until it writes the page)."""
        tried = set()
        for page in self.model.pages():
            if page.section not in tried:
                tried.add(page.section)
                self.rendered(page)
                self.search_copy(page)

    def rendered(self, site_page: SitePage) -> tuple[str, list[dict], set[str]]:
        """A page's HTML, TOC and ids, rendered now and held by no one but the caller."""
        try:
            self.renderer.render_page(self.model, site_page)
        except jinja2.TemplateError as exc:
            raise _template_error(self.settings, exc) from None
        html, toc, anchors = str(site_page.html), site_page.toc, site_page.anchors
        site_page.html, site_page.toc, site_page.anchors = Markup(""), [], set()
        return html, toc, anchors

    def search_copy(self, page: Page | SitePage) -> Optional[str]:
        """What the search plugins index of a plan page (the theme's plan/_search.html) instead of
        the page as shown; None for any other page."""
        site_page = self.pages.get(page.src_uri if isinstance(page, SitePage) else page.file.src_uri)
        if site_page is None or site_page.plan_id is None:
            return None
        try:
            return self.renderer.render_search(self.model, site_page)
        except jinja2.TemplateError as exc:
            raise _template_error(self.settings, exc) from None

    def make_calendars(self) -> None:
        """The .ics file of every dated plan the site publishes, from its published view. SEQUENCE
        numbers continue those of the site built last time (read before MkDocs empties the folder)."""
        from ..ics import calendar_bytes  # icalendar loads only when a plan has dates

        for entry in self.model.plans:
            if entry.calendar_src:
                previous = _read_previous(self.settings.site_dir, entry.calendar_src)
                self.calendars[entry.calendar_src] = calendar_bytes(entry.view, previous=previous,
                                                                    domain=self.settings.uid_domain)

    def make_workbooks(self) -> None:
        batch = self.project.workbooks()  # WeasyPrint loads only when workbooks are wanted
        plans = self.workbook_plans
        self.workbook_dir = Path(tempfile.mkdtemp(prefix="mentorkit-workbooks-"))
        progress = Progress("workbooks made", len(plans), every=0)  # seconds each: every one counts
        report = batch.write(plans, self.workbook_dir, progress)
        progress.finish()
        workers = len(report.pids)
        where = f"in {workers} worker process{'' if workers == 1 else 'es'}" if report.in_workers else "in this process"
        log.info(f"mentorkit: {plural(len(report.rendered), 'workbook')} rendered {where}, "
                 f"{len(report.cached)} from the cache, in {report.seconds:.2f} s")

    # ------------------------------------------------------------------ hand the pages to MkDocs

    def add_files(self, files: Files, config: MkDocsConfig, assets: dict[str, Path | str]) -> Files:
        roots = project_roots(config.docs_dir)
        docs_dir = os.path.abspath(config.docs_dir)
        unused = _unused_beside_plans(files, self.settings.plans, config, self.plan_sources)
        if unused:
            names = ", ".join(display_path(f.abs_src_path) for f in unused[:10]) + (", ..." if len(unused) > 10 else "")
            log.warning(f"mentorkit: not published: {plural(len(unused), 'file')} in the plans folder that no page, "
                        f"plan or mkdocs.yml names ({names}): what sits beside pair plans stays private; name a "
                        "file in a page to publish it")
        for file in unused:
            files.remove(file)
        for file in list(files):
            if file.abs_src_path and os.path.normpath(file.abs_src_path) in self.plan_sources:
                files.remove(file)  # the YAML is the source of pages, not a download
            elif (file.abs_src_path and os.path.abspath(file.abs_src_path).startswith(docs_dir + os.sep)
                  and (reason := outside_project(file.abs_src_path, roots))):  # the theme's own files are not ours to judge
                # MkDocs copies whatever docs_dir holds; a link must not publish a file of the machine
                log.warning(f"{display_path(file.abs_src_path)}:1:1: warning: not published: {reason}")
                files.remove(file)
        for src_uri in self.pages:
            if files.get_file_from_path(src_uri) is not None:
                raise MentorkitError.at(Path(config.docs_dir) / src_uri, "this page has the same path as a page "
                                        "mentorkit makes for the plans; rename it")
            files.append(self._page_file(config, src_uri))
        for name, asset in assets.items():
            source = {"abs_src_path": str(asset)} if isinstance(asset, Path) else {"content": asset}
            files.append(File.generated(config, f"{ASSETS_URL}/{name}", **source))
        for src_uri, data in self.calendars.items():
            files.append(File.generated(config, src_uri, content=data))
        for entry in self.model.plans:
            for src_uri, text in entry.report_files.items():
                files.append(File.generated(config, src_uri, content=text))
        if self.workbook_dir:
            for entry in self.model.plans:
                if entry.workbook_src:
                    path = self.workbook_dir / Path(entry.workbook_src).name
                    files.append(File.generated(config, entry.workbook_src, abs_src_path=str(path)))
        return files

    def _page_file(self, config: MkDocsConfig, src_uri: str) -> File:
        """The file of a page MkDocs renders from a plan (its HTML comes in `page_html`). A plan's
        page points at its plan file where MkDocs and other plugins look for a page's source
        (`abs_src_path`: git-revision-date's last commit, mkdocs-static-i18n's language; `edit_uri`:
        the theme's "edit this page", relative to docs_dir like any page's): it is that file's page,
        not a generated one. The file itself is never read as the page's text (`content_string` is
        the empty page) nor copied to the site. The catalog has no file of its own: generated."""
        site_page = self.pages[src_uri]
        source = self.sources.get(site_page.plan_id) if site_page.plan_id else None
        if source is None:
            return File.generated(config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV)
        file = File(src_uri, None, config.site_dir, config.use_directory_urls, inclusion=InclusionLevel.NOT_IN_NAV)
        file.content_string = ""  # the Markdown MkDocs reads: never the YAML
        file.abs_src_path = os.path.abspath(source)
        try:
            file.edit_uri = Path(os.path.relpath(file.abs_src_path, os.path.abspath(config.docs_dir))).as_posix()
        except ValueError:  # another drive: no path from docs_dir leads there
            file.edit_uri = None
        return file

    def place_catalog(self, nav: Navigation, files: Files) -> Navigation:
        """Plan pages get their titles and stay out of the navigation; the catalog gets one entry
        (after the home page) unless the user's `nav` already lists it."""
        for src_uri, site_page in self.pages.items():
            file = files.get_file_from_path(src_uri)
            if file is not None and file.page is not None:
                file.page.title = theme_text(site_page.title)
        catalog = files.get_file_from_path(self.model.catalog.src_uri)
        if catalog is None or catalog.page is None or catalog.page in nav.pages:
            return nav
        home_first = nav.items and getattr(nav.items[0], "is_homepage", False)
        position = 0 if self.model.catalog.src_uri == "index.md" or not home_first else 1
        nav.items.insert(position, catalog.page)
        nav.pages.insert(position, catalog.page)
        catalog.page.parent = None
        _link_in_order(nav.pages)  # as MkDocs links them, again now the catalog is in
        return nav

    def owns(self, page: Page) -> bool:
        return page.file.src_uri in self.pages

    def page_html(self, page: Page, html: str) -> str:
        """A plan page's finished HTML (with its TOC and title); the catalog where a guide page
        holds the marker; any other page as it is."""
        site_page = self.pages.get(page.file.src_uri)
        if site_page is not None:
            html, toc, anchors = self.rendered(site_page)
            page.toc = get_toc(toc)
            page.present_anchor_ids = anchors
            page.title = theme_text(site_page.title)
            page.meta["description"] = page_description(self.model, site_page)
            return html
        if CATALOG_MARKER in html:
            page.meta.setdefault("description", page_description(self.model, self.model.catalog))
            catalog = str(self.renderer.render_catalog(self.model, page.url))
            html = _CATALOG.sub(lambda _: catalog, html)
        return html

    # MkDocs reads every page (on_page_content) before it writes any, and holds each page's HTML
    # until the end of the build; a plan page's is held compressed instead (a tenth of its size)
    # from the last plugin's on_page_content until its page is written.

    def put_away(self, page: Page, html: str) -> str:
        """After every plugin's on_page_content: keep a plan page's HTML compressed, and leave
        MkDocs an empty page until `take_out`."""
        if not self.owns(page):
            return html
        self.put_away_html[page.file.src_uri] = zlib.compress(html.encode("utf-8"), 1)
        return ""

    def take_out(self, page: Page) -> None:
        """Before the page is written (on_page_context, before the search plugins): its HTML again."""
        data = self.put_away_html.pop(page.file.src_uri, None)
        if data is not None:
            page.content = zlib.decompress(data).decode("utf-8")

    def written(self, page: Page) -> None:
        """After the page is written (on_post_page): a plan page's HTML is not held any longer."""
        if self.owns(page):
            page.content = ""

    def close(self) -> None:
        if self.workbook_dir is not None:
            shutil.rmtree(self.workbook_dir, ignore_errors=True)
            self.workbook_dir = None


def _unused_beside_plans(files: Files, plans: Path, config: MkDocsConfig, plan_sources: set[str]) -> list[File]:
    """The files of the plans folder (where it is in docs_dir) that are neither a page, nor a plan,
    nor named by a page, a plan or mkdocs.yml: editor backups (`p1.yaml~`, `#p1.yaml#`), a
    roster's CSV, a pair's notes. MkDocs would publish them byte for byte."""
    folder = os.path.realpath(plans)
    inside = [f for f in files if f.abs_src_path and not f.src_uri.endswith(".md")
              and os.path.normpath(f.abs_src_path) not in plan_sources
              and os.path.realpath(f.abs_src_path).startswith(folder + os.sep)]
    if not inside:
        return []
    texts = [Path(source).read_text(encoding="utf-8", errors="replace") for source in plan_sources]
    texts += [Path(f.abs_src_path).read_text(encoding="utf-8", errors="replace") for f in files
              if f.abs_src_path and f.src_uri.endswith(".md")]
    if config.config_file_path:
        texts.append(Path(config.config_file_path).read_text(encoding="utf-8", errors="replace"))
    named = "\n".join(texts)
    return [f for f in inside if Path(f.src_uri).name not in named]


def _link_in_order(pages: list[Page]) -> None:
    """Each page's previous and next page in the navigation's order (MkDocs' rule for nav pages)."""
    for before, page, after in zip([None, *pages[:-1]], pages, [*pages[1:], None]):
        page.previous_page, page.next_page = before, after


def _read_previous(site_dir: Optional[Path], src_uri: str) -> Optional[bytes]:
    """The file the previous build published at `src_uri`, if any (not through a link)."""
    if site_dir is None:
        return None
    path = Path(site_dir, src_uri)
    try:
        return path.read_bytes() if path.is_file() and not path.is_symlink() else None
    except OSError:
        return None


def _site_paths(model: SiteModel, config: MkDocsConfig) -> set[str]:
    """The paths under the site's root that a link may point at: every plan page and workbook,
    and every file of docs_dir as MkDocs publishes it."""
    paths = {page.url for page in model.pages()}
    paths |= {entry.workbook_url for entry in model.plans if entry.workbook_url}
    docs = Path(config.docs_dir)
    for folder, _dirs, names in os.walk(docs):
        for name in names:
            src = Path(folder, name).relative_to(docs).as_posix()
            paths.add(mkdocs_url(src, config.use_directory_urls) if name.endswith(".md") else src)
    return paths


def _site_renderer(settings: Settings, compiled_in: Optional[Path] = None) -> SiteRenderer:
    """The renderer of the site theme, every template loaded now: a broken override fails
    before anything is written."""
    try:
        renderer = SiteRenderer(settings.theme.folder, compiled_in)
        renderer.check_templates()
    except jinja2.TemplateError as exc:
        raise _template_error(settings, exc) from None
    return renderer


def _template_error(settings: Settings, exc: jinja2.TemplateError) -> MentorkitError:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return MentorkitError.at(Path(exc.filename or exc.name or "?"), exc.message or str(exc), exc.lineno or 1)
    if isinstance(exc, jinja2.TemplateNotFound):
        folder = settings.theme.site_dirs[0]
        return MentorkitError.at(folder / str(exc.name), f"mentorkit theme: template '{exc.name}' not found")
    where = _template_frame(exc)  # Jinja's traceback has the template's file and line
    if where is not None:
        return MentorkitError.at(Path(where[0]), f"mentorkit theme: {exc}", where[1])
    return MentorkitError.at(settings.theme.site_dirs[0], f"mentorkit theme: {exc}")


def _template_frame(exc: BaseException) -> Optional[tuple[str, int]]:
    """The file and line of the innermost template a rendering error went through."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".html") and f.lineno]
    return (frames[-1].filename, frames[-1].lineno) if frames else None
