"""Starters work for any start date and any cadence; `mentorkit new` fills them in."""
from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from mentorkit.cli.starting import pair_plan_text, starter_text
from mentorkit.plan.loading import check_paths
from mentorkit.themes import starter_templates
from mentorkit.workbook.render import WorkbookRenderer
from running import run_mentorkit

STARTERS = starter_templates()
HTML_RENDERER = WorkbookRenderer()
CADENCES = ["weekly", "biweekly", "monthly", "every 3 weeks", "every 10 days"]


def with_cadence(text: str, cadence: str) -> str:
    return re.sub(r"(?m)^  cadence: .*$", f"  cadence: {cadence}", text, count=1)


def test_no_starter_carries_a_fixed_date():
    for name, path in STARTERS.items():
        assert not re.search(r"\b20\d\d-\d\d-\d\d\b", path.read_text(encoding="utf-8")), name


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(starter=st.sampled_from(sorted(STARTERS)), cadence=st.sampled_from(CADENCES),
       start=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2035, 12, 31)))
def test_every_starter_validates_strictly_for_any_start_and_cadence(tmp_path_factory, starter, cadence, start):
    assume(cadence != "monthly" or start.day <= 28)  # from the 29th on, months without the day warn (by design)
    folder = tmp_path_factory.mktemp("plans")
    text = starter_text(STARTERS[starter], plan_id="ana-and-lee", schema_ref="x.json",
                        pair=("Ana Ruiz", "Lee Chen"), start=start)
    (folder / "ana-and-lee.yaml").write_text(with_cadence(text, cadence), encoding="utf-8")
    result = check_paths([folder])
    assert [d.format() for d in result.diagnostics] == []
    plan = result.plans[0]
    assert plan.schedule.start == start and plan.pair.mentor.name == "Ana Ruiz"
    dues = [plan.resolve_date(g.due) for g in plan.goals if g.due] + \
           [plan.resolve_date(m.due) for m in plan.milestones if m.due]
    assert dues and all(start <= day <= plan.calendar.dates[-1] for day in dues)
    html = HTML_RENDERER.html(plan)  # the workbook's templates with these dates (a PDF of each: below)
    first = plan.calendar.dates[0]
    assert "Ana Ruiz" in html and f"{first.day} {first:%b %Y}" in html


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(starter=st.sampled_from(sorted(STARTERS)), cadence=st.sampled_from(CADENCES),
       start=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2035, 12, 31)))
def test_a_pair_following_any_starter_as_a_program_validates_strictly(tmp_path_factory, starter, cadence, start):
    assume(cadence != "monthly" or start.day <= 28)
    folder = tmp_path_factory.mktemp("plans")
    program = starter_text(STARTERS[starter], plan_id="program", schema_ref="x.json")
    (folder / "program.yaml").write_text(with_cadence(program, cadence), encoding="utf-8")
    (folder / "pair.yaml").write_text(pair_plan_text("program", plan_id="pair", schema_ref="x.json",
                                                     pair=("Ana", "Lee"), start=start), encoding="utf-8")
    result = check_paths([folder])
    assert [d.format() for d in result.diagnostics] == []
    assert len(result.plans) == 2


