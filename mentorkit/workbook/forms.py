"""A fillable workbook must open without complaint in every PDF reader, and read back what a
viewer filled in: fixes to the form WeasyPrint writes, made just before the PDF is written
(`fix_form`, a WeasyPrint finisher).

- A field's name is the dotted path of the plan key it fills (`field_name`): the form gets the
  hierarchy that PDF defines for dotted names (a field 'log' with a kid '3' with a kid 'rating'),
  so every reader gives back the same full name, 'log.3.rating'.
- A radio group is one field whose buttons are its widgets (WeasyPrint gives each button the
  group's name too, so readers saw ten fields of one name), and its export values are the values
  the HTML gives (the printed numbers '1'..'10', 'met', 'mentor'), not their places ('/0'..'/9').
  A check box's is 'Yes'.

- WeasyPrint lists each radio button twice: among its group's kids and among the form's
  top-level fields, so readers meet it twice (pypdf: "m1-rating already parsed").
  Only the groups stay top-level.
- Check boxes and radio buttons get no default appearance string: a reader asked to draw a
  ticked box (poppler does, since the form says NeedAppearances) reports "Missing 'Tf' operator
  in field's DA string". They get the one PDF forms use for ticks, the font named ZaDb in black
  (readers draw a tick with the ZapfDingbats codes '4' or '3', whatever font DA names). PDF/UA
  wants every font embedded, ZapfDingbats too: the form's ZaDb is a font of its own, embedded, with
  DejaVu's glyphs for the codes of the check styles PDF forms know (`TICKS`, `tick_font_program`).
"""
from __future__ import annotations

import io
from functools import lru_cache

import pydyf

from ..themes import themes_dir

FIELD_SEPARATOR = "."
_IN_A_PART = "\u2024"  # ONE DOT LEADER: a '.' inside a name ('J. Smith') that is no level of the path


def field_name(path: tuple) -> str:
    """A form field's name: the path of the plan key it fills, dotted ('log.3.rating',
    'before_we_start.members.Bo Ek.want'); numbers count from 1 (a meeting's number, a list's place)."""
    return FIELD_SEPARATOR.join(str(part).replace(FIELD_SEPARATOR, _IN_A_PART) for part in path)


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
    _export_values(objects, [objects[r] for r in form["Fields"] if r in objects])
    form["Fields"] = _hierarchy(pdf, objects, form["Fields"])
    buttons = [field for field in objects.values() if field.get("FT") == "/Btn" and "DA" not in field]
    resources = objects.get(form.get("DR"))
    if not buttons or resources is None:
        return
    fonts = resources.setdefault("Font", pydyf.Dictionary())
    fonts = objects.get(fonts, fonts)  # inline, or a reference to its own object
    if TICK_FONT not in fonts:
        fonts[TICK_FONT] = _tick_font(pdf).reference
    for field in buttons:
        field["DA"] = pydyf.String(TICK_DA)


RADIO_FLAG = 1 << 15


def _export_values(objects: dict, fields: list) -> None:
    for field in fields:
        if field.get("FT") != "/Btn":
            continue
        if "Kids" in field and int(field.get("Ff", 0)) & RADIO_FLAG:
            values = [_text(v) for v in field.get("Opt", ())]
            for index, reference in enumerate(field["Kids"]):
                kid = objects[reference]
                value = values[index] if index < len(values) else str(index)
                normal = kid["AP"]["N"]
                normal[value] = normal.pop(index)
                if kid.get("AS") == f"/{index}":
                    kid["AS"] = f"/{value}"
                    field["V"] = f"/{value}"
                for key in ("T", "TU", "FT"):  # a widget of its group, not a field of its own
                    kid.pop(key, None)
            field.pop("Opt", None)
        elif "AP" in field and "on" in field["AP"]["N"]:
            normal = field["AP"]["N"]
            normal["Yes"] = normal.pop("on")
            for key in ("AS", "V"):
                if field.get(key) == "/on":
                    field[key] = "/Yes"


def _text(value) -> str:
    text = getattr(value, "string", value)
    return text.decode() if isinstance(text, bytes) else str(text)


