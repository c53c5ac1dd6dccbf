"""Every broken plan in tests/corpus/broken gives exactly the diagnostics in its .expected file.

The .expected files are golden: a person read each one. Regenerate with
`pytest tests/test_corpus.py --update-golden` and read the diff before committing.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from mentorkit.cli import main

CORPUS = Path(__file__).parent / "corpus" / "broken"
CASES = sorted(CORPUS.glob("*.yaml"))


def validate(path: Path, *extra: str):
    runner = CliRunner()
    relative = path.relative_to(Path(__file__).parent.parent)
    cwd = os.getcwd()
    os.chdir(Path(__file__).parent.parent)
    try:
        return runner.invoke(main, ["validate", *extra, str(relative)], catch_exceptions=False)
    finally:
        os.chdir(cwd)


def test_corpus_is_large_enough():
    assert len([c for c in CASES if not c.name.startswith("warn-")]) >= 40


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_broken_plan_gives_expected_diagnostics(case: Path, request):
    result = validate(case)
    expected_file = case.with_suffix(".expected")
    if request.config.getoption("--update-golden"):
        expected_file.write_text(result.stdout, encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8")
    assert result.stdout == expected
    assert "Traceback" not in result.output
    has_errors = ": error: " in expected
    assert result.exit_code == (1 if has_errors else 0)
    # every line is file:line:column: severity: message, pointing into this file
    for line in result.stdout.splitlines():
        file, lineno, column, rest = line.split(":", 3)
        assert file.endswith(case.name) and int(lineno) >= 1 and int(column) >= 1
        assert rest.startswith((" error: ", " warning: "))


@pytest.mark.parametrize("case", [c for c in CASES if c.stem.startswith("warn-")],
                         ids=lambda c: c.stem)
def test_warnings_fail_only_under_strict(case: Path):
    assert validate(case).exit_code == 0
    strict = validate(case, "--strict")
    assert strict.exit_code == 1 and ": warning: " in strict.stdout
