"""`mentorkit workbook` as a user runs it: exit codes, located errors, the previous PDF kept."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from running import quick_theme, run_mentorkit, sections_theme

PAIR_PLAN = Path(__file__).resolve().parent / "plans" / "pair-with-log.yaml"
SMALL_PLAN = """mentorkit: 1
title: A small plan
pair:
  mentor: {name: Ada Mentor}
  mentee: {name: Ben Mentee}
schedule: {start: 2027-05-03, cadence: weekly, meetings: 2}
"""
LOCATED_ERROR = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<column>\d+): error: (?P<message>.+)$", re.M)


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return run_mentorkit("workbook", *args, cwd=cwd, timeout=180)


def assert_located_error(result: subprocess.CompletedProcess, file: str, message: str) -> re.Match:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    match = LOCATED_ERROR.search(result.stderr)
    assert match, result.stderr
    assert match["file"] == file and message in match["message"], result.stderr
    return match


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One successful run: a Letter, fillable workbook of a small plan. Its theme (--theme) is the
    real cover and 'before we start' pages alone (running.sections_theme), fields and all: the
    command is the point here, not the whole workbook."""
    folder = tmp_path_factory.mktemp("cli")
    (folder / "small.yaml").write_text(SMALL_PLAN, encoding="utf-8")
    sections_theme(folder / "short", "cover", "before-we-start")
    result = run("small.yaml", "-o", "out/small.pdf", "--paper", "letter", "--fillable", "--theme", "short/print",
                 cwd=folder)
    return folder, result


def test_writes_the_pdf_and_says_so(built):
    folder, result = built
    assert result.returncode == 0, result.stderr
    assert "wrote out/small.pdf" in result.stderr
    reader = PdfReader(folder / "out" / "small.pdf")
    assert {(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages} == {(612.0, 792.0)}
    assert reader.get_fields()
    assert "Ada Mentor" in reader.pages[0].extract_text()


def test_a_broken_plan_is_reported_with_its_line_and_the_previous_pdf_is_kept(built):
    folder, _ = built
    previous = (folder / "out" / "small.pdf").read_bytes()
    (folder / "broken.yaml").write_text(SMALL_PLAN.replace("cadence: weekly", "cadense: weekly"), encoding="utf-8")
    result = run("broken.yaml", "-o", "out/small.pdf", cwd=folder)
    match = assert_located_error(result, "broken.yaml", "unknown key 'cadense'")
    assert (match["line"], match["column"]) == ("6", "31")
    assert (folder / "out" / "small.pdf").read_bytes() == previous
    assert sorted(p.name for p in (folder / "out").iterdir()) == ["small.pdf"]


def test_a_missing_plan_file_is_a_located_error(tmp_path):
    assert_located_error(run("nope.yaml", "-o", "x.pdf", cwd=tmp_path), "nope.yaml", "no such file")
    assert not (tmp_path / "x.pdf").exists()


def test_an_unwritable_output_is_a_located_error(tmp_path):
    (tmp_path / "plan.yaml").write_text(SMALL_PLAN, encoding="utf-8")
    (tmp_path / "blocker").write_text("a file, not a folder", encoding="utf-8")
    quick_theme(tmp_path / "quick")  # a one-page workbook: it is rendered, then cannot be written
    result = run("plan.yaml", "-o", "blocker/out.pdf", "--theme", "quick/print", cwd=tmp_path)
    assert_located_error(result, "blocker/out.pdf", "cannot write")


def test_output_onto_the_plan_or_a_folder_is_refused(tmp_path):
    shutil.copy(PAIR_PLAN, tmp_path / "plan.yaml")
    assert_located_error(run("plan.yaml", "-o", "plan.yaml", cwd=tmp_path), "plan.yaml", "is the plan itself")
    (tmp_path / "folder").mkdir()
    assert_located_error(run("plan.yaml", "-o", "folder", cwd=tmp_path), "folder", "is a folder")
    assert (tmp_path / "plan.yaml").read_text(encoding="utf-8") == PAIR_PLAN.read_text(encoding="utf-8")


def test_a_broken_theme_template_is_reported_at_its_line(tmp_path):
    (tmp_path / "small.yaml").write_text(SMALL_PLAN, encoding="utf-8")
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "workbook.html").write_text("<html>\n<body>\n{% for x in %}\n</body>\n", encoding="utf-8")
    result = run("small.yaml", "-o", "x.pdf", "--theme", "theme", cwd=tmp_path)
    match = assert_located_error(result, "theme/workbook.html", "template error")
    assert match["line"] == "3"
    assert not (tmp_path / "x.pdf").exists()


def test_an_unknown_paper_size_is_a_usage_error(tmp_path):
    (tmp_path / "small.yaml").write_text(SMALL_PLAN, encoding="utf-8")
    result = run("small.yaml", "--paper", "a5", cwd=tmp_path)
    assert result.returncode == 2
    assert "a5" in result.stderr and "Traceback" not in result.stderr


HOUSE_PROGRAM = """\
site_name: House program
theme: {name: mkdocs, highlightjs: false}
plugins:
  - mentorkit:
      plans: plans
      theme: house
      paper: letter
      workbooks: true
      pairs: full          # the plan below is a pair's: its workbook is on the site only in full
"""
HOUSE_COVER = '<section class="cover"><h1 id="cover">Acme Guild house cover</h1></section>\n'


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def page_sizes(path: Path) -> set[tuple[float, float]]:
    return {(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(path).pages}


@pytest.mark.slow
def test_workbook_and_build_make_the_same_workbook_from_the_settings_in_mkdocs_yml(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "small.yaml").write_text(SMALL_PLAN, encoding="utf-8")
    (tmp_path / "house" / "print" / "sections").mkdir(parents=True)
    # the house's workbook: its cover and the real schedule, both commands read it off mkdocs.yml
    sections_theme(tmp_path / "house", "cover", "schedule")
    (tmp_path / "house" / "print" / "sections" / "cover.html").write_text(HOUSE_COVER, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(HOUSE_PROGRAM, encoding="utf-8")

    single = run("plans/small.yaml", "-o", "small.pdf", cwd=tmp_path)
    assert single.returncode == 0, single.stderr
    build = run_mentorkit("build", cwd=tmp_path, timeout=300)
    assert build.returncode == 0, build.stderr
    from_build = tmp_path / "site" / "workbooks" / "small.pdf"

    assert "Acme Guild house cover" in pdf_text(tmp_path / "small.pdf")
    assert pdf_text(tmp_path / "small.pdf") == pdf_text(from_build)
    assert page_sizes(tmp_path / "small.pdf") == page_sizes(from_build) == {(612.0, 792.0)}  # letter
    assert "letter" in single.stderr
