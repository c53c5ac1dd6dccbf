"""The published site never shows what a pair keeps between themselves, unless a setting says so.

A pair plan whose private fields hold unique markers is built with real MkDocs (`mkdocs build`
and `mentorkit build`); every file of the built site is searched for the markers: HTML, the
search index, the sitemap, scripts and JSON, and the text of every PDF in it.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from running import pdf_pages_text, quick_theme, tiny_plan
from site_helpers import make_program, run

MENTOR, MENTEE = "Quillon Vartabedian", "Ysolde Pemberton-Kask"
MARKERS = {
    "email": "zq-mail-marker@example.org",
    "summary": "ZQSUMMARYMARKER",
    "facet": "ZQFACETMARKER",
    "location": "ZQLOCATIONMARKER",
    "action": "ZQACTIONMARKER",
    "why": "ZQWHYMARKER",
    "success": "ZQSUCCESSMARKER",
    "roadblock": "ZQROADBLOCKMARKER",
    "notes": "ZQNOTESMARKER",
    "measurement": "ZQMEASUREMENTMARKER",
}
PAIR_PLAN = f"""\
mentorkit: 1
id: secret-pair
title: Onboarding of a new engineer
summary: {MARKERS["summary"]} is what we talked about.
kind: onboarding
pair:
  mentor: {{name: {MENTOR}, role: Staff engineer, email: {MARKERS["email"]}}}
  mentee: {{name: {MENTEE}, role: Engineer}}
schedule: {{start: 2027-01-11, cadence: biweekly, meetings: 4, length: 45}}
logistics: {{location: {MARKERS["location"]}}}
goals:
  - id: ship
    title: Ship a change on my own
    framework: real
    realistic: {MARKERS["facet"]}
    engaging: yes it is
    actionable: pick a ticket
    linked: to my craft
    metrics: [changes]
metrics:
  - id: changes
    title: Changes merged
    target: 5
    measurements: [{{date: 2027-01-25, value: 1, note: {MARKERS["measurement"]}}}]
self_assessment: {{areas: [Testing], ratings: {{Testing: 2}}}}
roadmap:
  - {{topic: Getting started, goals: [ship]}}
log:
  - meeting: 1
    date: 2027-01-11
    action: {MARKERS["action"]}
    rating: 6
    why: {MARKERS["why"]}
    successes: [{MARKERS["success"]}]
    roadblocks: [{MARKERS["roadblock"]}]
    notes: {MARKERS["notes"]}
