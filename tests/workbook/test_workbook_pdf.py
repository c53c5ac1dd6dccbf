"""The workbook PDF, read back: paper, sections, content, bookmarks, fonts, forms."""
from __future__ import annotations

from collections import Counter

import re
from pathlib import Path

import pytest

from mentorkit.plan.loading import load_plan
from mentorkit.view.text import format_date
from mentorkit.workbook.render import WorkbookError, WorkbookRenderer, write_workbook
from running import cover_theme, page_colours, pdf_pages_text, sections_theme, tiny_plan

ROOT = Path(__file__).resolve().parents[2]
PAIR_PLAN = Path(__file__).resolve().parent / "plans" / "pair-with-log.yaml"
SHIPPED_PLANS = sorted((ROOT / "templates").glob("*.yaml")) + sorted(
    p for p in (ROOT / "plans").glob("*.yaml") if re.search(r"(?m)^mentorkit\s*:", p.read_text(encoding="utf-8")))

A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)
SECTION_TITLES = ["Contents", "How to use this workbook", "Before we start: the mentee", "Before we start: the mentor",
                  "Self-assessment", "The mentor's game plan", "Our agreement", "Our goals", "Meeting schedule",
                  "Milestones", "Resources", "Final review", "Notes"]
# With a half-way check-in, the milestones and resources face it (their page is in the meetings' part).
FACING_CHECK_IN = ["Milestones", "Resources"]


def page_sizes(workbook) -> set[tuple[float, float]]:
    return {(round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2)) for p in workbook.reader.pages}


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# --- paper ---------------------------------------------------------------------------------------

def test_a4_pages_are_exactly_a4(pair_workbook):
    assert page_sizes(pair_workbook) == {A4}


def test_letter_pages_are_exactly_letter(renders):
    assert page_sizes(renders.workbook(PAIR_PLAN, paper="letter")) == {LETTER}


# --- structure -----------------------------------------------------------------------------------

def top_level_titles(workbook) -> list[str]:
    """SECTION_TITLES, without the milestones and resources when they face the half-way check-in."""
    among_meetings = [title for depth, title, _ in workbook.outline if depth == 1 and title in FACING_CHECK_IN]
    assert among_meetings in ([], FACING_CHECK_IN)
    return [t for t in SECTION_TITLES if t not in among_meetings]


def test_every_section_has_a_top_level_bookmark_in_order(pair_workbook):
    top = [title for depth, title, _ in pair_workbook.outline if depth == 0]
    assert top == top_level_titles(pair_workbook) and "Milestones" not in top


def test_every_meeting_has_a_bookmark_nested_under_the_schedule(pair_workbook):
    meetings = [title for depth, title, _ in pair_workbook.outline if depth == 1 and title.startswith("Meeting ")]
    plan = pair_workbook.plan
    assert meetings == [f"Meeting {m.number}: {m.title}" for m in plan.meetings]


def test_number_of_meeting_sections_equals_the_schedule(pair_workbook):
    count = len(pair_workbook.plan.meetings)
    # letter-spaced kickers: poppler may read a gap inside a word ("M EETING"), so spaces go
    kickers = re.findall(r"MEETING(\d+)OF(\d+)", re.sub(r"\s+", "", pair_workbook.text.upper()))
    assert sorted({int(n) for n, _ in kickers}) == list(range(1, count + 1))
    assert {int(total) for _, total in kickers} == {count}


def test_each_meeting_starts_on_its_own_page_and_takes_two(pair_workbook):
    pages = [page for depth, title, page in pair_workbook.outline if title.startswith("Meeting ") and depth == 1]
    assert all(b - a >= 2 for a, b in zip(pages, pages[1:]))


def test_half_way_check_in_follows_the_half_way_meeting(pair_workbook):
    titles = [title for _, title, _ in pair_workbook.outline]
    checkin = next(m for m in pair_workbook.plan.meetings if m.checkin)
    assert titles[titles.index("Half-way check-in") - 1] == f"Meeting {checkin.number}: {checkin.title}"


def test_contents_lists_page_numbers_that_match_the_bookmarks(pair_workbook):
    contents = normalise(pair_workbook.pages_text[1])
    for depth, title, page in pair_workbook.outline:
        if title != "Contents":
            assert f"{title} {page}" in contents, title


def left_over(text: str) -> bool:
    """A page left so that the next meeting starts on a right-hand page: a notes page, its title
    and page number in the running header, ruled, nothing else."""
    return re.fullmatch(r"Notes\s+Page \d+ of \d+", text.strip()) is not None


