"""Problems found in plans, as data: one record per problem, with its place in the file."""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int
    column: int
    severity: Severity
    message: str
    path: tuple = field(default=(), compare=False)
    # Where it is when a line and a column are not how the file names places: a spreadsheet's
    # cell ('Pairs!C7'; line and column are then its row and column number).
    place: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        # Messages quote plan text (keys, ids, values): a newline or a terminal control code in
        # it must not forge another diagnostic line or garble the terminal.
        object.__setattr__(self, "message", printable(self.message))
        object.__setattr__(self, "file", printable(self.file))
        object.__setattr__(self, "place", printable(self.place))

    def format(self) -> str:
        where = self.place or f"{self.line}:{self.column}"
        return f"{self.file}:{where}: {self.severity}: {self.message}"

    def as_dict(self) -> dict:
        data = asdict(self)
        data["path"] = list(self.path)
        if not self.place:
            del data["place"]
        return data


EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2  # the exit codes of every command


class MentorkitError(Exception):
    """The one error type of mentorkit: it carries located diagnostics, and the command line
    prints them the one way (`file:line:column: error: message`) and exits with EXIT_PROBLEMS.
    Subclasses only say which stage failed."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))

    @classmethod
    def at(cls, path: Any, message: str, line: int = 1, column: int = 1) -> "MentorkitError":
        """An error about one place in one file."""
        return cls([Diagnostic(display_path(path), line, column, "error", message)])

    @property
    def first(self) -> Diagnostic:
        return self.diagnostics[0]


class PlanError(MentorkitError):
    """A plan (or program) cannot be used."""


def display_path(path: Any) -> str:
    """A path as the user gave it; absolute paths inside the working folder become relative."""
    path = Path(path)
    if path.is_absolute():
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)
    return str(path)


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text safe to print on one line: control characters, line separators and bidirectional
    overrides are shown as escapes (\\n, \\x1b, \\u202e) instead of acting."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1] if m.group() in "\n\r\t" or ord(m.group()) < 0x100
                            else f"\\u{ord(m.group()):04x}", str(text))


def plural(count: int, noun: str) -> str:
    """'1 error', '3 errors'."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def errors(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity == "error"]


def format_text(diagnostics: Iterable[Diagnostic]) -> str:
    return "\n".join(d.format() for d in sorted(diagnostics))


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    items = [d.as_dict() for d in sorted(diagnostics)]
    return json.dumps(
        {
            "diagnostics": items,
            "errors": sum(1 for d in items if d["severity"] == "error"),
            "warnings": sum(1 for d in items if d["severity"] == "warning"),
        },
        indent=2,
    )
