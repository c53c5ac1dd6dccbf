"""The printable workbook: a plan -> print-theme HTML -> PDF (WeasyPrint), written atomically.

Two stages, as everywhere in mentorkit: `workbook_context()` derives every value the
templates show (templates compute nothing hard), then `WorkbookRenderer` renders the
Jinja print theme and lays it out with WeasyPrint. A renderer parses the theme's CSS and
loads its fonts once, so rendering many workbooks in one process (a site build, a
roster) pays for that only once.

Only `urlfetch.SafeURLFetcher` may read anything during rendering: a plan cannot pull a
local file or a network resource into its PDF.
"""
from __future__ import annotations

import datetime as dt
import logging
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import jinja2
from markupsafe import Markup

from ..diagnostics import MentorkitError
from ..markup import is_web_link, render_inline, render_markdown
from ..plan.model import Goal, Plan
from ..plan.loading import display_path
from ..output import write_bytes_atomic
from ..view.text import duration_text, first_and_last, format_date, format_number, kind_label, timeboxes
from ..settings import find_config
from ..themes import themes_dir

if TYPE_CHECKING:  # WeasyPrint loads only when a workbook is rendered: other commands stay fast
    from .urlfetch import SafeURLFetcher

PAPERS = {"a4": "A4", "letter": "letter"}  # CSS page size names
PDF_VARIANT = "pdf/ua-1"  # tagged PDF for screen readers; WeasyPrint >= 60 supports it
TEMPLATE = "workbook.html"
STYLESHEET = "workbook.css"
EXTRA_STYLESHEET = "extra.css"  # a user theme may add rules without copying workbook.css
FACET_LABELS = {
    "specific": "Specific", "measurable": "Measurable", "achievable": "Achievable", "relevant": "Relevant",
    "time_bound": "Time-bound", "realistic": "Realistic", "engaging": "Engaging", "actionable": "Actionable",
    "linked": "Linked",
}
FRAMEWORK_LABELS = {"smart": "SMART goal", "real": "REAL goal"}
METRIC_TYPES = {"task": "Task", "business": "Business", "talent": "Talent"}
OWNER_LABELS = {"mentor": "Mentor", "mentee": "Mentee", "both": "Both"}


class WorkbookError(MentorkitError):
    """The print theme cannot be used, or a workbook cannot be made."""

    def __init__(self, path: Path | str, message: str, line: int = 1, column: int = 1):
        self.path = Path(path)
        self.message = message
        self.line = line
        self.column = column
        super().__init__(MentorkitError.at(path, message, line, column).diagnostics)

    def located(self) -> str:
        """'file:line:column: error: message', with the path as the user would write it."""
        return f"{display_path(self.path)}:{self.line}:{self.column}: error: {self.message}"


def builtin_theme_dir() -> Path:
    return themes_dir() / "print"


# ---------------------------------------------------------------------------------------------
# Stage 1: the context the templates receive


@dataclass
class Section:
    """One entry of the table of contents and the PDF outline."""
    id: str
    title: str
    level: int = 1


@dataclass
class Written:
    """A writing space: ruled lines to fill by hand, or text the pair already logged."""
    name: str  # form field name (unique in the document)
    lines: int
    text: Markup = Markup("")
    items: list[Markup] = field(default_factory=list)

    @property
    def filled(self) -> bool:
        return bool(self.text or self.items)

    @property
    def plain(self) -> str:
        """The logged text as plain text, for a pre-filled form field."""
        parts = [self.text.striptags()] if self.text else []
        parts += ["• " + item.striptags() for item in self.items]
        return "\n".join(parts)


def _inline(text: Any) -> Markup:
    return render_inline(str(text), for_print=True) if text not in (None, "") else Markup("")


def _goal_summary(goal: Goal, plan: Plan) -> dict:
    metrics = []
    for metric_id in goal.metrics:
        metric = plan.metric(metric_id)
        if metric is not None:
            metrics.append(_metric_row(metric))
    return {
        "id": goal.id,
        "title": _inline(goal.title),
        "framework": FRAMEWORK_LABELS[goal.framework],
        "facets": [(FACET_LABELS[name], _inline(text)) for name, text in goal.facets()],
        "due": format_date(goal.due, short=True),
        "metrics": metrics,
    }


def _metric_row(metric) -> dict:
    latest = metric.latest
    return {
        "id": metric.id,
        "title": _inline(metric.title),
        "type": METRIC_TYPES.get(metric.type, metric.type),
        "unit": metric.unit or "",
        "baseline": format_number(metric.baseline),
        "target": format_number(metric.target),
        "latest": format_number(latest),
        "latest_date": format_date(metric.measurements[-1].date, short=True) if metric.measurements else "",
    }


