"""The `mentorkit` MkDocs plugin: every plan in the plans folder becomes pages of the site.

    plugins:
      - search
      - mentorkit:
          plans: plans          # folder of plan YAML, relative to mkdocs.yml
          theme: my-theme       # optional folder overriding templates / adding CSS
          paper: a4             # a4 | letter, for the workbooks
          workbooks: true       # build workbooks/<plan-id>.pdf and link them
          logo: logo.svg        # optional branding
          primary_color: "#0b6e4f"
          offline: true         # keep every page free of requests to other hosts

Order of work, following MkDocs' events: `on_config` adds the theme's assets and keeps the
site offline; `on_pre_build` loads and checks the plans, then renders every page (and
workbook) in memory -- before MkDocs cleans `site/`, so a broken plan leaves the old site
alone; `on_files` adds the pages, `on_nav` gives the navigation one "Plans" entry instead of
thousands of plan pages; `on_page_content` hands MkDocs the finished HTML.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import Optional

import jinja2
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..diagnostics import errors, format_text, plural
from ..plan.loading import Program, display_path, load_program
from ..themes import themes_dir
from .pages import CATALOG_MARKER, PLANS_URL_ROOT, SiteModel, SiteRenderer, gather_site, mkdocs_url, theme_text

log = logging.getLogger("mkdocs.plugins.mentorkit")

ASSETS_URL = "assets/mentorkit"
_COLOR = re.compile(r"#[0-9a-fA-F]{3,8}|(rgb|rgba|hsl|hsla)\([0-9.,%\s/a-z-]+\)|[a-zA-Z]{3,30}")
_EXTERNAL = re.compile(r"^\s*([a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
# Workbooks rendered during `mkdocs serve`, kept across rebuilds: an edit to one plan
# re-renders one PDF, not all of them. One entry per plan id: (content key, PDF).
_WORKBOOK_CACHE: dict[str, tuple[str, bytes]] = {}
# Set by `mentorkit serve --workbooks/--no-workbooks`. MkDocs may create (and keep) the plugin
# instance before the command can reach it, so the plugin reads this at build time.
WORKBOOKS_OVERRIDE: Optional[bool] = None


class CssColor(c.Type):
    """A CSS colour: #hex, rgb()/hsl() or a colour name. Nothing else reaches the style sheet."""

    def __init__(self, **kwargs):
        super().__init__(str, **kwargs)

    def run_validation(self, value):
        value = super().run_validation(value).strip()
        if not _COLOR.fullmatch(value):
            raise c.ValidationError(f"'{value}' is not a CSS colour; write it like \"#0b6e4f\" or \"teal\"")
        return value


class MentorkitConfig(base.Config):
    plans = c.Dir(exists=True, default="plans")
    theme = c.Optional(c.Dir(exists=True))
    paper = c.Choice(("a4", "letter"), default="a4")
    workbooks = c.Type(bool, default=False)
    logo = c.Optional(c.File(exists=True))
    primary_color = c.Optional(CssColor())
    offline = c.Type(bool, default=True)


class Progress:
    """Log 'n of total' now and then, so long builds show they are moving."""

    def __init__(self, what: str, total: int, every: float = 3.0):
        self.what, self.total, self.every = what, total, every
        self.next = time.monotonic() + every

    def __call__(self, done: int, total: Optional[int] = None) -> None:
        total = total or self.total
        now = time.monotonic()
        if now >= self.next and done < total:
            log.info(f"mentorkit: {self.what} {done:,} of {total:,}")
            self.next = now + self.every