def test_running_header_has_title_and_page_numbers(pair_workbook):
    total = len(pair_workbook.reader.pages)
    for number, text in enumerate(pair_workbook.pages_text[1:], start=2):
        if left_over(text):
            assert f"Page {number} of {total}" in text
            continue
        assert pair_workbook.plan.title in text
        assert f"Page {number} of {total}" in text


def test_pdf_is_tagged_with_title_and_language(pair_workbook):
    root = pair_workbook.reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en"
    assert pair_workbook.reader.metadata.title.startswith(pair_workbook.plan.title)


def test_all_fonts_are_embedded(pair_workbook):
    fonts = {}
    for page in pair_workbook.reader.pages:
        for name, ref in page["/Resources"].get("/Font", {}).items():
            fonts[ref.idnum if hasattr(ref, "idnum") else name] = ref.get_object()
    assert fonts
    for font in fonts.values():
        descendants = font.get("/DescendantFonts")
        descriptor = (descendants[0].get_object() if descendants else font)["/FontDescriptor"]
        assert {"/FontFile2", "/FontFile3"} & set(descriptor), font.get("/BaseFont")


# --- content -------------------------------------------------------------------------------------

def test_pair_names_dates_and_goals_are_printed(pair_workbook):
    plan, text = pair_workbook.plan, normalise(pair_workbook.text)
    assert plan.pair.mentor.name in text and plan.pair.mentee.name in text
    for goal in plan.goals:
        assert goal.title in text
    for meeting in plan.meetings:
        assert format_date(meeting.date, short=True) in text
        assert format_date(meeting.date) in text
    assert "SMART GOAL" in text.upper() and "REAL GOAL" in text.upper()


def test_logged_meetings_come_pre_filled(pair_workbook):
    text = normalise(pair_workbook.text)
    for entry in pair_workbook.plan.log:
        for value in [entry.action, entry.why, *entry.successes, *entry.roadblocks, *entry.next_steps,
                      *entry.mentor_next_steps, entry.notes]:
            if value:
                assert normalise(value) in text, value


def test_logged_rating_is_printed_solid_on_the_rating_row(pair_workbook):
    solid = "➊➋➌➍➎➏➐➑➒➓"
    meeting_pages = {title: page for depth, title, page in pair_workbook.outline if depth == 1}
    for meeting in pair_workbook.plan.meetings:
        page_text = pair_workbook.pages_text[meeting_pages[f"Meeting {meeting.number}: {meeting.title}"] - 1]
        chosen = [solid.index(c) + 1 for c in page_text if c in solid]
        assert chosen == ([meeting.log.rating] if meeting.log else [])


def test_agenda_time_boxes_and_metrics_are_printed(pair_workbook):
    text = normalise(pair_workbook.text)
    assert "Walk through a real timeline 20 min" in text
    assert "Questions 10 min" in text  # the untimed item gets what the 50 minutes leave
    # the metric's row: its name, type, baseline 0 and target 2 (poppler reads the headers in between)
    assert re.search(r"Game days led as commander \(game days\) Talent( [A-Z]+)* 0 2 ", text), text


def test_a_local_image_inside_the_project_is_shown(pair_workbook):
    images = {image.name for page in pair_workbook.reader.pages for image in page.images}
    assert len(images) == 1  # WeasyPrint shares one resource dictionary between pages
    assert pair_workbook.refused == []


# --- forms ---------------------------------------------------------------------------------------

def test_no_form_fields_without_fillable(pair_workbook):
    assert pair_workbook.fields == {}
    assert "/AcroForm" not in pair_workbook.reader.trailer["/Root"]


def _full_name(annot) -> str:
    """A widget's field name as readers give it: its own and its parents' names, dotted."""
    parts = []
    while annot is not None:
        if "/T" in annot:
            parts.append(str(annot["/T"]))
        annot = annot["/Parent"].get_object() if "/Parent" in annot else None
    return ".".join(reversed(parts))


