"""`mentorkit init` starts a program that builds at once, with mentorkit and with plain MkDocs."""
from __future__ import annotations

from running import run_mentorkit


# init in an empty folder, then build with mentorkit and with MkDocs: test_readme_tour.py (the README's tour).


def test_init_never_overwrites_and_refuses_an_existing_program(tmp_path):
    (tmp_path / "plans" / "guide").mkdir(parents=True)
    (tmp_path / "plans" / "guide" / "faq.md").write_text("# Our own FAQ\n", encoding="utf-8")
    made = run_mentorkit("init", ".", "--name", "Our program", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "kept plans/guide/faq.md (already there)" in made.stderr
    assert (tmp_path / "plans" / "guide" / "faq.md").read_text(encoding="utf-8") == "# Our own FAQ\n"
    assert 'site_name: "Our program"' in (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    mkdocs_yml = (tmp_path / "mkdocs.yml").read_bytes()
    again = run_mentorkit("init", ".", cwd=tmp_path)
    assert again.returncode == 1
    assert "mkdocs.yml:1:1: error: a program is already set up here" in again.stderr
    assert (tmp_path / "mkdocs.yml").read_bytes() == mkdocs_yml


def test_init_writes_nothing_when_a_file_stands_where_a_folder_goes(tmp_path):
    (tmp_path / "plans").write_text("not a folder", encoding="utf-8")
    made = run_mentorkit("init", ".", cwd=tmp_path)
    assert made.returncode == 1 and "plans:1:1: error: is a file where init writes a folder" in made.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plans"]
