"""`mentorkit workbook PLAN.yaml -o OUT.pdf`: a thin layer over `workbook.write_workbook`."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..diagnostics import Diagnostic, errors
from ..plan.loading import check_file, display_path
from ..output import OutputError
from ..settings import find_config, plugin_settings
from ..workbook.render import PAPERS, WorkbookError, WorkbookRenderer, write_workbook

EXIT_OK, EXIT_PROBLEMS = 0, 1


def _error(path: Path | str, message: str, line: int = 1, column: int = 1) -> None:
    click.echo(Diagnostic(display_path(Path(path)), line, column, "error", message).format(), err=True)


def _default_paper() -> str:
    """The `paper` setting of the mentorkit plugin in ./mkdocs.yml, else A4."""
    config = find_config()
    paper = plugin_settings(config).get("paper") if config else None
    return paper.lower() if isinstance(paper, str) and paper.lower() in PAPERS else "a4"


@click.command()
@click.argument("plan_file", metavar="PLAN.yaml", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Where to write the PDF (default: the plan's name with .pdf, in this folder).")
@click.option("--paper", type=click.Choice(sorted(PAPERS), case_sensitive=False), default=None,
              help="Paper size (default: the plugin's `paper` in mkdocs.yml, else a4).")
@click.option("--fillable", is_flag=True, help="Make the writing spaces PDF form fields, to fill in on screen.")
@click.option("--theme", "theme_dir", type=click.Path(path_type=Path),
              help="A folder whose templates and CSS override the built-in print theme.")
def workbook(plan_file: Path, output: Path | None, paper: str | None, fillable: bool, theme_dir: Path | None) -> None:
    """Write the printable workbook (PDF) of one plan."""
    result = check_file(plan_file, named=True)
    for diagnostic in sorted(result.diagnostics):
        click.echo(diagnostic.format(), err=True)
    if not result.ok or errors(result.diagnostics):
        sys.exit(EXIT_PROBLEMS)
    plan = result.plan
    output = output if output is not None else Path(plan_file.stem + ".pdf")
    if output.exists() and output.is_dir():
        _error(output, "is a folder; give the PDF file to write, e.g. -o workbook.pdf")
        sys.exit(EXIT_PROBLEMS)
    if _same_file(output, plan_file):
        _error(output, "is the plan itself; choose another output file, e.g. -o workbook.pdf")
        sys.exit(EXIT_PROBLEMS)
    try:
        renderer = WorkbookRenderer(theme_dir=theme_dir, paper=(paper or _default_paper()).lower())
        write_workbook(plan, output, fillable=fillable, renderer=renderer)
    except WorkbookError as exc:
        _error(exc.path, exc.message, exc.line, exc.column)
        sys.exit(EXIT_PROBLEMS)
    except OutputError as exc:
        _error(exc.path, exc.message)
        sys.exit(EXIT_PROBLEMS)
    except Exception as exc:  # a broken user theme can fail anywhere inside WeasyPrint
        if os.environ.get("MENTORKIT_DEBUG"):
            raise
        _error(plan_file, f"could not render the workbook: {type(exc).__name__}: {exc} "
                          "(set MENTORKIT_DEBUG=1 to see where)")
        sys.exit(EXIT_PROBLEMS)
    for url, reason in renderer.theme_refused + renderer.last_refused:
        click.echo(Diagnostic(display_path(plan_file), 1, 1, "warning",
                              f"left out of the workbook: {url} ({reason})").format(), err=True)
    size = output.stat().st_size
    click.echo(f"wrote {display_path(output)} ({len(plan.meetings)} meetings, {renderer.paper}, "
               f"{'fillable, ' if fillable else ''}{size / 1024:.0f} KB)", err=True)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False
