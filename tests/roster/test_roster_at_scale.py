"""Rosters end to end: twenty pairs in worker processes, a Dask cluster, and a run killed half-way."""
from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from roster_helpers import HEADER, PAGED_PAGES, paged_theme, roster_row, use_theme
from mentorkit.plan.loading import Library
from mentorkit.roster.pairs import read_roster
from mentorkit.roster.writing import write_roster
from mentorkit.workbook.batch import WorkbookBatch
from mentorkit.themes import Theme
from running import ROOT, pdf_pages_text, quick_theme, run_mentorkit

FIRST_NAMES = ["Ana", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal", "Ida", "Jo"]


def cohort(project: Path, count: int) -> list[tuple[str, str, str]]:
    pairs = [(f"{FIRST_NAMES[i % 10]} Mentor{i}", f"{FIRST_NAMES[(i + 3) % 10]} Mentee{i}",
              f"2027-{1 + i % 12:02d}-{1 + i % 28:02d}") for i in range(count)]
    (project / "roster.csv").write_text(HEADER + "".join(roster_row(*p) for p in pairs), encoding="utf-8")
    return pairs


def text_of(pdf: Path) -> str:
    return "\n".join(pdf_pages_text(Path(pdf).read_bytes()))  # as poppler reads it


@pytest.mark.slow
def test_twenty_pairs_get_twenty_workbooks_and_calendars_rendered_in_worker_processes(project):
    # the program's own theme: one-page workbooks (running.quick_theme), as what a workbook shows
    # is tested elsewhere; here, twenty of them through worker processes
    use_theme(project, "quick", quick_theme)
    pairs = cohort(project, 20)
    result = run_mentorkit("roster", "roster.csv", "-o", "out", "--jobs", "2", cwd=project, timeout=300)
    assert result.returncode == 0, result.stderr
    out = project / "out"
    index = list(csv.DictReader((out / "index.csv").open(encoding="utf-8")))
    assert len(index) == 20 and len(list(out.glob("*.pdf"))) == 20 and len(list(out.glob("*.ics"))) == 20
    for row, (mentor, mentee, start) in zip(index, pairs):
        cover = PdfReader(out / row["workbook"]).pages[0].extract_text()
        year, month, day = start.split("-")
        assert mentor in cover and mentee in cover and f"{int(day)} " in cover and year in cover
        assert f"DTSTART;VALUE=DATE:{year}{month}{day}" in (out / row["calendar"]).read_text(encoding="utf-8")
    assert "roster: 20/20 pairs" in result.stderr  # not a terminal: plain progress lines


@pytest.mark.slow
def test_a_dask_cluster_renders_the_same_workbooks_as_this_machine(project, tmp_path):
    distributed = pytest.importorskip("distributed")
    from mentorkit.roster.cluster import cluster_renderer

    cohort(project, 3)
    roster = read_roster(project / "roster.csv", Library([project / "plans"]))
    assert roster.ok
    theme = Theme(quick_theme(tmp_path / "quick"))  # one-page workbooks: the point is where they are made
    local = write_roster(roster, tmp_path / "local", WorkbookBatch(theme, "a4", processes=1))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        batch = WorkbookBatch(theme, "a4", cache_dir=tmp_path / "cache")
        with cluster_renderer(cluster, batch) as render:
            remote = write_roster(roster, tmp_path / "remote", batch, render=render)
            assert len(remote.rendered) == 3
            again = write_roster(roster, tmp_path / "again", batch, render=render)
            assert again.cached and not again.rendered  # the same cache as local renders
    for mine, theirs in zip(local.entries, remote.entries):
        assert (mine.workbook, mine.pages, mine.content_hash) == (theirs.workbook, theirs.pages, theirs.content_hash)
        assert text_of(tmp_path / "local" / mine.workbook) == text_of(tmp_path / "remote" / theirs.workbook)


@pytest.mark.slow
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_run_killed_half_way_leaves_no_half_file_and_the_next_run_finishes(project, stop):
    # workbooks of many short pages (roster_helpers.paged_theme: ~0.3 CPU s each, the built-in theme's
    # ~1.2): whole files are what is checked, not their look. The signal comes as soon as the run says
    # it has written the first pair (its progress line comes after that pair's files and journal line):
    # the run is rendering the second workbook then.
    use_theme(project, "paged", paged_theme)
    pairs = 3
    cohort(project, pairs)
    out = project / "out"
    out.mkdir()
    (out / "index.json").write_text('{"pairs": []}', encoding="utf-8")  # as a run before this one left it
    # the mentorkit this test process imports (a checkout other than the installed one: the same code)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    run = subprocess.Popen([sys.executable, "-m", "mentorkit", "roster", "roster.csv", "-o", "out", "--jobs", "1"],
                           cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    said = []
    for line in run.stderr:  # its progress lines, as it writes them (not a terminal: a line a pair)
        said.append(line)
        if line.startswith(f"roster: 1/{pairs} pairs"):
            break
    run.send_signal(stop)
    stderr = "".join(said) + run.stderr.read()
    run.wait(timeout=60)
    assert said and said[-1].startswith(f"roster: 1/{pairs} pairs"), stderr
    assert run.returncode != 0, "the run finished before it could be stopped"
    if stop == signal.SIGTERM:
        assert "stopped: the index is the previous run's" in stderr and "Traceback" not in stderr
        # no temporary file left: only the folder's marker and the journal of what the run wrote
        assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".mentorkit-roster",
                                                                                   ".mentorkit-roster-run"]
    assert (out / "index.json").read_text(encoding="utf-8") == '{"pairs": []}'  # the previous run's, kept
    assert not (out / "index.csv").exists()
    written = list(out.glob("*.pdf"))
    assert 0 < len(written) < pairs
    for pdf in written:
        assert len(PdfReader(pdf).pages) == PAGED_PAGES > 10  # whole files only

    # SIGKILL in the middle of a write leaves the temporary file (rarely hit by a test): as if it had
    (out / ".ana-mentor0-and-di-mentee0.pdf.k1ll3d.tmp").write_bytes(b"%PDF-1.7 half")
    result = run_mentorkit("roster", "roster.csv", "-o", "out", "--jobs", "1", cwd=project)
    assert result.returncode == 0, result.stderr
    assert f"{len(written)} from the cache" in result.stderr or f"{len(written) + 1} from the cache" in result.stderr
    assert len(list(csv.DictReader((out / "index.csv").open(encoding="utf-8")))) == pairs
    assert len(list(out.glob("*.pdf"))) == pairs
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == [".mentorkit-roster"]  # no journal
