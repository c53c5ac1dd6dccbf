"""Issue 26's small lies of print, each read back from a real PDF: words split at their hyphen or
after a time zone's slash, a metric's title broken after its first word, a skipped meeting's
unexplained gap, a cover title whose size differs between the pairs of one cohort, a roster's
extra column touching the line above, and a plan made for a pair that keeps the program's title."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from mentorkit.cli import main
from mentorkit.plan.loading import check_paths, load_plan
from mentorkit.plan.yamlsource import Positions
from mentorkit.view.plan_view import build_view
from mentorkit.workbook.context import build_context, inline, keep_together, unbroken
from running import PLANS

PAIR = PLANS / "dana-and-sam.yaml"
CIRCLE = PLANS / "platform-leads-circle.yaml"
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def words(pdf: bytes) -> list[tuple[float, float, float, float, str]]:
    """Every word poppler reads, with its box (x0, y0, x1, y1; points from the page's top left);
    pages follow each other (a page's words after the previous page's)."""
    html = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    found = []
    for page, text in enumerate(html.decode("utf-8").split("<page ")[1:]):
        found += [(float(a), float(b) + page * 10000, float(c), float(d) + page * 10000,
                   w.replace("&amp;", "&")) for a, b, c, d, w in _WORD.findall(text)]
    return found


@pytest.fixture(scope="module")
def pair_words(renders):
    return words(renders.workbook(PAIR).data)


@pytest.fixture(scope="module")
def circle_words(renders):
    return words(renders.workbook(CIRCLE).data)


def test_plan_text_keeps_short_compounds_and_time_zones_on_one_line():
    assert str(inline("A check-in, on-call at 16:00 Europe/Berlin")) == (
        'A <span class="nowrap">check-in</span>, <span class="nowrap">on-call</span> at 16:00 '
        '<span class="nowrap">Europe/Berlin</span>')
    assert str(unbroken("14:00 (America/Argentina/Buenos_Aires) <b>")) == \
        '14:00 (<span class="nowrap">America/Argentina/Buenos_Aires</span>) &lt;b&gt;'
    # a long compound may still break; a link's address and its attributes are left alone
    assert "nowrap" not in str(inline("self-assessment-heavy-weights"))
    assert str(inline("[on-call](https://example.org/on-call)")).count("nowrap") == 0
    assert str(keep_together(inline("x"))) == "x"


def test_no_word_of_the_example_workbooks_is_split_at_its_hyphen_or_after_a_slash(pair_words, circle_words):
    for found in (pair_words, circle_words):
        split = [w for *_, w in found if re.fullmatch(r"[^\W\d_]{1,10}-|Europe/", w)]
        assert not split, split  # 'check-' / 'in', 'on-' / 'call', 'Europe/' / 'Berlin'
    assert any(w == "on-call" for *_, w in pair_words) and any("Europe/Berlin" in w for *_, w in circle_words)


def test_a_metrics_title_does_not_break_after_its_first_word(pair_words):
    """WeasyPrint broke 'Engineering / onboarding modules completed (modules)' where the whole
    title fitted on the first line, when a unit followed it (p11 of the pair's workbook)."""
    starts = [i for i, (*_, w) in enumerate(pair_words) if w == "Engineering"
              and pair_words[i + 1][4] == "onboarding"]
    assert len(starts) >= 4
    for i in starts:
        assert pair_words[i][1] == pytest.approx(pair_words[i + 1][1]), pair_words[i:i + 5]


def test_a_skipped_meeting_is_explained_as_a_moved_one_is(renders):
    plan = load_plan(PAIR)
    assert [str(d) for d in plan.schedule.skip] == ["2027-04-05"]
    view = build_view(plan)
    assert [(m.number, m.moved) for m in view.meetings if m.moved] == [
        (7, "moved from Mon 5 Apr 2027: no meeting that day"), (9, "moved from Mon 17 May 2027: Pentecost Monday")]
    raw = subprocess.run(["pdftotext", "-raw", "-", "-"], input=renders.workbook(PAIR).data, capture_output=True,
                         check=True).stdout.decode("utf-8")  # in the order it is written: a cell's lines together
    assert " ".join(raw.split()).count("moved from Mon 5 Apr 2027: no meeting that day") == 2  # schedule, meeting


def _cohort_cover(renders, tmp_path: Path, mentor: str, mentee: str, team: str, summary: str = "") -> list:
    (tmp_path / "engineering-onboarding.yaml").write_bytes((PLANS / "engineering-onboarding.yaml").read_bytes())
    path = tmp_path / f"pair-{len(mentor)}.yaml"
    path.write_text(f"mentorkit: 1\nprogram: engineering-onboarding\npair: {{mentor: {{name: {mentor}}}, "
                    f"mentee: {{name: {mentee}}}}}\nschedule: {{start: 2027-01-04}}\n"
                    + (f"summary: {summary}\n" if summary else ""), encoding="utf-8")
    result = check_paths([tmp_path])
    plan = next(p for p in result.plans if p.source and Path(p.source).name == path.name)
    plan = plan.with_origin(positions=Positions(), extra=(("Team", team),))
    return words(renders.renderer("a4").cover(plan))


def test_the_covers_of_one_cohort_have_one_title_size_and_a_gap_over_their_extra_columns(renders, tmp_path):
    short = _cohort_cover(renders, tmp_path, "Ana Ruiz", "Lee Chen", "Payments platform")
    long = _cohort_cover(renders, tmp_path, "Maximiliana Oberholzer-Wittgenstein",
                         "Bartholomew Featherstonehaugh-Smythe", "Search",
                         summary=" ".join(["Six months of pairing, meeting every two weeks for forty-five minutes."] * 40))
    # (a summary that long sets the cover tightly: the title keeps its size, TEAM its gap)
    heights = []
    for cover in (short, long):
        title = next(w for w in cover if w[4] == "Engineering")
        heights.append(round(title[3] - title[1], 1))
        team = next(w for w in cover if w[4] == "TEAM")
        above = max((w for w in cover if w[1] < team[1] - 1), key=lambda w: w[3])  # the line above, by its top
        assert team[1] - above[3] >= 3, (above, team)  # at least 3 pt between TEAM and the line above it
    assert heights[0] == heights[1], heights


def test_a_plan_made_from_a_starter_for_a_pair_is_titled_for_the_pair(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["new", "plans/ana-and-lee.yaml", "--template", "onboarding", "--start",
                                       "2027-01-04", "--mentor", "Ana Ruiz", "--mentee", "Lee Chen"])
    assert result.exit_code == 0, result.output
    plan = load_plan(Path("plans/ana-and-lee.yaml"))
    assert plan.title == "Onboarding mentoring: Ana Ruiz and Lee Chen"
    assert build_context(build_view(plan)).running_title == plan.title  # every page's running header
    result = CliRunner().invoke(main, ["new", "plans/circle.yaml", "--template", "peer-circle", "--facilitator",
                                       "Fay Holt", "--member", "Bo Ek", "--member", "Cy Lund"])
    assert result.exit_code == 0, result.output
    assert load_plan(Path("plans/circle.yaml")).title == "Peer mentoring circle: Bo Ek and Cy Lund"


def test_a_milestones_dates_stay_inside_their_columns(pair_words):
    """'Fri 29 Jan 2027' is set on one line: a column too narrow for it ran it into the next one."""
    (due,) = [w for w in pair_words if w[4] == "DUE" and any(v[4] == "REACHED" and abs(v[1] - w[1]) < 2
                                                             for v in pair_words)]
    row = [w for w in pair_words if abs(w[1] - due[1]) < 2]
    reached = next(w for w in row if w[4] == "REACHED")
    how = next(w for w in row if w[4] == "HOW")
    page = due[1] // 10000
    years = [w for w in pair_words if "2027" in w[4] and w[1] // 10000 == page and w[1] > due[1] and w[0] > due[0] - 1]
    assert len(years) >= 8  # the six due dates and the two reached
    for year in years:
        end = reached[0] if year[0] < reached[0] else how[0]
        assert year[2] < end - 1, (year, end)