def _meeting_context(plan: Plan, meeting) -> dict:
    prefix = f"m{meeting.number}"
    entry = meeting.log
    topic = meeting.topic

    def written(key: str, lines: int, text=None, items=()) -> Written:
        return Written(f"{prefix}-{key}", lines, _inline(text) if text else Markup(""),
                       [_inline(item) for item in items])

    return {
        "number": meeting.number,
        "id": f"meeting-{meeting.number}",
        "title": _inline(meeting.title),
        "plain_title": meeting.title,
        "has_topic": topic is not None,
        "date": format_date(meeting.date),
        "short_date": format_date(meeting.date, short=True),
        "logged_date": format_date(entry.date) if entry and entry.date else "",
        "goals": [_inline(goal.title) for goal in meeting.goals],
        "prework": [_inline(item) for item in (topic.prework if topic else [])],
        "agenda": [(_inline(title), minutes) for title, minutes in timeboxes(plan, topic)],
        "agenda_minutes": sum(minutes or 0 for _, minutes in timeboxes(plan, topic)),
        "questions": [_inline(q) for q in (topic.questions if topic else [])],
        "checkin": meeting.checkin,
        "logged": entry is not None,
        "rating": entry.rating if entry else None,
        "action": written("action", 3, entry and entry.action),
        "why": written("why", 4, entry and entry.why),
        "reflect": written("reflect", 3),
        "successes": written("successes", 4, items=entry.successes if entry else ()),
        "roadblocks": written("roadblocks", 4, items=entry.roadblocks if entry else ()),
        "mentee_steps": written("mentee-steps", 4, items=entry.next_steps if entry else ()),
        "mentor_steps": written("mentor-steps", 4, items=entry.mentor_next_steps if entry else ()),
        "notes": written("notes", 4, entry and entry.notes),
        "closing": [(_inline(q), Written(f"{prefix}-closing-{i}", 2)) for i, q in enumerate(plan.reflection, 1)],
    }


def _running_title(title: str, limit: int = 70) -> str:
    """The title for the running header, short enough to stay on one line."""
    return title if len(title) <= limit else title[:limit - 1].rstrip() + "\u2026"


def _resource(resource) -> dict:
    url = (resource.url or "").strip()
    # Print the address so it can be typed in; link it only when it is a web or mail address.
    linkable = bool(url) and is_web_link(url)
    return {"title": _inline(resource.title), "url": url, "href": url if linkable else None,
            "note": _inline(resource.note)}


def workbook_context(plan: Plan, *, paper: str = "a4", fillable: bool = False,
                     today: Optional[dt.date] = None) -> dict:
    """Every value the print theme shows, ready-made."""
    meetings = [_meeting_context(plan, m) for m in plan.meetings]
    first, last = first_and_last(plan)
    checkin = next((m for m in meetings if m["checkin"]), None)
    scale = plan.self_assessment.scale
    ratings = plan.self_assessment.ratings
    areas = [{"name": _inline(area), "rating": ratings.get(area), "field": f"self-{i}"}
             for i, area in enumerate(plan.self_assessment.areas, 1)]
    goal_titles = {goal.id: _inline(goal.title) for goal in plan.goals}
    logistics = plan.logistics
    schedule = plan.schedule
    pair = plan.pair

    sections = [
        Section("contents", "Contents"),
        Section("how-to-use", "How to use this workbook"),
        Section("before-mentee", "Before we start: the mentee"),
        Section("before-mentor", "Before we start: the mentor"),
        Section("self-assessment", "Self-assessment"),
        Section("game-plan", "The mentor's game plan"),
        Section("agreement", "Our agreement"),
        Section("goals", "Our goals"),
        Section("schedule", "Meeting schedule"),
    ]
    for meeting in meetings:
        sections.append(Section(meeting["id"], f"Meeting {meeting['number']}: {meeting['plain_title']}", 2))
        if meeting["checkin"]:
            sections.append(Section("check-in", "Half-way check-in", 2))
    sections += [
        Section("milestones", "Milestones"),
        Section("final-review", "Final review"),
        Section("resources", "Resources"),
        Section("notes", "Notes"),
    ]
    return {
        "plan": plan,
        "paper": paper,
        "fillable": fillable,
        "title": plan.title,
        "running_title": _running_title(plan.title),
        "kind": kind_label(plan),
        "summary": render_markdown(plan.summary, for_print=True),
        "audience": _inline(plan.audience),
        "duration": duration_text(plan),
        "start": format_date(first, short=True),
        "end": "" if schedule.open_ended else format_date(last, short=True),
        "open_ended": schedule.open_ended,
        "dated": first is not None,
        "length": schedule.length,
        "mentor": pair.mentor if pair else None,
        "mentee": pair.mentee if pair else None,
        "sections": sections,
        "meetings": meetings,
        "checkin": checkin,
        "scale": list(range(1, scale + 1)),
        "areas": areas,
        "blank_areas": max(0, 6 - len(areas)) if len(areas) < 6 else 2,
        "logistics": [(label, value) for label, value in (
            ("Where we meet", _inline(logistics.location)),
            ("How often", _inline(duration_text(plan))),
            ("How we keep in touch", _inline(", ".join(logistics.channels))),
            ("Replies expected", _inline(logistics.response_time)),
            ("Contact hours", _inline(logistics.contact_hours)),
        )],
        "responsibilities": [(_inline(task.replace("_", " ").capitalize()), owner)
                             for task, owner in logistics.responsibilities.items()],
        "owner_labels": OWNER_LABELS,
        "boundaries": [_inline(b) for b in logistics.boundaries],
        "confidentiality": _inline(logistics.confidentiality),
        "mentor_expectations": [_inline(e) for e in plan.expectations.mentor],
        "mentee_expectations": [_inline(e) for e in plan.expectations.mentee],
        "goals": [_goal_summary(goal, plan) for goal in plan.goals],
        "metrics": [_metric_row(metric) for metric in plan.metrics],
        "milestones": [{"title": _inline(m.title), "due": format_date(m.due, short=True),
                        "goal": goal_titles.get(m.goal, Markup("")), "achieved": format_date(m.achieved, short=True),
                        "field": f"milestone-{i}"}
                       for i, m in enumerate(plan.milestones, 1)],
        "resources": [_resource(r) for r in plan.resources],
        "reflection": [_inline(q) for q in plan.reflection],
        "generated": format_date(today or dt.date.today(), short=True),
    }


