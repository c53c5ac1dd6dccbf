"""What users see, for every shipped plan and starter, compared with golden files a person read.

- the site: every page mentorkit makes (catalog and plan pages) of the example program (as
  published, and with `pairs: full` as the pairs see it) and of a program made of the six
  starters, as MkDocs writes them (normalised: build dates removed);
- the workbook: its HTML (the input WeasyPrint lays out) and the text of its PDF
  (`pdftotext -layout`).

Refresh with `pytest tests/test_golden.py --update-golden`, then read the diff before committing.
A refactor must leave these byte for byte as they are, or every difference is a fix you meant.
"""
from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest

from running import PLANS, REPORT_DAY, TEMPLATES, copy_program, rendered_workbook, run_mentorkit

GOLDEN = Path(__file__).parent / "golden"
STARTERS = sorted(TEMPLATES.glob("*.yaml"))
EXAMPLES = sorted(p for p in PLANS.glob("*.yaml"))
ALL_PLANS = [*EXAMPLES, *STARTERS]
ids = [f"{p.parent.name}-{p.stem}" for p in ALL_PLANS]

def _today_forms() -> list[str]:
    today = dt.date.today()
    return [f"{today:%a} {today.day} {today:%b %Y}", f"{today.day} {today:%b %Y}"]


def normalise(text: str) -> str:
    """Remove what changes from one build to the next: dates of the build, temporary paths."""
    text = re.sub(r"<!--\s*\n?\s*MkDocs version[\s\S]*?-->", "<!-- mkdocs build info -->", text)
    text = re.sub(r"Build Date UTC : [^\n]*", "Build Date UTC : (date)", text)
    for form in _today_forms():
        text = text.replace(form, "(today)")
    return text


def layout_text(text: str) -> str:
    """pdftotext's layout without its widths: a run of spaces between columns depends on how
    wide the text beside it is (a two-digit day on the cover), and poppler's version. Lines keep
    their order and columns stay apart (two spaces); blank lines are folded into one."""
    lines = [re.sub(r" {2,}", "  ", line.strip()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def compare(request, name: str, actual: str) -> None:
    path = GOLDEN / name
    if request.config.getoption("--update-golden"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"no golden file {path}; run with --update-golden and read it"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs from its golden file (run with --update-golden to see the diff)"


def build_site(project: Path) -> Path:
    result = run_mentorkit("build", "--no-workbooks", cwd=project, timeout=300)
    assert result.returncode == 0, result.stderr
    return project / "site"


def mentorkit_pages(site: Path) -> dict[str, str]:
    """Every page mentorkit makes, by its path in the site."""
    pages = {}
    for page in sorted((site / "plans").rglob("index.html")):
        pages[page.relative_to(site).as_posix()] = normalise(page.read_text(encoding="utf-8"))
    return pages


@pytest.fixture(scope="module")
def example_pages(published_example_site):
    """The example program as published (`mentorkit build --no-workbooks`, pairs hidden): the same
    build the browser's search test reads, made once per run."""
    return mentorkit_pages(published_example_site)


@pytest.fixture(scope="module")
def example_full_pages(example_site):
    """The example program on a site for the pairs themselves (`pairs: full`): the pair plan too.
    The same build the browser tests read (made once per run; its workbooks are one page each,
    which changes no page of the site)."""
    return mentorkit_pages(example_site)


@pytest.fixture(scope="module")
def starter_pages(tmp_path_factory):
    return mentorkit_pages(build_site(copy_program(tmp_path_factory.mktemp("golden-starters"), "starters",
                                                   report_as_of=REPORT_DAY)))


def _check_site(request, pages: dict[str, str], folder: str) -> None:
    listed = GOLDEN / folder / "pages.txt"
    compare(request, f"{folder}/pages.txt", "".join(f"{name}\n" for name in pages))
    for name, html in pages.items():
        compare(request, f"{folder}/{name.replace('/', '__')}", html)
    assert listed.read_text(encoding="utf-8").split() == list(pages)


def test_example_site_pages_match_golden(example_pages, request):
    _check_site(request, example_pages, "site-example")


def test_example_site_for_the_pairs_matches_golden(example_full_pages, request):
    _check_site(request, example_full_pages, "site-example-full")


def test_starter_site_pages_match_golden(starter_pages, request):
    _check_site(request, starter_pages, "site-starters")


@pytest.fixture(scope="module")
def renderer():
    """One A4 renderer for every plan, as `mentorkit build` keeps one (its CSS and fonts load once: ~0.7 s)."""
    from mentorkit.workbook.render import WorkbookRenderer
    return WorkbookRenderer(paper="a4")


@pytest.mark.slow
@pytest.mark.parametrize("plan_path", ALL_PLANS, ids=ids)
def test_workbook_html_and_pdf_text_match_golden(plan_path: Path, request, tmp_path, run_folder, renderer):
    from mentorkit.plan.loading import load_plan

    name = f"{plan_path.parent.name}-{plan_path.stem}"
    plan = load_plan(plan_path)
    compare(request, f"workbook-html/{name}.html", normalise(renderer.html(plan)))
    pdf = tmp_path / f"{name}.pdf"
    # renderer.render(plan), made once per run: tests/workbook reads the same PDFs
    pdf.write_bytes(rendered_workbook(run_folder, plan_path, paper="a4", renderer=renderer)[0])
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    compare(request, f"workbook-text/{name}.txt", layout_text(normalise(text)))
