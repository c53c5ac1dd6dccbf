"""`mentorkit import`: a filled workbook, filled by two different fillers, back into its plan."""
from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from mentorkit.cli import main
from mentorkit.plan.loading import load_plan
from mentorkit.record import ImportError_, import_workbook
from mentorkit.workbook.render import WorkbookRenderer

import filling
from running import made_once, rendered_workbook

HERE = Path(__file__).resolve().parent
PLAN = HERE / "plan-commented.yaml"
GOLDEN = HERE.parent / "golden" / "record" / "import-commented.diff"

# What a pair fills in on screen: field name -> what the viewer writes (text, or a button's state).
ANSWERS = {
    "log.2.action": "Wrote the first draft", "log.2.rating": "8", "log.2.reflection": "Start earlier.\nAsk Ana.",
    "log.2.successes": "Draft done\nSlides started", "log.2.next_steps": "Rehearse twice",
    "log.1.prework_done.1": "Yes", "log.1.closing.1": "The topic list",
    "log.2.check_in.ratings.mentee.1": "4", "log.2.check_in.ratings.mentor.2": "5",
    "log.2.check_in.answers.1": "The weekly slot",
    "before_we_start.mentee.want": "Speak without notes", "before_we_start.mentor.curious": "Lee's team",
    "self_assessment.ratings.Presenting": "2", "self_assessment.end_ratings.Presenting": "4",
    "game_plan.doors": "Introduce Lee to the meetup organisers",
    "agreement.signed.Lee Chen.name": "Lee Chen", "agreement.signed.Lee Chen.date": "2027-01-04",
    "final_review.goals.first-talk": "met", "final_review.learned": "Practice beats talent",
    "notes_pages.1": "Book the room",
}
BUTTONS = {"log.2.rating", "log.1.prework_done.1", "log.2.check_in.ratings.mentee.1",
           "log.2.check_in.ratings.mentor.2", "self_assessment.ratings.Presenting",
           "self_assessment.end_ratings.Presenting", "final_review.goals.first-talk"}


@pytest.fixture(scope="module")
def blank_pdf(run_folder) -> bytes:
    """The plan's real fillable workbook (every section, the tooltips test reads every field),
    rendered once per run for all test processes."""
    return rendered_workbook(run_folder, PLAN, fillable=True)[0]


@pytest.fixture(scope="module")
def pypdf_filled(run_folder, blank_pdf) -> bytes:
    """The blank workbook filled with ANSWERS by fill_with_pypdf, once per run: pypdf's writer takes
    a second to clone the file and draw its fields, and four tests read the same filled file."""
    def make(into: Path) -> None:
        (into / "blank.pdf").write_bytes(blank_pdf)
        fill_with_pypdf(into / "blank.pdf", into / "filled.pdf")
    return (made_once(run_folder, "record-import-pypdf-filled", make) / "filled.pdf").read_bytes()


@pytest.fixture
def project(tmp_path, blank_pdf) -> Path:
    (tmp_path / "plans").mkdir()
    shutil.copy(PLAN, tmp_path / "plans" / "ana-and-lee.yaml")
    (tmp_path / "blank.pdf").write_bytes(blank_pdf)
    return tmp_path


