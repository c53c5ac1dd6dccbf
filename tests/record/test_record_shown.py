"""The record a pair wrote is printed in its workbook and shown on the site only at `pairs: full`."""
from __future__ import annotations

from pathlib import Path

from mentorkit.plan.loading import load_plan
from mentorkit.site.pages import SiteRenderer, gather_site
from mentorkit.workbook.render import WorkbookRenderer

HERE = Path(__file__).resolve().parent
RECORD = """
before_we_start:
  mentee: {want: Speak without notes WANT-MARK}
game_plan: {doors: Introduce Lee DOORS-MARK}
agreement:
  signed: [{name: Lee Chen, date: 2027-01-04}]
final_review: {learned: Practice LEARNED-MARK, goals: {first-talk: met}}
notes_pages: [Book the room NOTES-MARK]
"""
LOG = """    reflection: Start earlier REFLECT-MARK
    closing: [null, Next steps CLOSING-MARK]
    prework_done: [1]
  - meeting: 2
    check_in: {ratings: {mentee: [4]}, answers: [The weekly slot CHECKIN-MARK]}
"""
MARKS = ("WANT-MARK", "DOORS-MARK", "LEARNED-MARK", "NOTES-MARK", "REFLECT-MARK", "CLOSING-MARK", "CHECKIN-MARK")


def _plan(tmp_path: Path):
    path = tmp_path / "ana-and-lee.yaml"
    path.write_text((HERE / "plan-commented.yaml").read_text(encoding="utf-8") + LOG + RECORD, encoding="utf-8")
    return load_plan(path)


def test_the_workbook_prints_what_the_plan_records(tmp_path):
    plan = _plan(tmp_path)
    html = WorkbookRenderer(paper="a4").html(plan)
    assert all(mark in html for mark in MARKS), [m for m in MARKS if m not in html]
    assert "Lee Chen" in html and "2027-01-04" in html  # the signature line
    fillable = WorkbookRenderer(paper="a4").html(plan, fillable=True)
    assert 'name="log.1.prework_done.1" value="Yes" title="Meeting 1: prework 1 done" checked' in fillable
    assert 'name="final_review.goals.first-talk" value="met"' in fillable


def _site(plan, level: str) -> str:
    model = gather_site([plan], pairs=level)
    SiteRenderer().render_all(model)
    return "".join(page.html for page in model.pages())


def test_the_site_shows_the_record_only_at_pairs_full(tmp_path):
    plan = _plan(tmp_path)
    full = _site(plan, "full")
    assert all(mark in full for mark in MARKS), [m for m in MARKS if m not in full]
    for level in ("listed", "hidden"):
        shown = _site(plan, level)
        assert not [mark for mark in MARKS if mark in shown], level
