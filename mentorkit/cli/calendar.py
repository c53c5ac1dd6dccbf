"""`mentorkit calendar PLAN.yaml -o meetings.ics`: a thin layer over `ics.calendar_bytes`.

The plan's own calendar, in full (its people as attendees, its location), as its workbook is.
SEQUENCE numbers come from the file written last time: the output file itself, or `--previous`.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..diagnostics import EXIT_PROBLEMS, MentorkitError, display_path, errors
from ..output import write_bytes_atomic
from ..project import Project
from .outputs import output_path, same_file
from .report import show


@click.command("calendar")
@click.argument("plan_file", metavar="PLAN.yaml", type=click.Path(path_type=Path))
@click.option("-o", "--output", "output_arg", type=click.Path(),
              help="Where to write the calendar: a file, a folder ending in / or - for standard output "
                   "(default: the plan's name with .ics, in this folder). Only a regular file is ever replaced.")
@click.option("--previous", type=click.Path(dir_okay=False, path_type=Path),
              help="The calendar file written last time, whose SEQUENCE numbers grow for the meetings that "
                   "changed (default: the output file, when it exists).")
def calendar(plan_file: Path, output_arg: str | None, previous: Path | None) -> None:
    """Write the plan's meetings as a calendar file (iCalendar, .ics) to import."""
    project = Project.open()
    result = project.check_file(plan_file)
    show(result.diagnostics)
    if not result.ok or errors(result.diagnostics):
        sys.exit(EXIT_PROBLEMS)
    plan = result.plan
    project.require_dates(plan)  # before any file is looked at
    to_stdout = output_arg == "-"
    output = output_path(output_arg, plan_file, suffix=".ics", kind="calendar")
    if not to_stdout and same_file(output, plan_file):
        raise MentorkitError.at(output, "is the plan itself; choose another output file, e.g. -o meetings.ics")
    history = previous if previous is not None else (None if to_stdout else output)
    old = _read(history) if history is not None else None
    data = project.calendar(plan, previous=old)
    if to_stdout:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_bytes_atomic(output, data)
    click.echo(f"wrote {'standard output' if to_stdout else display_path(output)} "
               f"({sum(1 for m in plan.meetings if m.date)} meetings)", err=True)


def _read(path: Path) -> bytes | None:
    """The previous calendar file, if there is one to read (a missing one starts the history)."""
    try:
        return path.read_bytes() if path.is_file() else None
    except OSError as exc:
        raise MentorkitError.at(path, f"cannot read the previous calendar: {exc.strerror or exc}") from None
