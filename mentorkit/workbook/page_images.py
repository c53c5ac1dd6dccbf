"""A workbook's pages as PNG images, to look at while designing a print theme (`workbook --png`).

Drawn by pdftoppm (poppler-utils, which ./run installs on Debian) into a folder of their own,
replaced whole and atomically each time: a folder of other files is never touched.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from ..diagnostics import MentorkitError
from ..output import mark_as_built, replacing_dir

MARKER = ".mentorkit-pages"
DEFAULT_DPI = 60  # a page is ~500 px tall on A4: enough to judge a layout, quick to draw
PDFTOPPM_SECONDS = 300


def pages_folder(pdf: Path) -> Path:
    """Where the images of `pdf` go by default: `NAME-pages/` beside it."""
    return Path(pdf).with_name(f"{Path(pdf).stem}-pages")


def folder_problem(folder: Path) -> str:
    """Why `folder` must not be replaced by page images ('' when it may: new, empty, or ours)."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        return "is not a folder mentorkit may replace with page images; choose another with --png-dir"
    if folder.is_dir() and any(folder.iterdir()) and not (folder / MARKER).is_file():
        return ("holds files mentorkit did not write; page images go into a folder of their own "
                "(new, empty, or one they were written to before): choose another with --png-dir")
    return ""


def write_page_images(pdf: Path, folder: Path, *, dpi: int = DEFAULT_DPI) -> list[Path]:
    """Draw every page of `pdf` as `folder/page-NN.png`; the folder is replaced whole. Raises
    MentorkitError (at the folder) when it is not ours or pdftoppm is missing or fails."""
    folder = Path(folder)
    problem = folder_problem(folder)
    if problem:
        raise MentorkitError.at(folder, problem)
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise MentorkitError.at(folder, "page images need pdftoppm, which is not installed (on Debian: "
                                        "apt-get install poppler-utils)")
    with replacing_dir(folder) as staging:
        mark_as_built(staging, MARKER, "Page images written by mentorkit workbook --png: the folder is replaced "
                                       "whole by the next ones.\n")
        try:
            done = subprocess.run([tool, "-png", "-r", str(dpi), str(pdf), str(staging / "page")],
                                  capture_output=True, text=True, timeout=PDFTOPPM_SECONDS)
        except subprocess.TimeoutExpired:
            raise MentorkitError.at(folder, f"pdftoppm took more than {PDFTOPPM_SECONDS} s; nothing was "
                                            "replaced") from None
        if done.returncode != 0:
            reason = (done.stderr.strip().splitlines() or ["no message"])[-1][:300]
            raise MentorkitError.at(folder, f"pdftoppm could not draw the pages ({reason}); nothing was replaced")
        names = sorted(p.name for p in staging.glob("page-*.png"))
    return [folder / name for name in names]
