"""The printable workbook: a plan -> print-theme HTML -> PDF (WeasyPrint), written atomically.

Two stages, as everywhere in mentorkit: the view of the plan (`view.build_view`, shared with
the site) plus the workbook's own print layer (`context.build_context`: writing spaces, contents,
running title) give every value the templates show, then `WorkbookRenderer` renders the Jinja
print theme and lays it out with WeasyPrint. A renderer parses the theme's CSS and
loads its fonts once, so rendering many workbooks in one process (a site build, a
roster) pays for that only once.

Only `urlfetch.SafeURLFetcher` may read anything during rendering: a plan cannot pull a
local file or a network resource into its PDF.
"""
from __future__ import annotations

import logging
import traceback
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import jinja2
from markupsafe import Markup

from ..diagnostics import MentorkitError
from ..output import write_bytes_atomic
from ..plan.model import Plan
from ..plan.loading import fewer_collections, project_root
from ..themes import Branding, compiled_templates, print_branding_css, themes_dir
from ..locale import DEFAULT as DEFAULT_LANGUAGE, install as install_gettext, speaking
from ..view import labels
from ..view.plan_view import build_view
from ..view.text import format_number
from .context import COVER_FITS, WorkbookContext, build_context, inline, markdown, unbroken
from .forms import fix_form
from .paper import PAPERS
from .tagged import finish_tagged
from .writing_room import fill_to_foot

if TYPE_CHECKING:  # WeasyPrint loads only when a workbook is rendered: other commands stay fast
    from .urlfetch import SafeURLFetcher

PDF_VARIANT = "pdf/ua-1"  # tagged PDF for screen readers; WeasyPrint >= 60 supports it
TEMPLATE = "workbook.html"
COVER_TEMPLATE = "cover-alone.html"  # the cover as a document of its own, to see whether it fits
STYLESHEET = "workbook.css"
EXTRA_STYLESHEET = "extra.css"  # a user theme may add rules without copying workbook.css


class WorkbookError(MentorkitError):
    """The print theme cannot be used, or a workbook cannot be made."""

    def __init__(self, path: Path | str, message: str, line: int = 1, column: int = 1):
        self.path = Path(path)
        self.message = message
        self.line = line
        self.column = column
        super().__init__(MentorkitError.at(path, message, line, column).diagnostics)


def builtin_theme_dir() -> Path:
    return themes_dir() / "print"