# ---------------------------------------------------------------------------------------------
# Stage 2: HTML and PDF


def _default_project_root(plan: Plan) -> Optional[Path]:
    """The folder holding mkdocs.yml above the plan, else the plan's own folder."""
    if plan.source is None:
        return None
    folder = Path(plan.source).resolve().parent
    for candidate in (folder, *folder.parents):
        if find_config(candidate):
            return candidate
    return folder


class WorkbookRenderer:
    """Renders plans to workbook PDFs; keep one to render many (CSS and fonts load once).

    `theme_dir`: a folder whose templates, `workbook.css` or `extra.css` override the
    built-in print theme, file by file. `project_root`: the folder whose images plans may
    show (default: per plan, the folder with mkdocs.yml above it, else the plan's folder).
    """

    def __init__(self, theme_dir: Path | str | None = None, paper: str = "a4",
                 project_root: Path | str | None = None):
        from weasyprint import CSS
        from weasyprint.css.counters import CounterStyle
        from weasyprint.text.fonts import FontConfiguration

        from .urlfetch import SafeURLFetcher

        paper = str(paper).lower()
        if paper not in PAPERS:
            raise ValueError(f"unknown paper size {paper!r}; use one of: {', '.join(PAPERS)}")
        self.paper = paper
        self.project_root = Path(project_root).resolve() if project_root is not None else None
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
            autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        self.font_config = FontConfiguration()
        self.counter_style = CounterStyle()
        self.image_cache: dict = {}  # WeasyPrint's image cache, shared by every render
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
        self.stylesheets.append(CSS(string=f"@page {{ size: {PAPERS[paper]}; }}", font_config=self.font_config,
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

    def html(self, plan: Plan, *, fillable: bool = False) -> str:
        """The workbook as HTML (the input WeasyPrint lays out)."""
        context = workbook_context(plan, paper=self.paper, fillable=fillable)
        try:
            return self.template.render(context)
        except jinja2.TemplateError as exc:
            filename, line = self._template_frame(exc)
            raise WorkbookError(getattr(exc, "filename", None) or filename, f"template error: {exc}",
                                getattr(exc, "lineno", None) or line) from None

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

        root = self.project_root or _default_project_root(plan)
        return SafeURLFetcher(theme_roots=self.theme_dirs, image_roots=[root] if root else [])

    def render_html(self, html: str, *, base_url: Optional[str], fetcher: "SafeURLFetcher",
                    fillable: bool = False) -> bytes:
        """Lay out ready HTML with this renderer's stylesheets and fonts."""
        from weasyprint import HTML

        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
        with _quiet_weasyprint():
            pdf = document.write_pdf(
                stylesheets=self.stylesheets, font_config=self.font_config, counter_style=self.counter_style,
                pdf_variant=PDF_VARIANT, pdf_forms=fillable or None, cache=self.image_cache,
                optimize_images=True)
        self.last_refused = list(fetcher.refused)
        self.last_served = list(fetcher.served)
        return pdf

    def render(self, plan: Plan, *, fillable: bool = False) -> bytes:
        """The workbook of `plan` as PDF bytes."""
        return self.render_html(self.html(plan, fillable=fillable), base_url=self.base_url(plan),
                                fetcher=self.fetcher_for(plan), fillable=fillable)


class _quiet_weasyprint:
    """WeasyPrint logs each refused resource as an error; the fetcher already records them."""

    def __enter__(self):
        self.logger = logging.getLogger("weasyprint")
        self.level = self.logger.level
        self.logger.setLevel(logging.CRITICAL)

    def __exit__(self, *exc):
        self.logger.setLevel(self.level)


def write_workbook(plan: Plan, path: Path | str, *, paper: str = "a4", fillable: bool = False,
                   renderer: Optional[WorkbookRenderer] = None) -> Path:
    """Render `plan` and write its workbook to `path` atomically; returns the path.

    With a `renderer`, its paper size and theme are used (`paper` is then ignored).
    On any error the file at `path`, if there was one, is left as it was.
    """
    renderer = renderer or WorkbookRenderer(paper=paper)
    data = renderer.render(plan, fillable=fillable)
    path = Path(path)
    write_bytes_atomic(path, data)
    return path
