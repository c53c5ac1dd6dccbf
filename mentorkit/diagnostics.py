"""Problems found in plans, as data: one record per problem, with its place in the file."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int
    column: int
    severity: Severity
    message: str
    path: tuple = field(default=(), compare=False)

    def format(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}"

    def as_dict(self) -> dict:
        data = asdict(self)
        data["path"] = list(self.path)
        return data


class PlanError(Exception):
    """Raised by the library API when a plan (or program) cannot be used."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


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
