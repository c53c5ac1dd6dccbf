"""The program report as files: an HTML page with charts, a CSV per table, JSON."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ..output import csv_text, mark_as_built, replacing_dir
from ..locale import _, current, install as install_gettext
from ..themes import compiled_templates, themes_dir
from ..view.text import format_number
from .charts import bar_chart
from .figures import Cell, ProgramReport, Table


def cell_text(cell: Any, report: ProgramReport) -> str:
    """A cell as a reader sees it: the number, or why it is not shown."""
    if not isinstance(cell, Cell):
        return str(cell)
    if cell.suppressed(report.threshold):
        return report.suppressed_text()
    if cell.value is None:
        return "—"
    if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
        return format_number(cell.value)
    return str(cell.value)


def table_csv(table: Table, report: ProgramReport) -> str:
    return csv_text([table.columns, *([cell_text(c, report) if isinstance(c, Cell) else str(c) for c in row]
                                      for row in table.rows)])


def report_data(report: ProgramReport) -> dict:
    """The report as JSON data: a suppressed figure is {"suppressed": "fewer than 5 pairs"}."""
    def value(cell: Any) -> Any:
        if not isinstance(cell, Cell):
            return cell
        if cell.suppressed(report.threshold):
            return {"suppressed": report.suppressed_text()}
        return cell.value

    return {"program": report.program_id, "title": report.title, "as_of": report.as_of.isoformat(),
            "threshold": report.threshold, "status": report.status, "counted": report.counted,
            "tables": {t.name: {"title": t.title, "note": t.note,
                                "rows": [dict(zip(t.columns, map(value, row))) for row in t.rows]}
                       for t in report.tables}}


def charts(report: ProgramReport) -> dict[str, Markup]:
    def shown(cell: Cell) -> Any:
        return None if cell.suppressed(report.threshold) or cell.value is None else cell.value

    distribution = report.table("ratings")
    by_meeting = report.table("ratings-by-meeting")
    bars = [(row[0], shown(row[1])) for row in distribution.rows]
    medians = [(row[0], shown(row[2])) for row in by_meeting.rows]
    drawn = {
        "ratings": bar_chart(bars, chart_id=f"{report.program_id}-ratings", title=_("Meeting ratings"),
                             description=_describe(bars, _("rating"), _("meetings"), report), y_label=_("meetings"),
                             x_label=_("rating")),
        "ratings-by-meeting": bar_chart(medians, chart_id=f"{report.program_id}-medians",
                                        title=_("Median rating by meeting number"), y_max=10,
                                        description=_describe(medians, _("meeting"), _("median rating"), report),
                                        y_label=_("median rating (1-10)"), x_label=_("meeting")),
    }
    # a chart with no bar to draw is an empty frame: the table says why instead
    shown_any = {"ratings": bars, "ratings-by-meeting": medians}
    return {name: chart for name, chart in drawn.items() if any(v is not None for _, v in shown_any[name])}


def _describe(bars: list, what: str, value: str, report: ProgramReport) -> str:
    shown = [(label, v) for label, v in bars if v is not None]
    if not shown:
        return _("Not shown: no figure here is computed over at least %(threshold)s pairs.") % {
            "threshold": report.threshold}
    return "; ".join(f"{what} {label}: {format_number(v)} {value}" for label, v in shown) + "."


class ReportRenderer:
    def __init__(self) -> None:
        self.env = Environment(loader=FileSystemLoader(str(themes_dir() / "report")),
                               autoescape=select_autoescape(default=True, default_for_string=True),
                               bytecode_cache=compiled_templates("report"))
        self.env.filters["cell"] = lambda cell, report: (
            _("fewer than %(threshold)s pairs") % {"threshold": report.threshold}
            if isinstance(cell, Cell) and cell.suppressed(report.threshold) else cell_text(cell, report))
        self.env.filters["translate"] = _  # a table's own text: its msgid is marked in figures.py (N_)
        install_gettext(self.env)  # in the language in force: the site's page of a program, or the command's

    def body(self, report: ProgramReport) -> Markup:
        """The report's content, for a page of the site or the standalone file."""
        return Markup(self.env.get_template("body.html").render(report=report, charts=charts(report)))

    def page(self, report: ProgramReport) -> str:
        return self.env.get_template("page.html").render(report=report, body=self.body(report), language=current())

    def index(self, reports: list[ProgramReport]) -> str:
        return self.env.get_template("index.html").render(reports=reports, language=current())


def report_files(report: ProgramReport) -> dict[str, str]:
    """The files beside a report's page: a CSV per table and report.json, by file name."""
    files = {f"{table.name}.csv": table_csv(table, report) for table in report.tables}
    files["report.json"] = json.dumps(report_data(report), indent=2, ensure_ascii=False) + "\n"
    return files


MARKER = ".mentorkit-report"  # in a folder the report may replace; no other folder is ever replaced


def write_reports(reports: list[ProgramReport], folder: Path) -> list[Path]:
    """Write every report into `folder` (replaced whole, atomically): index.html, report.json and,
    per program, ID/index.html, ID/TABLE.csv and ID/report.json."""
    renderer = ReportRenderer()
    written = []
    with replacing_dir(folder) as staging:
        mark_as_built(staging, MARKER, "A report written by mentorkit report: the folder is replaced whole by the "
                                       "next one.\n")
        (staging / "index.html").write_text(renderer.index(reports), encoding="utf-8")
        (staging / "report.json").write_text(json.dumps([report_data(r) for r in reports], indent=2,
                                                        ensure_ascii=False) + "\n", encoding="utf-8")
        for report in reports:
            target = staging / report.program_id
            target.mkdir()
            (target / "index.html").write_text(renderer.page(report), encoding="utf-8")
            for name, text in report_files(report).items():
                (target / name).write_text(text, encoding="utf-8")
            written.append(Path(folder) / report.program_id)
    return written