def test_fillable_workbook_has_text_fields_and_rating_radios(renders):
    workbook = renders.workbook(PAIR_PLAN, fillable=True)
    fields = workbook.fields
    plan = workbook.plan
    for meeting in plan.meetings:
        assert fields[f"log.{meeting.number}.action"]["/FT"] == "/Tx"
        assert fields[f"log.{meeting.number}.rating"]["/FT"] == "/Btn"
        assert fields[f"log.{meeting.number}.rating"]["/_States_"][:10] == [f"/{n}" for n in range(1, 11)]
    assert fields["log.1.action"]["/V"] == plan.log[0].action  # logged entries are pre-filled values
    assert fields["log.1.rating"]["/V"] == f"/{plan.log[0].rating}"  # the printed number, not its place
    assert fields["log.1.held"]["/FT"] == "/Btn" and fields["log.1.held"]["/V"] == "/Yes"
    assert fields["notes_pages.1"]["/FT"] == "/Tx"
    assert page_sizes(workbook) == {A4}


def test_a_fillable_workbook_opens_without_a_complaint_in_poppler_pypdf_and_qpdf(renders, tmp_path, caplog):
    """poppler said "Missing 'Tf' operator in field's DA string" for every ticked box, pypdf that
    each radio group was "already parsed" (WeasyPrint listed its buttons twice)."""
    import io
    import subprocess

    import pikepdf
    from pypdf import PdfReader

    workbook = renders.workbook(PAIR_PLAN, fillable=True)
    pdf = tmp_path / "fillable.pdf"
    pdf.write_bytes(workbook.data)
    ticked = [name for name, f in PdfReader(pdf).get_fields().items() if f.get("/V") not in (None, "/Off", "")
              and f.get("/FT") == "/Btn"]
    assert len(ticked) >= 3  # pre-ticked boxes and chosen ratings are what poppler stumbled on
    for command in (["pdftotext", str(pdf), "-"], ["pdftoppm", "-r", "10", "-png", str(pdf), str(tmp_path / "p")]):
        result = subprocess.run(command, capture_output=True, text=True)
        assert result.returncode == 0 and result.stderr == "", result.stderr[:500]
    with caplog.at_level("WARNING", logger="pypdf"):
        fields = PdfReader(io.BytesIO(workbook.data)).get_fields()
    assert fields and caplog.records == []
    with pikepdf.Pdf.open(pdf) as document:  # qpdf, a second reader
        assert document.check_pdf_syntax() == []
        top_level = [field.get("/T") for field in document.Root.AcroForm.Fields]
        assert "/Parent" not in str(top_level) and len(top_level) == len(set(map(str, top_level)))


def _word_boxes(pdf: bytes, word: str) -> list[tuple[float, ...]]:
    """Where poppler finds `word` on every page (page, xMin, yMin), to the tenth of a point."""
    import subprocess

    xhtml = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    found = []
    for number, page in enumerate(xhtml.split("<page ")[1:]):
        for x, y in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>' + re.escape(word) + "</word>", page):
            found.append((number, round(float(x), 1), round(float(y), 1)))
    return found


def test_fillable_tick_boxes_are_the_printed_ones(renders):
    """The fillable 'before the meeting' boxes were larger than the printed ones and touched:
    the same box, so the page lays out exactly as the printed one."""
    from io import BytesIO

    from pypdf import PdfReader

    fillable = renders.workbook(PAIR_PLAN, fillable=True)
    printed = renders.workbook(PAIR_PLAN)
    assert len(fillable.reader.pages) == len(printed.reader.pages)
    assert _word_boxes(fillable.data, "AGENDA") == _word_boxes(printed.data, "AGENDA"), "the same layout"
    side = 3.8 / 25.4 * 72 - 2 * 0.9  # the field is the inside of the printed box (3.8 mm, 0.9 pt border)
    boxes = []
    for number, page in enumerate(PdfReader(BytesIO(fillable.data)).pages):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            name = _full_name(annot)
            if name.startswith("log.1.prework_done.") or re.fullmatch(r"log\.\d+\.held", name):
                x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
                assert abs(abs(x1 - x0) - side) < 0.2 and abs(abs(y1 - y0) - side) < 0.2, annot["/T"]
                boxes.append((number, min(y0, y1), max(y0, y1)))
    assert boxes
    for (page_a, low_a, _), (page_b, _, high_b) in zip(boxes, boxes[1:]):
        assert page_a != page_b or high_b < low_a - 1, "boxes one above the other leave a gap"


def test_every_fillable_field_has_its_own_name(renders):
    """Viewers keep same-named fields in step: one answer must never fill two boxes."""
    workbook = renders.workbook(PAIR_PLAN, fillable=True)
    names = Counter()
    for page in workbook.reader.pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Widget":
                continue
            owner = annot.get("/Parent").get_object() if "/T" not in annot else annot
            if owner.get("/FT") == "/Btn" and int(owner.get("/Ff", 0)) & (1 << 15):
                continue  # the buttons of one radio group share its name by design
            names[_full_name(owner)] += 1
    assert names and [name for name, count in names.items() if count > 1] == []


