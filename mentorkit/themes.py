"""Themes: the built-in site and print templates, a user's folder overriding them, and the
starter templates of `mentorkit new` (package data, or the source tree)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Optional

_PACKAGE = Path(__file__).resolve().parent


TEMPLATE_CACHE = "templates"  # under the project's cache folder: compiled theme templates

_COMPILED: dict[str, dict[str, bytes]] = {}  # kind -> bucket key -> bytecode, for this process


def compiled_templates(kind: str, folder: Optional[Path] = None):
    """Jinja's bytecode cache for one kind of template ("print", "site", "report"): every renderer
    of that kind in this process compiles a template once (a build, each rebuild of a preview, a
    roster's workbooks), and with `folder` (the project's `.cache/templates`) the next process
    loads it instead of compiling it again (a no-op build spent a quarter of its time compiling).

    Jinja checks a template's source against the checksum it was compiled from, so a theme edited
    between two renders is compiled again. The key names the kind, the template's file, Jinja's
    and mentorkit's versions and the environment's options: compiled code depends on all of them
    (and on Python's version, which Jinja's own header checks). The folder is a cache: one that
    cannot be read or written makes a render slower, never failing."""
    global _CACHE_CLASS
    if _CACHE_CLASS is None:  # jinja2 is imported when a renderer is made, not with this module
        _CACHE_CLASS = _bytecode_cache_class()
    return _CACHE_CLASS(_COMPILED.setdefault(kind, {}), kind, folder)


_CACHE_CLASS: Any = None


def _bytecode_cache_class() -> type:
    import jinja2
    from jinja2.bccache import Bucket

    class Compiled(jinja2.BytecodeCache):
        def __init__(self, memory: dict[str, bytes], kind: str, folder: Optional[Path]) -> None:
            self.memory, self.kind, self.folder = memory, kind, folder

        def get_bucket(self, environment, name, filename, source):
            key = "\0".join((self.kind, name, filename or "", _environment_stamp(environment)))
            bucket = Bucket(environment, hashlib.sha256(key.encode()).hexdigest(), self.get_source_checksum(source))
            self.load_bytecode(bucket)
            return bucket

        def load_bytecode(self, bucket) -> None:
            data = self.memory.get(bucket.key)
            if data is None and self.folder is not None and len(bucket.key) == 64 and bucket.key.isalnum():
                try:
                    data = (self.folder / f"{bucket.key}.jinja").read_bytes()
                except OSError:
                    return
            if data is not None:
                bucket.bytecode_from_string(data)  # Jinja drops it when its header or checksum differ

        def dump_bytecode(self, bucket) -> None:
            data = bucket.bytecode_to_string()
            self.memory[bucket.key] = data
            if self.folder is not None:
                from .output import OutputError, write_bytes_atomic

                try:
                    write_bytes_atomic(self.folder / f"{bucket.key}.jinja", data)
                except OutputError:
                    pass  # a read-only project: compiled again next time, that is all

    return Compiled


def _environment_stamp(environment) -> str:
    """What a template's compiled code depends on besides its source and Python's version."""
    import jinja2

    from . import __version__

    options = (jinja2.__version__, __version__, sorted(environment.extensions), environment.block_start_string,
               environment.block_end_string, environment.variable_start_string, environment.variable_end_string,
               environment.comment_start_string, environment.comment_end_string, environment.line_statement_prefix,
               environment.line_comment_prefix, environment.trim_blocks, environment.lstrip_blocks,
               environment.newline_sequence, environment.keep_trailing_newline, environment.optimized,
               environment.is_async, repr(environment.autoescape) if not callable(environment.autoescape) else "call")
    return repr(options)


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


@dataclass(frozen=True)
class Branding:
    """The program's logo and primary colour (the plugin's `logo` and `primary_color`): the
    site's pages and the workbook's cover and headings carry them."""
    logo: Optional[Path] = None
    colour: Optional[str] = None

    def stamp(self) -> str:
        """For the workbook cache's key: the colour and the logo's contents."""
        logo = hashlib.sha256(self.logo.read_bytes()).hexdigest() if self.logo and self.logo.is_file() else ""
        return f"{self.colour or ''}\0{logo}"


# Print: the colour is darkened until text in it has at least this contrast on white paper
# (WCAG's 7:1, for small text), so headings and rules stay dark on a black-and-white printer too.
PRINT_CONTRAST = 7.0
# Site: text in the colour on white, and white text on it (the navbar, badges), reach WCAG AA's 4.5:1.
SITE_CONTRAST = 4.5


def readable_colour(colour: str, contrast: float) -> Optional[str]:
    """The colour (`rgb(...)`), darkened as much as needed for text in it to have `contrast` with
    white (and white text on it the same); None for a colour it cannot read."""
    from tinycss2.color4 import parse_color  # WeasyPrint's own CSS parser

    parsed = parse_color(colour)
    if parsed is None or not hasattr(parsed, "to"):
        return None
    rgb = [min(1.0, max(0.0, value)) for value in parsed.to("srgb").coordinates]
    while _contrast_on_white(rgb) < contrast:
        rgb = [value * 0.9 for value in rgb]
    return "rgb({})".format(", ".join(str(round(value * 255)) for value in rgb))


def print_colour(colour: str) -> Optional[str]:
    """The colour as the workbook prints it, darkened as much as needed to read on paper in
    black and white; None for a colour it cannot read."""
    return readable_colour(colour, PRINT_CONTRAST)


def _luminance(rgb: list[float]) -> float:
    linear = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast_on_white(rgb: list[float]) -> float:
    return 1.05 / (_luminance(rgb) + 0.05)


DARK_PAGE = (0x1E / 255, 0x21 / 255, 0x29 / 255)  # Material's dark scheme ('slate'): its page colour


def readable_on_dark(colour: str, contrast: float = SITE_CONTRAST) -> Optional[str]:
    """The colour (`rgb(...)`), lightened toward white as much as needed for text in it to have
    `contrast` on Material's dark page; None for a colour it cannot read."""
    from tinycss2.color4 import parse_color

    parsed = parse_color(colour)
    if parsed is None or not hasattr(parsed, "to"):
        return None
    rgb = [min(1.0, max(0.0, value)) for value in parsed.to("srgb").coordinates]
    dark = _luminance(list(DARK_PAGE)) + 0.05

    def written(values: list[float]) -> list[int]:  # as CSS will have it: whole numbers 0..255
        return [round(value * 255) for value in values]

    while (_luminance([v / 255 for v in written(rgb)]) + 0.05) / dark < contrast:
        rgb = [value + (1 - value) * 0.1 for value in rgb]
    return "rgb({})".format(", ".join(map(str, written(rgb))))


def print_branding_css(colour: str) -> str:
    """The workbook's style sheet for the program's colour: cover rule, title and headings."""
    ink = print_colour(colour)
    if ink is None:
        return ""
    return (f".cover-kind {{ border-top-color: {ink}; }}\n"
            f".cover-title, h1 {{ color: {ink}; }}\n"
            f"h2 {{ border-bottom-color: {ink}; }}\n")


def branding_css(colour: str) -> str:
    """The style sheet that gives mentorkit's pages and the MkDocs theme the program's colour,
    darkened where needed so that text in it, and white text on it, reads (4.5:1)."""
    readable = readable_colour(colour, SITE_CONTRAST)
    if readable is not None and readable != readable_colour(colour, 0):  # a colour dark enough stays as written
        colour = readable
    on_dark = readable_on_dark(colour) or colour
    return (f":root {{ --mk-primary: {colour}; }}\n"
            f'[data-md-color-scheme="slate"] {{ --mk-ink: {on_dark}; }}\n'
            f":root, [data-md-color-scheme] {{ --md-primary-fg-color: {colour}; "
            f"--md-primary-fg-color--dark: {colour}; --md-accent-fg-color: {colour}; }}\n"
            f".navbar.bg-primary {{ background: {colour} !important; }}\n")
