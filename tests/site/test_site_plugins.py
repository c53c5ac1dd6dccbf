"""MkDocs plugins people add beside mentorkit see plan pages as pages of their plan file.

One real MkDocs build of the example program on Material, in a git repository made here, with
mkdocs-git-revision-date-localized-plugin (after mentorkit, so its parallel look-up sees the plan
pages) and mkdocs-print-site-plugin (last, as it asks): a plan's pages show the date of its plan
file's last commit, "edit this page" opens the plan file, and the print page holds every plan
page the site publishes, and nothing it does not.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path

import pytest

from running import copy_program, made_once
from site_helpers import TEMPLATES, build_ok, make_program

pytest.importorskip("mkdocs_print_site_plugin")
pytest.importorskip("mkdocs_git_revision_date_localized_plugin")

PROGRAM_DAY, LATER_DAY = "2025-03-04", "2025-05-06"
# A program plan whose title is markup: the print page prints section titles as they are given.
MARKUP_TITLE = """\
mentorkit: 1
id: markup-title
title: 'Ties & <i onmouseover="alert(1)">tags</i>'
schedule: {meetings: 1}
roadmap: [{topic: One}]
"""


def git(project: Path, *args: str, day: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    if day:
        env.update(GIT_AUTHOR_DATE=f"{day}T10:00:00+00:00", GIT_COMMITTER_DATE=f"{day}T10:00:00+00:00")
    subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def plugin_site(run_folder) -> Path:
    """The example program on Material with the plugins beside mentorkit, in git: built once per
    run for every test process (tests only read it)."""
    return made_once(run_folder, "plugin-site", _build_plugin_site) / "program" / "site"


def _build_plugin_site(into: Path) -> None:
    project = copy_program(into / "program", "example", workbooks="false")
    (project / "plans" / "markup-title.yaml").write_text(MARKUP_TITLE, encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("theme:\n  name: mkdocs\n", "theme:\n  name: material\n  font: false\n"
                            "  features: [content.action.edit]\n")  # Material's "edit this page"
    config = config.replace("\nmarkdown_extensions:", "  - git-revision-date-localized:\n      type: iso_date\n"
                            "  - print-site\n\nmarkdown_extensions:")
    config += "repo_url: https://git.example.org/acme/mentoring/\nedit_uri: edit/main/plans/\n"
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "plans/engineering-onboarding.yaml")
    git(project, "commit", "-q", "-m", "the program", day=PROGRAM_DAY)
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "the rest", day=LATER_DAY)
    build_ok(project)


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def revision_date(page: Path) -> str:
    """The date Material's footer of the page shows (the plugin's `page.meta`)."""
    html = text_of(page)
    fact = re.search(r'class="md-source-file">(.*?)</aside>', html, re.S)
    assert fact, page
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fact.group(1))).strip()


def test_git_revision_date_shows_the_plan_files_last_commit_on_its_pages(plugin_site):
    pages = sorted((plugin_site / "plans" / "engineering-onboarding").rglob("index.html"))
    assert len(pages) >= 5
    for page in pages:  # every page of the plan: the date of its file, not of the build
        assert revision_date(page) == PROGRAM_DAY, page
    assert revision_date(plugin_site / "plans" / "leadership-circle" / "index.html") == LATER_DAY
    assert revision_date(plugin_site / "guide" / "faq" / "index.html") == LATER_DAY
    # the catalog is mentorkit's own page, of no file: the day it is built
    assert revision_date(plugin_site / "plans" / "index.html") == dt.date.today().isoformat()


def test_edit_this_page_opens_the_plan_file(plugin_site):
    overview = text_of(plugin_site / "plans" / "engineering-onboarding" / "goals" / "index.html")
    assert 'href="https://git.example.org/acme/mentoring/edit/main/plans/engineering-onboarding.yaml"' in overview
    catalog = text_of(plugin_site / "plans" / "index.html")
    assert "edit/main/plans/plans/index.md" not in catalog  # no file: no edit link


def test_the_print_page_holds_every_published_plan_page_and_no_plan_file(plugin_site):
    printed = text_of(plugin_site / "print_page" / "index.html")
    published = sorted(p for p in (plugin_site / "plans").rglob("index.html") if p.parent != plugin_site / "plans")
    assert len(published) >= 15
    for page in published:  # print-site's id of each page: its URL with '-' for '/'
        url = page.parent.relative_to(plugin_site).as_posix() + "/"
        assert f'id="{url.strip("/").replace("/", "-")}' in printed, url
    assert '<section class="print-page" id="index"' in printed  # the home page too
    for key in ("goals", "schedule", "agreement"):
        assert f'id="plans-engineering-onboarding-{key}' in printed
    # the hidden pair plan is in neither the site nor its print page; no plan file is published
    for name in ("Dana Li", "Sam Ortiz", "dana@example.org"):
        assert name not in printed
    assert not list(plugin_site.rglob("*.yaml"))
    # a plan's title is text there too
    assert "<i onmouseover" not in printed and "Ties &amp; \u2039i" in printed


def test_awesome_nav_orders_the_guide_pages_and_plan_pages_stay_out_of_the_navigation(tmp_path):
    """mkdocs-awesome-nav builds the navigation from `.nav.yml`: mentorkit still adds the one
    "Plans" entry, and the plan pages, which now have a source file, do not join it."""
    pytest.importorskip("mkdocs_awesome_nav")
    project = make_program(tmp_path / "program", plans_dir="plans", copy_plans=[TEMPLATES / "onboarding.yaml"],
                           docs={"index.md": "# Home\n", "guide/first.md": "# First steps\n",
                                 "guide/second.md": "# Second steps\n",
                                 ".nav.yml": "nav:\n  - index.md\n  - Handbook:\n      - guide/second.md\n"
                                             "      - guide/first.md\n"})
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("  - search\n", "  - search\n  - awesome-nav\n"),
                                        encoding="utf-8")
    site = build_ok(project)
    home = text_of(site / "index.html")
    nav = home[home.index('class="nav navbar-nav"'):home.index('class="nav navbar-nav ms-md-auto"')]
    entries = [re.sub(r"\s+", " ", text).strip() for text in re.findall(r"<a [^>]*>(.*?)</a>", nav, re.S)]
    assert entries == ["Home", "Plans", "Handbook", "Second steps", "First steps"]
    assert (site / "plans" / "onboarding" / "goals" / "index.html").is_file()
    assert 'href="onboarding/"' in text_of(site / "plans" / "index.html")  # the catalog links it
