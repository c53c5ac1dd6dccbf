"""Many workbooks at once: the content-hash cache and the worker processes, with real PDFs."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from mentorkit.plan.loading import load_program
from mentorkit.themes import Theme
from mentorkit.workbook.batch import PARALLEL_FROM, WorkbookBatch
from running import quick_theme, tiny_plan

def program(folder: Path, names: list[str]) -> Path:
    """A program of small plans (real workbooks of about 20 pages): what a shipped plan holds is
    not the point here, test_workbook_pdf.py renders every one of them."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / f"{name}.yaml").write_text(tiny_plan(name, f"The {name} plan"), encoding="utf-8")
    return folder


PICTURED = """\
mentorkit: 1
id: onboarding
title: A plan with a picture
summary: "![chart](chart.svg) How far we are."
schedule: {start: 2027-05-03, cadence: weekly, meetings: 2}
"""


def quick(folder: Path) -> Theme:
    """A one-page workbook theme (running.quick_theme): these tests are about the cache, not the look."""
    return Theme(quick_theme(folder / "quick"))


def plans_of(folder: Path):
    loaded = load_program(folder)
    assert loaded.ok, [d.format() for d in loaded.diagnostics]
    return loaded.plans


def test_an_unchanged_plan_comes_from_the_cache_and_a_changed_one_is_rendered_again(tmp_path):
    plans = program(tmp_path / "plans", ["onboarding", "peer-circle"])
    cache = tmp_path / "cache"

    def batch() -> WorkbookBatch:  # a new one each time, as each build makes its own
        return WorkbookBatch(quick(tmp_path), "a4", tmp_path, cache_dir=cache, processes=1)

    first = batch().write(plans_of(plans), tmp_path / "one")
    assert sorted(first.rendered) == ["onboarding", "peer-circle"] and first.cached == []
    second = batch().write(plans_of(plans), tmp_path / "two")
    assert second.rendered == [] and sorted(second.cached) == ["onboarding", "peer-circle"]
    for name in ("onboarding", "peer-circle"):
        assert (tmp_path / "two" / f"{name}.pdf").read_bytes() == (tmp_path / "one" / f"{name}.pdf").read_bytes()

    plan = plans / "onboarding.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("title: ", "title: Changed ", 1), encoding="utf-8")
    third = batch().write(plans_of(plans), tmp_path / "three")
    assert third.rendered == ["onboarding"] and third.cached == ["peer-circle"]
    assert "Changed" in PdfReader(tmp_path / "three" / "onboarding.pdf").pages[0].extract_text()


def test_the_next_day_an_unchanged_plan_still_comes_from_the_cache(tmp_path, monkeypatch):
    """The cover says the day the PDF was made, which a cached PDF tells truly: with the day in
    the key, the first build of every day rendered every workbook again."""
    import datetime

    plans = plans_of(program(tmp_path / "plans", ["onboarding"]))
    cache = tmp_path / "cache"
    assert WorkbookBatch(quick(tmp_path), "a4", tmp_path, cache_dir=cache).write(plans, tmp_path / "a").rendered

    tomorrow = datetime.date.today() + datetime.timedelta(days=1)

    class Tomorrow(datetime.date):
        @classmethod
        def today(cls):
            return tomorrow

    monkeypatch.setattr(datetime, "date", Tomorrow)
    report = WorkbookBatch(quick(tmp_path), "a4", tmp_path, cache_dir=cache).write(plans, tmp_path / "b")
    assert report.cached == ["onboarding"] and report.rendered == []


def test_a_changed_print_theme_or_paper_renders_every_workbook_again(tmp_path):
    plans = plans_of(program(tmp_path / "plans", ["onboarding"]))
    cache = tmp_path / "cache"
    theme = quick_theme(tmp_path / "house")
    extra = theme / "print" / "extra.css"
    extra.write_text("h1 { color: #222; }\n", encoding="utf-8")
    assert WorkbookBatch(Theme(theme), "a4", tmp_path, cache_dir=cache).write(plans, tmp_path / "a").rendered
    assert not WorkbookBatch(Theme(theme), "a4", tmp_path, cache_dir=cache).write(plans, tmp_path / "b").rendered
    assert WorkbookBatch(Theme(theme), "letter", tmp_path, cache_dir=cache).write(plans, tmp_path / "c").rendered
    extra.write_text("h1 { color: #333; }\n", encoding="utf-8")
    assert WorkbookBatch(Theme(theme), "a4", tmp_path, cache_dir=cache).write(plans, tmp_path / "d").rendered


