"""The program's settings: read once from mkdocs.yml by MkDocs, the same for every command."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from mentorkit.settings import Settings, SettingsError, load_settings
from mentorkit.themes import Theme, themes_dir

from running import quick_theme, run_mentorkit, tiny_plan

PROGRAM = """\
site_name: Settings test
theme: {{name: mkdocs, highlightjs: false}}
plugins:
  - search
  - mentorkit:
      plans: plans
{setting}
"""
LOCATED = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<column>\d+): error: (?P<message>.+)$", re.M)


def make_project(folder: Path, setting: str = "") -> Path:
    (folder / "docs").mkdir(parents=True, exist_ok=True)
    (folder / "plans").mkdir(exist_ok=True)
    # a small plan: what these tests check is where settings go, not what a workbook holds
    (folder / "plans" / "onboarding.yaml").write_text(tiny_plan("onboarding", "Onboarding mentoring"), encoding="utf-8")
    (folder / "mkdocs.yml").write_text(PROGRAM.format(setting=setting), encoding="utf-8")
    return folder


COMMANDS = {
    "validate": ["validate"],
    "build": ["build"],
    "serve": ["serve", "-a", "127.0.0.1:0"],
    "workbook": ["workbook", "plans/onboarding.yaml", "-o", "out.pdf"],
}
BAD_SETTINGS = {  # setting, what the message says
    "paper": ("      paper: A4", "Expected one of: ('a4', 'letter') but received: 'A4'"),
    "theme": ("      theme: no-such-folder", "isn't an existing directory"),
    "primary_color": ("      primary_color: 'red; background: url(x)'", "is not a CSS colour"),
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name", BAD_SETTINGS)
def test_a_bad_setting_is_refused_the_same_way_by_every_command(tmp_path, command, name):
    setting, message = BAD_SETTINGS[name]
    project = make_project(tmp_path, setting)
    result = run_mentorkit(*COMMANDS[command], cwd=project, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    match = LOCATED.search(result.stderr)
    assert match, result.stderr
    assert (match["file"], match["line"], match["column"]) == ("mkdocs.yml", "7", "7"), result.stderr
    assert f"Plugin 'mentorkit' option '{name}': " in match["message"] and message in match["message"]
    assert not (project / "site").exists() and not (project / "out.pdf").exists()


def test_every_bad_setting_is_reported_at_once_at_its_line(tmp_path):
    project = make_project(tmp_path, "      paper: A4\n      primary_color: 'red; x'\n      offline: maybe")
    with pytest.raises(SettingsError) as caught:
        load_settings(project / "mkdocs.yml")
    found = [(d.line, d.column, d.message.split("option ")[1].split(":")[0]) for d in caught.value.diagnostics]
    assert found == [(7, 7, "'paper'"), (8, 7, "'primary_color'"), (9, 7, "'offline'")]


def test_an_unknown_setting_is_a_located_warning_and_an_error_under_strict(tmp_path):
    project = make_project(tmp_path, "      bogus: 2")
    (warning,) = load_settings(project / "mkdocs.yml").warnings
    assert (warning.line, warning.column, warning.severity) == (7, 7, "warning")
    assert warning.message.endswith("option 'bogus': Unrecognised configuration name: bogus")
    with pytest.raises(SettingsError) as caught:
        load_settings(project / "mkdocs.yml", strict=True)
    assert (caught.value.first.line, caught.value.first.column) == (7, 7)


def test_settings_come_from_mkdocs_yml_through_mkdocs(tmp_path, monkeypatch):
    project = make_project(tmp_path, "      paper: !ENV [MENTORKIT_TEST_PAPER, a4]\n      workbooks: true\n"
                                     "      primary_color: teal")
    (project / "house").mkdir()
    monkeypatch.setenv("MENTORKIT_TEST_PAPER", "letter")
    settings = load_settings(project / "mkdocs.yml")
    assert settings.paper == "letter"  # !ENV, as MkDocs reads it
    assert settings.config_file == (project / "mkdocs.yml").resolve()
    assert settings.project_root == project.resolve()
    assert settings.plans == project.resolve() / "plans"
    assert settings.docs_dir == project.resolve() / "docs" and settings.site_dir == project.resolve() / "site"
    assert (settings.workbooks, settings.primary_color, settings.offline) == (True, "teal", True)
    assert settings.has_plugin and settings.mkdocs is not None


def test_command_line_flags_override_settings_and_none_means_not_given(tmp_path):
    project = make_project(tmp_path, "      paper: letter")
    settings = load_settings(project / "mkdocs.yml", workbooks=True, paper=None, site_dir=tmp_path / "elsewhere")
    assert (settings.paper, settings.workbooks, settings.site_dir) == ("letter", True, tmp_path / "elsewhere")
    assert settings.overrides == {"workbooks": True, "site_dir": tmp_path / "elsewhere"}
    again = Settings.from_mkdocs(settings.mkdocs, settings.mkdocs.plugins["mentorkit"].config,
                                 overrides=settings.overrides)  # how a serve rebuild gets them back
    assert (again.paper, again.workbooks, again.site_dir) == ("letter", True, tmp_path / "elsewhere")


def test_without_mkdocs_yml_the_defaults_apply(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = load_settings(paper="letter")
    assert settings.config_file is None and settings.project_root == tmp_path.resolve()
    assert settings.plans == tmp_path.resolve() / "plans"
    assert (settings.paper, settings.workbooks, settings.theme) == ("letter", False, Theme())


def test_build_and_serve_need_the_plugin_in_mkdocs_yml(tmp_path):
    project = make_project(tmp_path)
    (project / "mkdocs.yml").write_text("site_name: X\nplugins:\n  - search\n", encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(project / "mkdocs.yml", require_plugin=True)
    assert (caught.value.first.line, caught.value.first.column) == (2, 1)
    assert "add 'mentorkit' under 'plugins:'" in caught.value.first.message
    assert load_settings(project / "mkdocs.yml").plans == project.resolve() / "plans"  # validate needs no plugin


def test_a_broken_mkdocs_yml_is_located_at_the_yaml_error(tmp_path):
    project = make_project(tmp_path)
    (project / "mkdocs.yml").write_text("site_name: X\nplugins:\n  - mentorkit: {plans: [\n", encoding="utf-8")
    result = run_mentorkit("validate", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("mkdocs.yml:4:1: error: MkDocs encountered an error parsing")


def test_theme_folders_user_first_then_built_in(tmp_path):
    both = tmp_path / "both"
    (both / "site").mkdir(parents=True)
    (both / "print").mkdir()
    assert Theme(both).site_dirs == [both / "site", themes_dir() / "site"]
    assert Theme(both).print_dirs == [both / "print", themes_dir() / "print"]
    flat = tmp_path / "flat"
    flat.mkdir()
    assert Theme(flat).site_dirs == [flat, themes_dir() / "site"]  # mkdocs.yml's theme: site templates
    assert Theme(flat).print_override is None
    assert Theme(flat, flat="print").print_dirs == [flat, themes_dir() / "print"]  # workbook --theme
    assert Theme(both, flat="print").print_override == both / "print"
    assert Theme().site_dirs == [themes_dir() / "site"] and Theme().print_override is None


def test_the_print_stamp_changes_with_the_contents_of_a_theme_file(tmp_path):
    (tmp_path / "print").mkdir()
    extra = tmp_path / "print" / "extra.css"
    extra.write_text("h1 { color: red; }", encoding="utf-8")
    before = Theme(tmp_path).print_stamp()
    assert Theme(tmp_path).print_stamp() == before
    extra.write_text("h1 { color: blue; }", encoding="utf-8")
    assert Theme(tmp_path).print_stamp() != before


def test_serve_flags_reach_every_rebuild(tmp_path):
    """MkDocs reads mkdocs.yml again for each rebuild of `serve`: --workbooks must hold for all."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    # workbooks: off in mkdocs.yml; one-page ones (quick_theme) when on: where the flag goes is the point
    project = make_project(tmp_path, "      theme: quick")
    quick_theme(project / "quick")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "serve.log"
    with log.open("w") as sink:
        server = subprocess.Popen([sys.executable, "-m", "mentorkit", "serve", "-a", f"127.0.0.1:{port}",
                                   "--workbooks"], cwd=project, stdout=sink, stderr=subprocess.STDOUT)
    try:
        def wait_for(text: str, count: int = 1) -> None:
            deadline = time.monotonic() + 120
            while log.read_text().count(text) < count:
                assert server.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)

        def workbook_status() -> int:
            try:
                # the preview answers once the workbook is made: a render, which took over 10 s under load
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/workbooks/onboarding.pdf", timeout=120) as reply:
                    return reply.status
            except urllib.error.HTTPError as error:
                return error.code

        wait_for("Serving on")
        assert workbook_status() == 200
        plan = project / "plans" / "onboarding.yaml"
        plan.write_text(plan.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        wait_for("Documentation built", 2)
        time.sleep(0.5)
        assert workbook_status() == 200, log.read_text()
    finally:
        server.terminate()
        server.wait(timeout=30)
