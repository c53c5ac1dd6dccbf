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

The settings are declared once, in `mentorkit.settings.MentorkitConfig`. Each event hands its
work to the library (`site.build`, `site.offline`), following MkDocs' order: `on_config` reads
the settings and adds the theme's assets; `on_pre_build` checks the plans, decides every page
and makes the workbooks, before MkDocs cleans `site/`; `on_files` adds the pages, `on_nav` gives
the navigation one "Plans" entry instead of thousands of plan pages; `on_page_content` renders
each page's HTML as MkDocs asks for it; `on_page_context` lends the search plugins a plan page's
search copy.

Under `serve` (`mkdocs serve` or `mentorkit serve`, the same code) a broken plan keeps the last
good pages and shows its problems on every page, and the workbooks are made after the pages
(`site.serving`).
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Optional

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

from ..diagnostics import MentorkitError, PlanError, errors, plural
from ..output import mark_as_built
from ..plan.loading import Program
from ..project import Project
from ..settings import MentorkitConfig, Settings

if TYPE_CHECKING:  # the site stage loads with the first build, not when MkDocs reads mkdocs.yml (`validate`)
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

    from .build import Progress, SiteBuild
    from .serving import WorkbookWriter

__all__ = ["MentorkitConfig", "MentorkitPlugin"]


