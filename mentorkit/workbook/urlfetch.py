"""The only way WeasyPrint may read anything while rendering a workbook.

Plan text is untrusted, and a PDF is a perfect place to smuggle a file into: anything
WeasyPrint fetches (an image, a stylesheet, an attachment) ends up inside the document.
So the fetcher reads local files only, and only from two places:

- the print theme's own folders (stylesheets, fonts, images), and
- images inside the project folder (the plan's own pictures).

It refuses every network URL (http, https, ftp...), `data:` URLs, files outside those
folders (after resolving symlinks, so a link inside the project cannot point out of it),
files of the wrong type (a project's YAML is not an image) and anything too large.
Each refusal is recorded so the caller can tell the user what was left out.
"""
from __future__ import annotations

import io
import mimetypes
import os
import re
from pathlib import Path
from typing import Iterable, Optional
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

# What a theme may ship, and what a plan may show: never text, data or executables.
THEME_SUFFIXES = frozenset({".css", ".ttf", ".otf", ".woff", ".woff2", ".png", ".jpg", ".jpeg", ".gif",
                            ".svg", ".webp"})
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"})
MAX_BYTES = 20 * 1024 * 1024  # a bigger "image" is a mistake or an attack, not a picture
MAX_PIXELS = 25_000_000  # a small file can still decode to gigabytes (a "pixel bomb")
RASTER_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp"})
# WeasyPrint draws an SVG element in about 0.1 ms, and draws every <use> copy again: nine levels
# of nested <use> take minutes. Counting elements as drawn (each copy again) and refusing an SVG
# over budget keeps one image under about half a second; diagrams and icons have a few hundred.
MAX_SVG_ELEMENTS = 5_000
MAX_SVG_DEPTH = 64  # WeasyPrint draws nested elements recursively
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_NOT_SHOWN = frozenset({"defs", "symbol"})
_SVG_OUTSIDE = re.compile(rb"url\(\s*['\"]?\s*(?!#)|@import", re.IGNORECASE)

_CONTENT_TYPES = {".css": "text/css", ".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff",
                  ".woff2": "font/woff2", ".svg": "image/svg+xml", ".webp": "image/webp"}


class RefusedURL(ValueError):
    """A URL the workbook renderer will not read. WeasyPrint turns it into a skipped resource."""


class SafeURLFetcher(URLFetcher):
    """A WeasyPrint URL fetcher limited to the theme's files and the project's images.

    `theme_roots`: folders whose stylesheets, fonts and images may be read.
    `image_roots`: folders (the project) whose images may be read.
    `images`: single images that may be read wherever they are (the program's logo, a setting).
    """

    def __init__(self, theme_roots: Iterable[Path] = (), image_roots: Iterable[Path] = (),
                 max_bytes: int = MAX_BYTES, images: Iterable[Path] = ()):
        super().__init__(allowed_protocols=("file",), allow_redirects=False, fail_on_errors=False)
        self.theme_roots = tuple(_real(root) for root in theme_roots)
        self.image_roots = tuple(_real(root) for root in image_roots)
        self.images = frozenset(_real(image) for image in images)
        self.max_bytes = max_bytes
        self.refused: list[tuple[str, str]] = []  # (url, reason), in order
        self.served: list[Path] = []

    # WeasyPrint calls fetch() for every resource; urllib's open() must never run.
    def fetch(self, url: str, headers: Optional[dict] = None) -> URLFetcherResponse:
        try:
            path = self.check(url)
            data = _read_limited(path, self.max_bytes)
            if path.suffix.lower() in RASTER_SUFFIXES:
                _check_pixels(path, data)
            elif path.suffix.lower() == ".svg":
                check_svg(path.name, data)
        except RefusedURL as refusal:
            self.refused.append((_short(url), str(refusal)))
            raise
        self.served.append(path)
        content_type = _CONTENT_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
        return URLFetcherResponse(path.as_uri(), data, {"Content-Type": content_type or "application/octet-stream"})

    def open(self, url, data=None, timeout=None):  # pragma: no cover - defensive
        raise RefusedURL("the workbook renderer opens nothing through urllib")

    def check(self, url: str) -> Path:
        """The real local path `url` may be read from, or RefusedURL saying why not."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme != "file":
            what = "data: URLs" if scheme == "data" else f"{scheme or 'relative'} URLs"
            raise RefusedURL(f"{what} are not allowed in a workbook; only the theme's files and images "
                             "inside the project are")
        if parts.netloc not in ("", "localhost"):
            raise RefusedURL("files on other machines are not allowed in a workbook")
        path = Path(unquote(parts.path))
        if not path.is_absolute():
            raise RefusedURL("a file URL must be absolute")
        real = _real(path)
        suffix = real.suffix.lower()
        if any(_inside(real, root) for root in self.theme_roots) and suffix in THEME_SUFFIXES:
            return real
        if (real in self.images or any(_inside(real, root) for root in self.image_roots)) \
                and suffix in IMAGE_SUFFIXES:
            return real
        if any(_inside(real, root) for root in self.image_roots + self.theme_roots):
            raise RefusedURL(f"'{real.name}' is not an image; a workbook shows only images from the project")
        raise RefusedURL("the file is outside the project folder")


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _read_limited(path: Path, limit: int) -> bytes:
    if not path.is_file():  # also keeps FIFOs and devices out: reading them could hang
        raise RefusedURL(f"'{path.name}' is not a readable file")
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise RefusedURL(f"cannot read '{path.name}': {exc.strerror or exc}") from None
    if len(data) > limit:
        raise RefusedURL(f"'{path.name}' is larger than {limit // (1024 * 1024)} MB")
    return data


def _check_pixels(path: Path, data: bytes) -> None:
    """Read the image's size from its header (no decoding) and refuse one too large to draw."""
    from PIL import Image, UnidentifiedImageError  # Pillow comes with WeasyPrint

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise RefusedURL(f"'{path.name}' is not an image WeasyPrint can draw") from None
    if width * height > MAX_PIXELS:
        raise RefusedURL(f"'{path.name}' is {width}x{height} pixels; a workbook image may have at most "
                         f"{MAX_PIXELS // 1_000_000} million")


