"""The one place the command line prints problems: `file:line:column: severity: message`.

Commands raise `MentorkitError` (mentorkit.diagnostics); `MentorkitGroup` catches it around
every command, prints its diagnostics through `show` and exits with EXIT_PROBLEMS. No
traceback reaches the user for a problem they can fix.
"""
from __future__ import annotations

import sys
from typing import Iterable, NoReturn

import click

from ..diagnostics import EXIT_PROBLEMS, Diagnostic, MentorkitError, format_json, format_text


def show(diagnostics: Iterable[Diagnostic], *, fmt: str = "text", err: bool = True) -> None:
    """Print diagnostics (to stderr unless told otherwise); JSON prints even when there are none."""
    diagnostics = list(diagnostics)
    if diagnostics or fmt == "json":
        click.echo(format_json(diagnostics) if fmt == "json" else format_text(diagnostics), err=err)


def fail(error: MentorkitError) -> NoReturn:
    show(error.diagnostics)
    sys.exit(EXIT_PROBLEMS)


class MentorkitGroup(click.Group):
    """A click group whose commands report a MentorkitError the one way."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except MentorkitError as error:
            fail(error)