def test_a_workbook_cached_by_other_code_of_mentorkit_is_made_again(tmp_path, monkeypatch):
    """A fix does not always move the version number: the key holds a hash of the code itself."""
    import shutil

    import mentorkit
    from mentorkit.workbook import batch

    package = shutil.copytree(Path(mentorkit.__file__).parent, tmp_path / "mentorkit",
                              ignore=shutil.ignore_patterns("__pycache__"))
    stamp = batch.source_stamp(package, mentorkit.__version__)
    assert batch.code_stamp() == stamp  # the copy is the code that runs
    (package / "notes.txt").write_text("not code\n", encoding="utf-8")
    (package / "workbook" / ".#render.py").symlink_to(tmp_path / "nowhere")  # an editor's lock file
    assert batch.source_stamp(package, mentorkit.__version__) == stamp
    assert batch.source_stamp(package, mentorkit.__version__ + ".1") != stamp
    view = package / "view" / "labels.py"
    view.write_text(view.read_text(encoding="utf-8") + "# a fix\n", encoding="utf-8")
    fixed = batch.source_stamp(package, mentorkit.__version__)
    assert fixed != stamp

    plans = plans_of(program(tmp_path / "plans", ["onboarding"]))
    cache = tmp_path / "cache"
    assert WorkbookBatch(quick(tmp_path), "a4", tmp_path, cache_dir=cache).write(plans, tmp_path / "a").rendered
    assert not WorkbookBatch(quick(tmp_path), "a4", tmp_path, cache_dir=cache).write(plans, tmp_path / "b").rendered
    monkeypatch.setattr(batch, "code_stamp", lambda: fixed)  # the same version, other code
    assert WorkbookBatch(quick(tmp_path), "a4", tmp_path, cache_dir=cache).write(plans, tmp_path / "c").rendered


def test_a_changed_logo_or_colour_renders_every_workbook_again(tmp_path):
    from mentorkit.themes import Branding

    plans = plans_of(program(tmp_path / "plans", ["onboarding"]))
    cache, logo = tmp_path / "cache", tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>', encoding="utf-8")

    def rendered(branding: Branding, folder: str) -> list[str]:
        return WorkbookBatch(quick(tmp_path), "a4", tmp_path, cache_dir=cache, processes=1,
                             branding=branding).write(plans, tmp_path / folder).rendered

    assert rendered(Branding(logo, "teal"), "a") and not rendered(Branding(logo, "teal"), "b")
    assert rendered(Branding(logo, "navy"), "c")
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="8"/>', encoding="utf-8")
    assert rendered(Branding(logo, "navy"), "d")
    assert rendered(Branding(), "e")


def test_a_changed_image_two_plans_show_renders_both_again(tmp_path):
    """One renderer keeps WeasyPrint's image cache for every plan: the second plan found the
    picture there, unread, and its cache entry did not depend on it."""
    folder = tmp_path / "plans"
    folder.mkdir()
    image = folder / "chart.svg"
    image.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', encoding="utf-8")
    for name in ("first", "second"):
        (folder / f"{name}.yaml").write_text(PICTURED.replace("id: onboarding", f"id: {name}"), encoding="utf-8")
    cache = tmp_path / "cache"

    def rendered(out: str) -> list[str]:
        return sorted(WorkbookBatch(quick(tmp_path), "a4", tmp_path, cache_dir=cache, processes=1)
                      .write(plans_of(folder), tmp_path / out).rendered)

    assert rendered("a") == ["first", "second"] and rendered("b") == []
    image.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"/>', encoding="utf-8")
    assert rendered("c") == ["first", "second"]


def test_a_changed_image_the_plan_shows_renders_it_again(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    image = folder / "chart.svg"
    image.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', encoding="utf-8")
    (folder / "onboarding.yaml").write_text(PICTURED, encoding="utf-8")
    cache = tmp_path / "cache"
    first = WorkbookBatch(quick(tmp_path), "a4", tmp_path, cache_dir=cache).write(plans_of(folder), tmp_path / "a")
    assert first.rendered == ["onboarding"]
    assert not WorkbookBatch(quick(tmp_path), "a4", tmp_path, cache_dir=cache).write(plans_of(folder), tmp_path / "b").rendered
    image.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"/>', encoding="utf-8")
    assert WorkbookBatch(quick(tmp_path), "a4", tmp_path, cache_dir=cache).write(plans_of(folder), tmp_path / "c").rendered


@pytest.mark.slow
def test_many_plans_are_rendered_in_worker_processes(tmp_path):
    names = ["onboarding", "specific-skill", "reverse-mentoring", "career-growth"]
    assert len(names) >= PARALLEL_FROM
    plans = plans_of(program(tmp_path / "plans", names))
    report = WorkbookBatch(quick(tmp_path), "a4", tmp_path, processes=2).write(plans, tmp_path / "out")
    assert sorted(report.rendered) == sorted(names)
    assert report.pids and os.getpid() not in report.pids and report.in_workers
    for name in names:
        assert (tmp_path / "out" / f"{name}.pdf").read_bytes()[:5] == b"%PDF-"


def test_cache_entries_unused_for_days_are_removed_and_used_ones_kept(tmp_path):
    plans = plans_of(program(tmp_path / "plans", ["onboarding"]))
    cache = tmp_path / "cache"
    WorkbookBatch(quick(tmp_path), "a4", tmp_path, cache_dir=cache).write(plans, tmp_path / "a")
    (used,) = cache.glob("*.json")
    stale = cache / "0123.json"
    stale.write_text('{"plan": "gone", "depends": {}}', encoding="utf-8")
    (cache / "0123.pdf").write_bytes(b"%PDF-")
    forty_days_ago = time.time() - 40 * 24 * 3600
    for path in (stale, cache / "0123.pdf", used, used.with_suffix(".pdf")):
        os.utime(path, (forty_days_ago, forty_days_ago))
    report = WorkbookBatch(quick(tmp_path), "a4", tmp_path, cache_dir=cache).write(plans, tmp_path / "b")
    assert report.cached == ["onboarding"]
    assert sorted(p.name for p in cache.iterdir()) == sorted([used.name, used.with_suffix(".pdf").name])
