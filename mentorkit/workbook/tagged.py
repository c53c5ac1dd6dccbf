"""The tagged PDF that PDF/UA-1 asks for, where WeasyPrint's falls short: fixes made just before
the PDF is written (`finish_tagged`, a WeasyPrint finisher, like `forms.fix_form`). The HTML and
CSS say all they can (heading levels, `scope` on header cells, `alt` on images, `lang`); these
are the things WeasyPrint 70 cannot be told:

- A table header cell gets its `/Scope`: Row for a `<th scope="row">` (WeasyPrint then lists the
  cell among the /Headers of the data cells of its row), Column for every other.
- Page headers and footers (CSS margin boxes: the running title, "Page 3 of 28", the section) are
  pagination artifacts. WeasyPrint tags their text as content of structure elements it leaves out
  of the structure tree (it makes them artifacts only in PDF 2.0): text that belonged to nothing.
- An image without alternative text (`alt=""`: the cover's logo, decorative) is a layout artifact,
  not a Figure that a screen reader announces without a name.
- A link annotation belongs to its Link element. WeasyPrint gives the boxes inside a link
  (`<a href><span>Topic to agree</span></a>`) annotations of their own, owned by their Span.

It works on pydyf's objects as WeasyPrint made them: page content streams as lists of operands
and operators, `/Tag <</MCID n>> BDC` as three items. tests/workbook/test_pdfua.py reads every
one of these facts back from real workbooks, so a WeasyPrint or pydyf release that changes them
fails there.
"""
from __future__ import annotations

import pydyf

PAGINATION = pydyf.Dictionary({"Type": "/Pagination"})
LAYOUT = pydyf.Dictionary({"Type": "/Layout"})


def finish_tagged(document, pdf: pydyf.PDF) -> None:
    root_reference = pdf.catalog.get("StructTreeRoot")
    if root_reference is None:
        return
    objects = {obj.reference: obj for obj in pdf.objects
               if isinstance(obj, (pydyf.Dictionary, pydyf.Stream)) and obj.number}
    root = objects[root_reference]
    in_tree = _elements(objects, root)
    for element in in_tree.values():
        if element.get("S") == "/TH":
            _scope(objects, element)
    parent_tree = objects.get(root.get("ParentTree"), root.get("ParentTree"))
    nums = parent_tree["Nums"]
    for i in range(0, len(nums) - 1, 2):
        if isinstance(nums[i + 1], bytes):  # an annotation's owner
            nums[i + 1] = _link_owner(objects, nums[i + 1])
    nums = list(nums)
    by_page = {nums[i]: nums[i + 1] for i in range(0, len(nums) - 1, 2) if isinstance(nums[i + 1], pydyf.Array)}
    for index, page_reference in enumerate(pdf.page_references):
        elements = by_page.get(index)
        if not elements:
            continue
        stream = objects[objects[page_reference]["Contents"]]
        marks = _marked_content(stream.stream)
        for mcid, reference in enumerate(elements):
            element = objects.get(reference)
            if element is None or mcid not in marks:
                continue
            if reference not in in_tree:
                kind = PAGINATION
            elif element.get("S") == "/Figure" and not ({"Alt", "ActualText"} & set(element)):
                kind = LAYOUT
                parent = objects[element["P"]]
                parent["K"] = pydyf.Array(kid for kid in parent["K"] if kid != reference)
            else:
                continue
            at = marks[mcid]
            stream.stream[at:at + 2] = ["/Artifact", kind]
            elements[mcid] = "null"  # no structure element owns this content any more


def _link_owner(objects: dict, reference: bytes) -> bytes:
    """The element that owns an annotation: a link's goes to the Link element it is inside."""
    element = objects.get(reference)
    if element is None or element.get("S") in ("/Link", "/Form"):
        return reference
    marks = [kid for kid in _kids(element) if objects.get(kid, {}).get("Type") == "/OBJR"]
    links = [kid for kid in marks if objects.get(objects[kid].get("Obj"), {}).get("Subtype") == "/Link"]
    if not links:
        return reference
    link, link_reference = element, reference
    while link is not None and link.get("S") != "/Link":
        link_reference = link.get("P")
        link = objects.get(link_reference)
    if link is None:  # no Link above it: the element itself is the link
        element["S"] = "/Link"
        return reference
    element["K"] = pydyf.Array(kid for kid in element["K"] if kid not in links)
    link["K"].extend(links)
    return link_reference


def _elements(objects: dict, root: pydyf.Dictionary) -> dict:
    """Every structure element reachable from the root, by reference."""
    found: dict = {}
    todo = list(_kids(root))
    while todo:
        reference = todo.pop()
        element = objects.get(reference)
        if reference in found or element is None or element.get("Type") != "/StructElem":
            continue
        found[reference] = element
        todo.extend(_kids(element))
    return found


def _kids(element) -> list:
    kids = element.get("K")
    if kids is None:
        return []
    return [kid for kid in (kids if isinstance(kids, (list, pydyf.Array)) else [kids]) if isinstance(kid, bytes)]


def _text(value) -> str:
    return str(getattr(value, "string", value))


def _scope(objects: dict, header: pydyf.Dictionary) -> None:
    attributes = header.setdefault("A", pydyf.Dictionary({"O": "/Table"}))
    if "Scope" in attributes:
        return
    key = _text(header.get("ID", ""))
    row = objects.get(header.get("P"))
    row_header = bool(key) and row is not None and row.get("S") == "/TR" and any(
        key in {_text(h) for h in (cell.get("A") or {}).get("Headers", ())}
        for cell in (objects.get(kid) for kid in _kids(row)) if cell is not None and cell.get("S") == "/TD")
    attributes["Scope"] = "/Row" if row_header else "/Column"


def _marked_content(items: list) -> dict[int, int]:
    """Where each marked-content sequence with an MCID begins in a content stream's items."""
    marks = {}
    for at in range(len(items) - 2):
        properties = items[at + 1]
        if items[at + 2] == b"BDC" and isinstance(properties, pydyf.Dictionary) and "MCID" in properties:
            marks[properties["MCID"]] = at
    return marks
