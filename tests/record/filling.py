"""Filling a workbook's form as a viewer does, with pikepdf (qpdf): /V on each field, and on a
button's widgets the state chosen (/AS). test_import.py fills with pypdf too."""
from __future__ import annotations

from pathlib import Path


def fill_with_pikepdf(source: Path, target: Path, answers: dict[str, str], buttons: set[str], *,
                      every: bool = False) -> None:
    """`answers` by field name; `buttons`: the names that are check boxes or radio groups (their
    value is a state). `every`: each answer's field must be in the form."""
    import pikepdf

    left = dict(answers)
    with pikepdf.open(source) as pdf:
        def walk(field, prefix=""):
            name = prefix + str(field.get("/T", ""))
            if "/Kids" in field and any("/T" in kid for kid in field.Kids):  # kids without /T are widgets
                for kid in field.Kids:
                    walk(kid, name + ".")
            elif name in left:
                value = left.pop(name)
                if name in buttons:
                    field.V = pikepdf.Name("/" + value)
                    for widget in (field.Kids if "/Kids" in field else [field]):
                        states = [str(k) for k in widget.AP.N.keys()]
                        widget.AS = pikepdf.Name("/" + value) if "/" + value in states else pikepdf.Name.Off
                else:
                    field.V = pikepdf.String(value)
        for field in pdf.Root.AcroForm.Fields:
            walk(field)
        assert not (every and left), sorted(left)  # the workbook has each field filled here
        pdf.save(target)