def _hierarchy(pdf: pydyf.PDF, objects: dict, references) -> pydyf.Array:
    """The top-level fields of a form whose fields are named by dotted paths."""
    roots = pydyf.Array()
    nodes: dict[tuple, pydyf.Dictionary] = {}
    for reference in references:
        field = objects.get(reference)
        name = _text(field["T"]) if field is not None and "T" in field else ""
        parts = name.split(FIELD_SEPARATOR)
        if field is None or len(parts) == 1:
            roots.append(reference)
            continue
        parent = None
        for depth in range(1, len(parts)):
            key = tuple(parts[:depth])
            node = nodes.get(key)
            if node is None:
                node = nodes[key] = pydyf.Dictionary({"T": pydyf.String(parts[depth - 1]), "Kids": pydyf.Array()})
                pdf.add_object(node)
                if parent is None:
                    roots.append(node.reference)
                else:
                    node["Parent"] = parent.reference
                    parent["Kids"].append(node.reference)
            parent = node
        field["T"] = pydyf.String(parts[-1])
        field["Parent"] = parent.reference
        parent["Kids"].append(reference)
    return roots


# The ZapfDingbats codes of the check styles of PDF forms (check, circle, cross, diamond, square,
# star) and the glyph each gets; a reader that draws a tick itself uses one of them.
TICKS = {"3": "\u2713", "4": "\u2714", "8": "\u2718", "H": "\u2605", "l": "\u25cf", "n": "\u25a0", "u": "\u25c6"}
TICK_SOURCE = "DejaVuSans.ttf"  # the print theme's font (themes/print/fonts)
TICK_FONT_NAME = "/MKTICK+MentorkitTicks"  # a subset: six capitals and a plus


@lru_cache(maxsize=1)
def tick_font_program() -> tuple[bytes, dict, list, int, int]:
    """A TrueType font holding only the `TICKS` glyphs, at their ZapfDingbats codes (a symbolic font:
    one (3,0) cmap, codes at U+F000 + code), with its widths, box, ascent and descent in PDF units."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

    font = TTFont(themes_dir() / "print" / "fonts" / TICK_SOURCE)
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.drop_tables += ["FFTM"]  # FontForge's timestamps, which fontTools cannot subset (it says so)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(glyph) for glyph in TICKS.values()])
    subsetter.subset(font)
    glyph_of = font.getBestCmap()
    table = CmapSubtable.newSubtable(4)
    table.platformID, table.platEncID, table.language = 3, 0, 0
    table.cmap = {0xF000 + ord(code): glyph_of[ord(glyph)] for code, glyph in TICKS.items()}
    font["cmap"].tables = [table]
    scale = 1000 / font["head"].unitsPerEm
    widths = {code: round(font["hmtx"][glyph_of[ord(glyph)]][0] * scale) for code, glyph in TICKS.items()}
    head = font["head"]
    box = [round(value * scale) for value in (head.xMin, head.yMin, head.xMax, head.yMax)]
    data = io.BytesIO()
    font.save(data)
    return data.getvalue(), widths, box, round(font["hhea"].ascent * scale), round(font["hhea"].descent * scale)


def _tick_font(pdf: pydyf.PDF) -> pydyf.Dictionary:
    """The form's ZaDb font, embedded, with a ToUnicode map: added to `pdf`."""
    program, widths, box, ascent, descent = tick_font_program()
    file = pydyf.Stream([program], pydyf.Dictionary({"Length1": len(program)}), compress=True)
    pdf.add_object(file)
    pairs = "\n".join(f"<{ord(code):02X}> <{ord(glyph):04X}>" for code, glyph in sorted(TICKS.items()))
    to_unicode = pydyf.Stream([(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        f"1 begincodespacerange\n<00> <FF>\nendcodespacerange\n{len(TICKS)} beginbfchar\n{pairs}\nendbfchar\n"
        "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend").encode()], compress=True)
    pdf.add_object(to_unicode)
    descriptor = pydyf.Dictionary({
        "Type": "/FontDescriptor", "FontName": TICK_FONT_NAME, "Flags": 4,  # symbolic
        "FontBBox": pydyf.Array(box), "ItalicAngle": 0, "Ascent": ascent, "Descent": descent,
        "CapHeight": ascent, "StemV": 80, "FontFile2": file.reference})
    pdf.add_object(descriptor)
    first, last = min(ord(code) for code in TICKS), max(ord(code) for code in TICKS)
    font = pydyf.Dictionary({
        "Type": "/Font", "Subtype": "/TrueType", "BaseFont": TICK_FONT_NAME,
        "FirstChar": first, "LastChar": last,
        "Widths": pydyf.Array(widths.get(chr(code), 0) for code in range(first, last + 1)),
        "FontDescriptor": descriptor.reference, "ToUnicode": to_unicode.reference})
    pdf.add_object(font)
    return font
