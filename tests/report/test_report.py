"""The program report: figures over a program's pairs, checked against values computed here from
how the pairs were made; small programs suppressed; no name or log text anywhere."""
from __future__ import annotations

import csv
import datetime as dt
import json
import statistics
from pathlib import Path

import pytest

from report_helpers import AS_OF, FIRST, MEETINGS, PROGRAM, make_program
from running import run_mentorkit

def read_csv(path: Path) -> dict[str, list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return {row[0]: row[1:] for row in rows[1:]}


def number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@pytest.fixture(scope="module")
def forty(tmp_path_factory):
    folder = tmp_path_factory.mktemp("forty")
    pairs = make_program(folder, 40)
    made = run_mentorkit("report", "plans", "-o", "report", "--as-of", AS_OF.isoformat(), cwd=folder)
    assert made.returncode == 0, made.stdout + made.stderr
    return folder / "report" / "cohort", pairs


def test_participation_and_check_in_equal_what_the_pairs_were_made_with(forty):
    report, pairs = forty
    started = [p for p in pairs if p.started]
    assert len(started) == 36  # the premise: 4 of 40 start after the report's date
    rows = read_csv(report / "participation.csv")
    planned, held = sum(p.planned for p in started), sum(p.logged for p in started)
    assert rows["Pairs following the program"] == ["40"]
    assert rows["Pairs that have started"] == ["36"]
    assert rows["Meetings planned to date"] == [str(planned)]
    assert rows["Meetings held (logged)"] == [str(held)]
    assert rows["Planned meetings held (%)"] == [number(round(100 * held / planned, 1))]
    assert rows["Pairs with no log for two cadence periods"] == [str(sum(p.silent for p in started))]
    check_in = read_csv(report / "check-in.csv")
    assert check_in["Pairs that reached it"] == [str(sum(p.planned >= 3 for p in started))]
    assert check_in["Pairs that held it (logged)"] == [str(sum(p.logged >= 3 for p in started))]


def test_ratings_goals_metrics_milestones_and_measures_equal_independent_figures(forty):
    report, pairs = forty
    started = [p for p in pairs if p.started]
    ratings = [r for p in started for r in p.ratings.values()]
    distribution = read_csv(report / "ratings.csv")
    assert {k: v[0] for k, v in distribution.items()} == {str(r): str(ratings.count(r)) for r in range(1, 11)}
    by_meeting = read_csv(report / "ratings-by-meeting.csv")
    for n in range(1, MEETINGS + 1):
        given = [p.ratings[n] for p in started if n in p.ratings]
        if len(given) < 5:  # a meeting few pairs reached is left out, not even listed
            assert str(n) not in by_meeting
        else:
            assert by_meeting[str(n)] == [str(len(given)), number(round(statistics.median(given), 1))]
    goals = read_csv(report / "goals.csv")
    due = [p for p in started if p.dates[1] <= AS_OF]
    met = [p for p in started if p.met and p.met <= AS_OF]
    assert goals["Goals"] == ["36"] and goals["Due to date"] == [str(len(due))]
    assert goals["Met"] == [str(len(met))]
    assert goals["Overdue (due, not met)"] == [str(len([p for p in due if p not in met]))]
    metrics = read_csv(report / "metrics.csv")
    values = [p.value for p in started]
    rest = [v / 10 for v in values if v < 10]
    assert metrics["Task"] == ["36", "36", str(sum(v >= 10 for v in values)), number(round(100 * statistics.median(rest), 1))]
    assert metrics["Business"] == ["fewer than 5 pairs"] * 4  # no pair has such a metric
    milestones = read_csv(report / "milestones.csv")
    assert milestones["Milestones"] == ["36"]
    assert milestones["Due to date"] == [str(sum(p.dates[3] <= AS_OF for p in started))]
    assert milestones["Reached"] == [str(sum(bool(p.achieved and p.achieved <= AS_OF) for p in started))]
    measures = read_csv(report / "measures.csv")
    assert measures["People still with us after a year"] == ["%", "80", "90", "85", "50"]  # 99 is after AS_OF


def test_the_json_and_the_page_carry_the_same_figures_and_say_how_pairs_were_counted(forty):
    report, pairs = forty
    data = json.loads((report / "report.json").read_text(encoding="utf-8"))
    rows = {r["measure"]: r["value"] for r in data["tables"]["participation"]["rows"]}
    assert rows["Pairs that have started"] == 36
    assert data["as_of"] == AS_OF.isoformat() and data["threshold"] == 5
    page = (report / "index.html").read_text(encoding="utf-8")
    assert "4 pairs not started yet" in page and "40 pairs follow this program" in page and "open-ended" in page and "has held no meeting" in page
    assert page.count("<svg") == 2 and "<desc" in page and "<script" not in page
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "") and "https://" not in page


