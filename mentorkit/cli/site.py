"""`mentorkit build` and `mentorkit serve`: the MkDocs site of the program next to mkdocs.yml.

Thin: both check the plans first and print problems exactly as `mentorkit validate` does,
then hand over to MkDocs with the mentorkit plugin. `build` writes into a fresh folder and
swaps it in at the end, so a failed build leaves the previous site as it was.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Optional

import click

from ..diagnostics import errors, format_text, plural
from ..plan.loading import Program, display_path, load_program
from ..output import OutputError, replacing_dir
from ..settings import CONFIG_NAME, find_config, plugin_settings

EXIT_OK, EXIT_PROBLEMS = 0, 1


def _config_path(config_file: Optional[Path]) -> Path:
    path = config_file or find_config()
    if path is None or not Path(path).is_file():
        where = config_file or Path.cwd() / CONFIG_NAME
        raise click.UsageError(f"no {display_path(Path(where))}: run this next to the program's mkdocs.yml "
                               "(or name it with --config-file)")
    return Path(path)


def _log_to_terminal(quiet: bool, verbose: bool) -> None:
    """MkDocs logs through 'mkdocs'; without its own command line nobody prints those records."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_mentorkit", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler._mentorkit = True
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING if quiet else logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False


def _check_plans(config: Path) -> Optional[Program]:
    """Load the plans like `mentorkit validate`; print problems; exit 1 on errors."""
    setting = plugin_settings(config).get("plans", "plans")
    folder = config.parent / setting if isinstance(setting, str) else None
    if folder is None or not folder.is_dir():
        return None  # MkDocs' own config check reports the missing folder
    program = load_program(folder)
    if errors(program.diagnostics):
        click.echo(format_text(program.diagnostics), err=True)
        click.echo(f"{plural(len(errors(program.diagnostics)), 'error')} in the plans; the site was not built",
                   err=True)
        sys.exit(EXIT_PROBLEMS)
    return program


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _load_mkdocs_config(config: Path, **overrides):
    from mkdocs import exceptions
    from mkdocs.config import load_config

    problems = _Collect()  # MkDocs logs each bad setting, then raises Abort with no detail
    logging.getLogger("mkdocs.config").addHandler(problems)
    try:
        mkdocs_config = load_config(config_file=str(config), **overrides)
    except (exceptions.ConfigurationError, exceptions.Abort) as exc:
        for message in problems.messages or [str(exc)]:
            click.echo(f"{display_path(config)}:1:1: error: {message}", err=True)
        sys.exit(EXIT_PROBLEMS)
    finally:
        logging.getLogger("mkdocs.config").removeHandler(problems)
    if "mentorkit" not in mkdocs_config.plugins:
        click.echo(f"{display_path(config)}:1:1: error: add 'mentorkit' under 'plugins:' "
                   "(for example: plugins: [search, mentorkit])", err=True)
        sys.exit(EXIT_PROBLEMS)
    return mkdocs_config


@click.command()
@click.option("-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path),
              help="The program's mkdocs.yml (default: ./mkdocs.yml).")
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the site (default: site_dir of mkdocs.yml).")
@click.option("--workbooks/--no-workbooks", default=None,
              help="Make the PDF workbooks (default: the 'workbooks' setting in mkdocs.yml).")
@click.option("-s", "--strict", is_flag=True, help="Fail on warnings too.")
@click.option("-q", "--quiet", is_flag=True, help="Print only warnings and errors.")
@click.option("-v", "--verbose", is_flag=True, help="Print MkDocs' debug messages.")
def build(config_file: Optional[Path], site_dir: Optional[Path], workbooks: Optional[bool], strict: bool,
          quiet: bool, verbose: bool) -> None:
    """Build the site (and workbooks) of the program in mkdocs.yml.

    The new site replaces the old one only when the whole build has worked.
    """
    from mkdocs import exceptions
    from mkdocs.commands.build import build as mkdocs_build

    config = _config_path(config_file)
    _log_to_terminal(quiet, verbose)
    program = _check_plans(config)
    mkdocs_config = _load_mkdocs_config(config, strict=strict)
    target = Path(site_dir).resolve() if site_dir else Path(mkdocs_config.site_dir)
    plugin = mkdocs_config.plugins["mentorkit"]
    plugin.program = program  # already loaded and checked: don't read every plan twice
    plugin.workbooks_override = workbooks
    try:
        with replacing_dir(target) as staging:
            mkdocs_config.site_dir = str(staging)
            mkdocs_config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(mkdocs_config)
            finally:
                mkdocs_config.plugins.on_shutdown()
    except exceptions.MkDocsException as exc:  # already logged by MkDocs; keep the old site
        message = getattr(exc, "message", None) or str(exc)
        click.echo(f"error: {message}; {display_path(target)} was left as it was", err=True)
        sys.exit(EXIT_PROBLEMS)
    except OutputError as exc:
        click.echo(f"{display_path(exc.path)}:1:1: error: {exc.message}", err=True)
        sys.exit(EXIT_PROBLEMS)
    click.echo(f"site written to {display_path(target)}", err=True)


@click.command()
@click.option("-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path),
              help="The program's mkdocs.yml (default: ./mkdocs.yml).")
@click.option("-a", "--dev-addr", metavar="IP:PORT", help="Address to serve on (default: 127.0.0.1:8000).")
@click.option("--workbooks/--no-workbooks", default=False, show_default=True,
              help="Also make the PDF workbooks while previewing (slower).")
@click.option("--open", "open_in_browser", is_flag=True, help="Open the site in a browser.")
@click.option("-q", "--quiet", is_flag=True, help="Print only warnings and errors.")
def serve(config_file: Optional[Path], dev_addr: Optional[str], workbooks: bool, open_in_browser: bool,
          quiet: bool) -> None:
    """Preview the site; it rebuilds when a plan, a guide page or the theme changes."""
    from mkdocs import exceptions
    from mkdocs.commands.serve import serve as mkdocs_serve

    from ..site import plugin as mkdocs_plugin

    config = _config_path(config_file)
    _log_to_terminal(quiet, False)
    _check_plans(config)
    _load_mkdocs_config(config)  # clean messages for a broken mkdocs.yml before serving
    mkdocs_plugin.WORKBOOKS_OVERRIDE = workbooks
    overrides = {"dev_addr": dev_addr} if dev_addr else {}
    try:
        mkdocs_serve(config_file=str(config), open_in_browser=open_in_browser, **overrides)
    except exceptions.MkDocsException as exc:
        click.echo(f"error: {getattr(exc, 'message', None) or exc}", err=True)
        sys.exit(EXIT_PROBLEMS)
    finally:
        mkdocs_plugin.WORKBOOKS_OVERRIDE = None
