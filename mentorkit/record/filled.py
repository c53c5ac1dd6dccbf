"""A filled workbook read back: which plan it was printed from and what its form fields hold."""
from __future__ import annotations

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


MAX_DEPTH = 32  # levels of a field's name: a workbook's deepest is 6 (log.6.check_in.ratings.mentee.1)


def read_filled(path: Path) -> FilledWorkbook:
    """The fields of a filled mentorkit workbook; a file that is not one is refused, located.
    Read with pikepdf (qpdf): a 46-page workbook's form in milliseconds (pypdf took ~0.8 s)."""
    import pikepdf

    try:
        pdf = pikepdf.open(path)
    except (OSError, pikepdf.PdfError, ValueError) as exc:
        raise ImportError_.at(path, f"cannot read this PDF: {' '.join(str(exc).split())}") from None
    with pdf:
        try:
            plan_id, digest = (str(pdf.docinfo.get(key) or "") for key in (PLAN_KEY, DIGEST_KEY))
            form = pdf.Root.get("/AcroForm")
            fields = form.get("/Fields") if isinstance(form, pikepdf.Dictionary) else None
            values: dict[tuple, str] = {}
            if plan_id and isinstance(fields, pikepdf.Array):
                _walk(fields, (), None, None, values, set())
        except (pikepdf.PdfError, ValueError, TypeError, AttributeError) as exc:
            raise ImportError_.at(path, f"cannot read this PDF's form: {' '.join(str(exc).split())}") from None
    if not plan_id:
        raise ImportError_.at(path, "not a mentorkit workbook (its PDF says nothing of the plan it was printed "
                              "from); import a workbook made with 'mentorkit workbook --fillable'")
    if not fields:
        raise ImportError_.at(path, f"the workbook of '{plan_id}' has no form fields; it was printed without "
                              "--fillable, so there is nothing to import")
    return FilledWorkbook(Path(path), plan_id, digest, values)


def _walk(kids, prefix: tuple, kind, value, values: dict, seen: set) -> None:
    """Each field's full name and value: a field's name is its parents' names and its own (/T),
    joined by dots; its type (/FT) and value (/V) may be its parent's. A kid without /T is a
    widget of its field (a radio group's buttons), not a field."""
    import pikepdf

    if len(prefix) > MAX_DEPTH:
        return
    for kid in kids:
        if not isinstance(kid, pikepdf.Dictionary) or "/T" not in kid:
            continue
        if kid.is_indirect:
            if kid.objgen in seen:
                continue  # a field listed twice, or a loop of kids
            seen.add(kid.objgen)
        name = prefix + (str(kid.T),)
        kid_kind, kid_value = kid.get("/FT", kind), kid.get("/V", value)
        children = kid.get("/Kids")
        if isinstance(children, pikepdf.Array) and any(isinstance(c, pikepdf.Dictionary) and "/T" in c
                                                        for c in children):
            _walk(children, name, kid_kind, kid_value, values, seen)
        elif kid_kind is not None:
            text = _value(kid_value)
            if text is not None:
                values[key_path(FIELD_SEPARATOR.join(name))] = text


def _value(value) -> Optional[str]:
    """A field's value as text: a text field's, or a button's export value ('7', 'Yes'); None when empty."""
    if value is None:
        return None
    text = str(value)  # a pikepdf Name is '/7', a String its text
    if text.startswith("/"):  # a name: a button's state
        text = text[1:]
        return None if text in ("Off", "") else text
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return text or None
