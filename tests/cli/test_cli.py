"""The command line as a user runs it: real files, exit codes and messages (in-process through click's
CliRunner, running.run_mentorkit; tests/cli/test_processes.py starts real processes)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile


from running import ROOT, TEMPLATES, run_mentorkit

STARTERS = ["career-growth", "leadership", "onboarding", "peer-circle", "reverse-mentoring", "specific-skill"]


def test_help_and_version_work_from_any_folder(tmp_path):
    assert run_mentorkit("--help", cwd=tmp_path).returncode == 0
    version = run_mentorkit("--version", cwd=tmp_path)
    assert version.returncode == 0 and "mentorkit, version" in version.stdout


def test_validate_valid_folder_exits_zero():
    result = run_mentorkit("validate", str(TEMPLATES), "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    written_in = list(TEMPLATES.glob("*/onboarding.yaml"))  # the onboarding starter in de, fr, es
    assert f"{len(STARTERS) + len(written_in)} plans checked: 0 errors, 0 warnings" in result.stderr


def test_validate_without_paths_uses_plans_folder_of_mkdocs_yml(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "programs").mkdir()
    (tmp_path / "programs" / "bad.yaml").write_text("mentorkit: 1\ntitle: T\nkidn: career\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: X\nplugins:\n  - search\n  - mentorkit:\n      plans: programs\n")
    result = run_mentorkit("validate", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ("programs/bad.yaml:2:1: warning: no meeting has a topic; add a 'roadmap' with a topic "
                             "for each meeting\n"  # the rules look at the rest of the plan in the same run
                             "programs/bad.yaml:3:1: error: unknown key 'kidn' (did you mean 'kind'?)\n")


def test_validate_without_paths_falls_back_to_plans_folder(tmp_path):
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "ok.yaml").write_text("mentorkit: 1\ntitle: Fine\n")
    assert run_mentorkit("validate", cwd=tmp_path).returncode == 0


def test_validate_without_any_plans_folder_is_a_usage_error(tmp_path):
    result = run_mentorkit("validate", cwd=tmp_path)
    assert result.returncode == 2 and "no plans folder" in result.stderr and "Traceback" not in result.stderr


def test_unknown_option_is_a_usage_error():
    assert run_mentorkit("validate", "--format", "xml", str(TEMPLATES)).returncode == 2


def test_missing_file_is_a_located_error(tmp_path):
    result = run_mentorkit("validate", "missing.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == "missing.yaml:1:1: error: no such file\n"


def test_folder_with_no_plans_is_an_error(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "other.yaml").write_text("not: a plan\n")
    result = run_mentorkit("validate", "empty", cwd=tmp_path)
    assert result.returncode == 1 and result.stdout.startswith("empty:1:1: error: no plans in this folder")


def test_folder_scan_skips_yaml_that_is_not_a_plan_but_a_named_one_is_an_error(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "plan.yaml").write_text("mentorkit: 1\ntitle: Real plan\n")
    (folder / "config.yaml").write_text("setting: true\n")
    (folder / "empty.yaml").write_text("")
    (folder / "notes.yml").write_text("- [unclosed\n")
    assert run_mentorkit("validate", "plans", cwd=tmp_path).returncode == 0
    named = run_mentorkit("validate", "plans/config.yaml", cwd=tmp_path)
    assert named.returncode == 1 and "not a mentorkit plan" in named.stdout


def test_diagnostics_are_sorted_by_file_and_line(tmp_path):
    (tmp_path / "b.yaml").write_text("mentorkit: 1\ntitle: B\nzzz: 1\naaa: 2\n")
    (tmp_path / "a.yaml").write_text("mentorkit: 1\nkind: nope\n")
    result = run_mentorkit("validate", "b.yaml", "a.yaml", cwd=tmp_path)
    locations = [line.split(": ")[0] for line in result.stdout.splitlines()]
    assert locations == ["a.yaml:1:1", "a.yaml:2:7", "b.yaml:2:1", "b.yaml:3:1", "b.yaml:4:1"]


def test_json_format_carries_the_same_diagnostics(tmp_path):
    (tmp_path / "p.yaml").write_text("mentorkit: 1\ntitle: T\nschedule:\n  start: 2027-02-30\n")
    result = run_mentorkit("validate", "--format", "json", "p.yaml", cwd=tmp_path)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["errors"] == 1 and report["warnings"] == 0
    (item,) = report["diagnostics"]
    assert (item["file"], item["line"], item["column"], item["severity"]) == ("p.yaml", 4, 10, "error")
    assert "not a real date" in item["message"] and item["path"] == ["schedule", "start"]


def test_a_file_of_many_megabytes_is_refused_quickly(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("mentorkit: 1\ntitle: Big\nsummary: " + "x" * (8 * 1024 * 1024) + "\n")
    result = run_mentorkit("validate", "big.yaml", cwd=tmp_path, timeout=20)
    assert result.returncode == 1 and "big.yaml:1:1: error: file is 8.0 MB" in result.stdout


def test_plan_ids_must_be_unique_across_plans(tmp_path):
    (tmp_path / "one.yaml").write_text("mentorkit: 1\nid: same\ntitle: One\n")
    (tmp_path / "two.yaml").write_text("mentorkit: 1\ntitle: Two\nid: same\n")
    result = run_mentorkit("validate", ".", cwd=tmp_path)
    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert errors == ["two.yaml:3:5: error: plan id 'same' is already used by one.yaml; plan ids must be unique"]


def test_plan_id_defaults_to_file_name(tmp_path):
    (tmp_path / "One.yaml").write_text("mentorkit: 1\ntitle: One\n")
    (tmp_path / "two.yaml").write_text("mentorkit: 1\ntitle: Two\nid: one\n")
    result = run_mentorkit("validate", ".", cwd=tmp_path)
    assert result.returncode == 1 and "plan id 'one' is already used" in result.stdout


def test_schema_command_prints_json_schema():
    result = run_mentorkit("schema")
    assert result.returncode == 0
    assert json.loads(result.stdout)["$schema"] == "http://json-schema.org/draft-07/schema#"


def test_new_lists_the_starter_templates():
    result = run_mentorkit("new", "--list")
    assert result.returncode == 0
    assert [line.split()[0] for line in result.stdout.splitlines()] == STARTERS


def test_new_writes_a_valid_plan_from_each_template(tmp_path):
    (tmp_path / "plans").mkdir()
    for template in STARTERS:
        result = run_mentorkit("new", f"plans/my-{template}.yaml", "--template", template, cwd=tmp_path)
        assert result.returncode == 0, result.stdout + result.stderr
        text = (tmp_path / "plans" / f"my-{template}.yaml").read_text()
        assert f"\nid: my-{template}\n" in text
        schema_line = text.splitlines()[0]
        assert schema_line == "# yaml-language-server: $schema=../schema/mentorkit-plan.schema.json"
    assert json.loads((tmp_path / "schema" / "mentorkit-plan.schema.json").read_text())["title"]
    check = run_mentorkit("validate", "--strict", "plans", cwd=tmp_path)  # every one, in one run
    assert check.returncode == 0 and f"{len(STARTERS)} plans checked: 0 errors, 0 warnings" in check.stderr, \
        check.stdout + check.stderr


def test_new_never_overwrites(tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text("my own words\n")
    result = run_mentorkit("new", "mine.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("mine.yaml:1:1: error: already exists")
    assert mine.read_text() == "my own words\n"


def test_new_rejects_unknown_template(tmp_path):
    result = run_mentorkit("new", "x.yaml", "--template", "nope", cwd=tmp_path)
    assert result.returncode == 2 and "unknown template 'nope'" in result.stderr
    assert not (tmp_path / "x.yaml").exists()


def test_new_into_unwritable_folder_is_a_clean_error(tmp_path):
    if os.geteuid() == 0:  # a folder of procfs, where root cannot write either: one of few entries, as
        # `new` reads the plans beside the new file for their ids (in /proc itself, 25,000 files: 2 CPU s)
        result = run_mentorkit("new", "/proc/self/fdinfo/mentorkit-test.yaml", cwd=tmp_path)
    else:  # pragma: no cover - depends on who runs the tests
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        result = run_mentorkit("new", "locked/x.yaml", cwd=tmp_path)
    assert result.returncode == 1 and ":1:1: error: cannot write" in result.stderr
    assert "Traceback" not in result.stderr


# The wheel as `pip wheel --no-build-isolation` makes it, without pip's own start (two thirds of the
# CPU): pyproject.toml's build backend, imported in the source tree, asked for a wheel (PEP 517).
BUILD_WHEEL = """\
import importlib, os, sys, tomllib
system = tomllib.load(open("pyproject.toml", "rb"))["build-system"]
sys.path[:0] = [os.path.abspath(p) for p in system.get("backend-path", [])]
module, _, attribute = system["build-backend"].partition(":")
backend = importlib.import_module(module)
for name in filter(None, attribute.split(".")):
    backend = getattr(backend, name)
