"""`mentorkit report`: how each program is going, added up over its pairs, numbers only."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Optional

import click

from ..diagnostics import EXIT_PROBLEMS, MentorkitError, display_path, errors
from ..output import site_dir_problem
from ..project import Project
from ..view.privacy import DEFAULT_THRESHOLD, report_day
from .report import show


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=Path("report"),
              show_default=True, help="Folder to write the report into (replaced whole).")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Count up to this date (default: the end of the last whole month; reports of dates a "
                   "day apart can be compared to single out one pair's newest meeting).")
@click.option("--threshold", type=click.IntRange(min=1), default=None,
              help="Hide every figure computed over fewer pairs than this (default: the plugin's "
                   f"report_threshold, else {DEFAULT_THRESHOLD}).")
def report(paths: tuple[Path, ...], output: Path, as_of: Optional[dt.datetime], threshold: Optional[int]) -> None:
    """Write the program report of every program plan (default: the plans folder): an HTML page
    with charts, a CSV per table and JSON, from the pair plans that follow each program."""
    from ..report.render import MARKER, write_reports

    project = Project.open()
    settings, plans_folder = project.settings, project.plans_folder
    if not paths:
        if plans_folder is None:
            raise click.UsageError(f"no plans folder '{display_path(settings.plans)}' here; name plan files or folders")
        paths = (Path(display_path(settings.plans)),)
    program = project.check(paths)
    show(errors(program.diagnostics))
    if errors(program.diagnostics):
        sys.exit(EXIT_PROBLEMS)
    sources = [Path(p) for p in paths if Path(p).is_dir()] + [f for f in (plans_folder, settings.docs_dir,
                                                                         settings.site_dir) if f is not None]
    problem = site_dir_problem(output, keep=[settings.project_root], sources=sources, markers=(MARKER,))
    if problem:
        raise MentorkitError.at(output, problem.replace("the site", "the report").replace("a built site",
                                                                                         "a report written before"))
    limit = threshold or project.report_threshold
    day = as_of.date() if as_of else settings.report_as_of or report_day(dt.date.today())  # as the site's
    reports = project.reports(program.plans, as_of=day, threshold=limit)
    from ..locale import speaking

    with speaking(project.settings.language):  # the page in the program's language (data stays English)
        write_reports(reports, output)
    click.echo(f"wrote the report of {len(reports)} program{'s' if len(reports) != 1 else ''} to "
               f"{display_path(output)}/ (figures over fewer than {limit} pairs hidden)", err=True)
