"""Themes: the built-in site and print templates, a user's folder overriding them, and the
starter templates of `mentorkit new` (package data, or the source tree)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Optional

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


@dataclass(frozen=True)
class Theme:
    """The templates of the site and of the workbook: the user's folder first, the built-in second.

    A user folder may hold `site/` and `print/` subfolders; without them the folder itself
    overrides one of the two: the site templates when it is the `theme` setting of mkdocs.yml,
    the print templates when it is `mentorkit workbook --theme` (`flat`).
    """
    folder: Optional[Path] = None
    flat: Literal["site", "print"] = "site"

    def _override(self, part: str) -> Optional[Path]:
        if self.folder is None:
            return None
        if (self.folder / part).is_dir():
            return self.folder / part
        return self.folder if self.flat == part else None

    @property
    def site_override(self) -> Optional[Path]:
        """The user's folder of site templates and assets, if any."""
        return self._override("site")

    @property
    def print_override(self) -> Optional[Path]:
        """The user's folder of print templates (the workbook), if any."""
        return self._override("print")

    @property
    def site_dirs(self) -> list[Path]:
        return [d for d in (self.site_override, themes_dir() / "site") if d is not None]

    @property
    def print_dirs(self) -> list[Path]:
        return [d for d in (self.print_override, themes_dir() / "print") if d is not None]

    def site_assets(self) -> dict[str, Path]:
        """CSS and JS of the site by file name: built-in first; a user file of the same name
        replaces it, new names come after."""
        assets = {p.name: p for p in sorted((themes_dir() / "site" / "assets").iterdir()) if p.is_file()}
        user = self.site_override
        if user is not None:
            for folder in (user, user / "assets"):
                if folder.is_dir():
                    assets.update({p.name: p for p in sorted(folder.iterdir())
                                   if p.is_file() and p.suffix in (".css", ".js")})
        return assets

    def print_stamp(self) -> str:
        """A hash of the names and contents of every print theme file: the workbook cache's
        key changes when any template, style sheet or font does."""
        digest = hashlib.sha256()
        for folder in self.print_dirs:
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                digest.update(f"{path.relative_to(folder).as_posix()}\0".encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
            digest.update(b"\1")
        return digest.hexdigest()


def branding_css(colour: str) -> str:
    """The style sheet that gives mentorkit's pages and the MkDocs theme the program's colour."""
    return (f":root {{ --mk-primary: {colour}; }}\n"
            f":root, [data-md-color-scheme] {{ --md-primary-fg-color: {colour}; "
            f"--md-primary-fg-color--dark: {colour}; --md-accent-fg-color: {colour}; }}\n"
            f".navbar.bg-primary {{ background: {colour} !important; }}\n")