def test_a_program_of_three_pairs_shows_no_pair_derived_figure_and_no_name_or_log_text(tmp_path):
    pairs = make_program(tmp_path, 3)
    made = run_mentorkit("report", "-o", "out", "--as-of", AS_OF.isoformat(), cwd=tmp_path)
    assert made.returncode == 0, made.stdout + made.stderr
    report = tmp_path / "out" / "cohort"
    for name in ("participation", "ratings", "ratings-by-meeting", "check-in", "goals", "metrics", "milestones"):
        for label, cells in read_csv(report / f"{name}.csv").items():
            assert cells and all(c == "fewer than 5 pairs" for c in cells), (name, label, cells)
    assert read_csv(report / "measures.csv")["People still with us after a year"][3] == "85"  # the program's own
    everything = "\n".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out").rglob("*") if p.is_file())
    for pair in pairs:
        for secret in (pair.name, f"Mentor{pair.i:02d}", f"secret action {pair.i}", f"private note {pair.i}",
                       f"Grow in my own words {pair.i}", f"pair-{pair.i:02d}"):
            assert secret not in everything


def test_report_refuses_a_folder_of_other_files_and_a_broken_plan_and_writes_nothing(tmp_path):
    make_program(tmp_path, 1)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "mine.txt").write_text("keep me", encoding="utf-8")
    (tmp_path / "notes" / "report.json").write_text("{}", encoding="utf-8")  # only mentorkit's own marker counts
    refused = run_mentorkit("report", "-o", "notes", cwd=tmp_path)
    assert refused.returncode == 1 and "notes:1:1: error: holds files that are not" in refused.stderr
    assert (tmp_path / "notes" / "mine.txt").read_text(encoding="utf-8") == "keep me"
    (tmp_path / "plans" / "pair-00.yaml").write_text("mentorkit: 1\nprogram: cohrt\n", encoding="utf-8")
    broken = run_mentorkit("report", "-o", "out", cwd=tmp_path)
    assert broken.returncode == 1 and "did you mean 'cohort'" in broken.stderr
    assert not (tmp_path / "out").exists()


