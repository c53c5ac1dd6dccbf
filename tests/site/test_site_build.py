"""Real MkDocs builds of the example program and of every starter template."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from mentorkit.plan.loading import load_program
from mentorkit.view import labels
from mentorkit.view.text import format_date

from running import cover_theme, made_once, page_colours, quick_theme, tiny_plan
from site_helpers import MATERIAL_SITE, TEMPLATES, build_material_program, build_ok, make_program, mkdocs_build, run

_ASSET_TAG = re.compile(r"<(?:script|link|img|iframe|source|embed|object)\b[^>]*>", re.I)


class _ExternalAssets:
    """Finds tags that make the browser fetch from another host (a canonical link fetches nothing)."""

    @staticmethod
    def search(markup: str):
        for tag in _ASSET_TAG.findall(markup):
            if re.search(r"""rel=["']?(canonical|alternate)""", tag):
                continue
            if re.search(r"""\b(?:src|href|data)=["']?(?:[a-z]+:)?//""", tag, re.I):
                return tag
        return None


EXTERNAL_ASSET = _ExternalAssets()


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def visible(markup: str) -> str:
    """Page text with tags removed and entities decoded, whitespace collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def main_content(markup: str) -> str:
    match = re.search(r'<div class="col-md-9" role="main">(.*?)</div>\s*</div>\s*</div>\s*<footer', markup, re.S)
    return match.group(1) if match else markup


def nav_of(markup: str) -> str:
    match = re.search(r'<div class="navbar[^"]*".*?</div>\s*</div>\s*</div>', markup, re.S)
    return match.group(0) if match else ""


# ------------------------------------------------------------------ the example program

@pytest.mark.slow  # the example program built with its workbooks (once per run)
def test_example_program_has_pages_for_every_plan(example_site, example_plans):
    for plan in example_plans:
        folder = example_site / "plans" / plan.id
        overview = text_of(folder / "index.html")
        assert html.escape(plan.title, quote=False) in overview or plan.title in visible(overview)
        assert (folder / "schedule" / "index.html").is_file()
        if plan.goals:
            goals = visible(text_of(folder / "goals" / "index.html"))
            for goal in plan.goals:
                assert goal.title in goals
        if plan.log:
            assert (folder / "progress" / "index.html").is_file()
        else:
            assert not (folder / "progress").exists()


@pytest.mark.slow
def test_example_schedule_lists_every_meeting_with_its_date(example_site, example_plans):
    for plan in example_plans:
        page = text_of(example_site / "plans" / plan.id / "schedule" / "index.html")
        sections = re.findall(r'<h2 id="meeting-(\d+)"', page)
        assert [int(n) for n in sections] == [m.number for m in plan.meetings]
        text = visible(page)
        for meeting in plan.meetings:
            if meeting.date:
                assert format_date(meeting.date) in text
            if meeting.topic:
                assert visible(meeting.topic.topic) in text


@pytest.mark.slow
def test_example_progress_has_chart_text_alternative_and_table(example_site, example_plans):
    plan = next(p for p in example_plans if p.log)
    page = text_of(example_site / "plans" / plan.id / "progress" / "index.html")
    svg = re.search(r"<svg class=\"mk-chart\".*?</svg>", page, re.S).group(0)
    rated = [e for e in plan.log if e.rating]
    assert svg.count("<circle") == len(rated)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    text = visible(page)
    assert f"{len(rated)} ratings logged" in text
    for entry in rated:
        assert f"{entry.rating}/10" in text
    for entry in plan.log:
        for item in entry.successes + entry.roadblocks:
            assert visible(item) in text


@pytest.mark.slow
def test_example_catalog_groups_plans_by_kind_with_facts_and_workbooks(example_site, example_plans):
    catalog = text_of(example_site / "plans" / "index.html")
    text = visible(catalog)
    for plan in example_plans:
        assert f'href="{plan.id}/"' in catalog
        assert labels.kind(plan.kind) in text
        assert f'href="../workbooks/{plan.id}.pdf"' in catalog
        meetings = "No fixed number of meetings" if plan.schedule.open_ended else f"{len(plan.meetings)} meetings"
        assert meetings in text
    kinds = re.findall(r'<h2 id="kind-([a-z-]+)"', catalog)
    assert len(kinds) == len(set(kinds)) == len({p.kind or "other" for p in example_plans})
    assert 'data-mk-tag="engineering"' in catalog


@pytest.mark.slow
def test_example_workbooks_are_pdfs_linked_from_plan_pages(example_site, example_plans):
    for plan in example_plans:
        pdf = example_site / "workbooks" / f"{plan.id}.pdf"
        assert pdf.read_bytes()[:5] == b"%PDF-"
        overview = text_of(example_site / "plans" / plan.id / "index.html")
        assert f'href="../../workbooks/{plan.id}.pdf"' in overview


@pytest.mark.slow
def test_plan_yaml_is_not_copied_into_the_site(example_site, example_plans):
    for plan in example_plans:
        assert not (example_site / plan.source.name).exists()


@pytest.mark.slow
def test_guide_pages_stay_and_navigation_lists_no_plan_pages(example_site, example_plans):
    guide = text_of(example_site / "guide" / "faq" / "index.html")
    nav = nav_of(guide)
    assert "Plans" in nav and "../../plans/" in nav
    for plan in example_plans:
        assert f"plans/{plan.id}/" not in nav
    home = text_of(example_site / "index.html")
    assert "Engineering mentoring" in home


@pytest.mark.slow
def test_every_link_is_relative_for_a_sub_path(example_site):
    for page in (example_site / "plans").rglob("*.html"):
        markup = text_of(page)
        internal = re.findall(r'(?:href|src)="(/[^"]*)"', markup)
        assert internal == [], (page, internal[:3])
        assert not EXTERNAL_ASSET.search(markup), page


@pytest.mark.slow
def test_search_index_covers_goal_and_topic_words(example_site, example_plans):
    index = json.loads(text_of(example_site / "search" / "search_index.json"))
    plan = example_plans[0]
    goal_entries = [d for d in index["docs"] if d["location"].startswith(f"plans/{plan.id}/goals/")]
    assert goal_entries and plan.goals[0].title in " ".join(d["text"] + d["title"] for d in goal_entries)
    topic = next(m.topic.topic for m in plan.meetings if m.topic)
    schedule = [d for d in index["docs"] if d["location"].startswith(f"plans/{plan.id}/schedule/")]
    assert any(visible(topic) in d["title"] for d in schedule)


@pytest.mark.slow
def test_search_indexes_each_plan_header_once(example_site, example_plans):
    index = json.loads(text_of(example_site / "search" / "search_index.json"))
    headers = [d["location"] for d in index["docs"] if d["location"].endswith("#plan-title")]
    assert sorted(headers) == sorted(f"plans/{plan.id}/#plan-title" for plan in example_plans)


@pytest.mark.slow
def test_search_indexes_no_meeting_agenda_and_no_repeated_header(example_site, example_plans):
    """The schedule page shows every meeting's agenda, prework and questions; the index holds the
    topics only (a program's agenda repeated per meeting made it 7.7 KB a plan). No page's entry
    repeats the plan's header and tabs either."""
    index = text_of(example_site / "search" / "search_index.json")
    docs = json.loads(index)["docs"]
    indexed = visible(" ".join(d["title"] + " " + d["text"] for d in docs if d["location"].startswith("plans/")))
    for plan in example_plans:
        schedule = visible(text_of(example_site / "plans" / plan.id / "schedule" / "index.html"))
        lines = {item for m in plan.meetings if m.topic
                 for item in [*(a.title for a in m.topic.agenda), *m.topic.prework, *m.topic.questions]
                 if not re.search(r"[*_`\[<&]", item)}  # plain text: as the page shows it
        titles = {visible(t) for t in [plan.title, *(g.title for g in plan.goals),
                                       *(m.topic.topic for m in plan.meetings if m.topic)]}
        assert lines, plan.id
        for line in sorted(lines):
            if len(line) > 12 and not any(line in t for t in titles) and line not in (plan.summary or ""):
                assert visible(line) in schedule, line
                assert visible(line) not in indexed, line
        tabs = " ".join(labels.part(key) for key in ("overview", "goals", "schedule"))
        assert not [d["location"] for d in docs if d["location"].startswith(f"plans/{plan.id}/") and tabs in d["text"]]


@pytest.mark.slow
def test_search_index_is_small_per_plan(templates_site, template_plans):
    """Every starter template's pages, indexed: at most 5 KB a plan (issue 27; 24.6 KB before)."""
    size = (templates_site / "search" / "search_index.json").stat().st_size
    assert size / len(template_plans) <= 5 * 1024, size / len(template_plans)


# ------------------------------------------------------------------ every starter template

@pytest.fixture(scope="module")
def templates_site(run_folder) -> Path:
    """A program of the starters, built once per run for every test process (tests only read it)."""
    def build(into: Path) -> None:
        build_ok(make_program(into, plans_dir="plans", copy_plans=sorted(TEMPLATES.glob("*.yaml"))))
    return made_once(run_folder, "templates-site", build) / "site"


@pytest.fixture(scope="module")
def template_plans():
    program = load_program(TEMPLATES)
    assert program.ok
    return [plan for plan in program.plans if plan.source.parent == TEMPLATES]  # the English starters


def test_every_template_builds_into_its_pages(templates_site, template_plans):
    assert len(template_plans) == len(list(TEMPLATES.glob("*.yaml")))
    for plan in template_plans:
        folder = templates_site / "plans" / plan.id
        overview = visible(text_of(folder / "index.html"))
        assert labels.kind(plan.kind) in overview
        schedule = text_of(folder / "schedule" / "index.html")
        assert len(re.findall(r'<h2 id="meeting-\d+"', schedule)) == len(plan.meetings)
        for goal in plan.goals:
            assert f'id="goal-{goal.id}"' in text_of(folder / "goals" / "index.html")
        for metric in plan.metrics:
            assert f'id="metric-{metric.id}"' in text_of(folder / "metrics" / "index.html")
        if plan.logistics.boundaries:
            agreement = visible(text_of(folder / "agreement" / "index.html"))
            assert visible(plan.logistics.boundaries[0]) in agreement
        if plan.milestones:
            assert visible(plan.milestones[0].title) in visible(text_of(folder / "milestones" / "index.html"))
        if plan.resources:
            assert visible(plan.resources[0].title) in visible(text_of(folder / "resources" / "index.html"))


def test_templates_catalog_shows_every_kind(templates_site, template_plans):
    catalog = text_of(templates_site / "plans" / "index.html")
    for plan in template_plans:
        assert f'id="kind-{plan.kind}"' in catalog
        assert f'href="{plan.id}/"' in catalog
    assert "workbooks/" not in catalog  # workbooks are off in this program


def test_open_ended_plan_says_so(templates_site, template_plans):
    plan = next(p for p in template_plans if p.schedule.open_ended)
    schedule = visible(text_of(templates_site / "plans" / plan.id / "schedule" / "index.html"))
    assert "no end date" in schedule


# ------------------------------------------------------------------ program layouts

def test_plans_outside_docs_dir_and_catalog_as_home(tmp_path):
    project = make_program(tmp_path / "p", plans_dir="plans", docs={"guide.md": "# Guide\n"},
                           copy_plans=[TEMPLATES / "onboarding.yaml"])
    site = build_ok(project)
    home = text_of(site / "index.html")
    assert 'data-mk-catalog' in home and 'href="plans/onboarding/"' in home
    assert (site / "plans" / "onboarding" / "goals" / "index.html").is_file()


def test_catalog_marker_embeds_the_catalog_in_a_guide_page(tmp_path):
    project = make_program(tmp_path / "p", docs={"index.md": "# Home\n\n<!-- mentorkit:catalog -->\n"},
                           copy_plans=[TEMPLATES / "career-growth.yaml"])
    site = build_ok(project)
    home = text_of(site / "index.html")
    assert "data-mk-catalog" in home and 'href="plans/career-growth/"' in home


def test_without_directory_urls_links_point_at_html_files(tmp_path):
    project = make_program(tmp_path / "p", copy_plans=[TEMPLATES / "onboarding.yaml"],
                           extra="use_directory_urls: false")
    site = build_ok(project)
    overview = text_of(site / "plans" / "onboarding" / "index.html")
    assert 'href="goals.html"' in overview and 'href="../index.html"' in overview


def test_a_thousand_plans_would_not_grow_every_page(tmp_path):
    base = (TEMPLATES / "onboarding.yaml").read_text(encoding="utf-8")
    plans = {f"plan-{i}.yaml": re.sub(r"(?m)^id:.*$", f"id: plan-{i}", base).replace(
        "title: Onboarding mentoring", f"title: Onboarding mentoring {i}") for i in range(30)}
    site = build_ok(make_program(tmp_path / "p", plans))
    home = text_of(site / "index.html")
    assert "plans/plan-1/" not in home and "Plans" in nav_of(home)
    plan_page = text_of(site / "plans" / "plan-1" / "goals" / "index.html")
    assert "plan-2/" not in plan_page


def test_user_theme_overrides_a_template_adds_css_and_branding(tmp_path):
    project = make_program(tmp_path / "p", copy_plans=[TEMPLATES / "onboarding.yaml"],
                           extra_settings='      theme: my-theme\n      logo: brand/logo.svg\n'
                                          '      primary_color: "#8a1538"')
    theme = project / "my-theme"
    (theme / "plan").mkdir(parents=True)
    (theme / "plan" / "resources.html").write_text(
        '{% extends "plan/_layout.html" %}{% block body %}<p class="house-style">Ask the library.</p>'
        '{% endblock %}', encoding="utf-8")
    (theme / "extra.css").write_text(".house-style { color: #8a1538; }\n", encoding="utf-8")
    (project / "brand").mkdir()
    (project / "brand" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
                                               encoding="utf-8")
    site = build_ok(project)
    page = text_of(site / "plans" / "onboarding" / "resources" / "index.html")
    assert "Ask the library." in page and 'href="../../../assets/mentorkit/extra.css"' in page
    assert 'src="../../../assets/mentorkit/logo.svg"' in page
    assert "#8a1538" in text_of(site / "assets" / "mentorkit" / "branding.css")
    assert (site / "assets" / "mentorkit" / "logo.svg").is_file()
    # the other templates still come from the built-in theme
    assert 'class="mk-tabs"' in text_of(site / "plans" / "onboarding" / "goals" / "index.html")


def test_the_workbooks_of_a_branded_site_carry_its_logo_and_colour(tmp_path):
    # the real cover alone (running.cover_theme): the logo and the colour are the cover's
    project = make_program(tmp_path / "p", {"onboarding.yaml": tiny_plan("onboarding")},
                           extra_settings='      workbooks: true\n      logo: brand/logo.svg\n'
                                          '      primary_color: "#8a1538"\n      theme: cover')
    cover_theme(project / "cover")
    (project / "brand").mkdir()
    (project / "brand" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" '
        'fill="#00ff00"/></svg>', encoding="utf-8")
    site = build_ok(project)
    cover = page_colours(site / "workbooks" / "onboarding.pdf", 1)
    assert (0, 255, 0) in cover and (0x8A, 0x15, 0x38) in cover  # the logo, and the title in the colour


def test_invalid_settings_are_reported_by_mkdocs_config_validation(tmp_path):
    project = make_program(tmp_path / "p", copy_plans=[TEMPLATES / "onboarding.yaml"],
                           extra_settings="      paper: a3\n      primary_color: 'red; background: url(x)'")
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "paper" in result.stderr and "a3" in result.stderr
    assert "Traceback" not in result.stderr


# ------------------------------------------------------------------ Material for MkDocs

def test_material_build_stays_offline(run_folder):
    pytest.importorskip("material")
    site = made_once(run_folder, MATERIAL_SITE, build_material_program) / "site"
    # the offline plugin turns directory URLs off: pages are .html files
    overview = text_of(site / "plans" / "onboarding" / "index.html")
    assert 'href="goals.html"' in overview and "md-content" in overview
    for page in site.rglob("*.html"):
        assert not EXTERNAL_ASSET.search(text_of(page)), page
        assert "fonts.googleapis.com" not in text_of(page)
        assert "unpkg.com" not in text_of(page)


def test_material_without_the_documented_settings_is_kept_offline_anyway(tmp_path):
    pytest.importorskip("material")
    project = make_program(tmp_path / "p", copy_plans=[TEMPLATES / "onboarding.yaml"],
                           extra="extra_javascript: [https://cdn.example.com/x.js]")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("theme:\n  name: mkdocs\n  highlightjs: false\n", "theme:\n  name: material\n")
    config = config.replace("  - search\n", "  - search\n  - offline\n")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert "Google" in result.stderr and "cdn.example.com" in result.stderr
    for page in (project / "site").rglob("*.html"):
        assert not EXTERNAL_ASSET.search(text_of(page)), page


def test_a_new_program_with_no_plans_yet_builds_an_empty_catalog(tmp_path):
    project = make_program(tmp_path / "program", plans_dir="plans")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert "no plans in plans yet; the catalog is empty" in result.stderr
    assert (project / "site" / "plans" / "index.html").is_file()


# ------------------------------------------------------------------ many workbooks, in worker processes

# Small plans: what the shipped plans hold is not the point here (test_workbook_pdf.py renders them all).
FOUR_PLANS = {f"{name}.yaml": tiny_plan(name, f"The {name} plan", meetings=4)
              for name in ("onboarding", "specific-skill", "reverse-mentoring", "career-growth")}


@pytest.mark.slow
def test_workbooks_of_a_larger_program_are_made_in_worker_processes_and_kept_for_the_next_build(tmp_path):
    from pypdf import PdfReader

    from mentorkit.workbook.batch import PARALLEL_FROM

    assert len(FOUR_PLANS) >= PARALLEL_FROM  # so this build takes the parallel path
    project = make_program(tmp_path / "program", FOUR_PLANS, plans_dir="plans",
                           extra_settings="      workbooks: true\n      theme: quick")  # one-page workbooks
    quick_theme(project / "quick")
    first = mkdocs_build(project)
    assert first.returncode == 0, first.stderr
    assert re.search(r"mentorkit: 4 workbooks rendered in [1-9]\d* worker process(es)?, 0 from the cache",
                     first.stderr), first.stderr
    assert re.findall(r"mentorkit: workbooks made (\d+) of 4", first.stderr) == ["1", "2", "3", "4"], \
        "every count, ending with 4 of 4"
    stems = [Path(name).stem for name in FOUR_PLANS]
    made = {stem: (project / "site" / "workbooks" / f"{stem}.pdf").read_bytes() for stem in stems}
    for stem in stems:
        reader = PdfReader(project / "site" / "workbooks" / f"{stem}.pdf")
        assert reader.pages[0].extract_text().startswith(f"The {stem} plan") and load_program(project / "plans").ok

    again = run("-m", "mentorkit", "build", cwd=project)  # the same program: every workbook from the cache
    assert again.returncode == 0, again.stderr
    assert "mentorkit: 0 workbooks rendered in this process, 4 from the cache" in again.stderr, again.stderr
    assert "Building documentation to directory: site\n" in again.stderr, "the site folder, not the staging one"
    assert ".site.new" not in again.stderr
    for name, data in made.items():
        assert (project / "site" / "workbooks" / f"{name}.pdf").read_bytes() == data

    plan = project / "plans" / "onboarding.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("title: ", "title: Renamed ", 1), encoding="utf-8")
    changed = run("-m", "mentorkit", "build", cwd=project)
    assert changed.returncode == 0, changed.stderr
    assert "mentorkit: 1 workbook rendered in this process, 3 from the cache" in changed.stderr, changed.stderr
    assert "Renamed" in PdfReader(project / "site" / "workbooks" / "onboarding.pdf").pages[0].extract_text()


def test_a_workbook_failing_in_a_worker_is_a_located_error_and_keeps_the_site(tmp_path):
    project = make_program(tmp_path / "program", FOUR_PLANS, plans_dir="plans",
                           extra_settings="      workbooks: true\n      theme: my-theme")
    broken = project / "my-theme" / "print" / "sections" / "notes.html"
    broken.parent.mkdir(parents=True)
    (project / "my-theme" / "site").mkdir()
    broken.write_text("<section>{{ no_such_value }}</section>\n", encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert re.search(r"notes\.html:\d+:\d+: error: .*no_such_value", result.stderr), result.stderr
    assert not (project / "site").exists()


def test_a_pair_plan_not_shown_in_full_gets_no_workbook_and_the_others_do(tmp_path):
    listed = tiny_plan("pair-listed") + "visibility: listed\npair: {mentor: {name: Ada Mentor}, mentee: {name: Ben Mentee}}\n"
    plans = {"pair-listed.yaml": listed, "career-growth.yaml": tiny_plan("career-growth")}
    project = make_program(tmp_path / "program", plans, plans_dir="plans",
                           extra_settings="      workbooks: true\n      pairs: full\n      theme: quick")
    quick_theme(project / "quick")  # one-page workbooks: which plans get one is the point
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert "1 workbook rendered" in result.stderr, result.stderr
    assert sorted(p.name for p in (project / "site" / "workbooks").iterdir()) == ["career-growth.pdf"]
    assert (project / "site" / "plans" / "pair-listed" / "index.html").is_file()


@pytest.mark.parametrize("command", ["mkdocs", "mentorkit"])
def test_the_calendar_file_continues_the_sequence_of_the_previous_build(tmp_path, command):
    import icalendar

    plan = tiny_plan("calendar-plan", meetings=2) + "roadmap:\n  - topic: First\n  - topic: Second\n"
    project = make_program(tmp_path / "program", {"calendar-plan.yaml": plan}, extra_settings="      workbooks: false")

    def sequences() -> list[int]:
        result = run("-m", command, "build", cwd=project)
        assert result.returncode == 0, result.stderr
        data = (project / "site" / "calendars" / "calendar-plan.ics").read_bytes()
        return [int(e["SEQUENCE"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")]

    assert sequences() == [0, 0]
    (project / "docs" / "plans" / "calendar-plan.yaml").write_text(plan.replace("Second", "Later"), encoding="utf-8")
    assert sequences() == [0, 1]  # the site built before is the history
    assert sequences() == [0, 1]


LINKING = """\
mentorkit: 1
id: linking
title: The linking plan
summary: |
  Follows [the onboarding program](onboarding.yaml#goals) and
  [a plan that is not there](gone.yaml); see [the FAQ](https://intranet.example.org/mentoring/guide/faq/)
  and [a page that never was](https://intranet.example.org/mentoring/onboarding).
schedule: {start: 2027-05-03, cadence: weekly, meetings: 2}
"""


def test_links_from_plan_text_to_other_plans_are_checked_and_resolved(tmp_path):
    """The example pair plan linked to /mentoring/engineering-onboarding, a page that never existed."""
    project = make_program(tmp_path / "p", {"onboarding.yaml": tiny_plan("onboarding", "Onboarding"),
                                            "linking.yaml": LINKING},
                           docs={"index.md": "# Home\n", "guide/faq.md": "# FAQ\n"})
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    warnings = re.findall(r"docs/plans/linking\.yaml:(\d+):(\d+): warning: (link .*)", result.stderr)
    assert warnings == [
        ("6", "30", "link to 'gone.yaml': no plan of this program is that file"),
        ("7", "31", "link to 'https://intranet.example.org/mentoring/onboarding': this site has no page there; "
                    "to link to the plan 'onboarding', link to its file: [...](onboarding.yaml)"),
    ], result.stderr
    site = project / "site"
    overview = text_of(site / "plans" / "linking" / "index.html")
    assert 'href="../onboarding/#goals"' in overview and 'href="onboarding.yaml' not in overview
    catalog = text_of(site / "plans" / "index.html")
    assert 'href="onboarding/#goals"' in catalog
    assert mkdocs_build(project, "--strict").returncode != 0  # warnings fail a strict build


def test_report_as_of_sets_the_day_the_sites_report_counts_to_and_a_bad_one_is_located(tmp_path):
    from site_helpers import make_program, mkdocs_build

    project = make_program(tmp_path / "p", {"prog.yaml": tiny_plan("prog", "Prog")},
                           extra_settings="      report: true\n      report_as_of: 2027-03-31\n")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    page = (project / "site" / "plans" / "prog" / "report" / "index.html").read_text(encoding="utf-8")
    assert f"Counted up to {format_date(__import__('datetime').date(2027, 3, 31), short=True)}." in page
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("2027-03-31", "end of March"), encoding="utf-8")
    bad = mkdocs_build(project)
    assert bad.returncode != 0 and "'end of March' is not a date; write YYYY-MM-DD" in bad.stderr, bad.stderr


def test_a_build_holds_the_html_only_of_the_plan_page_it_writes(tmp_path, monkeypatch):
    """MkDocs reads every page before it writes any, holding each page's HTML to the end: when it
    writes a plan page, no other plan page holds its HTML (it waits compressed, site/build.py
    put_away), and every page is written whole."""
    from mkdocs.commands import build as mkdocs_build_module
    from mkdocs.config import load_config

    project = make_program(tmp_path / "program", plans_dir="plans", copy_plans=sorted(TEMPLATES.glob("*.yaml")))
    held: list[int] = []
    write_page = mkdocs_build_module._build_page

    def writing(page, config, doc_files, *args, **kwargs):
        if page.file.src_uri.startswith("plans/") and page.file.src_uri != "plans/index.md":
            held.append(sum(len(f.page.content or "") for f in doc_files
                            if f.page is not page and f.src_uri.startswith("plans/") and f.src_uri != "plans/index.md"))
        return write_page(page, config, doc_files, *args, **kwargs)

    monkeypatch.setattr(mkdocs_build_module, "_build_page", writing)
    monkeypatch.chdir(project)
    mkdocs_build_module.build(load_config(str(project / "mkdocs.yml")))
    assert len(held) > 20 and set(held) == {0}, held[:5]
    for plan in load_program(project / "plans").plans:
        goals = text_of(project / "site" / "plans" / plan.id / "goals" / "index.html")
        assert html.escape(plan.goals[-1].title, quote=False) in goals, plan.id
        assert "mk-plan--goals" in goals and "</html>" in goals
