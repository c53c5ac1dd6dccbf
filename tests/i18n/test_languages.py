"""A program in German, French or Spanish: the catalogs, dates and numbers, the language setting,
and a real site and workbook in each language (built once for the session)."""
from __future__ import annotations

import datetime as dt
import functools
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from click.testing import CliRunner

from mentorkit.cli import main
from mentorkit.locale import LOCALE_DIR, SUPPORTED, check_language, speaking, translations
from mentorkit.view.text import Day, format_number, format_time
from running import made_once

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = [code for code in SUPPORTED if code != "en"]
# Labels the site and the workbook show on every plan, in English: none may be left in another language.
SITE_LABELS = ["At a glance", "How the meetings run", "Roadmap", "Overview", "Agreement", "Questions to discuss",
               "Before the meeting", "Printable workbook", "Parts of this plan", "Closing every meeting", "Goals"]
WORKBOOK_LABELS = ["Our agreement", "Contents", "How to use this workbook", "Meeting schedule", "Final review",
                   "Before we start: the mentee"]

PLAN = """\
mentorkit: 1
id: plan-{lang}
language: {lang}
title: Plan {lang}
kind: onboarding
schedule: {{start: 2027-01-04, cadence: weekly, meetings: 3, length: 45, time: "14:00"}}
goals:
  - id: g
    title: Ziel {lang}
    framework: real
    realistic: x
    engaging: x
    actionable: x
    linked: x
metrics:
  - {{id: m, title: Wert, type: task, baseline: 0, target: 2.5}}
roadmap:
  - {{topic: Thema eins, goals: [g], prework: [x], agenda: [{{title: Eins, minutes: 10}}], questions: [y]}}
logistics: {{location: Raum 1}}
"""


def _catalog(lang: str):
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / "mentorkit.po", "rb") as f:
        return read_po(f, locale=lang)


@functools.lru_cache(maxsize=None)
def _extracted() -> frozenset[str]:
    """Every msgid in the code and the templates, extracted as babel.cfg says (once per test
    process: the three languages' tests compare their catalogs with the same sources)."""
    method_map = [("mentorkit/**.py", "python"), ("themes/**.html", "jinja2")]
    options = {"themes/**.html": {"trim_blocks": "true", "lstrip_blocks": "true", "silent": "false"}}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(str(ROOT), method_map, options):
        found.add(message[0] if isinstance(message, tuple) else message)
    return frozenset(found)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(lang):
    catalog = _catalog(lang)
    messages = {m.id[0] if isinstance(m.id, tuple) else m.id: m for m in catalog if m.id}
    missing = sorted(_extracted() - set(messages))
    assert not missing, f"{lang}: not in the catalog (pybabel extract, then update): {missing[:5]}"
    untranslated = [k for k, m in messages.items()
                    if not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    assert not untranslated, f"{lang}: untranslated: {untranslated[:5]}"
    assert not catalog.fuzzy, f"{lang}: the catalog is marked fuzzy (pybabel compile skips it)"
    fuzzy = [k for k, m in messages.items() if m.fuzzy]
    assert not fuzzy, f"{lang}: fuzzy: {fuzzy[:5]}"
    compiled = translations(lang)  # the shipped .mo says what the .po says
    stale = [k for k, m in messages.items() if not isinstance(m.id, tuple) and compiled.gettext(k) != m.string]
    assert not stale, f"{lang}: the .mo is stale (pybabel compile): {stale[:5]}"


def test_dates_times_and_numbers_follow_the_language():
    day = dt.date(2027, 1, 4)
    starts = dt.datetime(2027, 1, 4, 14, 0)
    expected = {"de": ("Montag, 4. Januar 2027", "2,5"), "fr": ("lundi 4 janvier 2027", "2,5"),
                "es": ("lunes, 4 de enero de 2027", "2,5"), "en": ("Monday 4 January 2027", "2.5")}
    for lang, (full, number) in expected.items():
        with speaking(lang):
            assert Day(day).full == full
            assert format_number(2.5) == number
            assert format_time(starts, starts + dt.timedelta(minutes=45)) == "14:00\u201314:45"
    with speaking("en"):
        assert str(Day(day)) == "Mon 4 Jan 2027"  # English reads as it always did
    with speaking("de"):
        assert str(Day(day)) == "Mo., 4. Jan. 2027"


@pytest.mark.parametrize("given, hint", [("german", "did you mean 'de'"), ("Deutsch", "did you mean 'de'"),
                                          ("fr_FR", "did you mean 'fr-FR'"), ("it", "Italian ('it') has no catalog"),
                                          ("xx-123456789", "supported: en, de, fr, es")])
def test_an_unsupported_language_says_what_to_write(given, hint):
    with pytest.raises(ValueError, match=re.escape(hint)):
        check_language(given)
    assert check_language("de-AT") == "de-AT"


def test_a_plan_with_an_unknown_language_is_a_located_error(tmp_path):
    plan = tmp_path / "p.yaml"
    plan.write_text(PLAN.format(lang="de").replace("language: de", "language: deutsch"), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(plan)])
    assert result.exit_code != 0
    assert re.search(r"p\.yaml:3:\d+: error: .*'deutsch'.*did you mean 'de'", result.output), result.output
    assert "Traceback" not in result.output