def check_svg(name: str, data: bytes) -> None:
    """Refuse an SVG that would cost WeasyPrint too much to draw, or that reaches for other files:
    entity declarations (expanded by the XML parser before anything can count them), more than
    MAX_SVG_ELEMENTS elements as drawn (each <use> copy counted again, so a loop of uses is over
    budget too), nesting deeper than MAX_SVG_DEPTH, and references to anything but its own parts."""
    from xml.etree import ElementTree  # what WeasyPrint parses SVG with

    if b"<!ENTITY" in data.upper():
        raise RefusedURL(f"'{name}' declares XML entities; a workbook SVG may not (save it as plain SVG)")
    if _SVG_OUTSIDE.search(data):
        raise RefusedURL(f"'{name}' loads other files (url() or @import); a workbook SVG must be self-contained")
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, ValueError):
        raise RefusedURL(f"'{name}' is not an SVG image WeasyPrint can draw") from None
    ids = {element.get("id"): element for element in root.iter() if element.get("id")}
    drawn = 0
    pending = [(root, 1, True)]  # a stack, not recursion: the expansion may be deep
    while pending:
        element, depth, shown = pending.pop()
        drawn += 1
        if drawn > MAX_SVG_ELEMENTS:
            raise RefusedURL(f"'{name}' draws more than {MAX_SVG_ELEMENTS:,} elements (each <use> copy counted); "
                             "simplify the drawing or export it as PNG")
        if depth > MAX_SVG_DEPTH:
            raise RefusedURL(f"'{name}' nests elements more than {MAX_SVG_DEPTH} levels deep; simplify the drawing "
                             "or export it as PNG")
        tag = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
        href = (element.get("href") or element.get(_XLINK_HREF) or "").strip()
        if href and tag != "a":
            if not href.startswith("#"):
                raise RefusedURL(f"'{name}' refers to another file ({_short(href)}); a workbook SVG must be "
                                 "self-contained")
            if tag == "use" and shown and href[1:] in ids:
                pending.append((ids[href[1:]], depth + 1, True))
        shown = shown and tag not in _NOT_SHOWN  # definitions are drawn only where a <use> shows them
        pending.extend((child, depth + 1, shown) for child in element)


def _short(url: str) -> str:
    return url if len(url) <= 200 else url[:197] + "..."
