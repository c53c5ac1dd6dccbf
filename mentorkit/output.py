"""Writing output atomically: a failed build never leaves half a file or half a site."""
from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
import secrets
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence

from .diagnostics import MentorkitError, display_path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _public_mode(path: str | Path, default: int) -> None:
    """mkstemp/mkdtemp make private files (0600/0700); output gets the mode a plain write would."""
    os.chmod(path, default & ~_umask())


class OutputError(MentorkitError):
    """Output could not be written."""

    def __init__(self, path: Path, message: str):
        self.path = Path(path)
        self.message = message
        super().__init__(MentorkitError.at(path, message).diagnostics)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename over it: all or nothing."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(path, f"cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        _public_mode(tmp, 0o666)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(path, f"cannot write: {exc.strerror or exc}") from None
    except BaseException:  # interrupted (a signal): no temporary file is left behind either
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


# In every site mentorkit builds (`mentorkit build`, and `mkdocs build` with the plugin): a folder
# is replaced by a build only when it is empty or holds this file. An index.html says nothing of
# who made a folder (a user's own folder of files was deleted for holding one).
SITE_MARKER = ".mentorkit-site"
SITE_MARKER_TEXT = ("A site built by mentorkit: `mentorkit build` replaces this folder whole. Remove this file "
                    "to keep the folder from being replaced.\n")


def mark_as_built(folder: Path, marker: str = SITE_MARKER, text: str = SITE_MARKER_TEXT) -> None:
    """Mark a folder mentorkit wrote whole (and may replace whole next time)."""
    write_text_atomic(Path(folder) / marker, text)


def csv_text(rows: Iterable[Sequence[Any]]) -> str:
    """Rows as CSV text, the one way every CSV file mentorkit writes is made: each cell that a
    spreadsheet would run as a formula (=, +, -, @, a tab or a carriage return first: plan and
    roster text can hold `=HYPERLINK(...)`) starts with an apostrophe, so it shows as text.
    Numbers stay numbers (-2 is a number; -2+3 is a formula)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([inert_cell(cell) for cell in row])
    return out.getvalue()


def inert_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text  # ' 1' or '1\n' is text a spreadsheet may still read its own way



def site_dir_problem(target: Path, *, keep: Sequence[Path] = (), sources: Sequence[Path] = (),
                     markers: Sequence[str] = (SITE_MARKER,)) -> Optional[str]:
    """Why `target` must not be replaced by a built site, or None when it may be.

    `keep`: folders the site may live in but never be or hold (the project). `sources`: folders
    the site may be neither, nor hold, nor live in (the plans, docs_dir). An existing folder is
    replaced only when it is empty or holds one of `markers`, which mentorkit wrote there."""
    target = Path(os.path.realpath(target))
    for folder in [*keep, *sources]:
        folder = Path(os.path.realpath(folder))
        if target == folder or target in folder.parents:
            return f"is (or holds) {display_path(folder)}, which building the site would delete; choose another folder"
    for folder in sources:
        folder = Path(os.path.realpath(folder))
        if folder in target.parents:
            return f"is inside {display_path(folder)}, where mentorkit reads the program; choose a folder outside it"
    if target.exists() or target.is_symlink():
        if not target.is_dir() or Path(target).is_symlink():
            return "is not a folder; mentorkit writes the site into a folder of its own"
        entries = [entry.name for entry in target.iterdir()]
        if entries and not any((target / marker).is_file() and not (target / marker).is_symlink()
                               for marker in markers):
            return (f"holds files that are not a built site (mentorkit marks the sites it builds with "
                    f"{markers[0]}), and a build replaces the whole folder; choose an empty or new folder "
                    "(a site built by a mentorkit older than the mark: remove it first)")
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_leftovers(target: Path) -> None:
    """Folders a killed build left beside `target` (`.site.new-PID-*`, `.site.old-PID-*`) whose
    process is gone, or that carry this process's id from an earlier life of it."""
    target = Path(target)
    for leftover in target.parent.glob(f".{target.name}.*-*"):
        kind, _, rest = leftover.name[len(target.name) + 2:].partition("-")
        pid = rest.split("-", 1)[0]
        if kind not in ("new", "old") or not leftover.is_dir() or leftover.is_symlink():
            continue
        if not pid.isdigit() or int(pid) == os.getpid() or not _alive(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)


@contextmanager
def replacing_dir(target: Path, *, warn: Optional[Callable[[Path, str], None]] = None) -> Iterator[Path]:
    """Yield a fresh folder beside `target`; on success it replaces `target`, on error it is removed
    and `target` stays exactly as it was. What a killed build left behind is removed first."""
    target = Path(target).resolve()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(target)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-{os.getpid()}-", dir=target.parent))
        _public_mode(staging, 0o777)
    except OSError as exc:
        raise OutputError(target, f"cannot write: {exc.strerror or exc}") from None
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = target.with_name(f".{target.name}.old-{os.getpid()}-{secrets.token_hex(4)}")
    try:
        if target.exists():
            os.replace(target, old)
        os.replace(staging, target)
    except OSError as exc:
        if old.exists() and not target.exists():
            os.replace(old, target)
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(target, f"cannot replace the output folder: {exc.strerror or exc}") from None
    shutil.rmtree(old, ignore_errors=True)
    if old.exists() and warn is not None:
        warn(old, "the new site is in place, but the previous one could not be removed (is it read-only?); "
                  "remove this folder by hand")