class MentorkitPlugin(BasePlugin[MentorkitConfig]):
    supports_multiple_instances = False

    def __init__(self):
        self.program: Optional[Program] = None  # preloaded by `mentorkit build`, else loaded here
        self.workbooks_override: Optional[bool] = None  # `mentorkit build --no-workbooks`
        self.model: Optional[SiteModel] = None
        self.renderer: Optional[SiteRenderer] = None
        self.logo_url: Optional[str] = None
        self.command: Optional[str] = None
        self._pages: dict[str, object] = {}
        self._plan_sources: set[str] = set()
        self._assets: dict[str, Path] = {}
        self._branding_css: Optional[str] = None
        self._workbook_dir: Optional[Path] = None
        self._page_progress: Optional[Progress] = None
        self._written = 0

    # ------------------------------------------------------------------ configuration

    def on_startup(self, *, command, dirty):
        self.command = command

    @event_priority(-100)  # after the other plugins: Material's offline plugin adds a CDN script in on_config
    def on_config(self, config: MkDocsConfig):
        self._assets = self._collect_assets()
        for name in self._assets:
            url = f"{ASSETS_URL}/{name}"
            if name.endswith(".css") and url not in config.extra_css:
                config.extra_css.append(url)
            elif name.endswith(".js") and url not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(url)
        if self.config.primary_color:
            colour = self.config.primary_color
            self._branding_css = (
                f":root {{ --mk-primary: {colour}; }}\n"
                f":root, [data-md-color-scheme] {{ --md-primary-fg-color: {colour}; "
                f"--md-primary-fg-color--dark: {colour}; --md-accent-fg-color: {colour}; }}\n"
                f".navbar.bg-primary {{ background: {colour} !important; }}\n")
            config.extra_css.append(f"{ASSETS_URL}/branding.css")
        if self.config.logo:
            self.logo_url = f"{ASSETS_URL}/{Path(self.config.logo).name}"
            self._assets[Path(self.config.logo).name] = Path(self.config.logo)
            if config.theme.name == "material":
                if not config.theme.get("logo"):
                    config.theme["logo"] = self.logo_url
            elif config.theme.name == "mkdocs":
                overrides = str(themes_dir() / "site" / "overrides" / "mkdocs")
                position = 1 if config.theme.custom_dir else 0
                config.theme.dirs.insert(position, overrides)
        if self.config.offline:
            keep_offline(config)
        return config

    def _collect_assets(self) -> dict[str, Path]:
        """Built-in CSS/JS, then the user's: same name overrides, new names are added after."""
        assets = {p.name: p for p in sorted((themes_dir() / "site" / "assets").iterdir()) if p.is_file()}
        if self.config.theme:
            user = Path(self.config.theme)
            user = user / "site" if (user / "site").is_dir() else user
            for folder in (user, user / "assets"):
                if folder.is_dir():
                    assets.update({p.name: p for p in sorted(folder.iterdir())
                                   if p.is_file() and p.suffix in (".css", ".js")})
        return assets

    # ------------------------------------------------------------------ gather and render

    def on_pre_build(self, *, config: MkDocsConfig):
        started = time.monotonic()
        plans_dir = Path(self.config.plans)
        program = self.program or load_program(plans_dir)
        self.program = None  # a serve rebuild reloads the plans
        problems = errors(program.diagnostics)
        if problems:
            raise PluginError(format_text(program.diagnostics) + f"\n{plural(len(problems), 'error')} "
                              "in the plans; the site was not built")
        if not program.checked:
            log.warning(f"mentorkit: no plans in {display_path(plans_dir)} yet; the catalog is empty")
        for warning in (d for d in program.diagnostics if d.severity == "warning"):
            log.warning(warning.format())
        self._plan_sources = {os.path.normpath(os.path.abspath(p.source)) for p in program.plans if p.source}

        try:
            self.renderer = SiteRenderer(Path(self.config.theme) if self.config.theme else None)
            self.renderer.check_templates()
        except jinja2.TemplateSyntaxError as exc:
            raise PluginError(f"{display_path(Path(exc.filename or exc.name or '?'))}:{exc.lineno}:1: "
                              f"error: {exc.message}") from None
        except jinja2.TemplateNotFound as exc:
            raise PluginError(f"mentorkit theme: template '{exc.name}' not found") from None

        has_home = any(Path(config.docs_dir, name).is_file() for name in ("index.md", "README.md"))
        workbooks = self._workbooks_wanted()
        self.model = gather_site(
            program.plans, url_for=lambda src: mkdocs_url(src, config.use_directory_urls), workbooks=workbooks,
            catalog_src=f"{PLANS_URL_ROOT}/index.md" if has_home else "index.md", site_name=config.site_name)
        self._pages = {page.src_uri: page for page in self.model.pages()}
        try:
            self.renderer.render_all(self.model, Progress("rendered plan pages", len(self._pages)))
        except jinja2.TemplateError as exc:
            raise PluginError(f"mentorkit theme: {exc}") from None
        if workbooks:
            self._make_workbooks(config)
        log.info(f"mentorkit: {plural(len(self.model.plans), 'plan')}, "
                 f"{len(self._pages)} pages ready in {time.monotonic() - started:.1f} s")

    def _workbooks_wanted(self) -> bool:
        for override in (self.workbooks_override, WORKBOOKS_OVERRIDE):
            if override is not None:
                return override
        return self.config.workbooks

    def _make_workbooks(self, config: MkDocsConfig) -> None:
        from ..workbook import batch as module  # WeasyPrint loads only when workbooks are wanted
        print_theme = None
        if self.config.theme and (Path(self.config.theme) / "print").is_dir():
            print_theme = Path(self.config.theme) / "print"
        try:
            renderer = module.WorkbookRenderer(theme_dir=print_theme, paper=self.config.paper,
                                               project_root=Path(config.config_file_path or ".").resolve().parent)
        except module.WorkbookError as exc:
            raise PluginError(exc.located()) from None
        theme_stamp = _tree_stamp([themes_dir() / "print", *([print_theme] if print_theme else [])])
        self._workbook_dir = Path(tempfile.mkdtemp(prefix="mentorkit-workbooks-"))
        progress = Progress("workbooks made", len(self.model.plans))
        written = 0

        def write(plan_id: str, data: bytes) -> None:
            nonlocal written
            (self._workbook_dir / f"{plan_id}.pdf").write_bytes(data)
            written += 1
            progress(written)

        todo, keys = [], {}
        for entry in self.model.plans:
            plan = entry.plan
            keys[plan.id] = hashlib.sha256(f"{plan.model_dump_json()}|{self.config.paper}|{theme_stamp}"
                                           .encode()).hexdigest()
            cached_key, data = _WORKBOOK_CACHE.get(plan.id, ("", None))
            if cached_key == keys[plan.id]:
                write(plan.id, data)
            else:
                todo.append(plan)
        try:
            for plan, data in module.render_workbooks(todo, renderer, processes=os.cpu_count() or 1):
                if self.command == "serve":
                    _WORKBOOK_CACHE[plan.id] = (keys[plan.id], data)
                write(plan.id, data)
        except module.WorkbookError as exc:
            raise PluginError(exc.located()) from None
        except module.WorkbookBatchError as exc:
            raise PluginError(str(exc)) from None

    # ------------------------------------------------------------------ hand the pages to MkDocs

    def on_files(self, files: Files, *, config: MkDocsConfig):
        for file in list(files):
            if file.abs_src_path and os.path.normpath(file.abs_src_path) in self._plan_sources:
                files.remove(file)  # the YAML is the source of pages, not a download
        for src_uri, page in self._pages.items():
            clash = files.get_file_from_path(src_uri)
            if clash is not None:
                raise PluginError(f"{display_path(Path(config.docs_dir) / src_uri)}:1:1: error: this page has "
                                  f"the same path as a page mentorkit makes for the plans; rename it")
            files.append(File.generated(config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV))
        for name, path in self._assets.items():
            files.append(File.generated(config, f"{ASSETS_URL}/{name}", abs_src_path=str(path)))
        if self._branding_css:
            files.append(File.generated(config, f"{ASSETS_URL}/branding.css", content=self._branding_css))
        if self._workbook_dir:
            for entry in self.model.plans:
                files.append(File.generated(config, entry.workbook_src,
                                            abs_src_path=str(self._workbook_dir / f"{entry.plan.id}.pdf")))
        self._page_progress = Progress("pages written", len(files.documentation_pages()))
        self._written = 0
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files):
        for src_uri, site_page in self._pages.items():
            file = files.get_file_from_path(src_uri)
            if file is not None and file.page is not None:
                file.page.title = theme_text(site_page.title)
        catalog = files.get_file_from_path(self.model.catalog.src_uri)
        if catalog is None or catalog.page is None or catalog.page in nav.pages:
            return nav
        page: Page = catalog.page
        position = 1 if nav.items and getattr(nav.items[0], "is_homepage", False) else 0
        if self.model.catalog.src_uri == "index.md":
            position = 0
        nav.items.insert(position, page)
        nav.pages.insert(position, page)
        page.parent = None
        for previous, current in zip([None, *nav.pages[:-1]], nav.pages):
            current.previous_page = previous
            if previous is not None:
                previous.next_page = current
        if nav.pages:
            nav.pages[-1].next_page = None
        return nav

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files):
        return "" if page.file.src_uri in self._pages else markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files):
        site_page = self._pages.get(page.file.src_uri)
        if site_page is not None:
            page.toc = get_toc(site_page.toc)
            page.present_anchor_ids = set(site_page.anchors)
            page.title = theme_text(site_page.title)
            return str(site_page.html)
        if CATALOG_MARKER in html and self.model is not None:
            catalog = self.renderer.render_catalog(self.model, page.url)
            html = re.sub(r"(<p>\s*)?" + re.escape(CATALOG_MARKER) + r"(\s*</p>)?", lambda _: str(catalog), html)
        return html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig):
        self._written += 1
        if self._page_progress:
            self._page_progress(self._written)
        return output

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        server.watch(str(self.config.plans))  # plans outside docs_dir too
        if self.config.theme:
            server.watch(str(self.config.theme))
        return server

    def on_post_build(self, *, config: MkDocsConfig):
        self._cleanup()

    def on_build_error(self, *, error: Exception):
        self._cleanup()

    def on_shutdown(self):
        self._cleanup()

    def _cleanup(self) -> None:
        if self._workbook_dir is not None:
            shutil.rmtree(self._workbook_dir, ignore_errors=True)
            self._workbook_dir = None


