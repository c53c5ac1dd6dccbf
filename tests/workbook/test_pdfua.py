"""The workbook is PDF/UA-1 as far as a machine can check it (veraPDF cannot be installed here):
each check reads the real PDF back with pikepdf (and qpdf) and names what fails and where.

Workbooks checked, all rendered once per run by fixtures other tests use too: the example pair's
(plans/dana-and-sam.yaml), a circle's, a fillable one and one with a program's logo and colour.
"""
from __future__ import annotations

import re
import subprocess
from collections import Counter
from functools import cached_property
from pathlib import Path

import pikepdf
import pytest

from running import PLANS, cover_theme

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = PLANS / "dana-and-sam.yaml"
CIRCLE = PLANS / "platform-leads-circle.yaml"
PAIR_PLAN = Path(__file__).resolve().parent / "plans" / "pair-with-log.yaml"
WORKBOOKS = ["example", "circle", "fillable", "branded"]
SMALL_PRINT_CONTRAST = 4.5  # WCAG 2.2 AA for text under 18 pt (14 pt bold)
HEADER_SHADING = (0xEC, 0xEC, 0xEC)  # workbook.css: the background of table headers, the darkest under text


class Tagged:
    """A workbook opened with pikepdf, and its structure tree in reading order."""

    def __init__(self, data: bytes):
        import io

        self.pdf = pikepdf.open(io.BytesIO(data))
        self.page_of = {page.objgen: number for number, page in enumerate(self.pdf.pages, start=1)}

    @cached_property
    def elements(self) -> list:
        """Every structure element reachable from the root, in document order."""
        found = []

        def visit(element):
            found.append(element)
            kids = element.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/OBJR" and "/S" in kid:
                    visit(kid)

        for kid in self.pdf.Root.StructTreeRoot.K if isinstance(self.pdf.Root.StructTreeRoot.K, pikepdf.Array) \
                else [self.pdf.Root.StructTreeRoot.K]:
            visit(kid)
        return found

    @cached_property
    def in_tree(self) -> set:
        return {element.objgen for element in self.elements}

    def where(self, element) -> str:
        page = element.get("/Pg")
        return f"page {self.page_of.get(page.objgen, '?')}" if page is not None else "page ?"

    @cached_property
    def parent_tree(self) -> dict:
        """ParentTree keys (a page's index, or an annotation's StructParent) and their values."""
        nums = self.pdf.Root.StructTreeRoot.ParentTree.Nums
        return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


@pytest.fixture(scope="module")
def opened():
    cache = {}

    def open_(workbook) -> Tagged:
        key = id(workbook)
        if key not in cache:
            cache[key] = Tagged(workbook.data)
        return cache[key]
    return open_


@pytest.fixture(params=WORKBOOKS)
def workbook(request, renders):
    name = request.param
    if name == "branded":
        return request.getfixturevalue("branded_workbook")
    path, fillable = {"example": (EXAMPLE, False), "circle": (CIRCLE, False), "fillable": (PAIR_PLAN, True)}[name]
    return renders.workbook(path, fillable=fillable)


# --- structure -----------------------------------------------------------------------------------

def test_headings_start_at_h1_and_never_skip_a_level(workbook, opened):
    tagged = opened(workbook)
    headings = [(int(str(e.S)[2:]), e) for e in tagged.elements if re.fullmatch(r"/H[1-6]", str(e.S))]
    assert headings and headings[0][0] == 1, "the first heading is not an H1"
    skips = [f"{tagged.where(e)}: H{level} right after H{before}"
             for (before, _), (level, e) in zip(headings, headings[1:]) if level > before + 1]
    assert skips == [], f"{len(skips)} skipped heading levels: {skips[:10]}"
    assert not any(str(e.S) == "/H" for e in tagged.elements), "numbered and unnumbered headings mixed"


SUMMARY_WITH_HEADINGS = """\
mentorkit: 1
title: Headings in the summary
summary: |
  ### Why we do this

  Because it helps.

  ##### The small print

  #### What it costs

  ### How it ends
schedule: {start: 2027-03-01, cadence: weekly, meetings: 1}
"""


