"""A program, opened once: its settings, its checked plans, and one factory per output.

Every command and the MkDocs plugin start here. `Project.open` reads mkdocs.yml once (through
MkDocs, `settings.load_settings`) with the command line's flags over it; the plugin makes one
from the config MkDocs already validated (`Project.from_mkdocs`). What a program is, where its
plans are, which plans a pair plan may follow, how a workbook is rendered and cached, what a
site may publish of a plan: each is decided here once, and the outputs ask for it:

    project = Project.open()                      # ./mkdocs.yml, else the defaults
    program = project.program                     # every plan of the plans folder, checked once
    batch = project.workbooks(fillable=True)      # the one way to make many workbooks
    view = project.published_view(plan)           # what the site may show, at its `pairs` level
    data = project.calendar(plan, previous=None)  # the plan's own calendar, in full
    results = project.import_filled(pdf)          # a filled workbook back into its plan

A new output is one factory here and one command in `cli/`.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Optional

from .diagnostics import MentorkitError
from .plan.loading import Library, PlanResult, Program, check_file, check_paths, load_program
from .plan.model import Plan
from .settings import MentorkitConfig, Settings, load_settings
from .view import privacy

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from .report.figures import ProgramReport
    from .roster.pairs import Roster
    from .view.plan_view import PlanView
    from .workbook.batch import WorkbookBatch
    from .workbook.render import WorkbookRenderer

WORKBOOK_CACHE = "workbooks"  # under the project's cache folder, shared by build, serve and roster


class Project:
    """The settings of one program and everything made from them."""

    def __init__(self, settings: Settings, *, program: Optional[Program] = None):
        self.settings = settings
        self._program = program
        self._imports_library: Optional[Library] = None  # the plans a folder of returned workbooks goes into

    @classmethod
    def open(cls, config_file: Optional[Path] = None, *, strict: bool = False, require_plugin: bool = False,
             **overrides: Any) -> "Project":
        """The program of `config_file` (default: ./mkdocs.yml; without one, the defaults), with the
        command line's flags (`overrides`, None: not given) over its settings. Raises SettingsError."""
        return cls(load_settings(config_file, strict=strict, require_plugin=require_plugin, **overrides))

    @classmethod
    def from_mkdocs(cls, config: "MkDocsConfig", plugin_config: Optional[MentorkitConfig] = None, *,
                    overrides: Optional[Mapping[str, Any]] = None, program: Optional[Program] = None) -> "Project":
        """The program of a config MkDocs has validated (the plugin's `on_config`)."""
        return cls(Settings.from_mkdocs(config, plugin_config, overrides=overrides), program=program)

    def with_settings(self, **flags: Any) -> "Project":
        """The same program with these settings changed (None: not given); its checked plans kept
        unless the plans folder changes."""
        settings = self.settings.override(**flags)
        keep = self._program if settings.plans == self.settings.plans else None
        return Project(settings, program=keep)

    # ------------------------------------------------------------------------------ the plans

    @property
    def plans_folder(self) -> Optional[Path]:
        """The folder the program's plans are in, when it exists (a pair plan named on the command
        line looks there for the program it follows)."""
        return self.settings.plans if self.settings.plans.is_dir() else None

    @property
    def program(self) -> Program:
        """Every plan of the plans folder, checked once (never raises: see `.diagnostics`)."""
        if self._program is None:
            self._program = load_program(self.settings.plans)
        return self._program

    @property
    def checked_program(self) -> Optional[Program]:
        """The plans when they have been checked already, else None (nothing is read)."""
        return self._program

    def check(self, paths: Iterable[Path]) -> Program:
        """Check named plan files and folders, as `mentorkit validate` does."""
        return check_paths(paths, library=self.plans_folder)

    def check_file(self, path: Path) -> PlanResult:
        """Check one named plan file (a pair plan finds its program in the plans folder)."""
        return check_file(Path(path), named=True, library=self.plans_folder)

    def library(self) -> Library:
        """The plans a pair plan made elsewhere (a roster's row) may follow."""
        return Library([self.settings.plans] if self.plans_folder else [])

    # ------------------------------------------------------------------------------ outputs

    @property
    def image_root(self) -> Optional[Path]:
        """The folder whose files a workbook may show: the project's with mkdocs.yml; without it,
        each plan's own project (the folder above it holding mkdocs.yml, else its folder)."""
        return self.settings.project_root if self.settings.config_file else None

    @property
    def workbook_cache(self) -> Path:
        return self.settings.cache_dir / WORKBOOK_CACHE

    @property
    def template_cache(self) -> Path:
        """Where the theme's templates are kept compiled between builds."""
        from .themes import TEMPLATE_CACHE

        return self.settings.cache_dir / TEMPLATE_CACHE

    def renderer(self) -> "WorkbookRenderer":
        """A workbook renderer with the program's print theme, paper and branding (loads WeasyPrint)."""
        from .workbook.render import WorkbookRenderer

        settings = self.settings
        return WorkbookRenderer(theme_dir=settings.theme.print_override, paper=settings.paper,
                                project_root=self.image_root, branding=settings.branding,
                                language=settings.language)

    def workbooks(self, *, processes: Optional[int] = None, fillable: bool = False,
                  cached: bool = True) -> "WorkbookBatch":
        """The program's workbooks, many at once, from the content-hash cache where it has them."""
        from .workbook.batch import WorkbookBatch

        settings = self.settings
        return WorkbookBatch(settings.theme, settings.paper, self.image_root,
                             cache_dir=self.workbook_cache if cached else None, processes=processes,
                             branding=settings.branding, fillable=fillable, language=settings.language)

    @staticmethod
    def page_images(pdf: Path, folder: Optional[Path] = None, *, dpi: Optional[int] = None) -> list[Path]:
        """A workbook's pages as PNG files (default: `NAME-pages/` beside it), the folder replaced
        whole; for a designer looking at a print theme. Raises MentorkitError."""
        from .workbook.page_images import DEFAULT_DPI, pages_folder, write_page_images

        return write_page_images(Path(pdf), Path(folder) if folder else pages_folder(Path(pdf)),
                                 dpi=dpi or DEFAULT_DPI)

    def published_view(self, plan: Plan, pairs: Optional[str] = None) -> Optional["PlanView"]:
        """What the site may publish of `plan` at its `pairs` level (or `pairs`), None for nothing."""
        return privacy.published_view(plan, pairs or self.settings.pairs, self.settings.language)

    def calendar(self, plan: Plan, *, previous: Optional[bytes] = None) -> bytes:
        """The plan's own calendar file, in full (its people, its location); SEQUENCE numbers
        continue those of `previous`. Raises MentorkitError for a plan with no dates."""
        from .ics import calendar_bytes
        from .view.plan_view import build_view

        self.require_dates(plan)
        return calendar_bytes(build_view(plan, self.settings.language), previous=previous,
                              domain=self.settings.uid_domain)

    @staticmethod
    def require_dates(plan: Plan) -> None:
        """Raise MentorkitError, at the plan's schedule, when it has no dates for a calendar."""
        if plan.schedule.start is None:
            line, column = plan.positions.of(("schedule",))
            raise MentorkitError.at(plan.source or Path(plan.id), "a calendar needs dates: give the schedule a "
                                    "'start' (schedule.start: YYYY-MM-DD), the date of the first meeting",
                                    line, column)

    def import_filled(self, source: Path, *, into: Optional[Path] = None, overwrite: bool = False,
                      dry_run: bool = False) -> list:
        """What comes back: a filled workbook (PDF), or a forms export of check-in answers (CSV),
        recorded in its pairs' plans in the plans folder (or `into`). Raises MentorkitError."""
        plans = [self.settings.plans] if self.plans_folder else []
        if Path(source).suffix.lower() == ".csv":
            from .record.responses import import_responses

            return import_responses(Path(source), plans=plans, overwrite=overwrite, dry_run=dry_run)
        from .record import import_workbook

        if self._imports_library is None:  # one reading of the plans for a folder of returned workbooks
            self._imports_library = Library(plans)
        return [import_workbook(Path(source), plans=plans, into=into, overwrite=overwrite, dry_run=dry_run,
                                library=self._imports_library)]

    def read_roster(self, path: Path, *, keep_names: Optional[dict] = None, sheet: Optional[str] = None,
                    encoding: Optional[str] = None) -> "Roster":
        """A roster (CSV or spreadsheet) as checked pair plans of the program's programs, its
        columns named as `roster_columns` says, its mentors' capacity `mentor_capacity`.
        Raises RosterError when the file cannot be read at all."""
        from .roster.pairs import Intake, read_roster

        settings = self.settings
        intake = Intake(sheet=sheet, encoding=encoding, columns=dict(settings.roster_columns),
                        mentor_capacity=settings.mentor_capacity)
        return read_roster(Path(path), self.library(), keep_names=keep_names, intake=intake)

    @property
    def report_threshold(self) -> int:
        return self.settings.report_threshold

    def reports(self, plans: Iterable[Plan], *, as_of: dt.date,
                threshold: Optional[int] = None) -> list["ProgramReport"]:
        """The report of every program among `plans`, over the pairs that follow it, with no
        figure over fewer pairs than the threshold (the setting's, unless given)."""
        from .report.figures import program_reports

        return program_reports(plans, as_of=as_of, threshold=threshold or self.report_threshold)

    def __repr__(self) -> str:
        return f"Project({self.settings.project_root}, config_file={self.settings.config_file})"