def test_new_writes_a_plan_that_validates_clean_and_makes_its_folders(tmp_path):
    target = tmp_path / "plans" / "cohort-1" / "ana-and-lee.yaml"
    made = run_mentorkit("new", str(target), "--template", "onboarding", "--start", "2027-01-04",
                         "--mentor", "Ana Ruiz", "--mentee", "Lee Chen", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/mentorkit-plan.schema.json\n")
    assert (tmp_path / "schema" / "mentorkit-plan.schema.json").is_file()
    checked = run_mentorkit("validate", "--strict", str(target), cwd=tmp_path)
    assert checked.returncode == 0 and "0 errors, 0 warnings" in checked.stderr, checked.stdout + checked.stderr


def test_new_with_a_program_writes_a_short_pair_plan_or_refuses_an_unknown_program(tmp_path):
    assert run_mentorkit("new", "plans/onboarding.yaml", "-t", "onboarding", cwd=tmp_path).returncode == 0
    made = run_mentorkit("new", "plans/ana-and-lee.yaml", "--program", "onboarding", "--start", "2027-01-04",
                         "--mentor", "Ana Ruiz", "--mentee", "Lee Chen", cwd=tmp_path)
    assert made.returncode == 0, made.stdout + made.stderr
    short = (tmp_path / "plans" / "ana-and-lee.yaml").read_text(encoding="utf-8")
    assert "program: onboarding" in short and "roadmap" not in short and len(short.splitlines()) < 25
    checked = run_mentorkit("validate", "--strict", "plans", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    refused = run_mentorkit("new", "plans/bo.yaml", "--program", "onbaording", "--start", "2027-01-04",
                            cwd=tmp_path)
    assert refused.returncode == 1
    assert "plans/bo.yaml:4:10: error: no program plan with id 'onbaording' among the plans (did you mean " \
           "'onboarding'?)" in refused.stderr
    assert not (tmp_path / "plans" / "bo.yaml").exists()


@pytest.mark.slow
@pytest.mark.parametrize("starter", ["onboarding"])  # every starter's PDF is in the goldens; its HTML above
def test_a_starter_with_a_pair_and_start_renders_its_workbook(tmp_path, starter):
    plan = tmp_path / "plan.yaml"
    plan.write_text(starter_text(STARTERS[starter], plan_id="plan", schema_ref="x.json",
                                 pair=("Ana Ruiz", "Lee Chen"), start=dt.date(2027, 3, 1)), encoding="utf-8")
    made = run_mentorkit("workbook", str(plan), "-o", str(tmp_path / "plan.pdf"), cwd=tmp_path)
    assert made.returncode == 0, made.stdout + made.stderr
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "plan.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Ana Ruiz" in text and "Lee Chen" in text and "Mon 1 Mar 2027" in text


def test_new_writes_a_circle_with_every_member(tmp_path):
    names = ["Ana Ruiz", "Bo Ek", "Cy Lund", "Dee Park", "Eli Moss"]
    args = [item for name in names for item in ("--member", name)]
    made = run_mentorkit("new", "plans/circle.yaml", "-t", "peer-circle", "--start", "2027-02-03",
                         "--facilitator", "Fay Holt", *args, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    checked = run_mentorkit("validate", "--strict", "plans", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    plan = check_paths([tmp_path / "plans"]).plans[0]
    assert [m.name for m in plan.circle.members] == names and plan.circle.facilitator.name == "Fay Holt"
    assert plan.pair is None


@pytest.mark.parametrize("name", ["Ann\\Bo", "Ann \"Jr\" O'Neil", "Zoë"])
def test_new_takes_any_name_without_a_traceback_and_writes_valid_yaml(tmp_path, name):
    made = run_mentorkit("new", "plans/p.yaml", "--start", "2027-01-04", "--mentor", name, "--mentee", "Lee",
                         cwd=tmp_path)
    assert made.returncode == 0 and "Traceback" not in made.stderr, made.stderr
    plan = check_paths([tmp_path / "plans" / "p.yaml"]).plans[0]
    assert plan.pair.mentor.name == name


def test_new_refuses_a_name_with_a_control_character_and_writes_nothing(tmp_path):
    made = run_mentorkit("new", "plans/p.yaml", "--mentor", "Zoë\x07", "--mentee", "Lee", cwd=tmp_path)
    assert made.returncode == 2 and "--mentor holds a control character" in made.stderr
    assert not (tmp_path / "plans").exists()


def test_new_with_a_program_finds_it_beside_the_new_plan_too(tmp_path):
    assert run_mentorkit("new", "cohort/program.yaml", "-t", "onboarding", cwd=tmp_path).returncode == 0
    made = run_mentorkit("new", "cohort/ana.yaml", "--program", "program", "--start", "2027-01-04",
                         "--mentor", "Ana", "--mentee", "Lee", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "program: program" in (tmp_path / "cohort" / "ana.yaml").read_text(encoding="utf-8")