"""


def site_text(site: Path) -> str:
    """Everything a reader of the site could get at, as text."""
    parts = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix == ".pdf":
            parts.append("\n".join(pdf_pages_text(path.read_bytes())))  # as poppler reads it
        elif path.suffix in (".html", ".json", ".xml", ".js", ".txt", ".css", ".md", ".yaml", ".yml"):
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
        elif path.suffix == ".ics":  # unfolded: a marker may span a folded line
            parts.append(re.sub(r"\r\n[ \t]", "", path.read_text(encoding="utf-8")))
        elif path.suffix == ".gz":
            import gzip
            parts.append(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))
    return "\n".join(parts)


def build(tmp_path: Path, *, setting: str | None = None, visibility: str | None = None, command: str = "mkdocs",
          workbooks: bool = True) -> tuple[Path, subprocess.CompletedProcess]:
    plan = PAIR_PLAN + (f"visibility: {visibility}\n" if visibility else "")
    extra = [f"      workbooks: {'true' if workbooks else 'false'}"]
    if setting:
        extra.append(f"      pairs: {setting}")
    # one-page workbooks (quick_theme: the plan's title, people, summary and agendas): what the site
    # shows is the point, and the pair's workbook under `full` is made from the same view as its pages
    extra.append("      theme: quick")
    program_plan = tiny_plan("onboarding", "Onboarding mentoring")  # a program plan beside it, small: one more workbook
    project = make_program(tmp_path / "program", {"secret-pair.yaml": plan, "onboarding.yaml": program_plan},
                           plans_dir="docs/plans", extra_settings="\n".join(extra))
    quick_theme(project / "quick")
    args = ("-m", "mkdocs", "build") if command == "mkdocs" else ("-m", "mentorkit", "build")
    result = run(*args, cwd=project)
    assert result.returncode == 0, result.stderr
    return project / "site", result


@pytest.mark.parametrize("command", ["mkdocs", "mentorkit"])
def test_by_default_a_pair_plan_is_checked_but_nothing_of_it_is_published(tmp_path, command):
    site, result = build(tmp_path, command=command)
    text = site_text(site)
    for name in (MENTOR, MENTEE, "secret-pair", *MARKERS.values()):
        assert name not in text, name
    assert "Onboarding mentoring" in text  # the program plan is published in full
    assert not (site / "plans" / "secret-pair").exists()
    assert sorted(p.name for p in (site / "calendars").iterdir()) == ["onboarding.ics"]
    assert "1 pair plan is kept private" in (site / "plans" / "index.html").read_text(encoding="utf-8")
    assert "private pair data" not in result.stderr


def ics_events(path: Path) -> list:
    import icalendar
    return icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")


@pytest.mark.parametrize("setting, attendees", [("listed", []), ("full", [f"mailto:{MARKERS['email']}"])])
def test_the_calendar_file_of_a_pair_plan_holds_only_what_the_site_shows(tmp_path, setting, attendees):
    site, _ = build(tmp_path, setting=setting, command="mentorkit", workbooks=False)
    events = ics_events(site / "calendars" / "secret-pair.ics")
    assert [str(e["SUMMARY"]) for e in events] == [f"{MENTOR} & {MENTEE} · {topic}" for topic in (  # names: listed
        "Getting started", "Meeting 2", "Meeting 3", "Meeting 4")]
    found = events[0].get("ATTENDEE", [])
    assert [str(a) for a in (found if isinstance(found, list) else [found])] == attendees  # listed: no address
    assert ("LOCATION" in events[0]) == (setting == "full")  # logistics are private
    overview = (site / "plans" / "secret-pair" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../calendars/secret-pair.ics"' in overview
    # the program plan beside it has dates too, and is published in full: its calendar is offered
    assert len(ics_events(site / "calendars" / "onboarding.ics")) == 2


def test_a_broken_pair_plan_still_fails_the_build(tmp_path):
    project = make_program(tmp_path / "program", {"secret-pair.yaml": PAIR_PLAN.replace("rating: 6", "rating: 11")})
    result = run("-m", "mkdocs", "build", cwd=project)
    assert result.returncode != 0
    assert "secret-pair.yaml:" in result.stderr and "rating" in result.stderr


def test_listed_shows_names_and_schedule_but_no_private_field(tmp_path):
    site, _ = build(tmp_path, setting="listed")
    text = site_text(site)
    assert MENTOR in text and MENTEE in text and "Ship a change on my own" in text and "Getting started" in text
    for marker in MARKERS.values():
        assert marker not in text, marker
    assert sorted(p.name for p in (site / "plans" / "secret-pair").iterdir()) == ["index.html", "schedule"]
    assert not (site / "workbooks" / "secret-pair.pdf").exists()


def test_full_shows_everything_and_says_so(tmp_path):
    site, result = build(tmp_path, setting="full", command="mentorkit")
    text = site_text(site)
    for marker in MARKERS.values():
        assert marker in text, marker
    assert "private pair data" in result.stderr
    assert (site / "workbooks" / "secret-pair.pdf").exists()
    workbook = "\n".join(pdf_pages_text((site / "workbooks" / "secret-pair.pdf").read_bytes()))
    assert MENTOR in workbook and MENTEE in workbook and MARKERS["summary"] in workbook  # the pair's own, in full


@pytest.mark.parametrize("setting", ["listed", "full"])
def test_a_plan_marked_private_stays_hidden_whatever_the_site_allows(tmp_path, setting):
    site, _ = build(tmp_path, setting=setting, visibility="private", workbooks=False)
    text = site_text(site)
    for name in (MENTOR, MENTEE, *MARKERS.values()):
        assert name not in text, name


def test_a_plan_marked_listed_is_not_shown_in_full(tmp_path):
    site, _ = build(tmp_path, setting="full", visibility="listed", workbooks=False)
    text = site_text(site)
    assert MENTOR in text
    for marker in MARKERS.values():
        assert marker not in text, marker


def test_an_unknown_pairs_setting_is_refused_with_its_line(tmp_path):
    project = make_program(tmp_path / "program", {"secret-pair.yaml": PAIR_PLAN}, extra_settings="      pairs: public")
    result = run("-m", "mentorkit", "build", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "mkdocs.yml:" in result.stderr and "pairs" in result.stderr


def test_files_beside_the_plans_are_published_only_when_a_page_names_them(tmp_path):
    """Editor backups, a roster, a pair's notes sat in the plans folder and were published byte
    for byte under `pairs: hidden`; a plan named p1.YAML was never even checked."""
    strays = {"secret-pair.yaml~": PAIR_PLAN, "#secret-pair.yaml#": PAIR_PLAN, "secret-pair.yaml.bak": PAIR_PLAN,
              "cohort.csv": f"program,mentor,mentee,start\nonboarding,{MENTOR},{MENTEE},2027-01-11\n",
              "notes.txt": MARKERS["notes"]}
    plans = {"secret-pair.yaml": PAIR_PLAN, "onboarding.yaml": tiny_plan("onboarding", "Onboarding"), **strays}
    project = make_program(tmp_path / "program", plans, plans_dir="docs/plans",
                           docs={"index.md": "# Home\n\n![The team](plans/team.png)\n"})
    png = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                        "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082")
    (project / "docs" / "plans" / "team.png").write_bytes(png)  # named by the home page: published
    (project / "docs" / "plans" / "unused.png").write_bytes(png)
    result = run("-m", "mkdocs", "build", cwd=project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert (site / "plans" / "team.png").is_file()
    published = {p.name for p in (site / "plans").iterdir()}
    assert not published & {*strays, "unused.png"}, published
    text = site_text(site)
    assert not any(marker in text for marker in (MENTOR, MENTEE, *MARKERS.values()))
    assert "not published: 6 files in the plans folder" in result.stderr and "cohort.csv" in result.stderr

    (project / "docs" / "plans" / "p1.YAML").write_text("mentorkit: 1\ntitle: [broken\n", encoding="utf-8")
    again = run("-m", "mkdocs", "build", cwd=project)
    assert again.returncode != 0 and "p1.YAML:2:" in again.stderr  # checked as every plan is
