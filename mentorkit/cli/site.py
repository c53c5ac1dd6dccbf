"""`mentorkit build` and `mentorkit serve`: the MkDocs site of the program next to mkdocs.yml.

Thin: both open the Project once (`Project.open`: mkdocs.yml through MkDocs' own config machinery), check the
plans and print problems exactly as `mentorkit validate` does, then hand the same MkDocs
config to MkDocs with the mentorkit plugin, which receives the project (its settings, the command's
flags and the checked plans) through `MentorkitPlugin.use`. `build` writes into a fresh folder and swaps it in at the
end, so a failed build leaves the previous site as it was.
"""
from __future__ import annotations

import contextlib
import logging
import sys
from pathlib import Path
from typing import Optional

import click

from ..diagnostics import EXIT_PROBLEMS, Diagnostic, MentorkitError, display_path, errors, plural
from ..output import replacing_dir, site_dir_problem
from ..plan.loading import CONFIG_NAME
from ..project import Project
from ..settings import PAIR_LEVELS, PLUGIN_NAME, find_config
from .report import show, system_reason


def _config_path(config_file: Optional[Path]) -> Path:
    path = config_file or find_config()
    if path is None or not Path(path).is_file():
        where = config_file or Path.cwd() / CONFIG_NAME
        raise click.UsageError(f"no {display_path(Path(where))}: run this next to the program's mkdocs.yml "
                               "(or name it with --config-file)")
    return Path(path)


@contextlib.contextmanager
def _log_to_terminal(quiet: bool, verbose: bool):
    """MkDocs logs through 'mkdocs'; without its own command line nobody prints those records.
    For the command's run only: a caller (a test, a program running commands in turn) gets the
    logger back as it was, and the next command prints to its own stderr, not to this one's."""
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    level, propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING if quiet else logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


def _open_project(config_file: Optional[Path], *, strict: bool = False, **flags) -> Project:
    project = Project.open(_config_path(config_file), strict=strict, require_plugin=True, **flags)
    show(project.settings.warnings)
    return project


def _check_plans(project: Project) -> None:
    """Load the plans like `mentorkit validate`; print problems; exit 1 on errors."""
    program = project.program
    if errors(program.diagnostics):
        show(program.diagnostics)
        click.echo(f"{plural(len(errors(program.diagnostics)), 'error')} in the plans; the site was not built",
                   err=True)
        sys.exit(EXIT_PROBLEMS)


class _ShowFolderAs(logging.Filter):
    """MkDocs names the folder it writes to: the site folder, not the one it is staged in."""

    def __init__(self, staging: Path, target: Path):
        super().__init__()
        self.staging, self.target = str(staging), display_path(target)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.staging in message:
            record.msg, record.args = message.replace(self.staging, self.target), None
        return True


@click.command()
@click.option("-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path),
              help="The program's mkdocs.yml (default: ./mkdocs.yml).")
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the site (default: site_dir of mkdocs.yml).")
@click.option("--workbooks/--no-workbooks", default=None,
              help="Make the PDF workbooks (default: the 'workbooks' setting in mkdocs.yml).")
@click.option("--pairs", type=click.Choice(PAIR_LEVELS), default=None,
              help="How much of pair plans the site shows (default: the 'pairs' setting, else hidden).")