def fill_with_pypdf(source: Path, target: Path, answers: dict[str, str] = ANSWERS) -> None:
    """As a viewer that rewrites the file through pypdf's writer (values and appearance states)."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=source)
    values = {name: f"/{value}" if name in BUTTONS else value for name, value in answers.items()}
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    writer.write(target)


def fill_with_pikepdf(source: Path, target: Path) -> None:
    """As a viewer that sets /V on each field and /AS on the widget chosen (qpdf, below pypdf)."""
    filling.fill_with_pikepdf(source, target, ANSWERS, BUTTONS)


def run(project: Path, *args: str):
    import os

    cwd = os.getcwd()
    os.chdir(project)
    try:
        return CliRunner().invoke(main, ["import", *args])
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize("filler", ["pypdf", "pikepdf"])
def test_a_filled_workbook_comes_back_into_its_plan_and_a_second_import_changes_nothing(project, filler, request):
    if filler == "pypdf":
        (project / "filled.pdf").write_bytes(request.getfixturevalue("pypdf_filled"))
    else:
        fill_with_pikepdf(project / "blank.pdf", project / "filled.pdf")
    result = run(project, "filled.pdf")
    assert result.exit_code == 0, result.output
    assert "conflict" not in result.output, result.output  # what the workbook was printed with is no conflict
    assert "meeting 2: " in result.output and "rating 8" in result.output and "action" in result.output
    plan = load_plan(project / "plans" / "ana-and-lee.yaml")
    entry = {e.meeting: e for e in plan.log}
    assert entry[2].rating == 8 and entry[2].action == "Wrote the first draft"
    assert entry[2].reflection == "Start earlier.\nAsk Ana.\n" and entry[2].successes == ["Draft done", "Slides started"]
    assert entry[1].prework_done == [1] and entry[1].closing == ["The topic list"]
    assert entry[2].check_in.ratings.mentee == [4] and entry[2].check_in.ratings.mentor == [None, 5]
    assert entry[2].check_in.answers == ["The weekly slot"]
    assert plan.before_we_start.mentee.want == "Speak without notes" and plan.before_we_start.mentor.curious == "Lee's team"
    assert plan.self_assessment.ratings == {"Presenting": 2} and plan.self_assessment.end_ratings == {"Presenting": 4}
    assert plan.agreement.signed[0].name == "Lee Chen" and plan.agreement.signed[0].date == dt.date(2027, 1, 4)
    assert plan.final_review.goals == {"first-talk": "met"} and plan.notes_pages == ["Book the room"]
    assert entry[1].action == "Picked a topic" and entry[1].rating == 6  # what the plan held, pre-filled, stays
    before = (project / "plans" / "ana-and-lee.yaml").read_bytes()
    again = run(project, "filled.pdf")
    assert again.exit_code == 0 and "nothing new" in again.output and "conflict" not in again.output, again.output
    assert (project / "plans" / "ana-and-lee.yaml").read_bytes() == before


def test_the_import_of_a_commented_plan_changes_only_what_was_filled(project, pypdf_filled, request):
    """The golden diff: comments, key order, quoting and flow mappings stay as the author wrote them."""
    (project / "filled.pdf").write_bytes(pypdf_filled)
    assert run(project, "filled.pdf").exit_code == 0
    diff = subprocess.run(["diff", "-u", "--label", "before", "--label", "after", str(PLAN),
                           str(project / "plans" / "ana-and-lee.yaml")], capture_output=True, text=True).stdout
    if request.config.getoption("--update-golden"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(diff, encoding="utf-8")
    assert GOLDEN.is_file(), "no golden file; run with --update-golden and read it"
    assert diff == GOLDEN.read_text(encoding="utf-8")
    assert all(line.startswith(("+", "@@", " ", "---", "+++")) for line in diff.splitlines())  # nothing removed


def test_a_conflict_keeps_the_plans_value_unless_overwrite(project, pypdf_filled):
    # ANSWERS and, where the plan has "Picked a topic", another action: the file filled with ANSWERS
    # (pypdf_filled), opened again in the same viewer and the one field changed (half a full fill's CPU)
    (project / "answered.pdf").write_bytes(pypdf_filled)
    fill_with_pypdf(project / "answered.pdf", project / "filled.pdf", {"log.1.action": "Picked two topics"})
    result = run(project, "filled.pdf", "--dry-run")
    assert "conflict: meeting 1: action" in result.output and "would change" in result.output
    assert (project / "plans" / "ana-and-lee.yaml").read_bytes() == PLAN.read_bytes()  # a dry run writes nothing
    run(project, "filled.pdf")
    assert {e.meeting: e for e in load_plan(project / "plans" / "ana-and-lee.yaml").log}[1].action == "Picked a topic"
    run(project, "filled.pdf", "--overwrite")
    assert {e.meeting: e for e in load_plan(project / "plans" / "ana-and-lee.yaml").log}[1].action == "Picked two topics"


def test_another_pairs_workbook_and_a_pdf_that_is_no_workbook_are_refused_and_nothing_is_written(project, pypdf_filled):
    (project / "filled.pdf").write_bytes(pypdf_filled)
    other = project / "plans" / "other.yaml"
    other.write_text(PLAN.read_text().replace("id: ana-and-lee", "id: bo-and-cy"), encoding="utf-8")
    result = run(project, "filled.pdf", "--into", "plans/other.yaml")
    assert result.exit_code == 1 and "filled.pdf:1:1: error: this workbook was printed from plan 'ana-and-lee'" in result.output
    assert "Traceback" not in result.output
    printed = project / "printed.pdf"
    printed.write_bytes(WorkbookRenderer(paper="a4").render_html("<p>Hello</p>", base_url=None,
                                                                  fetcher=WorkbookRenderer(paper="a4").fetcher_for(load_plan(PLAN))))
    (project / "junk.pdf").write_bytes(b"not a pdf at all")
    for name in ("printed.pdf", "junk.pdf"):
        result = run(project, name)
        assert result.exit_code == 1 and f"{name}:1:1: error:" in result.output, result.output
    assert "not a mentorkit workbook" in run(project, "printed.pdf").output
    assert other.read_text() == PLAN.read_text().replace("id: ana-and-lee", "id: bo-and-cy")
    assert (project / "plans" / "ana-and-lee.yaml").read_bytes() == PLAN.read_bytes()


def test_a_folder_is_imported_file_by_file_and_a_bad_file_does_not_stop_the_rest(project):
    returned = project / "returned"
    returned.mkdir()
    (returned / "a-broken.pdf").write_bytes(b"%PDF-1.7 broken")
    fill_with_pikepdf(project / "blank.pdf", returned / "b-filled.pdf")
    result = run(project, "returned")
    assert result.exit_code == 1
    assert "a-broken.pdf:1:1: error:" in result.output and "b-filled.pdf -> plans/ana-and-lee.yaml: changed" in result.output
    assert {e.meeting: e for e in load_plan(project / "plans" / "ana-and-lee.yaml").log}[2].rating == 8


def test_an_import_whose_result_is_no_valid_plan_writes_nothing(project):
    ANSWERS_BEFORE = dict(ANSWERS)
    try:
        ANSWERS["log.2.rating"] = "11"  # no button has it, but a rogue filler can write it: no valid rating
        fill_with_pikepdf(project / "blank.pdf", project / "filled.pdf")
    finally:
        ANSWERS.clear()
        ANSWERS.update(ANSWERS_BEFORE)
    with pytest.raises(ImportError_) as raised:
        import_workbook(project / "filled.pdf", plans=[project / "plans"])
    assert "the plan is left as it was" in str(raised.value)
    assert (project / "plans" / "ana-and-lee.yaml").read_bytes() == PLAN.read_bytes()


def test_every_field_has_a_unique_tooltip_and_a_filled_workbook_reads_back_without_a_warning(project, pypdf_filled,
                                                                                           caplog):
    """Tooltips named no meeting ("Prework done" 22 times); a filled file must still pass qpdf and poppler."""
    import io

    import pikepdf
    from pypdf import PdfReader

    fields = PdfReader(project / "blank.pdf").get_fields()
    tips = [str(f["/TU"]) for f in fields.values() if f.get("/FT") and "/TU" in f]
    assert len(tips) == len({n for n, f in fields.items() if f.get("/FT")})  # every field has one
    assert sorted(t for t in set(tips) if tips.count(t) > 1) == []
    assert "Meeting 2: prework 1 done" not in tips and "Meeting 1: prework 1 done" in tips
    # a circle, shared metrics: a field's tooltip is its elements' title (what became /TU above); the
    # buttons of a radio group are one field, so one tooltip by name
    html = WorkbookRenderer(paper="a4").html(load_plan(HERE.parents[1] / "plans" / "platform-leads-circle.yaml"),
                                             fillable=True)
    by_name = {}
    for element in re.findall(r"<(?:input|textarea)\b[^>]*>", html):
        name, title = re.search(r'\bname="([^"]*)"', element), re.search(r'\btitle="([^"]*)"', element)
        if name:
            by_name.setdefault(name.group(1), title.group(1) if title else "")
    tips = list(by_name.values())
    assert len(tips) > 300 and all(tips) and sorted(t for t in set(tips) if tips.count(t) > 1) == []
    (project / "fill_with_pypdf.pdf").write_bytes(pypdf_filled)
    fill_with_pikepdf(project / "blank.pdf", project / "fill_with_pikepdf.pdf")
    for filled in (project / "fill_with_pypdf.pdf", project / "fill_with_pikepdf.pdf"):
        with pikepdf.open(filled) as pdf:
            assert pdf.check_pdf_syntax() == []
        for command in (["pdftotext", str(filled), "-"], ["pdftoppm", "-r", "10", "-f", "1", "-l", "3", "-png",
                                                           str(filled), str(project / "page")]):
            result = subprocess.run(command, capture_output=True, text=True)
            assert result.returncode == 0 and result.stderr == "", result.stderr[:500]
        caplog.clear()  # the filler's own warnings ("no fields to update on this page") are not the reader's
        with caplog.at_level("WARNING", logger="pypdf"):
            values = PdfReader(io.BytesIO(filled.read_bytes())).get_fields()
        assert values["log.2.rating"]["/V"] == "/8" and caplog.records == []
