"""Where a command writes one file: the checks `workbook` and `calendar` share."""
from __future__ import annotations

import os
from pathlib import Path

from ..diagnostics import MentorkitError

_EXAMPLES = {".pdf": "workbook.pdf", ".ics": "meetings.ics"}


def output_path(output_arg: str | None, plan_file: Path, *, suffix: str, kind: str) -> Path:
    """Where the file (a PDF, a calendar) goes; refuses anything but a regular file (or a new one)
    before anything is made.

    A device, a FIFO or a link (`/dev/null`, `/dev/stdout`) is refused rather than written
    through: replacing it would remove it for the whole machine. `-o -` writes to standard output."""
    default_name = plan_file.stem + suffix
    if output_arg is None:
        output = Path(default_name)
    elif output_arg == "-":
        return Path("-")
    elif output_arg.endswith(("/", os.sep)):  # a folder, as the trailing slash says
        folder = Path(output_arg)
        if not folder.is_dir():
            raise MentorkitError.at(folder, f"no such folder; create it first, or name the {kind} file")
        output = folder / default_name
    else:
        output = Path(output_arg)
    if output.is_symlink():
        raise MentorkitError.at(output, "is a link; mentorkit replaces only regular files (use -o - to write "
                                        "to standard output)")
    if output.exists() and output.is_dir():
        example = _EXAMPLES.get(suffix, 'out' + suffix)
        raise MentorkitError.at(output, f"is a folder; give the {kind} file to write, e.g. -o {example}")
    if output.exists() and not output.is_file():
        raise MentorkitError.at(output, "is not a regular file (a device or a pipe); mentorkit replaces only "
                                        "regular files (use -o - to write to standard output)")
    return output


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False
