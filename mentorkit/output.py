"""Writing output atomically: a failed build never leaves half a file or half a site."""
from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .diagnostics import MentorkitError


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


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


@contextmanager
def replacing_dir(target: Path) -> Iterator[Path]:
    """Yield a fresh folder beside `target`; on success it replaces `target`, on error it is removed
    and `target` stays exactly as it was."""
    target = Path(target).resolve()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
        _public_mode(staging, 0o777)
    except OSError as exc:
        raise OutputError(target, f"cannot write: {exc.strerror or exc}") from None
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
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
