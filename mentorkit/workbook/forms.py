"""A fillable workbook must open without complaint in every PDF reader: two fixes to the
form WeasyPrint writes, made just before the PDF is written (`fix_form`, a WeasyPrint finisher).

- WeasyPrint lists each radio button twice: among its group's kids and among the form's
  top-level fields, so readers meet it twice (pypdf: "m1-rating already parsed").
  Only the groups stay top-level.
- Check boxes and radio buttons get no default appearance string: a reader asked to draw a
  ticked box (poppler does, since the form says NeedAppearances) reports "Missing 'Tf' operator
  in field's DA string". They get the one PDF forms use for ticks, ZapfDingbats in black, and
  the form's resources get that font (one of the fonts every PDF reader has).
"""
from __future__ import annotations

import pydyf

TICK_FONT = "ZaDb"
TICK_DA = f"/{TICK_FONT} 0 Tf 0 g"


def fix_form(document, pdf: pydyf.PDF) -> None:
    form = pdf.catalog.get("AcroForm")
    if not form:
        return
    objects = {obj.reference: obj for obj in pdf.objects if isinstance(obj, pydyf.Dictionary) and obj.number}
    fields = [objects.get(reference) for reference in form["Fields"]]
    form["Fields"] = pydyf.Array(reference for reference, field in zip(form["Fields"], fields)
                                 if field is None or "Parent" not in field)
    buttons = [field for field in objects.values() if field.get("FT") == "/Btn" and "DA" not in field]
    resources = objects.get(form.get("DR"))
    if not buttons or resources is None:
        return
    fonts = resources.setdefault("Font", pydyf.Dictionary())
    fonts = objects.get(fonts, fonts)  # inline, or a reference to its own object
    if TICK_FONT not in fonts:
        font = pydyf.Dictionary({"Type": "/Font", "Subtype": "/Type1", "BaseFont": "/ZapfDingbats"})
        pdf.add_object(font)
        fonts[TICK_FONT] = font.reference
    for field in buttons:
        field["DA"] = pydyf.String(TICK_DA)
