"""The Project core: one program opened once, its settings, its checked plans and a factory per output."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from mkdocs.config import base

from mentorkit.diagnostics import MentorkitError
from mentorkit.project import Project
from mentorkit.settings import MentorkitConfig, Settings
from mentorkit.workbook.paper import PAPERS

from running import tiny_plan

PAIR = """\
mentorkit: 1
id: ana-and-lee
program: onboarding
pair: {mentor: {name: Ana Diaz}, mentee: {name: Lee Chen}}
log:
  - {meeting: 1, date: 2027-05-03, action: A private action of the pair, rating: 7}
"""


def _program(folder: Path, config: str = "") -> Path:
    (folder / "plans").mkdir(parents=True)
    (folder / "docs").mkdir()
    (folder / "plans" / "onboarding.yaml").write_text(tiny_plan("onboarding", "Onboarding"), encoding="utf-8")
    (folder / "plans" / "ana-and-lee.yaml").write_text(PAIR, encoding="utf-8")
    if config:
        (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    return folder


def test_without_mkdocs_yml_every_setting_has_the_default_its_option_declares(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = Project.open().settings
    assert settings.config_file is None
    for key, option in base.get_schema(MentorkitConfig):
        value = getattr(settings, key)
        if key == "plans":
            assert value == tmp_path.resolve() / option.default
        elif key == "theme":
            assert value.folder is None
        else:
            assert value == option.default, key
    # no field of Settings keeps a default of its own for a plugin setting (declared once, in the schema)
    own_defaults = {f.name for f in dataclasses.fields(Settings)
                    if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING}
    assert not own_defaults & {key for key, _ in base.get_schema(MentorkitConfig)}


def test_a_project_reads_mkdocs_yml_once_with_the_flags_over_it(tmp_path, monkeypatch):
    _program(tmp_path, "site_name: T\nplugins: [{mentorkit: {paper: letter, pairs: listed}}]\n")
    monkeypatch.chdir(tmp_path)
    project = Project.open(pairs="full")
    assert project.settings.paper == "letter" and project.settings.pairs == "full"
    assert project.plans_folder == tmp_path.resolve() / "plans"
    assert project.with_settings(paper="a4").settings.paper == "a4"


def test_the_plans_are_checked_once_per_project(tmp_path):
    project = Project(Settings.defaults(_program(tmp_path)))
    program = project.program
    assert sorted(p.id for p in program.plans) == ["ana-and-lee", "onboarding"]
    (tmp_path / "plans" / "ana-and-lee.yaml").unlink()
    assert project.program is program  # the same checked plans for every output of this build
    assert [p.id for p in Project(project.settings).program.plans] == ["onboarding"]  # a rebuild's new one


def test_what_the_site_may_publish_of_a_pair_follows_its_pairs_setting(tmp_path):
    project = Project(Settings.defaults(_program(tmp_path)))
    pair = next(p for p in project.program.plans if p.id == "ana-and-lee")
    assert project.settings.pairs == "hidden" and project.published_view(pair) is None
    listed = project.published_view(pair, "listed")
    assert listed.level == "listed" and not listed.log  # the log is the pair's
    full = project.with_settings(pairs="full").published_view(pair)
    assert full.level == "full" and "A private action of the pair" in str(full.log)
    program = next(p for p in project.program.plans if p.id == "onboarding")
    assert project.published_view(program).level == "full"  # a program is written to be published


def test_the_workbook_factory_carries_the_programs_paper_theme_and_cache(tmp_path):
    theme = tmp_path / "theme"
    (theme / "print").mkdir(parents=True)
    _program(tmp_path, "site_name: T\nplugins: [{mentorkit: {paper: letter, theme: theme}}]\n")
    project = Project.open(tmp_path / "mkdocs.yml")
    batch = project.workbooks(fillable=True, processes=1)
    assert batch.paper == "letter" and batch.fillable and batch.processes == 1
    assert batch.theme.print_override == (tmp_path / "theme" / "print").resolve()
    assert batch.cache_dir == tmp_path.resolve() / ".cache" / "mentorkit" / "workbooks"
    assert batch.project_root == tmp_path.resolve()  # images come from the project's folder
    assert project.workbooks(cached=False).cache_dir is None
    assert set(PAPERS) == {"a4", "letter"}


def test_a_calendar_of_a_plan_without_dates_is_refused_at_its_schedule(tmp_path):
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "undated.yaml").write_text(
        "mentorkit: 1\ntitle: No dates\nschedule:\n  cadence: weekly\n  meetings: 3\n", encoding="utf-8")
    project = Project(Settings.defaults(tmp_path))
    (plan,) = project.program.plans
    with pytest.raises(MentorkitError) as raised:
        project.calendar(plan)
    (diagnostic,) = raised.value.diagnostics
    assert (diagnostic.line, diagnostic.column) == (4, 3) and "schedule.start" in diagnostic.message
    dated = next(p for p in Project(Settings.defaults(_program(tmp_path / "dated"))).program.plans
                 if p.id == "ana-and-lee")
    assert b"BEGIN:VEVENT" in Project(Settings.defaults(tmp_path)).calendar(dated)
