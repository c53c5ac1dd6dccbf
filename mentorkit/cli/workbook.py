"""`mentorkit workbook PLAN.yaml -o OUT.pdf`: a thin layer over `workbook.render.write_workbook`.

Run next to a mkdocs.yml, the workbook has the program's print theme and paper, as the
workbooks of `mentorkit build` do; `--paper` and `--theme` override them.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..diagnostics import EXIT_PROBLEMS, Diagnostic, MentorkitError, display_path, errors
from ..project import Project
from ..settings import PAPERS
from ..themes import Theme
from .outputs import output_path, same_file
from .report import show


@click.command()
@click.argument("plan_file", metavar="PLAN.yaml", type=click.Path(path_type=Path))
@click.option("-o", "--output", "output_arg", type=click.Path(),
              help="Where to write the PDF: a file, a folder ending in / or - for standard output "
                   "(default: the plan's name with .pdf, in this folder). Only a regular file is ever replaced.")
@click.option("--paper", type=click.Choice(PAPERS, case_sensitive=False), default=None,
              help="Paper size (default: the plugin's `paper` in mkdocs.yml, else a4).")
@click.option("--fillable", is_flag=True, help="Make the writing spaces PDF form fields, to fill in on screen.")
@click.option("--theme", "theme_dir", type=click.Path(path_type=Path),
              help="A folder whose templates and CSS override the built-in print theme "
                   "(default: the plugin's `theme` in mkdocs.yml).")
def workbook(plan_file: Path, output_arg: str | None, paper: str | None, fillable: bool,
             theme_dir: Path | None) -> None:
    """Write the printable workbook (PDF) of one plan."""
    from ..workbook.render import write_workbook  # WeasyPrint loads only here

    project = Project.open(paper=paper.lower() if paper else None,
                           theme=Theme(theme_dir, flat="print") if theme_dir else None)
    result = project.check_file(plan_file)
    show(result.diagnostics)
    if not result.ok or errors(result.diagnostics):
        sys.exit(EXIT_PROBLEMS)
    plan = result.plan
    to_stdout = output_arg == "-"
    output = output_path(output_arg, plan_file, suffix=".pdf", kind="PDF")
    if not to_stdout and same_file(output, plan_file):
        raise MentorkitError.at(output, "is the plan itself; choose another output file, e.g. -o workbook.pdf")
    try:
        renderer = project.renderer()
        if to_stdout:
            data = renderer.render(plan, fillable=fillable)
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            write_workbook(plan, output, fillable=fillable, renderer=renderer)
    except MentorkitError:
        raise
    except Exception as exc:  # a broken user theme can fail anywhere inside WeasyPrint
        if os.environ.get("MENTORKIT_DEBUG"):
            raise
        raise MentorkitError.at(plan_file, f"could not render the workbook: {type(exc).__name__}: {exc} "
                                           "(set MENTORKIT_DEBUG=1 to see where)") from None
    show(Diagnostic(display_path(plan_file), 1, 1, "warning", f"left out of the workbook: {url} ({reason})")
         for url, reason in renderer.theme_refused + renderer.last_refused)
    size = len(data) if to_stdout else output.stat().st_size
    click.echo(f"wrote {'standard output' if to_stdout else display_path(output)} ({len(plan.meetings)} meetings, {renderer.paper}, "
               f"{'fillable, ' if fillable else ''}{size / 1024:.0f} KB)", err=True)