class MentorkitPlugin(BasePlugin[MentorkitConfig]):
    supports_multiple_instances = False

    def __init__(self):
        # From `mentorkit build/serve` (see `use`). MkDocs keeps this instance across the
        # rebuilds of `serve`, and reads mkdocs.yml again for each: the flags stay here.
        self.given: Optional[Project] = None  # from `mentorkit build/serve` (see `use`)
        self.project: Optional[Project] = None
        self.assets: dict[str, Path | str] = {}
        self.build: Optional[SiteBuild] = None
        self.progress: Optional[Progress] = None
        # A preview (`serve`) keeps going on a broken plan: the last good build and the problems
        # shown on every page; its workbooks are made after the pages (site/serving.py).
        self.serving = False
        self.last_good: Optional[SiteBuild] = None
        self.problems: list = []
        self.writer: Optional[WorkbookWriter] = None
        self.shown: Optional[str] = None  # a plan page's content while search reads its search copy

    def use(self, project: Project) -> None:
        """Build this project: its settings (the flags over mkdocs.yml) and its plans, already
        checked by the command, are used as they are, not read again."""
        self.given = project

    @property
    def settings(self) -> Optional[Settings]:
        return self.project.settings if self.project else None

    @property
    def logo_url(self) -> Optional[str]:
        """For themes: `config.plugins["mentorkit"].logo_url`."""
        from .build import logo_url

        return logo_url(self.settings) if self.settings else None

    @event_priority(-100)  # after the other plugins: Material's offline plugin adds a CDN script in on_config
    def on_config(self, config: MkDocsConfig):
        # The settings as MkDocs has them now (other plugins' on_config came first), with the command's
        # flags; the plans `mentorkit build` checked are not read again. A preview's rebuild (MkDocs
        # reads mkdocs.yml again, a new config) checks them anew.
        from .build import speak_site_language, theme_assets
        from .offline import keep_offline

        given = self.given
        reuse = given is not None and given.settings.mkdocs is config
        self.project = Project.from_mkdocs(config, self.config, overrides=given.settings.overrides if given else {},
                                           program=given.checked_program if reuse else None)
        self.assets = theme_assets(config, self.settings)
        speak_site_language(config, self.settings.language)
        if self.settings.offline:
            keep_offline(config)
        return config

    def on_startup(self, *, command: str, dirty: bool):
        self.serving = command == "serve"

    def on_pre_build(self, *, config: MkDocsConfig):
        from .build import SiteBuild, log

        self._stop_writer()
        program = self.project.program  # checked once per build; a preview's rebuild has a new Project
        self.problems = []
        if not self.serving:
            with _as_plugin_error():
                self.build = SiteBuild.prepare(self.project, config)
            return
        try:
            self.build = self.last_good = SiteBuild.prepare(self.project, config, workbooks_now=False)
        except MentorkitError as exc:
            # MkDocs' server answers no request until a build works: keep the last good pages
            # (or, at the start, an empty catalog) and show the problems in the browser.
            self.problems = exc.diagnostics
            for diagnostic in exc.diagnostics:
                log.error(diagnostic.format())
            log.error(f"mentorkit: {plural(len(errors(exc.diagnostics)), 'error')}; the preview shows them "
                      "on every page, with the last pages that worked, until they are fixed")
            if self.last_good is None:
                with _as_plugin_error():
                    self.last_good = SiteBuild.prepare(Project(self.settings, program=Program(program.folder)),
                                                       config, workbooks_now=False)
            self.build = self.last_good

    # After the other plugins (mkdocs-static-i18n sorts the user's files by language at -100 and
    # expects each to have a source file; mentorkit's pages are made in memory, with none).
    @event_priority(-110)
    def on_files(self, files: Files, *, config: MkDocsConfig):
        from .build import Progress

        with _as_plugin_error():
            files = self.build.add_files(files, config, self.assets)
        self.progress = Progress("pages written", len(files.documentation_pages()))
        return files

    def _place_catalog(self, nav: Navigation, *, config: MkDocsConfig, files: Files):
        return self.build.place_catalog(nav, files)

    @event_priority(-100)  # after print-site's on_nav, which takes the pages it prints from the nav
    def _print_plan_pages(self, nav: Navigation, *, config: MkDocsConfig, files: Files):
        from .pages import theme_text
        from .print_site import add_plan_pages

        model = self.build.model
        add_plan_pages(config, nav, files, model.catalog.src_uri,
                       [[page.src_uri for page in entry.pages.values()] for entry in model.plans],
                       [theme_text(entry.view.title) for entry in model.plans])  # printed unescaped
        return nav

    on_nav = CombinedEvent(_place_catalog, _print_plan_pages)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files):
        return "" if self.build.owns(page) else markdown

    def _page_html(self, html: str, *, page: Page, config: MkDocsConfig, files: Files):
        with _as_plugin_error():
            return self.build.page_html(page, html)

    @event_priority(-1000)  # after every plugin's on_page_content: the page's HTML as it will be written
    def _put_away(self, html: str, *, page: Page, config: MkDocsConfig, files: Files):
        return self.build.put_away(page, html)

    on_page_content = CombinedEvent(_page_html, _put_away)

    # The search plugins (MkDocs', Material's) index `page.content` in their on_page_context, at
    # the default priority 0: around them, a plan page's content is its search copy, the words
    # people look a plan up by (site/build.py search_copy), and then the page as shown again.
    @event_priority(10)
    def _lend_search_copy(self, context, *, page: Page, config: MkDocsConfig, nav: Navigation):
        self.build.take_out(page)
        with _as_plugin_error():
            copy = self.build.search_copy(page)
        if copy is not None:
            self.shown, page.content = page.content, copy
        return context

    @event_priority(-10)
    def _restore_content(self, context, *, page: Page, config: MkDocsConfig, nav: Navigation):
        if self.shown is not None:
            page.content, self.shown = self.shown, None
        return context

    on_page_context = CombinedEvent(_lend_search_copy, _restore_content)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig):
        self.build.written(page)
        self.progress.done += 1
        self.progress(self.progress.done)
        if not self.problems:
            return output
        from .serving import problems_banner, with_banner

        return with_banner(output, problems_banner(self.problems))

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        from .serving import answer_only_for, served_names, wait_for_workbooks

        server.watch(str(self.settings.plans))  # plans outside docs_dir too
        if self.settings.theme.folder:
            server.watch(str(self.settings.theme.folder))
        app = wait_for_workbooks(server.get_app(), server.mount_path, lambda: self.writer)
        server.set_app(answer_only_for(app, served_names(str(server.server_address[0]))))
        return server

    def on_post_build(self, *, config: MkDocsConfig):
        self.progress.finish()
        mark_as_built(Path(config.site_dir))  # a later build may replace this folder, and no other
        if self.serving and self.settings.workbooks and self.build.workbook_plans:
            from .pages import WORKBOOKS_DIR
            from .serving import WorkbookWriter

            self.writer = WorkbookWriter(self.project, self.build.workbook_plans,
                                         Path(config.site_dir) / WORKBOOKS_DIR).start(after_a_page=True)
        self._close()

    def on_build_error(self, *, error: Exception):
        self._close()

    def on_shutdown(self):
        self._stop_writer()
        self._close()
        # MkDocs keeps this instance for every later config of the process (it has on_startup):
        # what this command gave it (`use`) or left (a preview's last pages) must not reach the next.
        self.given, self.project, self.last_good, self.problems = None, None, None, []

    def _stop_writer(self) -> None:
        if self.writer is not None:
            self.writer.stop()
            self.writer = None

    def _close(self) -> None:
        if self.build is not None:
            self.build.close()


@contextmanager
def _as_plugin_error() -> Iterator[None]:
    """MkDocs prints a PluginError and stops the build: mentorkit's located diagnostics go in it."""
    try:
        yield
    except MentorkitError as exc:
        message = str(exc)
        if isinstance(exc, PlanError):
            message += f"\n{plural(len(errors(exc.diagnostics)), 'error')} in the plans; the site was not built"
        raise PluginError(message) from None
