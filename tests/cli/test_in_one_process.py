"""Commands run one after another in one Python process (a test suite, a script calling
`mentorkit.cli.main` in turn) behave as each would alone: nothing one leaves in the process
(MkDocs' logger, the MkDocs plugin instance MkDocs keeps for the process) reaches the next."""
from __future__ import annotations

import logging
from pathlib import Path

from running import quick_theme, run_mentorkit, run_module, tiny_plan


def program(folder: Path, *, workbooks: bool) -> Path:
    """A program folder with one tiny plan and one-page workbooks (running.quick_theme)."""
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (folder / "plans").mkdir()
    (folder / "plans" / "plan.yaml").write_text(tiny_plan("plan"), encoding="utf-8")
    quick_theme(folder / "quick")
    (folder / "mkdocs.yml").write_text(f"site_name: P\nplugins:\n  - mentorkit:\n      theme: quick\n"
                                       f"      workbooks: {str(workbooks).lower()}\n", encoding="utf-8")
    return folder


def mkdocs_logger_state() -> tuple:
    logger = logging.getLogger("mkdocs")
    return logger.level, logger.propagate, list(logger.handlers)


def test_each_build_prints_mkdocs_messages_to_its_own_stderr_and_gives_the_logger_back(tmp_path):
    project = program(tmp_path / "p", workbooks=False)
    before = mkdocs_logger_state()
    first = run_mentorkit("build", cwd=project)
    assert first.returncode == 0 and "Documentation built in" in first.stderr, first.stderr
    assert mkdocs_logger_state() == before
    second = run_mentorkit("build", cwd=project)  # CliRunner gives every call a new stderr
    assert second.returncode == 0 and "Documentation built in" in second.stderr, second.stderr
    quiet = run_mentorkit("build", "-q", cwd=project)
    assert quiet.returncode == 0 and "Documentation built in" not in quiet.stderr, quiet.stderr
    assert mkdocs_logger_state() == before


def test_a_mentorkit_build_leaves_its_flags_to_no_later_mkdocs_build(tmp_path):
    first = program(tmp_path / "first", workbooks=True)
    second = program(tmp_path / "second", workbooks=True)
    assert run_mentorkit("build", "--no-workbooks", "-d", str(tmp_path / "elsewhere"), cwd=first).returncode == 0
    assert not (tmp_path / "elsewhere" / "workbooks").exists()
    built = run_module("mkdocs", "build", cwd=second)  # MkDocs hands it the same plugin instance
    assert built.returncode == 0, built.stderr
    assert (second / "site" / "workbooks" / "plan.pdf").read_bytes().startswith(b"%PDF-")