# --- every shipped plan and template renders -----------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("path", SHIPPED_PLANS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_shipped_plans_render_with_one_section_per_meeting(renders, path):
    workbook = renders.workbook(path)
    plan = workbook.plan
    meetings = [title for depth, title, _ in workbook.outline if depth == 1 and re.match(r"Meeting \d+(: |$)", title)]
    assert len(meetings) == len(plan.meetings)
    top = [title for depth, title, _ in workbook.outline if depth == 0]
    titles = top_level_titles(workbook)
    if plan.circle is None:
        assert top == titles
    else:  # a page for each person, and the facilitator's game plan when there is one
        people = ([plan.circle.facilitator] if plan.circle.facilitator else []) + list(plan.circle.members)
        assert top == titles[:2] + [f"Before we start: {p.name}" for p in people] + [
            "The circle's self-assessment"] + (["The facilitator's game plan"] if plan.circle.facilitator else []) + titles[6:]
    text = normalise(workbook.text)
    for goal in plan.goals:
        assert normalise(goal.title) in text
    if plan.pair:
        assert plan.pair.mentor.name in text and plan.pair.mentee.name in text
    for entry in plan.log:
        if entry.action:
            assert normalise(entry.action) in text
    assert page_sizes(workbook) == {A4}
    assert workbook.refused == []


# --- library API ---------------------------------------------------------------------------------

def test_write_workbook_writes_a_pdf_and_returns_its_path(cover_renderers, tmp_path):
    plan = load_plan(PAIR_PLAN)  # the real cover alone: what is written where is the point, not the workbook
    out = write_workbook(plan, tmp_path / "out" / "wb.pdf", renderer=cover_renderers["a4"])
    assert out == tmp_path / "out" / "wb.pdf"
    assert out.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in out.parent.iterdir()] == ["wb.pdf"]  # no temporary file left behind


def test_a_failing_render_leaves_the_previous_pdf_intact(tmp_path):
    theme = tmp_path / "theme"
    (theme / "sections").mkdir(parents=True)
    (theme / "sections" / "cover.html").write_text("{{ no_such_value.name }}", encoding="utf-8")
    previous = tmp_path / "wb.pdf"
    previous.write_bytes(b"%PDF-previous")
    renderer = WorkbookRenderer(theme_dir=theme)
    with pytest.raises(WorkbookError) as caught:
        write_workbook(load_plan(PAIR_PLAN), previous, renderer=renderer)
    assert "no_such_value" in caught.value.message
    assert previous.read_bytes() == b"%PDF-previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["theme", "wb.pdf"]


def test_a_user_theme_overrides_one_template(tmp_path):
    theme = tmp_path / "theme"
    (theme / "sections").mkdir(parents=True)
    (theme / "sections" / "resources.html").write_text(
        '<section class="resources"><h1 id="resources">Resources</h1><p>Ask the program office.</p></section>',
        encoding="utf-8")
    (theme / "extra.css").write_text(".cover-title { font-size: 20pt; }", encoding="utf-8")
    renderer = WorkbookRenderer(theme_dir=theme)
    html = renderer.html(load_plan(PAIR_PLAN))
    assert "Ask the program office." in html
    assert "Found along the way" not in html
    assert len(renderer.stylesheets) == 3  # workbook.css, extra.css, the page size


def test_unknown_paper_size_is_refused():
    with pytest.raises(ValueError, match="paper"):
        WorkbookRenderer(paper="a5")


def test_renderer_reuses_its_fonts_and_css_across_plans(renders, cover_renderers, write_plan):
    renderer = cover_renderers["a4"]  # the built-in CSS and fonts, a one-page workbook (the real cover)
    sheets, fonts = list(renderer.stylesheets), renderer.font_config
    for plan_id in ("first", "second"):  # rendered here, by this renderer (not taken from the run's cache)
        assert renderer.render(load_plan(write_plan(tiny_plan(plan_id), f"{plan_id}.yaml"))).startswith(b"%PDF-")
    assert renderer.stylesheets == sheets and renderer.font_config is fonts
    assert renders.workbook(PAIR_PLAN).renderer is renders.renderer("a4")  # the session's, kept for every plan


# --- the print layer -----------------------------------------------------------------------------

