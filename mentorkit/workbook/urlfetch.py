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

_CONTENT_TYPES = {".css": "text/css", ".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff",
                  ".woff2": "font/woff2", ".svg": "image/svg+xml", ".webp": "image/webp"}


class RefusedURL(ValueError):
    """A URL the workbook renderer will not read. WeasyPrint turns it into a skipped resource."""


class SafeURLFetcher(URLFetcher):
    """A WeasyPrint URL fetcher limited to the theme's files and the project's images.

    `theme_roots`: folders whose stylesheets, fonts and images may be read.
    `image_roots`: folders (the project) whose images may be read.
    """

    def __init__(self, theme_roots: Iterable[Path] = (), image_roots: Iterable[Path] = (),
                 max_bytes: int = MAX_BYTES):
        super().__init__(allowed_protocols=("file",), allow_redirects=False, fail_on_errors=False)
        self.theme_roots = tuple(_real(root) for root in theme_roots)
        self.image_roots = tuple(_real(root) for root in image_roots)
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
        if any(_inside(real, root) for root in self.image_roots) and suffix in IMAGE_SUFFIXES:
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


def _short(url: str) -> str:
    return url if len(url) <= 200 else url[:197] + "..."
