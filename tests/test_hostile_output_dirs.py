"""Building a site never destroys what the user wrote, and a killed build leaves nothing behind
that a later build trips over (issue 12: data loss, leftovers)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from mentorkit.output import remove_leftovers, replacing_dir, site_dir_problem
from running import quick_theme, run_mentorkit

@pytest.fixture
def project(program_folder):
    return program_folder("starters")


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("site_dir", ["plans", "docs", ".", "..", "plans/site", "docs/out"])
def test_a_site_folder_that_is_holds_or_sits_in_the_users_files_is_refused_before_anything_is_touched(
        project, site_dir):
    before = snapshot(project.parent) if site_dir == ".." else snapshot(project)
    result = run_mentorkit("build", "-d", site_dir, cwd=project)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    line = result.stderr.strip().splitlines()[-1]
    assert ":1:1: error: " in line and ("delete" in line or "inside" in line), line
    assert (snapshot(project.parent) if site_dir == ".." else snapshot(project)) == before


def test_site_dir_in_mkdocs_yml_pointing_at_the_plans_is_refused_too(project):
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("site_dir: plans\n")
    before = snapshot(project / "plans")
    result = run_mentorkit("build", cwd=project)
    assert result.returncode == 1 and "which building the site would delete" in result.stderr, result.stderr
    assert snapshot(project / "plans") == before


def test_a_folder_of_other_files_is_not_replaced_but_a_site_built_before_is(project):
    (project / "notes").mkdir()
    (project / "notes" / "mine.txt").write_text("keep me", encoding="utf-8")
    result = run_mentorkit("build", "-d", "notes", cwd=project)
    assert result.returncode == 1 and "not a built site" in result.stderr
    assert (project / "notes" / "mine.txt").read_text(encoding="utf-8") == "keep me"
    # a folder holding an index.html is no site of mentorkit's either: a user's files were deleted for it
    (project / "notes" / "index.html").write_text("<p>my own page</p>", encoding="utf-8")
    (project / "notes" / "thesis.docx").write_bytes(b"PK\3\4")
    result = run_mentorkit("build", "-d", "notes", cwd=project)
    assert result.returncode == 1 and "not a built site" in result.stderr
    assert sorted(p.name for p in (project / "notes").iterdir()) == ["index.html", "mine.txt", "thesis.docx"]
    assert run_mentorkit("build", "-d", "out", cwd=project).returncode == 0
    again = run_mentorkit("build", "-d", "out", cwd=project)  # a site built before: replaced
    assert again.returncode == 0, again.stderr
    assert (project / "out" / "plans" / "index.html").is_file()


def test_site_dir_problem_accepts_the_usual_layouts(tmp_path):
    (tmp_path / "plans").mkdir()
    assert site_dir_problem(tmp_path / "site", keep=[tmp_path], sources=[tmp_path / "plans"]) is None
    assert site_dir_problem(tmp_path / "plans", keep=[tmp_path], sources=[tmp_path / "plans"])
    assert site_dir_problem(tmp_path, keep=[tmp_path], sources=[tmp_path / "plans"])
    (tmp_path / "file").write_text("x")
    assert "not a folder" in site_dir_problem(tmp_path / "file", keep=[tmp_path])


def test_leftovers_of_a_killed_build_are_removed_and_a_reused_process_id_does_not_fail(tmp_path):
    target = tmp_path / "site"
    target.mkdir()
    (target / "index.html").write_text("old")
    dead = subprocess.Popen(["true"])
    dead.wait()
    for name in (f".site.new-{dead.pid}-abcd", f".site.old-{os.getpid()}", f".site.old-{dead.pid}-ef01"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "big.bin").write_bytes(b"x" * 1000)
    alive = tmp_path / f".site.new-{os.getppid()}-live"  # a build still running: left alone
    alive.mkdir()
    with replacing_dir(target) as staging:
        (staging / "index.html").write_text("new")
    assert (target / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["site", alive.name])


def test_an_old_site_that_cannot_be_removed_is_reported_not_left_silently(tmp_path):
    if os.geteuid() == 0:  # root removes read-only folders anyway: simulate the failure instead
        target = tmp_path / "site"
        target.mkdir()
        warned = []
        real_rmtree = shutil.rmtree

        def stubborn(path, *args, **kwargs):
            if ".site.old-" not in str(path):
                real_rmtree(path, *args, **kwargs)
        shutil.rmtree = stubborn
        try:
            with replacing_dir(target, warn=lambda path, message: warned.append((path, message))) as staging:
                (staging / "index.html").write_text("new")
        finally:
            shutil.rmtree = real_rmtree
        assert warned and ".site.old-" in str(warned[0][0]) and "could not be removed" in warned[0][1]


def test_remove_leftovers_keeps_unrelated_hidden_folders(tmp_path):
    (tmp_path / ".site.keep").mkdir()
    (tmp_path / ".git").mkdir()
    remove_leftovers(tmp_path / "site")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".git", ".site.keep"]


def test_the_example_builds_into_its_site_folder(program_folder):
    project = program_folder()
    result = run_mentorkit("build", "--no-workbooks", "-q", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "plans" / "index.html").is_file()
    # the theme's and search's own files are published; nothing of a clean project is refused
    assert (project / "site" / "css" / "base.css").is_file() and (project / "site" / "search" / "main.js").is_file()
    assert "not published" not in result.stderr


TINY = """\
mentorkit: 1
title: Tiny
schedule: {meetings: 1}
roadmap: [{topic: Hello}]
"""


@pytest.fixture
def tiny(tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def quick(tmp_path_factory) -> str:
    """`--theme` for one-page workbooks (running.quick_theme), outside the test's folder: where the
    workbook goes is the point here, not what it shows."""
    return str(quick_theme(tmp_path_factory.mktemp("quick")))


def test_workbook_output_that_is_a_device_is_refused_and_left_alone(tiny, tmp_path):
    result = run_mentorkit("workbook", str(tiny), "-o", "/dev/null", cwd=tmp_path)
    assert result.returncode == 1 and "/dev/null:1:1: error: is not a regular file" in result.stderr
    assert not os.path.isfile("/dev/null") and os.path.exists("/dev/null")


def test_workbook_output_that_is_a_fifo_or_a_link_is_refused_without_hanging(tiny, tmp_path):
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    result = run_mentorkit("workbook", str(tiny), "-o", str(fifo), cwd=tmp_path, timeout=60)
    assert result.returncode == 1 and "not a regular file" in result.stderr
    precious = tmp_path / "precious.txt"
    precious.write_text("mine", encoding="utf-8")
    (tmp_path / "link.pdf").symlink_to(precious)
    result = run_mentorkit("workbook", str(tiny), "-o", "link.pdf", cwd=tmp_path)
    assert result.returncode == 1 and "link.pdf:1:1: error: is a link" in result.stderr
    assert precious.read_text(encoding="utf-8") == "mine" and (tmp_path / "link.pdf").is_symlink()


def test_workbook_output_with_a_trailing_slash_is_a_folder(tiny, tmp_path, quick):
    result = run_mentorkit("workbook", str(tiny), "-o", "sub/", "--theme", quick, cwd=tmp_path)
    assert result.returncode == 1 and "sub:1:1: error: no such folder" in result.stderr
    assert not (tmp_path / "sub").exists()
    (tmp_path / "sub").mkdir()
    result = run_mentorkit("workbook", str(tiny), "-o", "sub/", "--theme", quick, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "sub" / "tiny.pdf").read_bytes().startswith(b"%PDF-")


def test_workbook_to_standard_output(tiny, tmp_path, quick):
    result = subprocess.run([sys.executable, "-m", "mentorkit", "workbook", str(tiny), "-o", "-", "--theme", quick],
                            cwd=tmp_path, capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"%PDF-") and b"wrote standard output" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tiny.yaml"]


def test_a_build_that_runs_out_of_room_says_so_and_keeps_the_previous_site(project):
    """A full disk (here: a file size limit, as a quota gives) printed a raw traceback."""
    import resource
    import signal
    import subprocess
    import sys

    assert run_mentorkit("build", "--no-workbooks", cwd=project).returncode == 0
    before = snapshot(project / "site")

    def small_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    result = subprocess.run([sys.executable, "-m", "mentorkit", "build", "--no-workbooks"], cwd=project,
                            capture_output=True, text=True, preexec_fn=small_files, timeout=300)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("site:1:1: error: could not write the site (File too large (EFBIG))"), last
    assert snapshot(project / "site") == before
    assert not [p for p in project.iterdir() if p.name.startswith(".site.")]  # no staging folder left
