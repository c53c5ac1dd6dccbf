"""`mentorkit import FILLED.pdf|FOLDER/ [--into PLAN] [--overwrite] [--dry-run]`: a thin layer over
`record.import_workbook`. Every file is reported; one that cannot be imported does not stop the rest."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..diagnostics import EXIT_OK, EXIT_PROBLEMS, MentorkitError, display_path
from ..project import Project
from .report import show


@click.command("import")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--into", type=click.Path(dir_okay=False, path_type=Path),
              help="The plan to record into (default: the plan the workbook names, in the plans folder).")
@click.option("--overwrite", is_flag=True, help="Where the plan already holds another value, take the PDF's.")
@click.option("--dry-run", is_flag=True, help="Say what would change; write nothing.")
def import_(sources: tuple[Path, ...], into: Path | None, overwrite: bool, dry_run: bool) -> None:
    """Record filled workbooks (PDF files, or folders of them) in their pairs' plans; a .csv file is a
    forms export of check-in answers, one row per response."""
    project = Project.open()
    files = []
    for source in sources:
        files += sorted(source.glob("*.pdf")) if source.is_dir() else [source]
    failed = 0
    for pdf in files:
        try:
            results = project.import_filled(pdf, into=into, overwrite=overwrite, dry_run=dry_run)
        except MentorkitError as exc:
            show(exc.diagnostics)
            failed += 1
            continue
        for result in results:
            _report(pdf, result, overwrite, dry_run)
    if len(files) > 1:
        click.echo(f"{len(files) - failed} of {len(files)} files imported", err=True)
    sys.exit(EXIT_PROBLEMS if failed else EXIT_OK)


def _report(pdf: Path, result, overwrite: bool, dry_run: bool) -> None:
    """One file's import: what changed, the conflicts, what was not imported."""
    verb = "would change" if dry_run else "changed"
    head = f"{display_path(pdf)} -> {display_path(result.plan)}"
    if not result.changed:
        click.echo(f"{head}: nothing new")
    else:
        click.echo(f"{head}: {verb} " + "; ".join(result.summary()))
    for where, what, old, new in result.conflicts:
        kept = "took the new value" if overwrite else "kept the plan's (--overwrite takes the new value)"
        click.echo(f"  conflict: {where}: {what}: the plan has {_short(old)!r}, the import {_short(new)!r}; {kept}")
    for note in result.notes:
        click.echo(f"  note: {note}")


def _short(value) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:59] + "\u2026"