def test_ruled_lines_come_from_the_print_layer(renders):
    """The notes pages and every writing space get the number of lines context.py sets, per paper."""
    from mentorkit.workbook.context import CLOSING_LINES, LINES, NOTES_PAGES, PATHS
    from mentorkit.workbook.forms import field_name
    from mentorkit.workbook.paper import PAPERS

    plan = load_plan(PAIR_PLAN)
    for paper in ("a4", "letter"):
        html = renders.renderer(paper).html(plan)
        notes = re.findall(r'<section class="notes">.*?</section>', html, re.S)
        assert [re.findall(r'class="ruled" style="--lines: (\d+)"', n) for n in notes] == [
            [str(PAPERS[paper].notes_lines)]] * NOTES_PAGES
    fillable = renders.renderer("a4").html(plan, fillable=True)
    named = {name: field_name(PATHS.get(name) or ("before_we_start",) + tuple(name.split("-", 2)[1:]))
             for name in LINES}
    printed = {named[name]: lines for name, lines in LINES.items() if f'name="{named[name]}"' in fillable}
    assert len(printed) >= len(LINES) - 1  # the plan's own confidentiality text replaces that space
    for name, lines in printed.items():
        assert re.search(rf'name="{name}"[^>]*style="height: {lines * 7}mm"', fillable), name
    # Closing questions: more room in a blank meeting; a logged one's page holds what was written.
    logged = {entry.meeting for entry in plan.log}
    for number in (1, 3):
        lines = CLOSING_LINES["logged" if number in logged else "blank"]
        assert re.search(rf'name="log\.{number}\.closing\.1"[^>]*style="height: {lines * 7}mm"', fillable), number


def test_logged_meetings_and_the_agreement_use_the_shared_labels(pair_workbook):
    from mentorkit.view import labels

    html = pair_workbook.renderer.html(pair_workbook.plan)
    assert html.count(f'<span class="badge">{labels.HELD}</span>') == len(pair_workbook.plan.log)
    for key in ("location", "duration", "channels", "response_time", "contact_hours"):
        assert f'<th scope="row">{labels.FACTS[key]}</th>' in html


# --- the cover -----------------------------------------------------------------------------------

LONG_COVER = """\
mentorkit: 1
title: A very long programme title for the engineering organisation's cross-functional leadership development and mentoring initiative
kind: reverse
audience: Senior engineering managers, principal engineers and staff engineers across every product line and platform team
summary: >
  Six months of pairing a new engineer with an experienced one, so that the new engineer ships on
  their own, knows who to ask, and feels part of the team. The pair meets every two weeks, works
  through a roadmap of topics, and keeps a log of what was tried and how it went{extra}.

  The last paragraph of the summary ends here.
pair:
  mentor: {{name: Maximiliana Alexandra Featherstonehaugh-Wolfeschlegelsteinhausen, role: "Principal staff engineer, platform reliability and developer productivity"}}
  mentee: {{name: Bartholomew Christopherson-Vanderbilt de la Cruz, role: "Associate software engineer, payments and billing infrastructure"}}
schedule: {{start: 2027-01-11, cadence: biweekly, meetings: 3, length: 45}}
"""


@pytest.fixture(scope="module")
def cover_renderers(tmp_path_factory):
    """Renderers of the real cover alone (running.cover_theme), one per paper."""
    theme = cover_theme(tmp_path_factory.mktemp("cover-theme")) / "print"
    return {paper: WorkbookRenderer(theme_dir=theme, paper=paper) for paper in ("a4", "letter")}


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("extra", ["", ", and reads it back at the half-way check-in and at the final review" * 3])
def test_a_long_title_with_long_names_keeps_the_cover_on_one_page(write_plan, cover_renderers, paper, extra):
    """A four-line title with long names pushed the summary's last line and 'Made with mentorkit'
    onto a page of their own: the cover is set tighter until it fits. (The real cover, laid out
    alone: what follows it always starts a page of its own.)"""
    plan = load_plan(write_plan(LONG_COVER.format(extra=extra)))
    pages = pdf_pages_text(cover_renderers[paper].render(plan))
    assert len(pages) == 1, pages
    cover = normalise(pages[0])
    assert "The last paragraph of the summary ends here." in cover and "Made with mentorkit" in cover
    assert "Featherstonehaugh" in cover


# --- branding ------------------------------------------------------------------------------------