def test_open_ended_pairs_count_their_cadence_past_the_rolling_horizon(tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "circle.yaml").write_text("mentorkit: 1\nid: circle\ntitle: Circle\n"
                                       "schedule: {cadence: weekly, open_ended: true}\n", encoding="utf-8")
    for i in range(5):
        (plans / f"p{i}.yaml").write_text(
            f"mentorkit: 1\nprogram: circle\npair: {{mentor: {{name: A{i}}}, mentee: {{name: B{i}}}}}\n"
            f"schedule: {{start: {FIRST}}}\nlog: [{{meeting: 1, date: {FIRST}}}]\n", encoding="utf-8")
    as_of = FIRST + dt.timedelta(weeks=20)  # 21 weekly meetings: past the 12 an open-ended workbook prints
    made = run_mentorkit("report", "-o", "out", "--as-of", as_of.isoformat(), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    rows = read_csv(tmp_path / "out" / "circle" / "participation.csv")
    assert rows["Meetings planned to date"] == [str(5 * 21)]
    assert rows["Meetings held (logged)"] == ["5"]
    assert rows["Pairs with no log for two cadence periods"] == ["5"]


def test_only_meetings_held_by_the_report_date_count_and_plan_text_stays_inert_in_csv(tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "p.yaml").write_text(PROGRAM.replace("title: People still with us after a year",
                                                  "title: '=HYPERLINK(\"http://x\")'"), encoding="utf-8")
    for i in range(5):
        log = "".join(f"  - {{meeting: {n}, date: {FIRST + dt.timedelta(weeks=n - 1)}, rating: {n}}}\n"
                      for n in range(1, 5))
        (plans / f"q{i}.yaml").write_text(f"mentorkit: 1\nprogram: cohort\npair: {{mentor: {{name: A}}, "
                                          f"mentee: {{name: B{i}}}}}\nschedule: {{start: {FIRST}}}\nlog:\n{log}",
                                          encoding="utf-8")
    as_of = FIRST + dt.timedelta(days=8)  # meetings 1 and 2 have happened; 3 and 4 are logged ahead
    made = run_mentorkit("report", "-o", "out", "--as-of", as_of.isoformat(), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    rows = read_csv(tmp_path / "out" / "cohort" / "participation.csv")
    assert rows["Meetings planned to date"] == ["10"] and rows["Meetings held (logged)"] == ["10"]
    assert sorted(read_csv(tmp_path / "out" / "cohort" / "ratings-by-meeting.csv")) == ["1", "2"]
    measures = (tmp_path / "out" / "cohort" / "measures.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in measures and "\n=HYPERLINK" not in measures


def test_every_figure_rests_on_the_pairs_it_is_about_not_on_all_that_started(tmp_path):
    """One early pair among four that start on the report's day: 'five pairs' figures were that
    one pair's history (its meetings held, its check-in, its goal, its metric's progress)."""
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "cohort.yaml").write_text(PROGRAM, encoding="utf-8")
    as_of = FIRST + dt.timedelta(weeks=5)  # the early pair is past its check-in, its goal and milestone due
    for i in range(5):
        start = FIRST if i == 0 else as_of + dt.timedelta(days=1)
        log = "".join(f"  - {{meeting: {n}, date: {FIRST + dt.timedelta(weeks=n - 1)}, rating: 9}}\n"
                      for n in range(1, 6)) if i == 0 else ""
        (plans / f"p{i}.yaml").write_text(
            f"mentorkit: 1\nprogram: cohort\npair: {{mentor: {{name: A{i}}}, mentee: {{name: B{i}}}}}\n"
            f"schedule: {{start: {start}}}\n"
            f"metrics:\n  - {{id: m, title: Things done, type: task, baseline: 0, target: 10, "
            f"measurements: [{{date: {start}, value: {7 if i == 0 else 10}}}]}}\n"
            + (f"log:\n{log}" if log else ""), encoding="utf-8")
    # the four start a day later: on this day all five have started, and only one has a history
    day = as_of + dt.timedelta(days=1)
    made = run_mentorkit("report", "-o", "out", "--as-of", day.isoformat(), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    report = tmp_path / "out" / "cohort"
    hidden = "fewer than 5 pairs"
    participation = read_csv(report / "participation.csv")
    assert participation["Pairs that have started"] == ["5"]
    assert participation["Meetings held (logged)"] == [hidden] and participation["Planned meetings held (%)"] == [hidden]
    assert read_csv(report / "check-in.csv")["Pairs that held it (logged)"] == [hidden]
    goals = read_csv(report / "goals.csv")
    assert goals["Overdue (due, not met)"] == [hidden]
    task = read_csv(report / "metrics.csv")["Task"]
    assert task[:3] == ["5", "5", "4"] and task[3] == hidden  # 70% was the early pair's own progress
    assert "70" not in (report / "report.json").read_text(encoding="utf-8").replace("700", "")


def test_a_report_counts_to_the_end_of_the_last_whole_month_unless_told():
    from mentorkit.view.privacy import report_day

    assert report_day(dt.date(2027, 3, 14)) == dt.date(2027, 2, 28)
    assert report_day(dt.date(2027, 3, 1)) == dt.date(2027, 2, 28)
    assert report_day(dt.date(2027, 3, 31)) == dt.date(2027, 3, 31)  # a whole month today
    assert report_day(dt.date(2028, 2, 29)) == dt.date(2028, 2, 29) and report_day(dt.date(2027, 1, 2)) == dt.date(2026, 12, 31)


def test_before_any_pair_starts_the_report_says_so_instead_of_suppressed_figures(tmp_path):
    pairs = make_program(tmp_path, 8)
    first = min(pair.start for pair in pairs)
    made = run_mentorkit("report", "-o", "out", "--as-of", (first - dt.timedelta(days=1)).isoformat(), cwd=tmp_path)
    assert made.returncode == 0, made.stdout + made.stderr
    page = (tmp_path / "out" / "cohort" / "index.html").read_text(encoding="utf-8")
    day = f"{first.day} {first:%b %Y}"
    assert f"the first starts on {day}" in page and "No pair had started by" in page
    assert "fewer than 5 pairs" not in page and "<svg" not in page and "Participation" not in page
    assert "People still with us after a year" in page  # the program's own measures are not about pairs
    data = json.loads((tmp_path / "out" / "cohort" / "report.json").read_text(encoding="utf-8"))
    assert data["status"].startswith("No pair had started by") and "participation" in data["tables"]
    # the day the first pair starts, the figures are back (and the status goes)
    again = run_mentorkit("report", "-o", "out", "--as-of", first.isoformat(), cwd=tmp_path)
    assert again.returncode == 0
    page = (tmp_path / "out" / "cohort" / "index.html").read_text(encoding="utf-8")
    assert "No pair had started" not in page and "Participation" in page


def test_a_chart_with_every_bar_suppressed_is_not_drawn(tmp_path):
    pairs = make_program(tmp_path, 8)
    first = min(pair.start for pair in pairs)  # one pair has started, with its first meeting logged
    assert run_mentorkit("report", "-o", "out", "--as-of", (first + dt.timedelta(days=6)).isoformat(),
                         cwd=tmp_path).returncode == 0
    page = (tmp_path / "out" / "cohort" / "index.html").read_text(encoding="utf-8")
    assert "Meeting ratings" in page and "fewer than 5 pairs" in page and "<svg" not in page


def test_a_program_of_fewer_pairs_than_the_threshold_says_so_once_instead_of_in_every_cell(tmp_path):
    make_program(tmp_path, 3)
    assert run_mentorkit("report", "-o", "out", "--as-of", AS_OF.isoformat(), cwd=tmp_path).returncode == 0
    page = (tmp_path / "out" / "cohort" / "index.html").read_text(encoding="utf-8")
    assert page.count("fewer than 5 pairs") == 1 and "This program has fewer than 5 pairs so far" in page
    assert "Participation" not in page and "<svg" not in page and "People still with us after a year" in page


def test_the_report_command_counts_to_report_as_of_like_the_site_unless_as_of_says(tmp_path):
    make_program(tmp_path, 3)
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: S\nplugins:\n  - mentorkit:\n      plans: plans\n"
                                         f"      report_as_of: {AS_OF.isoformat()}\n", encoding="utf-8")
    made = run_mentorkit("report", "-o", "out", cwd=tmp_path)
    assert made.returncode == 0, made.stdout + made.stderr
    assert json.loads((tmp_path / "out" / "cohort" / "report.json").read_text(encoding="utf-8"))["as_of"] == AS_OF.isoformat()
    other = AS_OF - dt.timedelta(days=7)
    made = run_mentorkit("report", "-o", "out", "--as-of", other.isoformat(), cwd=tmp_path)
    assert json.loads((tmp_path / "out" / "cohort" / "report.json").read_text(encoding="utf-8"))["as_of"] == other.isoformat()
