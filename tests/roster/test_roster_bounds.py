"""A roster's bounds: memory per row, the size of a cell, the cluster's address."""
from __future__ import annotations

import csv
import gc
import json
import shutil
import tracemalloc
import unicodedata
from pathlib import Path

import pytest

from mentorkit.plan.loading import Library
from mentorkit.roster.pairs import read_roster
from mentorkit.themes import Theme
from roster_helpers import HEADER, roster_row
from running import cover_theme, run_mentorkit

REPO = Path(__file__).resolve().parents[2]


def held_by(rows: int, folder: Path, library: Library) -> int:
    """Bytes a checked roster of `rows` pairs keeps (its plans), as tracemalloc counts them."""
    path = folder / f"roster-{rows}.csv"
    path.write_text("program,mentor,mentee,start,team\n" + "".join(
        f"engineering-onboarding,Mentor {i},Mentee {i},2027-05-03,Team {i}\n" for i in range(rows)), encoding="utf-8")
    gc.collect()
    tracemalloc.start(1)
    try:
        before = tracemalloc.get_traced_memory()[0]
        roster = read_roster(path, library)
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert roster.ok and len(roster.pairs) == rows, [d.format() for d in roster.diagnostics]
    return held


def test_a_checked_row_holds_a_few_kilobytes_not_its_own_copy_of_the_program(tmp_path):
    # The example program (twelve meetings with agendas, goals, metrics): each row used to keep a
    # copy of it and of where each of its values is written, 130 KB a row, 2.6 GB for 20,000 rows.
    (tmp_path / "plans").mkdir()
    shutil.copy(REPO / "plans" / "engineering-onboarding.yaml", tmp_path / "plans")
    library = Library([tmp_path / "plans"])
    small, large = held_by(10, tmp_path, library), held_by(110, tmp_path, library)
    per_row = (large - small) / 100
    assert per_row < 20_000, f"{per_row / 1000:.0f} KB a row: 20,000 rows would take {per_row * 20_000 / 1e9:.1f} GB"


def test_a_cell_of_an_extra_column_too_long_for_a_cover_is_a_located_error(project):
    (project / "roster.csv").write_text("program,mentor,mentee,start,team\n"
                                        f"onboarding,Ann,Bo,2027-05-03,{'x' * 2_000_000}\n", encoding="utf-8")
    result = run_mentorkit("roster", "roster.csv", "-o", "out", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert ("roster.csv:2:30: error: the team is 2,000,000 characters long; a column shown on the cover holds "
            "at most 300") in result.stderr
    assert not (project / "out").exists()


@pytest.mark.parametrize("address, said", [
    ("foo", "'foo' has no scheme"), ("tcp://[::1", "'tcp://[::1' is not an address"),
    ("", "the address is empty"), ("udp://h:8786", "'udp://' is not a scheme"), ("tcp://h", "has no port"),
    ("tls://127.0.0.1:9", "tls:// needs certificates in Dask's configuration")])
def test_a_malformed_cluster_address_is_said_before_anything_is_done(project, address, said):
    pytest.importorskip("distributed")
    (project / "roster.csv").write_text(HEADER + roster_row("Ann", "Bo", "2027-05-03"), encoding="utf-8")
    result = run_mentorkit("roster", "roster.csv", "-o", "out", "--cluster", address, cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith("--cluster:1:1: error: ") and said in result.stderr, result.stderr
    assert not (project / "out").exists()


def test_formulas_in_roster_cells_are_text_in_the_index(project, tmp_path):
    from mentorkit.roster.writing import write_roster
    from mentorkit.workbook.batch import WorkbookBatch
    from mentorkit.themes import Theme

    rows = [("=HYPERLINK(\"http://x\",\"y\")", "@SUM(A1)"), ("+cmd", "-2+3"), ("-2", "Bo")]
    (project / "roster.csv").write_text(HEADER + "".join(roster_row(f'"{a.replace(chr(34), 2 * chr(34))}"', b,
                                                                    "2027-05-03") for a, b in rows), encoding="utf-8")
    roster = read_roster(project / "roster.csv", Library([project / "plans"]))
    assert roster.ok, [d.format() for d in roster.diagnostics]
    write_roster(roster, project / "out", WorkbookBatch(Theme(cover_theme(tmp_path / "cover")), "a4", processes=1))
    index = list(csv.DictReader((project / "out" / "index.csv").open(encoding="utf-8")))
    assert [(row["mentor"], row["mentee"]) for row in index] == [
        ("'=HYPERLINK(\"http://x\",\"y\")", "'@SUM(A1)"), ("'+cmd", "'-2+3"), ("-2", "Bo")]
    assert json.loads((project / "out" / "index.json").read_text(encoding="utf-8"))["pairs"][1]["mentor"] == "+cmd"


def test_one_pair_written_in_nfc_and_nfd_or_with_a_zero_width_space_is_the_same_pair_twice(project):
    nfc, nfd = unicodedata.normalize("NFC", "José"), unicodedata.normalize("NFD", "José")
    (project / "roster.csv").write_text(HEADER + roster_row(nfc, "Ann Lee", "2027-05-03")
                                        + roster_row(nfd, "Ann Lee", "2027-05-03")
                                        + roster_row(nfc, "Ann\u200b Lee\u00ad", "2027-05-03"), encoding="utf-8")
    roster = read_roster(project / "roster.csv", Library([project / "plans"]))
    assert [(d.line, d.column, d.message.startswith("duplicate pair:"), d.message.endswith("already on line 2"))
            for d in roster.diagnostics] == [(3, 12, True, True), (4, 12, True, True)]


def test_renaming_the_roster_file_renders_no_workbook_again(project, tmp_path):
    from mentorkit.workbook.batch import WorkbookBatch

    (project / "roster.csv").write_text(HEADER + roster_row("Ann", "Bo", "2027-05-03", team="Red"), encoding="utf-8")
    shutil.copy(project / "roster.csv", project / "cohort-2027.csv")
    keys = {WorkbookBatch(Theme(), "a4").key(read_roster(project / name, Library([project / "plans"])).pairs[0].plan)
            for name in ("roster.csv", "cohort-2027.csv")}
    assert len(keys) == 1