def test_the_programs_logo_and_colour_reach_the_cover_and_headings_readable_in_black_and_white(branded_workbook,
                                                                                              tmp_path):
    """The plugin's `logo` and `primary_color` reached only the site."""
    from mentorkit.themes import print_colour

    workbook = branded_workbook
    pdf = tmp_path / "branded.pdf"
    pdf.write_bytes(workbook.data)
    assert workbook.logo in workbook.served and not workbook.refused
    assert '<img class="cover-logo"' in workbook.html
    ink = tuple(int(v) for v in re.findall(r"\d+", print_colour(workbook.colour)))
    assert ink != (255, 255, 0) and ink[0] == ink[1] and ink[2] == 0  # yellow, darkened
    cover, heading_page = page_colours(pdf, 1), page_colours(pdf, 4)
    assert (0xF4, 0xC2, 0x0D) in cover, "the logo is drawn"
    assert ink in cover and ink in heading_page, "the title and the section headings carry the colour"
    darkest = min(page_colours(pdf, 1, gray=True))
    assert darkest[0] < 100  # in black and white the title is still dark


def test_a_colour_is_darkened_until_it_reads_on_paper():
    from mentorkit.themes import _contrast_on_white, print_colour

    for colour in ("yellow", "#f4c20d", "hsl(50, 100%, 50%)", "#fff", "teal", "#1f6f8b", "rebeccapurple"):
        rgb = [int(v) / 255 for v in re.findall(r"\d+", print_colour(colour))]
        assert _contrast_on_white(rgb) >= 7.0, colour
    assert print_colour("black") == "rgb(0, 0, 0)"
    assert print_colour("currentcolor") is None  # not a colour of its own: headings stay black


def test_every_page_a_long_logged_meeting_fills_after_its_first_says_continued(write_plan, tmp_path):
    successes = "".join(f"      - Something that went well, number {i}, written out at some length to fill lines\n"
                        for i in range(40))
    plan = write_plan("mentorkit: 1\nid: long-log\ntitle: Long log\n"
                      "schedule: {start: 2027-05-03, cadence: weekly, meetings: 2}\nroadmap:\n  - topic: First\n"
                      f"  - topic: Second\nlog:\n  - meeting: 1\n    successes:\n{successes}", "long-log.yaml")
    meetings_alone = sections_theme(tmp_path / "meetings", "meeting") / "print"  # the real meetings' pages
    pages = pdf_pages_text(WorkbookRenderer(theme_dir=meetings_alone, paper="a4").render(load_plan(plan)))
    squeezed = [re.sub(r"\s+", "", text.upper()) for text in pages]  # letter-spaced kickers and footers
    first = next(i for i, text in enumerate(squeezed) if "MEETING1OF2" in text)
    second = next(i for i, text in enumerate(squeezed) if "MEETING2OF2" in text)
    assert second - first >= 3, "the log fills more than the meeting's two pages"
    marked = [i for i in range(first, second) if "MEETING1·CONTINUED" in squeezed[i]]
    written = [i for i in range(first + 1, second) if not left_over(pages[i])]
    assert marked == written and len(written) >= 2
    assert "CONTINUED" not in pages[second].upper()


def test_printed_on_both_sides_every_meeting_opens_as_a_spread(renders):
    """Its first page on a left-hand (even) page, its second facing it. The one-page check-in once
    flipped the parity; it faces the milestones now, and the example pair has no page left over."""
    workbook = renders.workbook(ROOT / "plans" / "dana-and-sam.yaml")
    starts = [page for depth, title, page in workbook.outline if depth == 1 and re.match(r"Meeting \d+", title)]
    assert len(starts) == 12 and all(page % 2 == 0 for page in starts), starts
    assert not [i + 1 for i, text in enumerate(workbook.pages_text) if left_over(text)]


def test_a_page_left_over_before_a_meeting_is_a_ruled_notes_page(renders, tmp_path):
    """Not "intentionally left blank": titled Notes, ruled from under its header down to its foot."""
    workbook = renders.workbook(PAIR_PLAN)  # its front matter is an even number of pages
    blank = [i + 1 for i, text in enumerate(workbook.pages_text) if left_over(text)]
    starts = [page for depth, title, page in workbook.outline if depth == 1 and re.match(r"Meeting \d+", title)]
    assert blank and all(page % 2 == 1 and page + 1 in starts for page in blank), (blank, starts)
    heights = lowest_rule_heights(workbook.data, tmp_path, blank)
    assert all(14 - 1 <= mm <= 14 + 9 for mm in heights.values()), heights
    lines = ruled_rows(tmp_path, blank[0])
    assert len(lines) >= 28, lines  # about 8 mm apart over the page's 260 mm


