"""The one place the command line prints problems: `file:line:column: severity: message`.

Commands raise `MentorkitError` (mentorkit.diagnostics); `MentorkitGroup` catches it around
every command, prints its diagnostics through `show` and exits with EXIT_PROBLEMS. No
traceback reaches the user for a problem they can fix.
"""
from __future__ import annotations

import errno
import os
import sys
from pathlib import Path
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
        except OSError as error:  # a full disk, a read-only folder, a quota: anywhere in a command
            if os.environ.get("MENTORKIT_DEBUG"):
                raise
            fail(system_error(error))


def system_reason(error: OSError) -> str:
    """'No space left on device (ENOSPC)'."""
    name = errno.errorcode.get(error.errno or 0, "")
    return f"{error.strerror or error}" + (f" ({name})" if name else "")


def system_error(error: OSError) -> MentorkitError:
    """What the system refused, at the file it refused (output is written atomically: nothing is
    left half-written)."""
    where = error.filename if isinstance(error.filename, (str, Path)) else "."
    return MentorkitError.at(Path(where), f"the system refused this: {system_reason(error)} "
                                          "(set MENTORKIT_DEBUG=1 to see where)")