os.makedirs(sys.argv[1], exist_ok=True)
print(backend.build_wheel(sys.argv[1]))
"""


def test_wheel_ships_templates_and_themes_and_runs_outside_the_repo(tmp_path):
    build = subprocess.run([sys.executable, "-c", BUILD_WHEEL, str(tmp_path / "dist")], cwd=ROOT,
                           capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    (wheel,) = (tmp_path / "dist").glob("mentorkit-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for starter in STARTERS:
        assert f"mentorkit/templates/{starter}.yaml" in names
    assert any(n.startswith("mentorkit/themes/") for n in names)
    target = tmp_path / "installed"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
                    str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    listed = subprocess.run([sys.executable, "-c", "import mentorkit.cli, sys; print(mentorkit.cli.__file__); "
                             "sys.argv=['mentorkit','new','--list']; mentorkit.cli.main()"],
                            cwd=elsewhere, env=env, capture_output=True, text=True)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines()[0].startswith(str(target))
    assert len(listed.stdout.splitlines()) == 1 + len(STARTERS)

    # the hardening holds on the installed wheel too, as a user runs it (issue 23)
    def installed(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", "import sys, mentorkit.cli; sys.argv[0] = 'mentorkit'; "
                               "mentorkit.cli.main()", *args], cwd=elsewhere, env=env, capture_output=True, text=True,
                              timeout=120)

    (elsewhere / "plans").mkdir()
    (elsewhere / "plans" / "p.yaml").write_text('mentorkit: 1\ntitle: "T \\e[2J"\n', encoding="utf-8")
    refused = installed("validate", "plans")
    assert refused.returncode == 1 and "p.yaml:2:8: error: title: holds the control character U+001B" in refused.stdout
    (elsewhere / "plans" / "p.yaml").write_text("mentorkit: 1\ntitle: T\n", encoding="utf-8")
    (elsewhere / "docs").mkdir()
    (elsewhere / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (elsewhere / "mkdocs.yml").write_text("site_name: S\nplugins: [mentorkit]\n", encoding="utf-8")
    mine = elsewhere / "mine"
    mine.mkdir()
    (mine / "index.html").write_text("my page", encoding="utf-8")
    (mine / "thesis.docx").write_bytes(b"PK")
    kept = installed("build", "--no-workbooks", "-d", "mine")
    assert kept.returncode == 1 and "not a built site" in kept.stderr and "Traceback" not in kept.stderr
    assert sorted(p.name for p in mine.iterdir()) == ["index.html", "thesis.docx"]
    built = installed("build", "--no-workbooks")
    assert built.returncode == 0, built.stderr
    assert (elsewhere / "site" / ".mentorkit-site").is_file() and installed("build", "--no-workbooks").returncode == 0


def test_special_files_are_refused_not_read_forever(tmp_path):
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    for name in ("pipe.yaml", "zero.yaml"):
        result = run_mentorkit("validate", name, cwd=tmp_path, timeout=20)
        assert result.returncode == 1 and result.stdout == f"{name}:1:1: error: is not a regular file\n"
    (tmp_path / "plan.yaml").write_text("mentorkit: 1\ntitle: T\n")
    scan = run_mentorkit("validate", ".", cwd=tmp_path, timeout=20)  # a folder scan passes them by
    assert scan.returncode == 0 and "1 plan checked" in scan.stderr


def test_a_path_too_long_is_a_located_error(tmp_path):
    name = "a" * 5000 + ".yaml"
    result = run_mentorkit("validate", name, cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.startswith(name + ":1:1: error: cannot read: File name too long")


def test_mkdocs_yml_with_odd_plugin_settings_is_refused_at_its_line(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "p.yaml").write_text("mentorkit: 1\ntitle: T\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: X\nplugins:\n  - mentorkit: [not, a, mapping]\n")
    result = run_mentorkit("validate", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr == ("mkdocs.yml:3:5: error: Config value 'plugins': Invalid config options for the "
                             "'mentorkit' plugin.\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: X\nplugins: [mentorkit]\ntheme: !!python/name:material.Nope\n")
    result = run_mentorkit("validate", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("mkdocs.yml:3:8: error: MkDocs encountered an error parsing the "
                                    "configuration file: ")


def test_what_the_system_refuses_anywhere_in_a_command_is_a_located_error_not_a_traceback(tmp_path):
    import click
    from click.testing import CliRunner

    from mentorkit.cli.report import MentorkitGroup

    @click.group(cls=MentorkitGroup)
    def group():
        pass

    @group.command()
    def write():
        (tmp_path / "ro").mkdir()
        raise OSError(28, "No space left on device", str(tmp_path / "ro" / "file.pdf"))

    result = CliRunner().invoke(group, ["write"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip().endswith("file.pdf:1:1: error: the system refused this: No space left on device "
                                          "(ENOSPC) (set MENTORKIT_DEBUG=1 to see where)")
