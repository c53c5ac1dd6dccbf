"""The `mentorkit` command: a thin layer over the library API."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import __version__
from ..diagnostics import EXIT_OK, EXIT_PROBLEMS, display_path, errors, plural
from ..output import write_text_atomic
from ..plan.schema import format_reference, plan_schema_text
from ..project import Project
from .report import MentorkitGroup, show


@click.group(cls=MentorkitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mentorkit")
def main() -> None:
    """Structured mentoring programs as code: validate plans, build the site and workbooks."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="How to print problems.")
def validate(paths: tuple[Path, ...], strict: bool, fmt: str) -> None:
    """Check plans (files or folders; default: the plans folder of mkdocs.yml, else plans/)."""
    project = Project.open()  # a bad mkdocs.yml is refused here as by every command
    if not paths:
        if not project.settings.plans.exists():
            raise click.UsageError(f"no plans folder '{display_path(project.settings.plans)}' here; "
                                   "name plan files or folders to check")
        paths = (Path(display_path(project.settings.plans)),)
    program = project.check(paths)
    show(program.diagnostics, fmt=fmt, err=False)
    failed = errors(program.diagnostics) or (strict and program.diagnostics)
    if fmt == "text":
        n_err = len(errors(program.diagnostics))
        click.echo(f"{plural(program.checked, 'plan')} checked: {plural(n_err, 'error')}, "
                   f"{plural(len(program.diagnostics) - n_err, 'warning')}", err=True)
    sys.exit(EXIT_PROBLEMS if failed else EXIT_OK)


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the schema to this file instead of printing it.")
@click.option("--markdown", is_flag=True, help="The key reference as Markdown instead of JSON Schema.")
def schema(output: Path | None, markdown: bool) -> None:
    """Print the JSON Schema (draft-07) of the plan format, for editors."""
    text = format_reference() if markdown else plan_schema_text()
    if output is None:
        click.echo(text, nl=False)
        return
    write_text_atomic(output, text)
    click.echo(f"wrote {output}", err=True)


# Commands of the site and workbook modules register here, one line each.
from .site import build as site_build, serve as site_serve  # noqa: E402
main.add_command(site_build)
main.add_command(site_serve)
from .workbook import workbook  # noqa: E402
main.add_command(workbook)
from .starting import init, new  # noqa: E402
main.add_command(new)
main.add_command(init)
from .reporting import report  # noqa: E402
main.add_command(report)
from .calendar import calendar  # noqa: E402
main.add_command(calendar)
from .roster import roster  # noqa: E402
main.add_command(roster)
from .importing import import_  # noqa: E402
main.add_command(import_)

if __name__ == "__main__":  # pragma: no cover
    main()