def test_headings_a_plans_summary_writes_stand_under_the_cover_title_skipping_none(tmp_path):
    """Plan text may say ### and then #####: under the cover's H1 they print as H2 and H3."""
    from mentorkit.plan.loading import load_plan
    from mentorkit.workbook.render import WorkbookRenderer

    (tmp_path / "plan.yaml").write_text(SUMMARY_WITH_HEADINGS, encoding="utf-8")
    renderer = WorkbookRenderer(theme_dir=cover_theme(tmp_path / "cover") / "print")  # the real cover alone
    tagged = Tagged(renderer.render(load_plan(tmp_path / "plan.yaml")))
    assert [str(e.S) for e in tagged.elements if re.fullmatch(r"/H\d", str(e.S))] == ["/H1", "/H2", "/H3", "/H3", "/H2"]


def test_every_table_header_cell_has_a_scope_and_a_row_header_names_its_row(workbook, opened):
    tagged = opened(workbook)
    missing, scopes = [], Counter()
    for table_number, table in enumerate((e for e in tagged.elements if e.S == "/Table"), start=1):
        for row in (e for e in tagged.elements if e.S == "/TR" and _inside(e, table)):
            for cell in _kids(row):
                if cell.get("/S") == "/TH":
                    scope = (cell.get("/A") or {}).get("/Scope")
                    if scope not in ("/Row", "/Column", "/Both"):
                        missing.append(f"{tagged.where(cell)}: table {table_number}, a TH with scope {scope}")
                    scopes[str(scope)] += 1
                    if scope == "/Row":  # the data cells of its row list it among their headers
                        for data in (c for c in _kids(row) if c.get("/S") == "/TD"):
                            assert cell.ID in list(data.A.Headers), f"{tagged.where(cell)}: table {table_number}"
    assert missing == [], f"{len(missing)} header cells without a scope: {missing[:10]}"
    assert scopes["/Column"] and scopes["/Row"], scopes  # the agreement's facts and the goals' facets are row headers


def _kids(element) -> list:
    kids = element.get("/K")
    kids = kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    return [kid for kid in kids if isinstance(kid, pikepdf.Dictionary)]


def _inside(element, ancestor) -> bool:
    while element is not None and "/P" in element:
        element = element.P
        if element.objgen == ancestor.objgen:
            return True
    return False


def test_every_figure_has_alternative_text(workbook, opened):
    tagged = opened(workbook)
    nameless = [tagged.where(e) for e in tagged.elements
                if e.S == "/Figure" and not str(e.get("/Alt", e.get("/ActualText", ""))).strip()]
    assert nameless == [], f"figures without alternative text: {nameless}"


def test_a_decorative_logo_is_a_layout_artifact_and_a_plan_image_a_figure_with_its_alt_text(branded_workbook,
                                                                                            opened):
    """The cover's logo has alt="" (it names nothing the title does not): no Figure without a name."""
    tagged = opened(branded_workbook)
    logo_yellow = [stack for operands, op, stack in _marked(tagged.pdf.pages[0])
                   if op == "rg" and [round(float(v) * 255) for v in operands] == [0xF4, 0xC2, 0x0D]]
    assert logo_yellow, "the logo (a yellow square) is not drawn on the cover"
    assert all(stack and stack[-1] == "/Artifact /Layout" for stack in logo_yellow), logo_yellow
    figures = [str(e.Alt) for e in tagged.elements if e.S == "/Figure"]
    assert figures == ["Our team badge"], figures  # the plan's image (pair-with-log.yaml), named


def _marked(page) -> list:
    """(operands, operator, the marked-content sequences it is inside) for every operator of a page."""
    stack, found = [], []
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op in ("BDC", "BMC"):
            kind = str(operands[0])
            if len(operands) > 1 and isinstance(operands[1], pikepdf.Dictionary) and "/Type" in operands[1]:
                kind += " " + str(operands[1].Type)
            stack.append(kind)
        elif op == "EMC":
            stack.pop()
        found.append((operands, op, list(stack)))
    return found