def keep_offline(config: MkDocsConfig) -> None:
    """Readers of an intranet often have no internet: no page may load anything from another host.

    Drops external style sheets and scripts from the config, turns off the default theme's
    highlight.js (loaded from a CDN) and Material's Google Fonts, and drops the CDN shim that
    Material's offline plugin adds. Each change is logged; set `offline: false` to keep them.
    """
    for option in ("extra_css", "extra_javascript"):
        kept = [item for item in config[option] if not _EXTERNAL.match(str(item))]
        for item in config[option]:
            if _EXTERNAL.match(str(item)):
                log.warning(f"mentorkit: left out {option} '{item}': it would load from another host "
                            "(offline: true)")
        config[option][:] = kept
    polyfills = config.extra.get("polyfills") if isinstance(config.extra, dict) or hasattr(config.extra, "get") else None
    if polyfills:
        kept = [item for item in polyfills if not _EXTERNAL.match(str(item))]
        for item in polyfills:
            if _EXTERNAL.match(str(item)):
                log.info(f"mentorkit: left out the script '{item}' (added by Material's offline plugin): it would "
                         "load from another host. Put a local copy in extra.polyfills to search from file://")
        config.extra["polyfills"] = kept
    theme = config.theme
    if theme.name == "mkdocs" and theme.get("highlightjs"):
        log.info("mentorkit: turned off the theme's highlight.js, which loads from a CDN "
                 "(set theme.highlightjs: false to silence this)")
        theme["highlightjs"] = False
    if theme.name == "material" and theme.get("font") is not False:
        log.info("mentorkit: turned off Material's web fonts, which load from Google "
                 "(set theme.font: false to silence this)")
        theme["font"] = False
    analytics = theme.get("analytics") if hasattr(theme, "get") else None
    if isinstance(analytics, dict) and analytics.get("gtag"):
        log.warning("mentorkit: theme.analytics loads a script from Google; left out (offline: true)")
        analytics["gtag"] = None


def _tree_stamp(folders: list[Path]) -> str:
    """A cheap fingerprint of template folders (names, sizes, times) for the workbook cache."""
    parts = []
    for folder in folders:
        if folder and Path(folder).is_dir():
            for path in sorted(Path(folder).rglob("*")):
                if path.is_file():
                    stat = path.stat()
                    parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
