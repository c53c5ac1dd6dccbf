"""The README's quick tour runs as written: its commands are read from the README itself, so the
test fails the day the README and mentorkit part ways."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from running import ROOT, run_mentorkit, run_module

# The tour's sections whose every command a new user types in order, in a folder of their own.
TOUR_SECTIONS = ("Start a program", "Start a plan", "Check it")


def tour_commands(readme: str) -> list[list[str]]:
    """Every command of the tour's sections, in order, as argument lists (comments dropped, lines
    continued with a backslash joined, `a && b` as two commands)."""
    tour = readme.split("\n## A quick tour\n", 1)[1].split("\n## ", 1)[0]
    commands: list[list[str]] = []
    for section in TOUR_SECTIONS:
        body = tour.split(f"\n### {section}\n", 1)[1].split("\n### ", 1)[0]
        blocks = re.findall(r"```sh\n(.*?)```", body, flags=re.S)
        assert blocks, f"the tour's section '{section}' has no sh block"
        for block in blocks:
            for line in block.replace("\\\n", " ").splitlines():
                words = shlex.split(line, comments=True)
                while words:
                    command, _, rest = _split_and(words)
                    commands.append(command)
                    words = rest
    return commands


def _split_and(words: list[str]) -> tuple[list[str], str, list[str]]:
    if "&&" in words:
        at = words.index("&&")
        return words[:at], "&&", words[at + 1:]
    return words, "", []


def test_the_tour_is_read_from_the_readme():
    commands = tour_commands((ROOT / "README.md").read_text(encoding="utf-8"))
    assert commands[0][:2] == ["mentorkit", "init"] and ["cd", "acme-mentoring"] in commands
    news = [c for c in commands if c[:2] == ["mentorkit", "new"]]
    assert len(news) >= 4 and any("--program" in c for c in news)
    assert any(c[:2] == ["mentorkit", "validate"] for c in commands)


@pytest.mark.slow
def test_the_readme_tour_runs_as_written(tmp_path):
    """init, build, every `new` of the tour, then every `validate`: each exits 0; then what init
    made builds with plain MkDocs too (its own process: it finds the plugin by its entry point)."""
    cwd = tmp_path
    for command in tour_commands((ROOT / "README.md").read_text(encoding="utf-8")):
        if command[0] == "cd":
            cwd = cwd / command[1]
            continue
        assert command[0] == "mentorkit", command
        result = run_mentorkit(*command[1:], cwd=cwd)
        assert result.returncode == 0, (shlex.join(command), result.stdout + result.stderr)
        if command[1] == "init":
            assert "Next: cd acme-mentoring && mentorkit build" in result.stderr
        if command[1] == "validate" and "--format" not in command:
            assert ": 0 errors" in result.stderr, result.stderr
    project = tmp_path / "acme-mentoring"
    assert cwd == project
    site = project / "site"
    for page in ("guide/for-mentors", "guide/for-mentees", "guide/first-meeting", "guide/faq"):
        assert (site / page / "index.html").is_file(), page
    assert "Acme mentoring" in (site / "index.html").read_text(encoding="utf-8")
    assert (site / "plans" / "onboarding" / "index.html").is_file()
    assert (site / "workbooks" / "onboarding.pdf").read_bytes().startswith(b"%PDF")
    plans = sorted(p.relative_to(project).as_posix() for p in (project / "plans").rglob("*.yaml"))
    assert plans == ["plans/ana-and-lee.yaml", "plans/career.yaml", "plans/circle.yaml", "plans/onboarding.yaml",
                     "plans/pairs/kim-and-max.yaml"]
    plain = run_module("mkdocs", "build", "-q", "-d", str(tmp_path / "plain"), cwd=project, fresh=True, timeout=300)
    assert plain.returncode == 0, plain.stderr
    assert (tmp_path / "plain" / "guide" / "faq" / "index.html").is_file()
    assert (tmp_path / "plain" / "workbooks" / "onboarding.pdf").is_file()


def test_new_refuses_an_id_the_plans_folder_has_and_writes_nothing(tmp_path):
    assert run_mentorkit("new", "plans/onboarding.yaml", "-t", "onboarding", cwd=tmp_path).returncode == 0
    first = run_mentorkit("new", "plans/ana-and-lee.yaml", "--start", "2027-01-04", "--mentor", "Ana Ruiz",
                          "--mentee", "Lee Chen", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    again = run_mentorkit("new", "plans/pairs/ana-and-lee.yaml", "--program", "onboarding", "--start",
                          "2027-01-04", "--mentor", "Ana Ruiz", "--mentee", "Lee Chen", cwd=tmp_path)
    assert again.returncode == 1 and "Traceback" not in again.stderr
    assert again.stderr.startswith("plans/pairs/ana-and-lee.yaml:1:1: error: plan id 'ana-and-lee' (from the "
                                   "file name) is already used by plans/ana-and-lee.yaml"), again.stderr
    assert not (tmp_path / "plans" / "pairs").exists()
    # an id taken beside the new file counts too, with a config whose plans folder is elsewhere
    (tmp_path / "cohort").mkdir()
    (tmp_path / "cohort" / "x.yaml").write_text("mentorkit: 1\nid: bo\ntitle: Bo\n", encoding="utf-8")
    beside = run_mentorkit("new", "cohort/bo.yaml", cwd=tmp_path)
    assert beside.returncode == 1 and "already used by cohort/x.yaml" in beside.stderr, beside.stderr
    assert not Path(tmp_path / "cohort" / "bo.yaml").exists()
    assert run_mentorkit("validate", "plans", cwd=tmp_path).returncode == 0