@pytest.fixture(scope="session")
def sites(run_folder):
    """One program per language, built once per run for every test process (tests only read
    them): its site (and the German workbook)."""
    done = made_once(run_folder, "i18n-sites", _build_language_sites)
    return {lang: done / f"site-{lang}" / "p" / "site" for lang in LANGUAGES}


def _build_language_sites(into: Path) -> None:
    for lang in LANGUAGES:
        folder = into / f"site-{lang}"
        folder.mkdir()
        runner = CliRunner()
        result = runner.invoke(main, ["init", str(folder / "p")])
        assert result.exit_code == 0, result.output
        project = folder / "p"
        for starter in (project / "plans").glob("*.yaml"):
            starter.unlink()
        (project / "plans" / f"plan-{lang}.yaml").write_text(PLAN.format(lang=lang), encoding="utf-8")
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8").replace("      pairs: hidden", f"      pairs: hidden\n      language: {lang}")
        config.write_text(text.replace("workbooks: true", f"workbooks: {'true' if lang == 'de' else 'false'}"),
                          encoding="utf-8")
        result = runner.invoke(main, ["build", "-f", str(config)])
        assert result.exit_code == 0, result.output


def _text(html: str) -> str:
    body = re.search(r'<div class="mk-plan.*', html, re.S).group(0)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_site_speaks_the_program_language(sites, lang):
    site = sites[lang]
    overview = (site / "plans" / f"plan-{lang}" / "index.html").read_text(encoding="utf-8")
    schedule = (site / "plans" / f"plan-{lang}" / "schedule" / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in overview
    text = _text(overview) + _text(schedule)
    left = [label for label in SITE_LABELS if re.search(rf"\b{re.escape(label)}\b", text)]
    assert not left, f"English labels on the {lang} site: {left}"
    with speaking(lang):
        assert translations(lang).gettext("At a glance") in text
        assert str(Day(dt.date(2027, 1, 4))) in text  # the first meeting's date, as the language writes it
    assert (site / "search" / f"lunr.{lang}.js").is_file()  # the search plugin stems in the language


def test_the_german_workbook_has_german_headings(sites):
    from pypdf import PdfReader

    pdf = next((sites["de"] / "workbooks").glob("*.pdf"))
    reader = PdfReader(pdf)
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    left = [label for label in WORKBOOK_LABELS if label in outline]
    assert not left, f"English headings in the German workbook's outline: {left}"
    assert "Unsere Vereinbarung" in outline
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Mo., 4. Jan. 2027" in text  # the first meeting's date
    assert "2,5" in text  # the metric's target, with a decimal comma


def test_a_bilingual_site_builds_with_mkdocs_static_i18n(sites, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(sites["de"].parent, project, ignore=shutil.ignore_patterns("site", ".cache"))
    (project / "plans" / "index.en.md").write_text("# Welcome\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"(?ms)^nav:.*?(?=^plugins:)", "", text).replace("workbooks: true", "workbooks: false")
    text = text.replace("plugins:\n  - search\n", "plugins:\n  - search\n  - i18n:\n      docs_structure: suffix\n"
                        "      languages:\n        - {locale: de, default: true, name: Deutsch}\n"
                        "        - {locale: en, name: English}\n")
    config.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "-f", str(config)])
    assert result.exit_code == 0, result.output
    assert (project / "site" / "plans" / "plan-de" / "index.html").is_file()
    assert (project / "site" / "en" / "index.html").is_file()


def test_a_roster_language_column_gives_each_pair_its_own(tmp_path):
    from mentorkit.plan.loading import Library
    from mentorkit.roster.pairs import read_roster
    from mentorkit.view.plan_view import build_view

    (tmp_path / "plans").mkdir()
    program = PLAN.format(lang="en").replace("language: en\n", "").replace("id: plan-en", "id: onboarding")
    program = re.sub(r"schedule: \{start: 2027-01-04, ", "schedule: {", program)
    (tmp_path / "plans" / "onboarding.yaml").write_text(program, encoding="utf-8")
    roster = tmp_path / "roster.csv"
    roster.write_text("program,mentor,mentee,start,language\n"
                      "onboarding,Dana Li,Sam Ortiz,2027-01-04,de\n"
                      "onboarding,Ann Lee,Bo Chen,2027-01-04,\n"
                      "onboarding,Kim Park,Lu Wei,2027-01-04,es\n", encoding="utf-8")
    pairs = read_roster(roster, Library([tmp_path / "plans"]))
    assert pairs.ok, [d.format() for d in pairs.diagnostics]
    views = [build_view(pair.plan, "fr") for pair in pairs.pairs]  # the program speaks French
    assert [v.language for v in views] == ["de", "fr", "es"]
    assert [v.meetings[0].moved or v.duration.split(",")[0] for v in views] == ["3 Treffen", "3 rencontres",
                                                                                  "3 reuniones"]

    roster.write_text("program,mentor,mentee,start,language\nonboarding,Dana Li,Sam Ortiz,2027-01-04,Deutsch\n",
                      encoding="utf-8")
    problems = [d.format() for d in read_roster(roster, Library([tmp_path / "plans"])).diagnostics]
    assert any(re.search(r"roster\.csv:2:\d+: error: .*did you mean 'de'", p) for p in problems), problems


@pytest.mark.parametrize("lang, heading, page", [("de", "Für Mentorinnen und Mentoren", "Das erste Treffen"),
                                                 ("fr", "Pour les mentors", "La première rencontre"),
                                                 ("es", "Para mentores", "La primera reunión")])
def test_init_writes_the_program_in_its_language(tmp_path, lang, heading, page):
    result = CliRunner().invoke(main, ["init", str(tmp_path / "p"), "--language", lang])
    assert result.exit_code == 0, result.output
    project = tmp_path / "p"
    assert f"      language: {lang}" in (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert (project / "plans" / "guide" / "for-mentors.md").read_text(encoding="utf-8").startswith(f"# {heading}\n")
    assert (project / "plans" / "guide" / "first-meeting.md").read_text(encoding="utf-8").startswith(f"# {page}\n")
    starter = (project / "plans" / "onboarding.yaml").read_text(encoding="utf-8")
    assert f"language: {lang}" in starter and "Getting to know each other" not in starter
    checked = CliRunner().invoke(main, ["validate", str(project / "plans" / "onboarding.yaml")])
    assert checked.exit_code == 0, checked.output


def test_init_refuses_a_language_it_has_no_catalog_for(tmp_path):
    result = CliRunner().invoke(main, ["init", str(tmp_path / "p"), "--language", "italiano"])
    assert result.exit_code == 2 and "--language" in result.output
    assert not (tmp_path / "p").exists()


def test_new_writes_the_starter_in_the_program_language(tmp_path, monkeypatch):
    assert CliRunner().invoke(main, ["init", str(tmp_path / "p"), "--language", "fr"]).exit_code == 0
    monkeypatch.chdir(tmp_path / "p")
    result = CliRunner().invoke(main, ["new", "plans/binome.yaml", "--template", "onboarding"])
    assert result.exit_code == 0, result.output
    text = Path("plans/binome.yaml").read_text(encoding="utf-8")
    assert "title: Mentorat d’intégration" in text and "id: binome" in text


@pytest.mark.parametrize("lang, joined", [("de", "Jana Weber und Tom Müller"), ("fr", "Jana Weber et Tom Müller"),
                                          ("es", "Jana Weber y Tom Müller"), (None, "Jana Weber and Tom Müller")])
def test_a_pair_plans_title_names_the_pair_in_its_language(tmp_path, lang, joined):
    """A pair plan without a title is called 'PROGRAM: MENTOR and MENTEE', the 'and' in the plan's
    language (the running header of every workbook page carries it)."""
    from mentorkit.plan.loading import Library

    language = f"language: {lang}\n" if lang else ""
    (tmp_path / "prog.yaml").write_text("mentorkit: 1\nid: prog\ntitle: Onboarding\n" + language +
                                        "schedule: {cadence: weekly, meetings: 2}\n"
                                        "roadmap: [{topic: A}, {topic: B}]\n", encoding="utf-8")
    (tmp_path / "pair.yaml").write_text("mentorkit: 1\nid: pair\nprogram: prog\nschedule: {start: 2027-01-04}\n"
                                        "pair: {mentor: {name: Jana Weber}, mentee: {name: Tom Müller}}\n",
                                        encoding="utf-8")
    library = Library([tmp_path])
    result = library.check(library.documents["pair"])
    assert result.plan is not None, [d.format() for d in result.diagnostics]
    assert result.plan.title == f"Onboarding: {joined}"


def test_the_reports_status_before_the_cohort_starts_is_said_in_the_language_and_its_data_stays_english():
    import datetime as dt

    from mentorkit.locale import speaking
    from mentorkit.report.figures import ProgramReport, status_text

    first = dt.date(2027, 1, 11)
    with speaking("en"):
        english = status_text((3, 0), first, 5)
    report = ProgramReport("p", "P", dt.date(2026, 11, 30), 5, [], [], (3, 0), status=english, first_start=first)
    assert english.startswith("No pair had started") and "11 Jan 2027" in english
    with speaking("de"):
        assert report.status_said.startswith("Bis zu dem Tag") and "11. Jan. 2027" in report.status_said
    with speaking("fr"):
        assert "aucun binôme" in report.status_said.lower()
    with speaking("es"):
        assert "ninguna pareja" in report.status_said.lower()
    assert report.status == english  # the JSON's


def test_the_template_catalog_holds_every_message_of_the_code_and_no_other():
    """mentorkit.pot, what a translator starts a new language from (README: Adding a language), is
    the fresh extraction: no message the code says is missing from it, none it no longer says is left."""
    with open(LOCALE_DIR / "mentorkit.pot", "rb") as f:
        template = {m.id[0] if isinstance(m.id, tuple) else m.id for m in read_po(f) if m.id}
    extracted = _extracted()
    assert not sorted(extracted - template), f"not in mentorkit.pot (pybabel extract, README): {sorted(extracted - template)[:5]}"
    assert not sorted(template - extracted), f"in mentorkit.pot, no longer in the code: {sorted(template - extracted)[:5]}"
