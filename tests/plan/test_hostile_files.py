"""Files next to a plan cannot leak the build machine or hang the build: nothing outside the project
is read through a link, loops and special files are located refusals, and an SVG image costs
WeasyPrint a bounded amount of work or is refused."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from mentorkit.plan.loading import check_file, check_paths, load_program, outside_project, plan_files
from running import TEMPLATES, run_mentorkit

SECRET = "hunter2-SECRET-TOKEN"
PLAN = (TEMPLATES / "onboarding.yaml").read_text(encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project (mkdocs.yml) whose plans folder holds one good plan and every kind of hostile entry."""
    root = tmp_path / "project"
    plans = root / "plans"
    (plans / "sub").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: x\ndocs_dir: plans\n")
    (plans / "good.yaml").write_text(PLAN)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text(f"mentorkit: 1\ntitle: T\n{SECRET}: 1\n")
    (plans / "passwd.yaml").symlink_to("/etc/passwd")
    (plans / "environ.yaml").symlink_to("/proc/self/environ")
    (plans / "secret.yaml").symlink_to(outside / "secret.yaml")
    (plans / "relative-secret.yaml").symlink_to(Path("..") / ".." / "outside" / "secret.yaml")
    (plans / "outside-folder").symlink_to(outside, target_is_directory=True)
    (plans / "loop-a.yaml").symlink_to("loop-b.yaml")
    (plans / "loop-b.yaml").symlink_to("loop-a.yaml")
    (plans / "dangling.yaml").symlink_to("nothing-here.yaml")
    (plans / "zero.yaml").symlink_to("/dev/zero")
    (plans / "null.yml").symlink_to("/dev/null")
    (plans / "sub" / "up").symlink_to("..", target_is_directory=True)  # a folder loop
    os.mkfifo(plans / "pipe.yaml")
    return root


REFUSED = {"passwd.yaml": "leads outside the project", "environ.yaml": "leads outside the project",
           "secret.yaml": "leads outside the project", "relative-secret.yaml": "leads outside the project",
           "outside-folder": "leads outside the project", "loop-a.yaml": "loop of symbolic links",
           "loop-b.yaml": "loop of symbolic links", "dangling.yaml": "link to nothing",
           "zero.yaml": "not a regular file", "null.yml": "not a regular file", "pipe.yaml": "not a regular file"}


def test_a_folder_scan_skips_every_hostile_entry_with_a_located_warning(project):
    start = time.perf_counter()
    program = load_program(project / "plans")
    assert time.perf_counter() - start < 10
    assert [plan.id for plan in program.plans] == ["onboarding"]
    skipped = {Path(d.file).name: d for d in program.diagnostics if "skipped" in d.message}
    assert set(skipped) == set(REFUSED)
    for name, reason in REFUSED.items():
        d = skipped[name]
        assert (d.line, d.column, d.severity) == (1, 1, "warning") and reason in d.message, d.format()
    assert not any(SECRET in d.message or "root:" in d.message for d in program.diagnostics)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_named_hostile_file_is_a_located_error_and_never_read(project, name):
    result = check_file(project / "plans" / name, named=True)
    (error,) = result.diagnostics
    assert (error.line, error.column, error.severity) == (1, 1, "error") and REFUSED[name] in error.message
    assert result.plan is None and SECRET not in error.message


def test_a_file_inside_a_folder_link_out_of_the_project_is_refused(project):
    (error,) = check_file(project / "plans" / "outside-folder" / "secret.yaml").diagnostics
    assert "leads outside the project" in error.message and SECRET not in error.message


def test_links_inside_the_project_are_followed_and_read_once(project):
    shared = project / "shared"
    shared.mkdir()
    (shared / "lead.yaml").write_text((TEMPLATES / "leadership.yaml").read_text(encoding="utf-8"))
    (project / "plans" / "lead.yaml").symlink_to(Path("..") / "shared" / "lead.yaml")
    (project / "plans" / "shared-folder").symlink_to(shared, target_is_directory=True)
    program = load_program(project / "plans")
    assert sorted(plan.id for plan in program.plans) == ["leadership", "onboarding"]
    assert not [d for d in program.diagnostics if d.severity == "error"]


def test_without_mkdocs_yml_the_plans_folder_is_the_project(tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    (tmp_path / "sibling.yaml").write_text(PLAN)
    (plans / "sibling.yaml").symlink_to(tmp_path / "sibling.yaml")
    (plans / "own.yaml").write_text(PLAN.replace("id: onboarding", "id: own", 1))
    program = load_program(plans)
    assert [plan.id for plan in program.plans] == ["own"]
    (warning,) = program.diagnostics
    assert warning.file.endswith("sibling.yaml") and "leads outside the project" in warning.message


def test_a_plans_folder_that_is_itself_a_link_is_read(tmp_path):
    real = tmp_path / "elsewhere"
    real.mkdir()
    (real / "plan.yaml").write_text(PLAN)
    project = tmp_path / "project"
    project.mkdir()
    (project / "mkdocs.yml").write_text("site_name: x\n")
    (project / "plans").symlink_to(real, target_is_directory=True)
    assert [plan.id for plan in load_program(project / "plans").plans] == ["onboarding"]
    assert plan_files(project / "plans") == [project / "plans" / "plan.yaml"]


def test_outside_project_filters_any_file_for_the_site(project):
    docs = project / "plans"
    (docs / "page.md").write_text("# hi\n")
    (docs / "hosts.md").symlink_to("/etc/hosts")
    assert outside_project(docs / "page.md", project) is None
    assert outside_project(docs / "good.yaml", [project]) is None
    assert "outside the project" in outside_project(docs / "hosts.md", project)
    assert "outside the project" in outside_project(docs / "outside-folder" / "secret.yaml", project)
    assert "not a regular file" in outside_project(docs / "pipe.yaml", project)
    assert "loop" in outside_project(docs / "loop-a.yaml", project)
    assert outside_project(docs / "missing.md", project) is None  # not a link: reading it says 'no such file'


def test_validate_command_reports_each_refusal_on_its_own_line(project):
    result = run_mentorkit("validate", "plans", cwd=project, timeout=60)
    assert "Traceback" not in result.stderr and SECRET not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for name in REFUSED:
        assert any(line.startswith(f"plans/{name}:1:1: warning: skipped: ") for line in lines), name
    strict = run_mentorkit("validate", "--strict", "plans", cwd=project, timeout=60)
    assert strict.returncode == 1
    named = run_mentorkit("validate", "plans/environ.yaml", cwd=project, timeout=60)
    assert named.returncode == 1 and named.stdout.startswith("plans/environ.yaml:1:1: error: is a link that leads")


def test_check_paths_survives_a_named_loop(project):
    program = check_paths([project / "plans" / "loop-a.yaml", project / "plans" / "good.yaml"])
    assert [plan.id for plan in program.plans] == ["onboarding"]
    assert ["loop of symbolic links" in d.message for d in program.diagnostics if d.severity == "error"] == [True]
