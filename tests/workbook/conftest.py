"""Workbook fixtures: each PDF is rendered once per test run (shared by the xdist workers) and read
back with pypdf."""
from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pytest
from pypdf import PdfReader

from mentorkit.plan.loading import load_plan
from mentorkit.themes import Branding
from mentorkit.workbook.render import WorkbookRenderer
from running import made_once, pdf_pages_text, rendered_workbook

HERE = Path(__file__).resolve().parent
FIXTURE_PLANS = HERE / "plans"
PAIR_PLAN = FIXTURE_PLANS / "pair-with-log.yaml"
LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="40" height="40" '
        'fill="#f4c20d"/></svg>')
BRAND_COLOUR = "yellow"  # too light to print as it is


@dataclass
class Workbook:
    """One rendered workbook and what pypdf reads back from it."""
    plan: object
    data: bytes
    renderer: WorkbookRenderer
    refused: list = field(default_factory=list)

    @cached_property
    def reader(self) -> PdfReader:
        return PdfReader(io.BytesIO(self.data))

    @cached_property
    def pages_text(self) -> list[str]:
        """Each page's text as poppler reads it (pdftotext: a second reader, and a dozen times
        faster than pypdf's text extraction on a 46-page workbook)."""
        return pdf_pages_text(self.data)

    @cached_property
    def text(self) -> str:
        return "\n".join(self.pages_text)

    @cached_property
    def outline(self) -> list[tuple[int, str, int]]:
        """(depth, title, page number) of every bookmark."""
        found = []

        def walk(items, depth):
            for item in items:
                if isinstance(item, list):
                    walk(item, depth + 1)
                else:
                    found.append((depth, item.title, self.reader.get_destination_page_number(item) + 1))

        walk(self.reader.outline, 0)
        return found

    @cached_property
    def fields(self) -> dict:
        return self.reader.get_fields() or {}


class Renders:
    """Renderers (one per paper size, kept for the session) and the workbooks rendered in this run."""

    def __init__(self, shared: Path):
        self.shared = shared
        self.renderers: dict[str, WorkbookRenderer] = {}
        self.cache: dict[tuple, Workbook] = {}

    def renderer(self, paper: str) -> WorkbookRenderer:
        if paper not in self.renderers:
            self.renderers[paper] = WorkbookRenderer(paper=paper)
        return self.renderers[paper]

    def workbook(self, plan_path: Path, *, paper: str = "a4", fillable: bool = False,
                 member: str | None = None) -> Workbook:
        key = (str(plan_path), paper, fillable, member)
        if key not in self.cache:
            renderer = self.renderer(paper)
            data, refused = rendered_workbook(self.shared, plan_path, paper=paper, fillable=fillable,
                                              renderer=renderer, member=member)
            self.cache[key] = Workbook(load_plan(plan_path), data, renderer, [tuple(r) for r in refused])
        return self.cache[key]


@pytest.fixture(scope="session")
def renders(run_folder) -> Renders:
    return Renders(run_folder)


@pytest.fixture(scope="session")
def pair_workbook(renders) -> Workbook:
    return renders.workbook(PAIR_PLAN)


@dataclass
class BrandedWorkbook(Workbook):
    """The pair's workbook with a program's logo and colour, and what its renderer reported."""
    logo: Path = None
    colour: str = BRAND_COLOUR
    served: list = field(default_factory=list)
    html: str = ""


@pytest.fixture(scope="session")
def branded_workbook(run_folder) -> BrandedWorkbook:
    """The pair's workbook with the program's logo on the cover and its colour on the headings
    (`BRAND_COLOUR`), rendered once per run for every test process."""
    logo = made_once(run_folder, "brand", lambda into: (into / "logo.svg").write_text(LOGO, encoding="utf-8"))
    logo = (logo / "logo.svg").resolve()
    renderer = WorkbookRenderer(branding=Branding(logo, BRAND_COLOUR))

    def make(into: Path) -> None:
        plan = load_plan(PAIR_PLAN)
        (into / "workbook.pdf").write_bytes(renderer.render(plan))
        report = {"served": [str(p) for p in renderer.last_served], "refused": renderer.last_refused,
                  "html": renderer.html(plan)}
        (into / "report.json").write_text(json.dumps(report), encoding="utf-8")

    done = made_once(run_folder, "branded-workbook", make)
    report = json.loads((done / "report.json").read_text(encoding="utf-8"))
    return BrandedWorkbook(load_plan(PAIR_PLAN), (done / "workbook.pdf").read_bytes(), renderer,
                           [tuple(r) for r in report["refused"]], logo=logo,
                           served=[Path(p) for p in report["served"]], html=report["html"])
