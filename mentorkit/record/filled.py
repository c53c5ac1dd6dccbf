"""A filled workbook read back: which plan it was printed from and what its form fields hold."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..diagnostics import MentorkitError
from ..workbook.forms import FIELD_SEPARATOR, _IN_A_PART

PLAN_KEY, DIGEST_KEY = "/mentorkitplan", "/mentorkitdigest"  # from <meta name="mentorkit-plan">: letters only, lower case


class ImportError_(MentorkitError):
    """A filled workbook cannot be imported."""


@dataclass(frozen=True)
class FilledWorkbook:
    path: Path
    plan_id: str
    digest: str
    values: dict[tuple, str]  # by the path of the key a field fills: what a viewer left in it


def key_path(name: str) -> tuple:
    """'log.3.rating' -> ('log', 3, 'rating'): the inverse of `forms.field_name`."""
    return tuple(int(part) if part.isdigit() else part.replace(_IN_A_PART, FIELD_SEPARATOR)
                 for part in name.split(FIELD_SEPARATOR))


def read_filled(path: Path) -> FilledWorkbook:
    """The fields of a filled mentorkit workbook; a file that is not one is refused, located."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        logging.getLogger("pypdf").setLevel(logging.ERROR)
        reader = PdfReader(path)
        info = reader.metadata or {}
        fields = reader.get_fields() or {}
    except (OSError, PyPdfError, ValueError, KeyError) as exc:
        raise ImportError_.at(path, f"cannot read this PDF: {exc}") from None
    plan_id = info.get(PLAN_KEY)
    if not plan_id:
        raise ImportError_.at(path, "not a mentorkit workbook (its PDF says nothing of the plan it was printed "
                              "from); import a workbook made with 'mentorkit workbook --fillable'")
    if not fields:
        raise ImportError_.at(path, f"the workbook of '{plan_id}' has no form fields; it was printed without "
                              "--fillable, so there is nothing to import")
    values = {}
    for name, field in fields.items():
        value = _value(field.get("/V"))
        if value is not None and field.get("/FT"):
            values[key_path(name)] = value
    return FilledWorkbook(Path(path), str(plan_id), str(info.get(DIGEST_KEY) or ""), values)


def _value(value) -> Optional[str]:
    """A field's value as text: a text field's, or a button's export value ('7', 'Yes'); None when empty."""
    if value is None:
        return None
    text = str(value)
    if text.startswith("/"):  # a name: a button's state
        text = text[1:]
        return None if text in ("Off", "") else text
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return text or None