class WorkbookRenderer:
    """Renders plans to workbook PDFs; keep one to render many (CSS and fonts load once).

    `theme_dir`: a folder whose templates, `workbook.css` or `extra.css` override the
    built-in print theme, file by file. `project_root`: the folder whose images plans may
    show (default: per plan, the folder with mkdocs.yml above it, else the plan's folder).
    `branding`: the program's logo (on the cover) and colour (cover and headings).
    """

    def __init__(self, theme_dir: Path | str | None = None, paper: str = "a4",
                 project_root: Path | str | None = None, branding: Optional[Branding] = None,
                 language: str = DEFAULT_LANGUAGE):
        from weasyprint import CSS
        from weasyprint.css.counters import CounterStyle
        from weasyprint.text.fonts import FontConfiguration

        from .urlfetch import SafeURLFetcher

        paper = str(paper).lower()
        if paper not in PAPERS:
            raise ValueError(f"unknown paper size {paper!r}; use one of: {', '.join(PAPERS)}")
        self.paper = paper
        self.language = language  # the program's: a plan's own `language` wins
        self.project_root = Path(project_root).resolve() if project_root is not None else None
        self.branding = branding or Branding()
        self.logo = Path(self.branding.logo).resolve() if self.branding.logo else None
        builtin = builtin_theme_dir()
        self.theme_dirs: list[Path] = []
        self.theme_dir: Optional[Path] = None  # the user's override folder, if any
        if theme_dir is not None:
            theme_dir = Path(theme_dir)
            if not theme_dir.is_dir():
                raise WorkbookError(theme_dir, "the print theme folder does not exist")
            self.theme_dir = theme_dir.resolve()
            self.theme_dirs.append(self.theme_dir)
        self.theme_dirs.append(builtin.resolve())
        self.environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(d) for d in self.theme_dirs]),
            autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
            bytecode_cache=compiled_templates("print"))
        # Plan text reaches templates raw, as values only (never as template source): these
        # render it escaped and sanitised, keeping only links that work on paper.
        self.environment.filters.update(inline=inline, md=markdown, number=format_number, unbroken=unbroken)
        self.environment.filters["css_string"] = css_string
        self.environment.globals["labels"] = labels
        install_gettext(self.environment)  # {{ _("...") }} in the plan's language (`html`)
        self.font_config = FontConfiguration()
        self.counter_style = CounterStyle()
        self.image_cache = _ImageCache()  # WeasyPrint's image cache, shared by every render
        self.last_refused: list[tuple[str, str]] = []  # what the last render left out, and why
        self.last_served: list[Path] = []  # every file the last render read
        fetcher = SafeURLFetcher(theme_roots=self.theme_dirs)
        self.stylesheets = []
        sheets = [self._theme_file(STYLESHEET)]
        extra = self._theme_file(EXTRA_STYLESHEET, required=False)
        if extra is not None:
            sheets.append(extra)
        for sheet in sheets:
            try:
                css_text = sheet.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise WorkbookError(sheet, f"cannot read the stylesheet: {exc}") from None
            self.stylesheets.append(CSS(string=css_text, base_url=sheet.as_uri(), url_fetcher=fetcher,
                                        font_config=self.font_config, counter_style=self.counter_style))
        self.stylesheets.append(CSS(string=f"@page {{ size: {PAPERS[paper].css}; }}", font_config=self.font_config,
                                    counter_style=self.counter_style, url_fetcher=fetcher))
        if self.branding.colour:
            self.stylesheets.append(CSS(string=print_branding_css(self.branding.colour), font_config=self.font_config,
                                        counter_style=self.counter_style, url_fetcher=fetcher))
        self.theme_refused = list(fetcher.refused)
        try:
            self.template = self.environment.get_template(TEMPLATE)
        except jinja2.TemplateSyntaxError as exc:
            raise WorkbookError(exc.filename or TEMPLATE, f"template error: {exc.message}", exc.lineno or 1) from None
        except jinja2.TemplateNotFound as exc:
            raise WorkbookError(self.theme_dirs[0] / exc.name, "template not found in the print theme") from None

    def _theme_file(self, name: str, *, required: bool = True) -> Optional[Path]:
        for folder in self.theme_dirs:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        if required:
            raise WorkbookError(self.theme_dirs[0] / name, "missing from the print theme")
        return None

    def html(self, plan: Plan, *, fillable: bool = False, fetcher: Optional["SafeURLFetcher"] = None,
             member: Optional[str] = None) -> str:
        """The workbook as HTML (the input WeasyPrint lays out). `fetcher`: the one the whole
        render reads through (the cover, laid out first, may read images too). `member`: a circle
        member's name, for their own copy (ValueError when the plan has no such member)."""
        view = build_view(plan, self.language)
        with speaking(view.language):
            context = build_context(view, paper=self.paper, fillable=fillable,
                                    logo=self.logo.as_uri() if self.logo else None, member=member)
            context = self._fit_cover(context, plan, fetcher or self.fetcher_for(plan))
            return self._render_template(self.template, context)

    def cover(self, plan: Plan, *, member: Optional[str] = None) -> bytes:
        """The cover alone as a one-page PDF, set as the workbook sets it: a quick look at the
        covers of a cohort (their titles are set alike) without making every workbook."""
        from weasyprint import HTML

        fetcher = self.fetcher_for(plan)
        view = build_view(plan, self.language)
        with speaking(view.language):
            context = build_context(view, paper=self.paper, logo=self.logo.as_uri() if self.logo else None,
                                    member=member)
            context = self._fit_cover(context, plan, fetcher)
            html = self._render_template(self.environment.get_template(COVER_TEMPLATE), context)
        self.image_cache.fetcher = fetcher
        with _quiet_weasyprint(), fewer_collections():
            return HTML(string=html, base_url=self.base_url(plan), url_fetcher=fetcher).write_pdf(
                stylesheets=self.stylesheets, font_config=self.font_config, counter_style=self.counter_style,
                cache=self.image_cache)

    def _render_template(self, template: jinja2.Template, context: WorkbookContext) -> str:
        try:
            return template.render(context.template_vars())
        except jinja2.TemplateError as exc:
            filename, line = self._template_frame(exc)
            raise WorkbookError(getattr(exc, "filename", None) or filename, f"template error: {exc}",
                                getattr(exc, "lineno", None) or line) from None

    def _fit_cover(self, context: WorkbookContext, plan: Plan, fetcher: "SafeURLFetcher") -> WorkbookContext:
        """The loosest cover setting with which the cover stays on its one page: the cover is
        laid out alone (a small document, quick) until it fits."""
        from weasyprint import HTML

        cover = self.environment.get_template(COVER_TEMPLATE)
        for fit in COVER_FITS:
            context = replace(context, cover_fit=fit)
            document = HTML(string=self._render_template(cover, context), base_url=self.base_url(plan),
                            url_fetcher=fetcher)
            self.image_cache.fetcher = fetcher
            with _quiet_weasyprint(), fewer_collections():
                pages = len(document.render(stylesheets=self.stylesheets, font_config=self.font_config,
                                            counter_style=self.counter_style, cache=self.image_cache).pages)
            if pages <= 1:
                break
        return context

    def _template_frame(self, exc: BaseException) -> tuple[str, int]:
        """The theme template and line a render error happened at (Jinja keeps template
        lines in the traceback), else the main template."""
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            path = Path(frame.filename)
            if path.suffix == ".html" and any(root in path.parents for root in self.theme_dirs):
                return str(path), frame.lineno or 1
        return TEMPLATE, 1

    def base_url(self, plan: Plan) -> Optional[str]:
        """Relative images in plan text resolve against the plan's folder."""
        if plan.source is not None:
            return Path(plan.source).resolve().parent.as_uri() + "/"
        return self.project_root.as_uri() + "/" if self.project_root else None

    def fetcher_for(self, plan: Plan) -> "SafeURLFetcher":
        from .urlfetch import SafeURLFetcher

        root = self.project_root or (project_root(Path(plan.source).resolve().parent) if plan.source else None)
        return SafeURLFetcher(theme_roots=self.theme_dirs, image_roots=[root] if root else [],
                              images=[self.logo] if self.logo else [])

    def render_html(self, html: str, *, base_url: Optional[str], fetcher: "SafeURLFetcher",
                    fillable: bool = False) -> bytes:
        """Lay out ready HTML with this renderer's stylesheets and fonts."""
        options = self._pdf_options(fillable)
        laid_out = self.lay_out(html, base_url=base_url, fetcher=fetcher, fillable=fillable)
        with _quiet_weasyprint(), fewer_collections():
            pdf = laid_out.write_pdf(finisher=_finish_form if fillable else finish_tagged, **options)
        self.last_refused = list(dict.fromkeys(fetcher.refused))  # once each: the cover is laid out twice
        self.last_served = list(dict.fromkeys(fetcher.served))
        return pdf

    def _pdf_options(self, fillable: bool) -> dict:
        return dict(stylesheets=self.stylesheets, pdf_variant=PDF_VARIANT, pdf_forms=fillable or None,
                    cache=self.image_cache, optimize_images=True, custom_metadata=True)

    def lay_out(self, html: str, *, base_url: Optional[str], fetcher: "SafeURLFetcher", fillable: bool = False):
        """The laid-out workbook (a `weasyprint.Document`, writing room filled), before it is drawn:
        what the page measures (`laid_out.page_use`) read. Laying out makes millions of small
        objects and few cycles: the garbage collector runs less often meanwhile (a sixth of the
        CPU of a render went to it)."""
        from weasyprint import HTML

        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
        self.image_cache.fetcher = fetcher
        with _quiet_weasyprint(), fewer_collections():
            laid_out = document.render(font_config=self.font_config, counter_style=self.counter_style,
                                       **self._pdf_options(fillable))
            fill_to_foot(laid_out)
        return laid_out

    def lay_out_plan(self, plan: Plan, *, fillable: bool = False, member: Optional[str] = None):
        """`lay_out` for a plan (`member`: a circle member's own copy)."""
        fetcher = self.fetcher_for(plan)
        with fewer_collections():
            return self.lay_out(self.html(plan, fillable=fillable, fetcher=fetcher, member=member),
                                base_url=self.base_url(plan), fetcher=fetcher, fillable=fillable)

    def render(self, plan: Plan, *, fillable: bool = False, member: Optional[str] = None) -> bytes:
        """The workbook of `plan` as PDF bytes (`member`: a circle member's own copy)."""
        fetcher = self.fetcher_for(plan)
        with fewer_collections():
            return self.render_html(self.html(plan, fillable=fillable, fetcher=fetcher, member=member),
                                    base_url=self.base_url(plan), fetcher=fetcher, fillable=fillable)


