"""`mentorkit roster ROSTER.csv|.xlsx|.ods -o OUT/`: a workbook and a calendar for every pair of a cohort.

A thin layer over `mentorkit.roster`: read and check every row first (all problems reported
together, nothing written when there is one), then write the files, with a progress bar on a
terminal and a plain line now and then elsewhere (CI, logs). A run stopped by a signal (Ctrl-C,
`kill`) removes what it was writing and leaves no index; the next run takes what was finished
from the cache and finishes the job.
"""
from __future__ import annotations

import contextlib
import math
import os
import signal
import sys
import time
from pathlib import Path

import click

from ..diagnostics import EXIT_PROBLEMS, MentorkitError, display_path, errors, plural
from ..plan.schema import SCHEMA_FILE_NAME
from ..project import Project
from ..settings import PAPERS
from .report import show
from .starting import pair_plan_text

EXIT_INTERRUPTED = 130


@click.command()
@click.argument("roster_file", metavar="ROSTER", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The folder to write the workbooks, calendars and index into.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes that render at once (default: one per CPU).")
@click.option("--paper", type=click.Choice(PAPERS, case_sensitive=False), default=None,
              help="Paper size (default: the plugin's `paper` in mkdocs.yml, else a4).")
@click.option("--fillable", is_flag=True, help="Make the writing spaces PDF form fields, to fill in on screen.")
@click.option("--cluster", metavar="ADDRESS",
              help="Render on a Dask distributed cluster, e.g. tcp://scheduler:8786 (needs mentorkit[cluster]).")
@click.option("--write-plans", is_flag=True,
              help="Also write each pair's plan (OUT/plans/PAIR.yaml), which the pair can keep and log in.")
@click.option("--sheet", metavar="NAME", help="The sheet of a spreadsheet roster to read (default: the first).")
@click.option("--encoding", metavar="NAME",
              help="The encoding of a CSV roster, when the guess is wrong (e.g. cp1250; default: UTF-8 or "
                   "UTF-16 as the file says, else the code page it looks like).")
def roster(roster_file: Path, out: Path, jobs: int | None, paper: str | None, fillable: bool,
           cluster: str | None, write_plans: bool, sheet: str | None, encoding: str | None) -> None:
    """Write a workbook (PDF) and a calendar (.ics) for every pair of a roster (a CSV file or a
    spreadsheet, .xlsx or .ods: program, mentor, mentee, start and optional columns), and an index
    of them (index.csv, index.json)."""
    from ..roster.writing import output_problem, previous_names, write_roster  # the roster stage loads only here

    if cluster is not None:  # a bad address is said before the roster is read (an empty one too)
        from ..roster.cluster import check_address

        check_address(cluster)
    project = Project.open(paper=paper.lower() if paper else None)
    settings = project.settings
    real_out = Path(os.path.realpath(out))
    for folder, what in ((settings.plans, "the plans folder"), (settings.docs_dir, "the site's docs_dir")):
        if folder is None:
            continue
        real = Path(os.path.realpath(folder))
        if real_out == real or real in real_out.parents:
            raise MentorkitError.at(out, f"is inside {what} {display_path(folder)}, which the next build reads and "
                                         "publishes (workbooks, calendars with addresses); write the roster's files "
                                         "to a folder outside it")
    problem = output_problem(out)
    if problem:
        raise MentorkitError.at(out, problem)
    checked = project.read_roster(roster_file, keep_names=previous_names(out),  # a pair keeps its files
                                  sheet=sheet, encoding=encoding)
    show(checked.diagnostics)
    if errors(checked.diagnostics):
        click.echo(f"{display_path(roster_file)}: {plural(len(errors(checked.diagnostics)), 'error')}; "
                   "nothing written", err=True)
        sys.exit(EXIT_PROBLEMS)

    batch = project.workbooks(processes=jobs, fillable=fillable)
    renderer = contextlib.nullcontext(None)
    if cluster is not None:  # an empty address too: said, never a silent render on this machine
        from ..roster.cluster import cluster_renderer

        renderer = cluster_renderer(cluster, batch)
    schema = settings.project_root / "schema" / SCHEMA_FILE_NAME

    def plan_text(pair, path: Path) -> str:  # a roster.pairs.RosterPair
        schema_ref = Path(os.path.relpath(schema, os.path.abspath(path.parent))).as_posix()
        return pair_plan_text(pair.program, plan_id=pair.name, schema_ref=schema_ref, pair=None, start=None,
                              own=pair.own)

    previous = signal.signal(signal.SIGTERM, _stop)  # `kill`: stop as Ctrl-C does, cleaning up
    try:
        with renderer as render, _progress(len(checked.pairs)) as progress:
            report = write_roster(checked, out, batch, render=render, domain=settings.uid_domain,
                                  plan_text=plan_text if write_plans else None, progress=progress)
    except KeyboardInterrupt:
        click.echo("\nstopped: the index is the previous run's; run the same command again to finish "
                   "(finished workbooks come from the cache, and no pair's name is forgotten)", err=True)
        sys.exit(EXIT_INTERRUPTED)
    finally:
        signal.signal(signal.SIGTERM, previous)
    click.echo(f"wrote {display_path(out)}: {plural(len(checked.pairs), 'pair')} "
               f"({len(report.rendered)} rendered, {len(report.cached)} from the cache, "
               f"{plural(len(report.written), 'file')} changed"
               + (f", {plural(len(report.removed), 'old workbook')} removed" if report.removed else "")
               + f") in {report.seconds:.1f} s", err=True)
    for name in report.gone:
        click.echo(f"{display_path(out)}: {name} is no longer in the roster: its calendar's meetings are "
                   "cancelled, its plan is kept", err=True)
    for name in report.kept_plans:
        click.echo(f"{display_path(out / name)}: kept as the pair changed it (not rewritten from the roster)", err=True)


def _stop(signum, frame):
    raise KeyboardInterrupt


class _progress:
    """A progress bar with count and time left on a terminal; one plain line every so many pairs
    (about ten in all) elsewhere."""

    def __init__(self, total: int):
        self.total = total
        self.bar = None
        self.every = max(1, math.ceil(total / 10))
        self.started = time.monotonic()

    def __enter__(self):
        if sys.stderr.isatty() and self.total:
            self.bar = click.progressbar(length=self.total, label="workbooks", show_pos=True, show_eta=True,
                                         file=sys.stderr).__enter__()
        return self.update

    def update(self, done: int, total: int) -> None:
        if self.bar is not None:
            self.bar.update(done - self.bar.pos)
        elif done % self.every == 0 or done == total:
            elapsed = time.monotonic() - self.started
            left = elapsed / done * (total - done) if done else 0
            click.echo(f"roster: {done}/{total} pairs, about {left:.0f} s left", err=True)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)
        return False