def test_all_content_is_tagged_or_an_artifact(workbook, opened):
    """Text and images belong to an element of the structure tree (the page headers and footers
    belonged to elements outside it), and every link and field to a Link or Form element."""
    tagged = opened(workbook)
    outside = []
    for number, page in enumerate(tagged.pdf.pages):
        owners = tagged.parent_tree.get(number)
        marks = [stack for _, op, stack in _marked(page) if op in ("Tj", "TJ", "'", '"', "Do")]
        untagged = [stack for stack in marks if not stack]
        assert untagged == [], f"page {number + 1}: {len(untagged)} drawings neither tagged nor artifacts"
        for mcid, owner in enumerate(owners or []):
            if isinstance(owner, pikepdf.Dictionary) and owner.objgen not in tagged.in_tree:
                outside.append(f"page {number + 1}: MCID {mcid} ({owner.get('/S')})")
        headers = [stack for stack in marks if "/Artifact /Pagination" in stack]
        assert headers, f"page {number + 1}: its running header and footer are not pagination artifacts"
    assert outside == [], f"{len(outside)} marked contents owned by elements outside the tree: {outside[:10]}"
    for number, page in enumerate(tagged.pdf.pages, start=1):
        for annotation in page.get("/Annots") or []:
            owner = tagged.parent_tree.get(int(annotation.get("/StructParent", -1)))
            kind = "/Link" if annotation.Subtype == "/Link" else "/Form"
            assert owner is not None and owner.S == kind and owner.objgen in tagged.in_tree, \
                f"page {number}: a {annotation.Subtype} annotation not in a {kind} element of the tree"


# --- the document as a whole ---------------------------------------------------------------------

def test_the_document_declares_its_language_title_tags_and_pdfua(workbook, opened):
    tagged = opened(workbook)
    catalog = tagged.pdf.Root
    assert str(catalog.get("/Lang", "")) == "en"
    assert catalog.ViewerPreferences.DisplayDocTitle is True
    assert catalog.MarkInfo.Marked is True
    metadata = tagged.pdf.open_metadata()
    assert metadata.get("pdfuaid:part") == "1"
    title = metadata.get("dc:title")
    assert title and title == str(tagged.pdf.docinfo.Title) and title.endswith(": mentoring workbook")


def test_every_font_is_embedded_with_a_unicode_map(workbook, opened):
    tagged = opened(workbook)
    problems = []
    for font, where in _fonts(tagged.pdf):
        descendant = font.DescendantFonts[0] if font.get("/Subtype") == "/Type0" else font
        descriptor = descendant.get("/FontDescriptor")
        name = str(font.get("/BaseFont"))
        if descriptor is None or not {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys()):
            problems.append(f"{name} ({where}) is not embedded")
        if "/ToUnicode" not in font:
            problems.append(f"{name} ({where}) has no ToUnicode map")
    assert problems == [], problems


def _fonts(pdf):
    seen = {}

    def scan(resources, where):
        if resources is None:
            return
        for font in (resources.get("/Font") or {}).values():
            seen.setdefault(font.objgen, (font, where))
        for xobject in (resources.get("/XObject") or {}).values():
            if xobject.get("/Subtype") == "/Form":
                scan(xobject.get("/Resources"), where)

    for number, page in enumerate(pdf.pages, start=1):
        scan(page.get("/Resources"), f"page {number}")
        for annotation in page.get("/Annots") or []:
            for appearance in (annotation.get("/AP") or {}).values():
                streams = [appearance] if isinstance(appearance, pikepdf.Stream) else list(appearance.values())
                for stream in streams:
                    scan(stream.get("/Resources"), f"page {number}, a field's appearance")
    if "/AcroForm" in pdf.Root and "/DR" in pdf.Root.AcroForm:
        scan(pdf.Root.AcroForm.DR, "the form's resources, for fields' DA")
    return list(seen.values())


def test_every_page_with_links_or_fields_keeps_the_tab_order_of_the_structure(workbook, opened):
    tagged = opened(workbook)
    wrong = [number for number, page in enumerate(tagged.pdf.pages, start=1)
             if page.get("/Annots") and page.get("/Tabs") != "/S"]
    assert wrong == [], f"pages with annotations but no /Tabs /S: {wrong}"


def test_qpdf_checks_the_workbook_clean(workbook, tmp_path):
    pdf = tmp_path / "workbook.pdf"
    pdf.write_bytes(workbook.data)
    result = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    assert result.returncode == 0 and "No syntax or stream encoding errors" in result.stdout, \
        result.stdout[-2000:] + result.stderr[-2000:]
    assert "WARNING" not in result.stdout + result.stderr


# --- the form --------------------------------------------------------------------------------------

