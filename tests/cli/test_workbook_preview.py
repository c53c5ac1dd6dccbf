"""A designer iterating on print: `workbook --png` draws every page as an image, `--watch` makes the
workbook again when its plan, its program or the theme changes, and Ctrl-C ends it cleanly."""
from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pypdf

from running import interruptible, quick_theme, run_mentorkit

PROGRAM = """\
mentorkit: 1
id: program
title: The program
schedule: {cadence: weekly, meetings: 3}
roadmap: [{topic: One, agenda: [Hello]}, {topic: Two}, {topic: Three}]
"""
PAIR = """\
mentorkit: 1
program: program
pair: {mentor: {name: Dana Li}, mentee: {name: Sam Ortiz}}
schedule: {start: 2027-01-11}
"""


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_png_draws_every_page_into_a_folder_of_its_own(tmp_path):
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "program.yaml").write_text(PROGRAM, encoding="utf-8")
    (tmp_path / "plans" / "pair.yaml").write_text(PAIR, encoding="utf-8")
    quick_theme(tmp_path / "quick")  # a one-page workbook: what is drawn is not the point here
    made = run_mentorkit("workbook", "plans/pair.yaml", "-o", "out/pair.pdf", "--png", "--dpi", "30", "--theme",
                         "quick", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    pages = len(pypdf.PdfReader(tmp_path / "out" / "pair.pdf").pages)
    images = sorted((tmp_path / "out" / "pair-pages").glob("*.png"))
    assert len(images) == pages and f"wrote {pages} page image" in made.stderr and "to out/pair-pages/" in made.stderr
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in images)
    # again: the folder is replaced whole (no page of an earlier run is left)
    (tmp_path / "out" / "pair-pages" / "page-99.png").write_bytes(images[0].read_bytes())
    again = run_mentorkit("workbook", "plans/pair.yaml", "-o", "out/pair.pdf", "--png", "--theme", "quick",
                          cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in (tmp_path / "out" / "pair-pages").glob("*.png")) == [p.name for p in images]
    # a folder of the user's own files is refused, and nothing is written
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("mine", encoding="utf-8")
    refused = run_mentorkit("workbook", "plans/pair.yaml", "-o", "other.pdf", "--png-dir", "mine", "--theme",
                            "quick", cwd=tmp_path)
    assert refused.returncode == 1 and refused.stderr.startswith("mine:1:1: error: holds files mentorkit did not "
                                                                 "write"), refused.stderr
    assert not (tmp_path / "other.pdf").exists() and [p.name for p in (tmp_path / "mine").iterdir()] == ["notes.txt"]
    usage = run_mentorkit("workbook", "plans/pair.yaml", "-o", "-", "--png", cwd=tmp_path)
    assert usage.returncode == 2 and "Traceback" not in usage.stderr


class Watching:
    """`mentorkit workbook --watch` in a process of its own, its stderr read as it comes."""

    def __init__(self, cwd: Path, *args: str):
        self.process = subprocess.Popen([sys.executable, "-m", "mentorkit", "workbook", *args, "--watch"], cwd=cwd,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                        preexec_fn=interruptible)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self.lines.append(line)

    def wait_for(self, text: str, count: int = 1, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while sum(text in line for line in self.lines) < count:
            assert self.process.poll() is None, "".join(self.lines)
            assert time.monotonic() < deadline, f"no {count} x {text!r} in: {''.join(self.lines)}"
            time.sleep(0.1)

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=30)
        self._reader.join(timeout=5)
        return code


def test_watch_makes_the_workbook_again_when_the_plan_its_program_or_the_theme_changes(tmp_path):
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "program.yaml").write_text(PROGRAM, encoding="utf-8")
    pair = tmp_path / "plans" / "pair.yaml"
    pair.write_text(PAIR, encoding="utf-8")
    theme = quick_theme(tmp_path / "quick") / "print" / "workbook.html"
    out = tmp_path / "pair.pdf"
    watching = Watching(tmp_path, "plans/pair.yaml", "-o", "pair.pdf", "--theme", "quick", "--png")
    try:
        watching.wait_for("watching")
        assert "Dana Li" in pdf_text(out) and len(list((tmp_path / "pair-pages").glob("*.png"))) >= 1
        pair.write_text(PAIR.replace("Dana Li", "Dana Lindqvist"), encoding="utf-8")  # the plan
        watching.wait_for("wrote pair.pdf", 2)
        assert "Dana Lindqvist" in pdf_text(out)
        program = tmp_path / "plans" / "program.yaml"
        program.write_text(PROGRAM.replace("agenda: [Hello]", "agenda: [Greetings all round]"), encoding="utf-8")
        watching.wait_for("wrote pair.pdf", 3)  # the program it follows
        assert "Greetings all round" in pdf_text(out)
        theme.write_text(theme.read_text(encoding="utf-8").replace("<body>", "<body><p>Theme edited</p>"),
                         encoding="utf-8")
        watching.wait_for("wrote pair.pdf", 4)  # the print theme
        assert "Theme edited" in pdf_text(out)
        pair.write_text(PAIR + "schedul: {}\n", encoding="utf-8")  # a broken plan: said, and the watch goes on
        watching.wait_for("plans/pair.yaml:5:1: error: unknown key 'schedul'")
        pair.write_text(PAIR, encoding="utf-8")
        watching.wait_for("wrote pair.pdf", 5)
        assert "Dana Li\n" in pdf_text(out)
    finally:
        code = watching.stop()
    output = "".join(watching.lines)
    assert code == 0 and "stopped watching" in output and "Traceback" not in output, output
