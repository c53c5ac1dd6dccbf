"""Where the process is the point: `python -m mentorkit` as a shell sees it (exit status, both
streams), and Ctrl-C in the middle of a build. Every other command test runs in-process
(running.run_mentorkit); these start a real interpreter (`fresh=True`, subprocess)."""
from __future__ import annotations

import signal
import subprocess
import sys

from running import TEMPLATES, interruptible, quick_theme, run_mentorkit, tiny_plan


def test_python_m_mentorkit_exits_0_1_or_2_with_no_traceback(tmp_path):
    (tmp_path / "bad.yaml").write_text("mentorkit: 1\ntitle: T\nkidn: career\n", encoding="utf-8")
    ok = run_mentorkit("validate", str(TEMPLATES), fresh=True)
    assert (ok.returncode, ok.stdout) == (0, ""), ok.stderr
    problems = run_mentorkit("validate", "bad.yaml", cwd=tmp_path, fresh=True)
    assert problems.returncode == 1
    assert problems.stdout == ("bad.yaml:2:1: warning: no meeting has a topic; add a 'roadmap' with a topic for each "
                               "meeting\nbad.yaml:3:1: error: unknown key 'kidn' (did you mean 'kind'?)\n")
    usage = run_mentorkit("validate", "--format", "xml", cwd=tmp_path, fresh=True)
    assert usage.returncode == 2 and "Usage: python -m mentorkit validate" in usage.stderr
    for result in (ok, problems, usage):
        assert "Traceback" not in result.stderr


def test_ctrl_c_during_a_build_keeps_the_previous_site_and_leaves_no_staging_folder(tmp_path):
    (tmp_path / "plans").mkdir()
    for name in ("one", "two"):  # rendered in this order (plans are read by file name): Ctrl-C comes after one
        (tmp_path / "plans" / f"{name}.yaml").write_text(tiny_plan(name), encoding="utf-8")
    # What the workbooks show is not the point: one's is a page (running.quick_theme), two's a few seconds
    # of paragraphs, during which Ctrl-C comes (it is stopped then: the rest is never laid out).
    workbook = quick_theme(tmp_path / "theme") / "print" / "workbook.html"
    workbook.write_text(workbook.read_text(encoding="utf-8").replace(
        "</body>", '{% if view.id == "two" %}{% for i in range(8000) %}<p>A slow page {{ i }}</p>{% endfor %}'
        "{% endif %}</body>"), encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: P\nplugins:\n  - mentorkit:\n      workbooks: true\n"
                                         "      theme: theme\n", encoding="utf-8")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("the previous site", encoding="utf-8")
    (tmp_path / "site" / ".mentorkit-site").write_text("built by mentorkit", encoding="utf-8")  # as a build leaves it
    build = subprocess.Popen([sys.executable, "-m", "mentorkit", "build"], cwd=tmp_path, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, preexec_fn=interruptible)
    try:
        seen = []
        for line in build.stderr:
            seen.append(line)
            if "workbooks made 1 of 2" in line:
                build.send_signal(signal.SIGINT)
                break
        else:
            raise AssertionError("the build ended before its first workbook:\n" + "".join(seen))
        rest = build.communicate(timeout=60)[1]
    finally:
        build.kill()
        build.wait()
    assert build.returncode != 0 and "Traceback" not in rest, rest
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "the previous site"
    left = sorted(p.name for p in tmp_path.iterdir() if p.name != ".cache")  # the workbook made is kept there
    assert left == ["docs", "mkdocs.yml", "plans", "site", "theme"]
