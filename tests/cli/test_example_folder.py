"""The example program is a folder of its own: copied anywhere (links kept as links, as `cp -a` does),
it builds with its guide pages. Its guide pages are the ones `mentorkit init` writes, kept equal to
them here (templates/project/guide is their one source: edit there, copy here)."""
from __future__ import annotations

import os
import shutil

from running import PLANS, ROOT, TEMPLATES, run_mentorkit

GUIDE = TEMPLATES / "project" / "guide"


def test_the_example_holds_no_link_and_its_guide_pages_are_the_ones_init_writes():
    links = [p.relative_to(ROOT).as_posix() for p in PLANS.rglob("*") if p.is_symlink()]
    assert links == [], f"{links}: copied out of the repo, a link leads nowhere; make it a file"
    pages = sorted(p.name for p in (PLANS / "guide").iterdir())
    assert pages == sorted(p.name for p in GUIDE.iterdir())
    for name in pages:
        assert (PLANS / "guide" / name).read_bytes() == (GUIDE / name).read_bytes(), \
            f"plans/guide/{name} differs from templates/project/guide/{name}: copy the template's over it"


def test_a_copy_of_the_example_folder_builds_with_its_guide_pages(tmp_path):
    copy = tmp_path / "our-mentoring"
    copy.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    shutil.copytree(PLANS, copy / "plans", symlinks=True)  # as cp -a: a link would stay a link
    built = run_mentorkit("build", "--no-workbooks", "-q", cwd=copy)
    assert built.returncode == 0, built.stdout + built.stderr
    for page in ("for-mentors", "for-mentees", "first-meeting", "faq"):
        html = (copy / "site" / "guide" / page / "index.html").read_text(encoding="utf-8")
        assert "<h1" in html, page
    assert not any(os.path.islink(p) for p in (copy / "plans").rglob("*"))
