"""Plan text quoted in a diagnostic cannot lie: through the real `mentorkit validate` command, every
diagnostic is exactly one line, and no control character, line separator or bidi override reaches
the terminal raw (they are shown as escapes)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from running import run_mentorkit

RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
LINE = re.compile(r"^[^\n]+:\d+:\d+: (error|warning): [^\n]+$")
FORGED = "plans/someone-else.yaml:9:9: error: forged"
CLEAR_AND_TITLE = "\\x1b[2J\\x1b[H\\x1b]0;all plans valid\\x07"  # as YAML escapes in a quoted key

CASES = {
    "escape sequences in a key": f'mentorkit: 1\ntitle: T\n"{CLEAR_AND_TITLE}x": 1\n',
    "a raw escape character in the file": "mentorkit: 1\ntitle: T\nsummary: \x1b[2J\x1b]0;x\x07\n",
    "a newline in a key": f'mentorkit: 1\ntitle: T\n"x\\n{FORGED}": 1\n',
    "a carriage return in a reference": ("mentorkit: 1\ntitle: T\nmilestones:\n"
                                         '  - {title: M, goal: "x\\rall plans valid\\x1b[K"}\n'),
    "a newline in a goal id": 'mentorkit: 1\ntitle: T\ngoals:\n  - {id: "g\\nplans/x.yaml:1:1: error: y", title: G}\n',
    "BEL and DEL in a repeated area": ('mentorkit: 1\ntitle: T\nself_assessment:\n'
                                       '  areas: ["a\\a\\x7f", "a\\a\\x7f"]\n'),
    "a bidi override in a roadmap topic": ("mentorkit: 1\ntitle: T\nschedule: {meetings: 1}\nroadmap:\n"
                                           '  - {topic: "\\u202eevil\\u2066", meeting: 2}\n'),
    "C1 controls and a line separator in a version": 'mentorkit: "1\\x9b2J\\u2028x"\ntitle: T\n',
    "a NUL escape and a tab in an unknown key": 'mentorkit: 1\ntitle: T\n"a\\0b\\tc": 1\n',
}


def diagnostics_json(path: Path, cwd: Path) -> list[dict]:
    result = run_mentorkit("validate", "--format", "json", path.name, cwd=cwd)
    return json.loads(result.stdout)["diagnostics"]


def assert_one_line_each(result, expected_count: int) -> None:
    assert "Traceback" not in result.stderr
    assert not RAW.search(result.stdout) and not RAW.search(result.stderr), (result.stdout, result.stderr)
    lines = result.stdout.splitlines()
    assert len(lines) == expected_count, lines
    assert all(LINE.match(line) for line in lines), lines


@pytest.mark.parametrize("name", CASES)
def test_plan_text_in_a_diagnostic_stays_on_one_visible_line(tmp_path, name):
    path = tmp_path / "plan.yaml"
    path.write_text(CASES[name], encoding="utf-8")
    result = run_mentorkit("validate", "plan.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert_one_line_each(result, len(diagnostics_json(path, tmp_path)))
    assert not any(line.startswith("plans/") for line in result.stdout.splitlines())


NAMES = {
    "a newline": "evil\nsomeone-else.yaml:9:9: error: forged.yaml",
    "an escape sequence": "\x1b[31mred\x1b[0m.yaml",
    "a carriage return": "x\rall plans valid.yaml",
    "a bidi override": "\u202elmay.yaml",
}


@pytest.mark.parametrize("name", NAMES)
def test_a_file_name_with_control_characters_is_shown_escaped(tmp_path, name):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / NAMES[name]).write_text("mentorkit: 1\ntitle: [not, text]\n", encoding="utf-8")
    named = run_mentorkit("validate", f"plans/{NAMES[name]}", cwd=tmp_path)
    scanned = run_mentorkit("validate", "plans", cwd=tmp_path)
    for result in (named, scanned):
        assert result.returncode == 1
        assert_one_line_each(result, 1)
        assert result.stdout.startswith("plans/") and ":2:8: error: title should be text" in result.stdout


def test_escapes_are_visible_not_dropped(tmp_path):
    (tmp_path / "plan.yaml").write_text(CASES["escape sequences in a key"], encoding="utf-8")
    result = run_mentorkit("validate", "plan.yaml", cwd=tmp_path)
    assert "unknown key '\\x1b[2J\\x1b[H\\x1b]0;all plans valid\\x07x'" in result.stdout
