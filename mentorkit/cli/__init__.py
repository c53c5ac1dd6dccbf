"""The `mentorkit` command: a thin layer over the library API."""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import click

from .. import __version__
from ..diagnostics import EXIT_OK, EXIT_PROBLEMS, MentorkitError, display_path, errors, plural
from ..output import write_text_atomic
from ..plan.loading import PLAN_SUFFIXES, check_paths, slug_from_name
from ..plan.schema import SCHEMA_FILE_NAME, format_reference, plan_schema_text
from ..settings import find_config, load_settings
from ..themes import starter_templates
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
    settings = load_settings()  # a bad mkdocs.yml is refused here as by every command
    if not paths:
        if not settings.plans.exists():
            raise click.UsageError(f"no plans folder '{display_path(settings.plans)}' here; "
                                   "name plan files or folders to check")
        paths = (Path(display_path(settings.plans)),)
    program = check_paths(paths)
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
    write_new_or_same(output, text, replace=True)
    click.echo(f"wrote {output}", err=True)


def write_new_or_same(path: Path, text: str, *, replace: bool = False) -> bool:
    """Write text to path atomically. Without replace, an existing file is left alone."""
    if path.exists() and not replace:
        return False
    write_text_atomic(path, text)
    return True


@main.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-t", "--template", "template", default="onboarding", show_default=True,
              help="Starter template to copy (see --list).")
@click.option("--list", "list_templates", is_flag=True, help="List the starter templates.")
def new(file: Path | None, template: str, list_templates: bool) -> None:
    """Write a new plan FILE from a starter template. Never overwrites a file."""
    templates = starter_templates()
    if list_templates:
        for name, path in templates.items():
            title = re.search(r"(?m)^title:\s*(.+)$", path.read_text(encoding="utf-8"))
            click.echo(f"{name:<20} {title.group(1).strip() if title else ''}")
        return
    if file is None:
        raise click.UsageError("name the plan file to write, e.g. mentorkit new plans/my-plan.yaml")
    if template not in templates:
        raise click.UsageError(f"unknown template '{template}'; choose one of: {', '.join(templates)}")
    if file.suffix not in PLAN_SUFFIXES:
        raise click.UsageError(f"'{file}' should end in .yaml so mentorkit finds it")
    if file.exists():
        raise MentorkitError.at(file, "already exists; mentorkit never overwrites a file. Choose another name")
    if not file.parent.exists():
        raise MentorkitError.at(file, f"folder '{file.parent}' does not exist; create it first")
    schema_path = project_root(file.parent) / "schema" / SCHEMA_FILE_NAME
    text = starter_text(templates[template], plan_id=file.stem,
                        schema_ref=Path(os.path.relpath(schema_path, file.parent.resolve())).as_posix())
    try:
        with file.open("x", encoding="utf-8") as handle:  # "x": fail rather than overwrite, even in a race
            handle.write(text)
    except FileExistsError:
        raise MentorkitError.at(file, "already exists; mentorkit never overwrites a file. Choose another name") \
            from None
    except OSError as exc:
        raise MentorkitError.at(file, f"cannot write: {exc.strerror or exc}") from None
    if not schema_path.exists():
        schema_path.parent.mkdir(parents=True, exist_ok=True)
        write_new_or_same(schema_path, plan_schema_text())
    click.echo(f"wrote {file} from template '{template}'; check it with: mentorkit validate {file}", err=True)


def project_root(folder: Path) -> Path:
    """The nearest folder up from `folder` holding mkdocs.yml, else the working folder."""
    folder = folder.resolve()
    for candidate in (folder, *folder.parents):
        if find_config(candidate):
            return candidate
    return Path.cwd().resolve()


def starter_text(template: Path, *, plan_id: str, schema_ref: str) -> str:
    text = template.read_text(encoding="utf-8")
    slug = slug_from_name(plan_id)
    text = re.sub(r"(?m)^# yaml-language-server: \$schema=.*$", f"# yaml-language-server: $schema={schema_ref}", text)
    return re.sub(r"(?m)^id:.*$", f"id: {slug}", text, count=1)


# Commands of the site and workbook modules register here, one line each.
from .site import build as site_build, serve as site_serve  # noqa: E402
main.add_command(site_build)
main.add_command(site_serve)
from .workbook import workbook  # noqa: E402
main.add_command(workbook)

if __name__ == "__main__":  # pragma: no cover
    main()