@click.option("-s", "--strict", is_flag=True, help="Fail on warnings too.")
@click.option("-q", "--quiet", is_flag=True, help="Print only warnings and errors.")
@click.option("-v", "--verbose", is_flag=True, help="Print MkDocs' debug messages.")
def build(config_file: Optional[Path], site_dir: Optional[Path], workbooks: Optional[bool], pairs: Optional[str],
          strict: bool, quiet: bool, verbose: bool) -> None:
    """Build the site (and workbooks) of the program in mkdocs.yml.

    The new site replaces the old one only when the whole build has worked.
    """
    from mkdocs import exceptions
    from mkdocs.commands.build import build as mkdocs_build

    click.get_current_context().with_resource(_log_to_terminal(quiet, verbose))
    project = _open_project(config_file, strict=strict, workbooks=workbooks, pairs=pairs,
                            site_dir=site_dir.resolve() if site_dir else None)
    _check_plans(project)
    settings = project.settings
    mkdocs_config = settings.mkdocs
    plugin = mkdocs_config.plugins[PLUGIN_NAME]
    target = settings.site_dir
    keep = [settings.project_root] + ([settings.config_file.parent] if settings.config_file else [])
    problem = site_dir_problem(target, keep=keep, sources=[settings.plans, *filter(None, [settings.docs_dir])])
    if problem:  # before anything is touched
        raise MentorkitError.at(target, problem)
    try:
        with replacing_dir(target, warn=lambda path, message: show([Diagnostic(display_path(path), 1, 1,
                                                                                  "warning", message)])) as staging:
            mkdocs_config.site_dir = str(staging)
            # Already loaded and checked: don't read every plan twice. The plugin keeps the real site
            # folder (MkDocs writes into a staging one), where the previous build's calendar files are;
            # it forgets both on_shutdown, as MkDocs hands the same instance to the process's next build.
            plugin.use(project.with_settings(site_dir=target))
            mkdocs_config.plugins.on_startup(command="build", dirty=False)
            shown_as = _ShowFolderAs(staging, target)
            logging.getLogger("mkdocs.commands.build").addFilter(shown_as)
            try:
                mkdocs_build(mkdocs_config)
            finally:
                logging.getLogger("mkdocs.commands.build").removeFilter(shown_as)
                mkdocs_config.plugins.on_shutdown()
    except exceptions.MkDocsException as exc:  # already logged by MkDocs; keep the old site
        message = getattr(exc, "message", None) or str(exc)
        raise MentorkitError.at(target, f"the build failed, so this folder was left as it was ({message})") \
            from None
    except OSError as exc:  # a full disk, a quota: the staging folder is gone, the old site is whole
        raise MentorkitError.at(target, f"could not write the site ({system_reason(exc)}), so this folder was "
                                        "left as it was") from None
    click.echo(f"site written to {display_path(target)}", err=True)


@click.command()
@click.option("-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path),
              help="The program's mkdocs.yml (default: ./mkdocs.yml).")
@click.option("-a", "--dev-addr", metavar="IP:PORT", help="Address to serve on (default: 127.0.0.1:8000).")
@click.option("--workbooks/--no-workbooks", default=None,
              help="Make the PDF workbooks, after the pages, from the cache where it has them (default: the "
                   "'workbooks' setting in mkdocs.yml, as plain mkdocs serve does).")
@click.option("--pairs", type=click.Choice(PAIR_LEVELS), default="full", show_default=True,
              help="How much of pair plans the preview shows: a pair previews its own plan in full on its "
                   "own machine; --pairs hidden shows the site as it will be published.")
@click.option("--open", "open_in_browser", is_flag=True, help="Open the site in a browser.")
@click.option("-q", "--quiet", is_flag=True, help="Print only warnings and errors.")
def serve(config_file: Optional[Path], dev_addr: Optional[str], workbooks: Optional[bool], pairs: str,
          open_in_browser: bool, quiet: bool) -> None:
    """Preview the site; it rebuilds when a plan, a guide page or the theme changes.

    Problems in the plans are shown at the top of every page until they are fixed.
    """
    from mkdocs import exceptions
    from mkdocs.commands.serve import serve as mkdocs_serve

    click.get_current_context().with_resource(_log_to_terminal(quiet, False))
    project = _open_project(config_file, workbooks=workbooks, pairs=pairs)
    settings = project.settings
    # A broken plan does not stop the preview: the plugin shows its problems on every page
    # (and here, through MkDocs' log) until it is fixed.
    # MkDocs reads mkdocs.yml again for each rebuild but keeps this plugin instance: the flags
    # reach every rebuild through it.
    settings.mkdocs.plugins[PLUGIN_NAME].use(project)
    overrides = {"dev_addr": dev_addr} if dev_addr else {}
    try:
        mkdocs_serve(config_file=str(settings.config_file), open_in_browser=open_in_browser, **overrides)
    except exceptions.MkDocsException as exc:
        raise MentorkitError.at(settings.config_file, getattr(exc, "message", None) or str(exc)) from None
