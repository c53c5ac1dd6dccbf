"""`mentorkit workbook PLAN.yaml -o OUT.pdf`: a thin layer over `workbook.render.write_workbook`.

Run next to a mkdocs.yml, the workbook has the program's print theme and paper, as the
workbooks of `mentorkit build` do; `--paper` and `--theme` override them. `--png` also draws its
pages as images (`Project.page_images`); `--watch` makes it again whenever the plan, the program it
follows, mkdocs.yml or the print theme changes, until Ctrl-C.

A circle's workbook is the circle's copy (everyone's pages). `--member NAME` makes one member's own
copy instead, `--each-member` every member's: their own "before we start" page and self-assessment,
the circle's agreement, goals and meetings, in `<plan>-<member>.pdf`.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Optional

import click

from ..diagnostics import EXIT_PROBLEMS, Diagnostic, MentorkitError, display_path, errors, plural
from ..project import Project
from ..settings import PAPERS
from ..themes import Theme
from .outputs import output_path, same_file
from .report import show

WATCH_SECONDS = 0.5  # how often --watch looks at the files' times


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
@click.option("--png", "png", is_flag=True,
              help="Also draw every page as a PNG image, into NAME-pages/ beside the PDF (replaced whole).")
@click.option("--png-dir", type=click.Path(file_okay=False, path_type=Path),
              help="The folder for the page images instead (implies --png).")
@click.option("--dpi", type=click.IntRange(20, 300), default=None, help="Resolution of the page images (default 60).")
@click.option("--member", "member", metavar="NAME",
              help="A circle's workbook for this member alone: their own pages and the circle's "
                   "(default file: PLAN-NAME.pdf).")
@click.option("--each-member", is_flag=True,
              help="A copy for every member of a circle, one PDF each (PLAN-NAME.pdf; -o names a folder).")
@click.option("--watch", is_flag=True,
              help="Keep running: make the workbook again when the plan, its program, mkdocs.yml or the print "
                   "theme changes (Ctrl-C stops).")
def workbook(plan_file: Path, output_arg: str | None, paper: str | None, fillable: bool,
             theme_dir: Path | None, png: bool, png_dir: Path | None, dpi: int | None, member: str | None,
             each_member: bool, watch: bool) -> None:
    """Write the printable workbook (PDF) of one plan (of a circle: its copy, or its members')."""
    png = png or png_dir is not None or dpi is not None
    if output_arg == "-" and (png or watch):
        raise click.UsageError("--png and --watch write files: give -o a file instead of -")
    if member is not None and each_member:
        raise click.UsageError("--member makes one member's copy, --each-member every member's: give one of them")
    if each_member and output_arg is not None and not output_arg.endswith(("/", os.sep)):
        raise click.UsageError("--each-member writes one PDF a member: give -o a folder, ending in /")
    if each_member and png_dir is not None:
        raise click.UsageError("--each-member draws each copy's pages beside its PDF: use --png, not --png-dir")
    copies = EACH_MEMBER if each_member else member
    flags = dict(paper=paper.lower() if paper else None, theme=Theme(theme_dir, flat="print") if theme_dir else None)
    if not watch:
        if not make_workbook(plan_file, output_arg, fillable=fillable, png=png, png_dir=png_dir, dpi=dpi,
                             copies=copies, **flags):
            sys.exit(EXIT_PROBLEMS)
        return
    watch_workbook(plan_file, output_arg, fillable=fillable, png=png, png_dir=png_dir, dpi=dpi, copies=copies,
                   **flags)


EACH_MEMBER = object()  # `copies`: every member's copy of a circle's workbook


def make_workbook(plan_file: Path, output_arg: Optional[str], *, fillable: bool, png: bool = False,
                  png_dir: Optional[Path] = None, dpi: Optional[int] = None, copies=None, **flags) -> bool:
    """Check the plan and write its workbook (and page images); False when the plan has errors
    (printed). `copies`: a circle member's name (their own copy) or `EACH_MEMBER`. Raises
    MentorkitError for what stops the workbook elsewhere."""
    project = Project.open(**flags)
    result = project.check_file(plan_file)
    show(result.diagnostics)
    if not result.ok or errors(result.diagnostics):
        return False
    plan = result.plan
    if copies is None:
        _make_one(project, plan, plan_file, output_arg, fillable=fillable, png=png, png_dir=png_dir, dpi=dpi)
        return True
    members = _members(plan, plan_file, copies)
    renderer = None  # one for every copy: the theme's CSS and fonts load once
    for name, stem in members:
        renderer = _make_one(project, plan, plan_file, _member_output(output_arg, plan_file, stem,
                                                                      copies is EACH_MEMBER),
                             fillable=fillable, png=png, png_dir=png_dir, dpi=dpi, member=name, renderer=renderer)
    return True


def _members(plan, plan_file: Path, copies) -> list[tuple[str, str]]:
    """(name, file stem) of each member a copy is made for; refused, located at the plan, when the
    plan is not a circle's or names no such member."""
    from ..roster.pairs import file_stem

    circle = getattr(plan, "circle", None)
    if circle is None:
        raise MentorkitError.at(plan_file, "a member's copy is a circle's workbook, and this plan is a pair's "
                                "(it has no circle.members); leave out --member and --each-member")
    names = [m.name for m in circle.members]
    if copies is not EACH_MEMBER:
        wanted = str(copies).strip()
        found = next((n for n in names if n == wanted), None) or \
            next((n for n in names if n.casefold() == wanted.casefold()), None)
        if found is None:
            raise MentorkitError.at(plan_file, f"--member '{wanted}' is not a member of this circle; its members "
                                    f"are {', '.join(names)}")
        names = [found]
    stems: list[tuple[str, str]] = []
    used: set[str] = set()
    for name in names:
        stem = f"{plan_file.stem}-{file_stem(name, '') or 'member'}"
        base, n = stem, 2
        while stem in used:  # two names of one spelling in ASCII: numbered
            stem, n = f"{base}-{n}", n + 1
        used.add(stem)
        stems.append((name, stem))
    return stems


def _member_output(output_arg: Optional[str], plan_file: Path, stem: str, each: bool) -> Optional[str]:
    """A member's copy goes to -o when it names a file (one member), else `stem`.pdf in -o's folder
    (or here)."""
    if output_arg is None:
        return stem + ".pdf"
    if output_arg == "-" or (not each and not output_arg.endswith(("/", os.sep))):
        return output_arg
    return output_arg + stem + ".pdf"


def _make_one(project: Project, plan, plan_file: Path, output_arg: Optional[str], *, fillable: bool,
              png: bool, png_dir: Optional[Path], dpi: Optional[int], member: Optional[str] = None,
              renderer=None):
    """Write one workbook (a member's copy, with `member`); returns the renderer it used."""
    from ..workbook.render import write_workbook  # WeasyPrint loads only here

    to_stdout = output_arg == "-"
    output = output_path(output_arg, plan_file, suffix=".pdf", kind="PDF")
    if not to_stdout and same_file(output, plan_file):
        raise MentorkitError.at(output, "is the plan itself; choose another output file, e.g. -o workbook.pdf")
    if png:  # before the PDF is made: a folder that is not ours is refused with nothing written
        from ..workbook.page_images import folder_problem, pages_folder

        problem = folder_problem(png_dir or pages_folder(output))
        if problem:
            raise MentorkitError.at(png_dir or pages_folder(output), problem)
    try:
        renderer = renderer or project.renderer()
        if to_stdout:
            data = renderer.render(plan, fillable=fillable, member=member)
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            write_workbook(plan, output, fillable=fillable, renderer=renderer, member=member)
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
    whose = f"{member}'s copy, " if member else ""
    click.echo(f"wrote {'standard output' if to_stdout else display_path(output)} ({whose}{len(plan.meetings)} meetings, "
               f"{renderer.paper}, {'fillable, ' if fillable else ''}{size / 1024:.0f} KB)", err=True)
    if png:
        images = project.page_images(output, png_dir, dpi=dpi)
        where = display_path(images[0].parent) if images else display_path(png_dir or output)
        click.echo(f"wrote {plural(len(images), 'page image')} to {where}/", err=True)
    return renderer


def watch_workbook(plan_file: Path, output_arg: Optional[str], **options) -> None:
    """Make the workbook, then again each time a file it is made from changes; a problem is
    printed and the watch goes on. Ctrl-C ends it (exit status 0)."""
    try:
        seen = None
        while True:
            now = _snapshot(plan_file, options)
            if now != seen:
                seen = now
                try:
                    make_workbook(plan_file, output_arg, **options)
                except MentorkitError as error:
                    show(error.diagnostics)
                click.echo(f"watching {plural(len(now), 'file')} for changes (Ctrl-C stops)", err=True)
                seen = _snapshot(plan_file, options)  # what changed while it was being made counts next
                if seen != now:
                    seen = None
                    continue
            time.sleep(WATCH_SECONDS)
    except KeyboardInterrupt:
        click.echo("stopped watching", err=True)


def _snapshot(plan_file: Path, options: dict) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every file the workbook is made from: the plan, the plans beside it and in
    the plans folder (the program it follows is one of them), mkdocs.yml, the print theme's files."""
    files: list[Path] = [Path(plan_file)]
    try:
        project = Project.open(**{k: v for k, v in options.items() if k in ("paper", "theme")})
        settings = project.settings
        folders = [Path(plan_file).parent, settings.plans]
        if settings.config_file:
            files.append(settings.config_file)
        theme = settings.theme.print_override
    except MentorkitError:  # a broken mkdocs.yml: watched until it is fixed
        settings, folders, theme = None, [Path(plan_file).parent], None
        files.append(Path("mkdocs.yml"))
    from ..plan.loading import plan_files

    for folder in folders:
        if folder.is_dir():
            files += plan_files(folder)
    if theme is not None and theme.is_dir():
        files += [p for p in theme.rglob("*") if p.is_file()]
    found = {}
    for file in dict.fromkeys(os.path.abspath(f) for f in files):
        try:
            stat = os.stat(file)
            found[file] = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            found[file] = (0, -1)  # gone (or not there yet): its coming back is a change too
    return found