def test_every_field_has_its_own_tooltip_naming_what_and_which_meeting(renders, opened):
    tagged = opened(renders.workbook(PAIR_PLAN, fillable=True))
    fields = []

    def walk(field, path):
        path = path + [str(field.T)] if "/T" in field else path
        kids = [kid for kid in field.get("/Kids") or [] if "/T" in kid]
        if kids:
            for kid in kids:
                walk(kid, path)
        else:
            fields.append((".".join(path), field))

    for field in tagged.pdf.Root.AcroForm.Fields:
        walk(field, [])
    tips = {name: str(field.get("/TU", "")).strip() for name, field in fields}
    assert len(fields) > 150 and [name for name, tip in tips.items() if not tip] == []
    repeated = {tip: n for tip, n in Counter(tips.values()).items() if n > 1}
    assert repeated == {}, f"tooltips shared by several fields: {repeated}"
    for name, tip in tips.items():
        meeting = re.match(r"log\.(\d+)\.", name)
        if meeting:
            assert re.search(rf"\bmeeting {meeting[1]}\b", tip, re.I), f"{name}: {tip!r} does not say which meeting"
    for name, field in fields:
        if field.get("/FT") == "/Btn" and int(field.get("/Ff", 0)) & (1 << 15):
            options = [str(key)[1:] for key in field.Kids[0].AP.N.keys() if key != "/Off"]
            assert options and not re.search(rf":\s*{re.escape(options[0])}$", tips[name]), \
                f"{name}: the group's name {tips[name]!r} ends with its first option"
            assert all("/TU" not in kid for kid in field.Kids), f"{name}: a button with a name of its own"
    assert tips["log.1.rating"] == "Meeting 1 rating"


# --- contrast --------------------------------------------------------------------------------------

def _luminance(rgb) -> float:
    linear = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a, b) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _grey(rgb) -> tuple:
    """How a black-and-white printer or copier renders a colour: its luma (Rec. 601)."""
    luma = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]
    return (luma, luma, luma)


def _text_colours(page) -> Counter:
    """The fill colour (blended over white by its opacity) of every run of text on a page."""
    states, fill, alpha, mode = [], (0.0, 0.0, 0.0), 1.0, 0
    found = Counter()
    extgstates = (page.get("/Resources") or {}).get("/ExtGState") or {}
    for operands, op in pikepdf.parse_content_stream(page):
        op = str(op)
        if op == "q":
            states.append((fill, alpha, mode))
        elif op == "Q":
            fill, alpha, mode = states.pop()
        elif op == "rg" or (op in ("sc", "scn") and len(operands) == 3):
            fill = tuple(float(v) for v in operands)
        elif op == "g" or (op in ("sc", "scn") and len(operands) == 1 and not isinstance(operands[0], pikepdf.Name)):
            fill = (float(operands[0]),) * 3
        elif op == "k":
            c, m, y, k = (float(v) for v in operands)
            fill = tuple((1 - v) * (1 - k) for v in (c, m, y))
        elif op == "gs":
            alpha = float(extgstates[str(operands[0])].get("/ca", alpha))
        elif op == "Tr":
            mode = int(operands[0])
        elif op in ("Tj", "TJ", "'", '"') and mode != 3:
            found[tuple(round(alpha * v + (1 - alpha), 4) for v in fill)] += 1
    return found


def test_small_print_reads_at_4_5_to_1_on_paper_and_in_black_and_white(workbook, opened):
    """Every run of text (the grey hints, labels, page headers and footers, headings in the program's
    colour): 4.5:1 against the paper and the table headers' shading, in colour and printed grey."""
    tagged = opened(workbook)
    shading = tuple(v / 255 for v in HEADER_SHADING)
    faint = []
    colours = Counter()
    for number, page in enumerate(tagged.pdf.pages, start=1):
        for colour, runs in _text_colours(page).items():
            colours[colour] += runs
            worst = min(_contrast(colour, background) for background in ((1, 1, 1), shading))
            grey = min(_contrast(_grey(colour), background) for background in ((1, 1, 1), _grey(shading)))
            if min(worst, grey) < SMALL_PRINT_CONTRAST:
                faint.append(f"page {number}: {runs} runs in rgb{tuple(round(v * 255) for v in colour)}, "
                             f"{worst:.2f}:1 ({grey:.2f}:1 in grey)")
    assert faint == [], faint[:10]
    assert len(colours) >= 3, colours  # black and the greys of the small print were seen