def lowest_rule_heights(pdf: bytes, folder: Path, pages: list[int], dpi: int = 50) -> dict[int, float]:
    """For each page (1-based): how far above the page's foot, in mm, its lowest ruled line lies (a
    row of the page image with an unbroken run of ink across half the page, as text never has)."""
    import subprocess

    from PIL import Image

    source = folder / "workbook.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-f", str(min(pages)), "-l", str(max(pages)),
                    str(source), str(folder / "page")], check=True)
    ink = bytes(1 if value < 245 else 0 for value in range(256))
    found = {}
    for page in pages:
        image = Image.open(next(p for p in folder.glob("page-*.pgm") if re.fullmatch(rf"page-0*{page}\.pgm", p.name)))
        width, height = image.size
        data = image.tobytes().translate(ink)
        run = b"\x01" * (width // 2)
        rows = [y for y in range(height) if run in data[y * width:(y + 1) * width]]
        found[page] = (height - max(rows)) * 25.4 / dpi if rows else float("inf")
    return found


def ruled_rows(folder: Path, page: int) -> list[int]:
    """The rows of a page image drawn by `lowest_rule_heights` that hold a ruled line (runs of
    neighbouring rows counted once)."""
    from PIL import Image

    image = Image.open(next(p for p in folder.glob("page-*.pgm") if re.fullmatch(rf"page-0*{page}\.pgm", p.name)))
    width, height = image.size
    data = image.tobytes().translate(bytes(1 if value < 245 else 0 for value in range(256)))
    rows = [y for y in range(height) if b"\x01" * (width // 2) in data[y * width:(y + 1) * width]]
    return [y for y in rows if y - 1 not in rows]


@pytest.mark.parametrize("plan_path, paper", [(ROOT / "plans" / "engineering-onboarding.yaml", "a4"),
                                              (PAIR_PLAN, "letter")], ids=["program-a4", "pair-letter"])
def test_each_meeting_page_is_ruled_down_to_its_foot(renders, tmp_path, plan_path, paper):
    """Writing room: the room the agenda leaves on a meeting's first page (a third of it, for some
    meetings) and under its notes is ruled for writing, logged or not, whatever the paper."""
    workbook = renders.workbook(plan_path, paper=paper)
    starts = [page for depth, title, page in workbook.outline if depth == 1 and title.startswith("Meeting ")]
    pages = [page for start in starts for page in (start, start + 1)]
    heights = lowest_rule_heights(workbook.data, tmp_path, pages)
    bottom_margin, pitch = 14, 9  # mm, from workbook.css: lines 8 mm + 0.6 pt apart, read at 50 dpi
    too_high = {page: round(mm) for page, mm in heights.items() if not bottom_margin - 1 <= mm <= bottom_margin + pitch}
    assert not too_high, f"pages whose ruled lines stop short of the foot (mm above the page's edge): {too_high}"


RULED = '<div class="ruled" data-fill="foot" style="--lines: 2; height: 16mm"></div>'  # two lines of 8 mm


def test_lines_go_on_to_the_foot_only_under_the_last_thing_on_the_page():
    """A theme that puts something under a marked writing space gets nothing drawn over it."""
    from weasyprint import HTML

    from mentorkit.workbook.writing_room import fill_to_foot

    def added(after: str = "", before: str = "") -> int:
        html = f"<html><body>{before}<p>Why that score</p>{RULED}</div>{after}</body></html>"
        return fill_to_foot(HTML(string=html).render())

    assert added() > 20  # an A4 page holds about 30 lines of 8 mm
    assert added("<p>Something the theme prints under it</p>") == 0
    # out of the flow, starting above the lines and reaching down beside them
    assert added(before='<div style="float: right; width: 30mm; height: 200mm; background: #ccc"></div>') == 0
    assert added('<div style="position: absolute; top: 10mm; right: 0; width: 30mm; height: 200mm; '
                 'background: #ccc"></div>') == 0
    assert added(before='<div style="float: right; width: 30mm; height: 5mm"></div>') > 20  # ends above them
    # a full-height band in the margin, beside nothing; a theme whose column itself floats
    assert added('<div style="position: absolute; top: 0; left: -15mm; width: 5mm; height: 260mm; '
                 'background: #ccc"></div>') > 20
    column = f'<div style="float: left; width: 120mm; padding-bottom: 10mm"><p>Why that score</p>{RULED}</div></div>'
    assert fill_to_foot(HTML(string=f"<html><body>{column}</body></html>").render()) > 20


def test_a_block_of_lines_grows_by_whole_lines_and_is_drawn_to_its_new_foot(tmp_path):
    """One box per block of lines: lengthened to the foot by whole lines of its own pitch, its
    background (the lines) laid out again, so the lowest line drawn is the block's new last one."""
    from weasyprint import HTML

    from mentorkit.workbook import laid_out
    from mentorkit.workbook.writing_room import fill_to_foot

    from mentorkit.workbook.render import builtin_theme_dir

    css = ".ruled { height: calc(var(--lines) * 8mm); background: url(rule-a4.svg) 0 0 / 100% 8mm repeat-y }"
    document = HTML(string=f"<html><style>{css}</style><body><p>Why that score</p>{RULED}</body></html>",
                    base_url=builtin_theme_dir().as_uri() + "/").render()
    added = fill_to_foot(document)
    page = laid_out.page_box(document.pages[0])
    block = next(b for b in page.descendants() if getattr(b, "element_tag", None) == "div")
    foot = page.content_box_y() + page.height
    mm = 96 / 25.4
    assert added > 20 and block.height == pytest.approx((2 + added) * 8 * mm)
    assert 0 <= foot - (block.position_y + block.height) < 8 * mm
    heights = lowest_rule_heights(document.write_pdf(), tmp_path, [1])
    assert heights[1] < 297 - (block.position_y + block.height) / mm + 1  # drawn down to the block's new foot


def test_in_a_fillable_workbook_the_last_field_of_a_meeting_page_reaches_its_foot(renders):
    workbook = renders.workbook(PAIR_PLAN, fillable=True)
    bottoms = {}
    for page in workbook.reader.pages:
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            if _full_name(annotation).startswith("log.1."):
                bottoms[_full_name(annotation)] = min(float(annotation["/Rect"][1]), float(annotation["/Rect"][3]))
    foot = 14 * 72 / 25.4  # the bottom margin of workbook.css, in points from the paper's edge
    assert foot <= bottoms["log.1.why"] < foot + 4 and foot <= bottoms["log.1.notes"] < foot + 4, bottoms
    assert bottoms["log.1.action"] > foot + 50  # a field with others under it keeps its own height


@pytest.fixture(scope="module")
def self_assessment_renderer(tmp_path_factory):
    """The real self-assessment section laid out alone (running.sections_theme), on page 1: a right-hand
    page, whose right margin is the narrower (15 mm; 17 mm on a left-hand page)."""
    theme = sections_theme(tmp_path_factory.mktemp("self-assessment"), "self-assessment") / "print"
    return WorkbookRenderer(theme_dir=theme, paper="a4")


@pytest.mark.parametrize("fillable", [False, True], ids=["printed", "fillable"])
def test_a_ten_point_self_assessment_stays_inside_the_page(write_plan, tmp_path, self_assessment_renderer, fillable):
    """Ten numbers to circle (or buttons to click), twice a row: the grid's columns take the
    scale's width (a fixed 30% each put 'at the end' past the right margin), and the area column
    keeps room for its words (fillable buttons at the usual gaps left it 'Estima' and 'tion')."""
    import subprocess

    plan = load_plan(write_plan("mentorkit: 1\ntitle: S\npair: {mentor: {name: A}, mentee: {name: B}}\n"
                                "schedule: {start: 2027-03-01, cadence: weekly, meetings: 1}\n"
                                "self_assessment: {scale: 10, areas: [Code review, Estimation, "
                                "Written communication with stakeholders]}\n"))
    pdf = tmp_path / "scale.pdf"
    pdf.write_bytes(self_assessment_renderer.render(plan, fillable=fillable))
    page = next(i for i, text in enumerate(pdf_pages_text(pdf.read_bytes())) if "rate yourself" in text)
    boxes = subprocess.run(["pdftotext", "-bbox", "-f", str(page + 1), "-l", str(page + 1), str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    words = re.findall(r">([^<]+)</word>", boxes)
    assert {"Estimation", "communication", "stakeholders"} <= set(words), words[:40]
    rights = [float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes)]
    if fillable:
        from pypdf import PdfReader
        rights += [float(a.get_object()["/Rect"][2]) for a in PdfReader(pdf).pages[page].get("/Annots", [])]
    assert max(rights) <= A4[0] - 15 * 72 / 25.4 + 1, max(rights)  # the right margin of workbook.css: 15 mm at least
