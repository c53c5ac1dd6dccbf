"""`mentorkit import check-ins.csv`: a forms export, one row per response, into each pair's check-in."""
from __future__ import annotations

import shutil
from pathlib import Path

from mentorkit.plan.loading import load_plan

from test_import import PLAN, run

CSV = ("Timestamp;Plan;Role;The relationship overall;Our meetings are useful;What we change\n"
       "2027-01-12 10:00;ana-and-lee;mentee;4;5;Meet earlier\n"
       "2027-01-12 10:05;ana-and-lee;mentor;3;;\n")


def _project(tmp_path: Path) -> Path:
    (tmp_path / "plans").mkdir()
    shutil.copy(PLAN, tmp_path / "plans" / "ana-and-lee.yaml")
    return tmp_path


def test_each_response_lands_in_its_pairs_check_in_and_twice_changes_nothing(tmp_path):
    project = _project(tmp_path)
    (project / "check-ins.csv").write_text("\ufeff" + CSV, encoding="utf-8")  # Excel's byte order mark
    result = run(project, "check-ins.csv")
    assert result.exit_code == 0 and "check-in 1: " in result.output, result.output
    entry = {e.meeting: e for e in load_plan(project / "plans" / "ana-and-lee.yaml").log}[2]
    assert entry.check_in.ratings.mentee == [4, 5] and entry.check_in.ratings.mentor == [3]
    assert entry.check_in.answers == [None, "Meet earlier"]
    before = (project / "plans" / "ana-and-lee.yaml").read_bytes()
    assert "nothing new" in run(project, "check-ins.csv").output
    assert (project / "plans" / "ana-and-lee.yaml").read_bytes() == before


def test_every_problem_is_located_and_nothing_is_written(tmp_path):
    project = _project(tmp_path)
    (project / "check-ins.csv").write_text(CSV + "2027-01-13;bo-and-cy;mentee;4;;\n"
                                           "2027-01-13;ana-and-lee;mentee;9;;\n", encoding="utf-8")
    result = run(project, "check-ins.csv")
    assert result.exit_code == 1
    assert "check-ins.csv:4:2: error: no pair plan 'bo-and-cy' here" in result.output, result.output
    assert "check-ins.csv:5:4: error: '9' is no rating from 1 to 5" in result.output
    assert (project / "plans" / "ana-and-lee.yaml").read_bytes() == PLAN.read_bytes()