def css_string(text: str) -> Markup:
    """Text as a CSS string, quoted: the running header's words (the quotes of `Page N of M` that
    close and open around its counters are kept as the template writes them)."""
    text = str(text).replace("\\", "\\\\").replace("\n", " ")
    return Markup(f'"{text}"')


def _finish_form(document, pdf) -> None:
    """A fillable workbook's finisher: its form as readers need it, then the tagged PDF."""
    fix_form(document, pdf)
    finish_tagged(document, pdf)


class _ImageCache(dict):
    """WeasyPrint's image cache, kept for every render of a renderer. WeasyPrint takes an image it
    finds here without fetching it again, so each lookup goes through the fetcher of the render
    that asks: it records the file as read by this workbook (the workbook cache depends on it)
    and refuses what this plan may not show, as if the image had never been cached."""

    fetcher: Optional["SafeURLFetcher"] = None

    def __contains__(self, key) -> bool:
        if not super().__contains__(key):
            return False
        if isinstance(key, str) and self.fetcher is not None:
            from .urlfetch import RefusedURL

            try:
                path = self.fetcher.check(key)
            except RefusedURL:
                return False  # fetched again: the fetcher refuses it and says why
            self.fetcher.served.append(path)
        return True


class _quiet_weasyprint:
    """WeasyPrint logs each refused resource as an error; the fetcher already records them."""

    def __enter__(self):
        self.logger = logging.getLogger("weasyprint")
        self.level = self.logger.level
        self.logger.setLevel(logging.CRITICAL)

    def __exit__(self, *exc):
        self.logger.setLevel(self.level)


def write_workbook(plan: Plan, path: Path | str, *, paper: str = "a4", fillable: bool = False,
                   renderer: Optional[WorkbookRenderer] = None, member: Optional[str] = None) -> Path:
    """Render `plan` and write its workbook to `path` atomically; returns the path.

    With a `renderer`, its paper size and theme are used (`paper` is then ignored).
    On any error the file at `path`, if there was one, is left as it was.
    """
    renderer = renderer or WorkbookRenderer(paper=paper)
    data = renderer.render(plan, fillable=fillable, member=member)
    path = Path(path)
    write_bytes_atomic(path, data)
    return path
