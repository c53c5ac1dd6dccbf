"""Where the built-in starter templates and themes live (package data, or the source tree)."""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Wheels carry these folders inside the package; an editable install reads the repo's."""
    packaged = _PACKAGE / name
    return packaged if packaged.is_dir() else _PACKAGE.parent / name


def templates_dir() -> Path:
    return data_dir("templates")


def themes_dir() -> Path:
    return data_dir("themes")


def starter_templates() -> dict[str, Path]:
    folder = templates_dir()
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))} if folder.is_dir() else {}
