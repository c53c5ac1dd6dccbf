"""Reading a roster: spreadsheet exports, and every mistake located at its row and column."""
from __future__ import annotations

import re

from pathlib import Path

import pytest

from mentorkit.plan.loading import Library
from mentorkit.roster.pairs import Intake, read_roster
from mentorkit.roster.table import RosterError, read_table
from running import run_mentorkit


def test_an_excel_export_with_a_bom_semicolons_and_a_line_break_in_quotes_is_read(tmp_path, project):
    path = tmp_path / "roster.csv"
    path.write_bytes("\ufeffprogram;mentor;mentee;start;Team Note\r\n"
                     'onboarding;Dana Li;"Sam ""Sammy"" Ortiz";2027-05-03;"two\r\nlines; one cell"\r\n'
                     "onboarding;José Núñez;Ann Lee;2027-05-10;;;\r\n;;;;\r\n".encode("utf-8"))
    table = read_table(path)
    assert table.separator == ";" and [c.text for c in table.header][0] == "program"  # no BOM in the name
    assert [(c.text, c.line, c.column) for c in table.records[1]][:2] == [("onboarding", 4, 1), ("José Núñez", 4, 12)]
    roster = read_roster(path, Library([project / "plans"]))
    assert roster.ok, [d.format() for d in roster.diagnostics]
    first, second = roster.pairs
    assert first.plan.pair.mentee.name == 'Sam "Sammy" Ortiz'
    assert first.plan.extra == (("Team Note", "two\nlines; one cell"),)
    assert (first.name, second.name) == ("dana-li-and-sam-sammy-ortiz", "jose-nunez-and-ann-lee")
    assert second.plan.meetings[1].date.isoformat() == "2027-05-17"


def test_five_kinds_of_mistakes_are_five_located_errors_and_nothing_is_written(project):
    (project / "roster.csv").write_text(
        "program,mentor,mentee,start,timezone\n"
        "onboarding,Dana Li,Sam Ortiz,2027-05-03,\n"
        "onbaording,Ann Lee,Bo Chen,2027-05-03,\n"        # 3: unknown program
        "onboarding,Ann Lee,Bo Chen,2027-13-40,\n"         # 4: not a date
        "onboarding,dana li,Sam  Ortiz,2027-06-01,\n"      # 5: the pair of line 2 again
        "onboarding,Kim Park,Lu Wei,2027-05-03,Mars/Base\n"  # 6: a value the plan format refuses
        "onboarding,,Jo Fox,2027-05-03,\n",                # 7: no mentor
        encoding="utf-8")
    result = run_mentorkit("roster", "roster.csv", "-o", "out", cwd=project)
    assert result.returncode == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors[0] == "roster.csv:3:1: error: unknown program 'onbaording' (did you mean 'onboarding'?)"
    assert errors[1].startswith("roster.csv:4:28: error: start '2027-13-40' is not a date; write it as YYYY-MM-DD")
    assert errors[2] == ("roster.csv:5:12: error: duplicate pair: dana li and Sam  Ortiz in 'onboarding' are "
                         "already on line 2")
    assert errors[3].startswith("roster.csv:6:39: error: ") and "'Mars/Base' is not a time zone" in errors[3]
    assert errors[4] == "roster.csv:7:12: error: no mentor in this row"
    assert len(errors) == 5 and "Traceback" not in result.stderr
    assert not (project / "out").exists()


def test_a_missing_column_is_named_and_a_misspelt_one_suggested(project):
    (project / "roster.csv").write_text("program,mentor,mentees,start\nonboarding,A B,C D,2027-05-03\n",
                                        encoding="utf-8")
    result = run_mentorkit("roster", "roster.csv", "-o", "out", cwd=project)
    assert result.returncode == 1
    assert result.stderr.startswith("roster.csv:1:1: error: missing column 'mentee' (is 'mentees' meant to be 'mentee'?)")
    assert not (project / "out").exists()


def test_a_cp1252_export_is_read_with_a_located_warning_naming_the_code_page(tmp_path, project):
    path = tmp_path / "roster.csv"
    path.write_bytes("program,mentor,mentee,start\nonboarding,José Núñez,Ann \u2013 Lee,2027-05-03\n"
                     "onboarding,Søren Ærø,Zoë,2027-05-03\n".encode("cp1252"))  # Excel's plain 'CSV' on Windows
    roster = read_roster(path, Library([project / "plans"]))
    assert roster.ok and [p.plan.pair.mentee.name for p in roster.pairs] == ["Ann \u2013 Lee", "Zoë"]
    (warning,) = roster.diagnostics
    assert (warning.severity, warning.line, warning.column) == ("warning", 2, 15)
    assert "not UTF-8 (byte 0xE9 here): read as cp1252" in warning.message
    assert "where it reads 'José Núñez'" in warning.message and "--encoding" in warning.message


def test_a_guess_that_reads_names_wrong_is_put_right_with_the_encoding(tmp_path, project):
    path = tmp_path / "roster.csv"
    path.write_bytes("program,mentor,mentee,start\nonboarding,Łukasz Żółć,Ann,2027-05-03\n".encode("cp1250"))
    (warning,) = read_roster(path, Library([project / "plans"])).diagnostics
    assert "where it reads '£ukasz ¯ó³æ'" in warning.message  # what a reader sees, to know it is wrong
    roster = read_roster(path, Library([project / "plans"]), intake=Intake(encoding="cp1250"))
    assert roster.ok and not roster.diagnostics and roster.pairs[0].plan.pair.mentor.name == "Łukasz Żółć"
    assert roster.pairs[0].name == "lukasz-zolc-and-ann"
    with pytest.raises(RosterError) as raised:
        read_table(path, encoding="klingon")
    assert "'klingon' is not an encoding" in raised.value.first.message


def test_utf16_without_its_byte_order_mark_is_refused_at_its_first_nul(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes("program\tmentor\tmentee\tstart\n".encode("utf-16-le"))
    with pytest.raises(RosterError) as raised:
        read_table(path)
    assert (raised.value.first.line, raised.value.first.column) == (1, 2)
    assert "UTF-16 without its byte order mark" in raised.value.first.message


def test_an_unclosed_quote_and_a_row_with_too_many_fields_are_located(tmp_path, project):
    path = tmp_path / "roster.csv"
    path.write_text('program,mentor,mentee,start\nonboarding,"Dana Li,Sam,2027-05-03\n', encoding="utf-8")
    with pytest.raises(RosterError) as raised:
        read_table(path)
    assert raised.value.first.format() == ("roster.csv:2:12: error: this quoted field never ends: "
                                           "a closing '\"' is missing").replace("roster.csv", str(path))
    path.write_text("program,mentor,mentee,start\nonboarding,Li, Dana,Sam,2027-05-03\n", encoding="utf-8")
    roster = read_roster(path, Library([project / "plans"]))
    assert [(d.line, d.column) for d in roster.diagnostics] == [(2, 25)]
    assert "quote a value that holds the separator ','" in roster.diagnostics[0].message


NAMESAKES = ["onboarding,Ann Lee,Bo,2027-05-03\n", "onboarding,Ann-Lee,Bo,2027-05-03\n",
             "onboarding,../../etc,passwd,2027-05-03\n", "onboarding,李雷,韩梅梅,2027-05-03\n",
             "onboarding,🙂,🙃,2027-05-03\n", "onboarding,🙃,🙂,2027-05-03\n"]


def file_names(tmp_path, project, rows: list[str]) -> dict[str, str]:
    """Each pair's file name stem, by its mentor."""
    path = tmp_path / "roster.csv"
    path.write_text("program,mentor,mentee,start\n" + "".join(rows), encoding="utf-8")
    roster = read_roster(path, Library([project / "plans"]))
    assert roster.ok, [d.format() for d in roster.diagnostics]
    return {p.plan.pair.mentor.name: p.name for p in roster.pairs}


def test_two_pairs_with_the_same_names_in_file_names_never_share_a_file(tmp_path, project):
    names = file_names(tmp_path, project, NAMESAKES)
    assert len(set(names.values())) == len(NAMESAKES)
    assert names["Ann Lee"] == "ann-lee-and-bo" and re.fullmatch(r"ann-lee-and-bo-[0-9a-f]{6}", names["Ann-Lee"])
    assert names["../../etc"] == "etc-and-passwd"
    assert names["李雷"] == "li-lei-and-han-mei-mei"  # transliterated, as every script is
    assert re.fullmatch(r"pair-[0-9a-f]{6}", names["🙂"]) and re.fullmatch(r"pair-[0-9a-f]{6}", names["🙃"])


def test_sorting_the_roster_or_adding_a_row_renames_no_pair(tmp_path, project):
    names = file_names(tmp_path, project, NAMESAKES)
    assert file_names(tmp_path, project, NAMESAKES[::-1]) == names
    added = file_names(tmp_path, project, ["onboarding,Cy,Di,2027-05-03\n", *NAMESAKES[2:], *NAMESAKES[:2]])
    assert added == {**names, "Cy": "cy-and-di"}


def test_a_row_value_the_program_cannot_take_is_reported_in_the_roster(tmp_path, project):
    path = Path(tmp_path / "roster.csv")
    path.write_text("program,mentor,mentee,start,time\nonboarding,Ann,Bo,2027-05-03,25:99\n", encoding="utf-8")
    roster = read_roster(path, Library([project / "plans"]))
    (problem,) = roster.diagnostics
    assert (problem.file.endswith("roster.csv"), problem.line, problem.column) == (True, 2, 30)


def test_the_cache_key_holds_the_fillable_switch_and_the_extra_columns(tmp_path, project):
    from mentorkit.workbook.batch import WorkbookBatch
    from mentorkit.themes import Theme

    path = tmp_path / "roster.csv"
    path.write_text("program,mentor,mentee,start,team\nonboarding,Ann,Bo,2027-05-03,Red\n"
                    "onboarding,Cy,Di,2027-05-03,Red\n", encoding="utf-8")
    plan = read_roster(path, Library([project / "plans"])).pairs[0].plan
    keys = {WorkbookBatch(Theme(), "a4").key(plan), WorkbookBatch(Theme(), "a4", fillable=True).key(plan)}
    path.write_text(path.read_text(encoding="utf-8").replace("Red\n", "Blue\n", 1), encoding="utf-8")
    keys.add(WorkbookBatch(Theme(), "a4").key(read_roster(path, Library([project / "plans"])).pairs[0].plan))
    assert len(keys) == 3


def test_a_program_with_errors_is_reported_once_at_the_program_and_once_in_the_roster(tmp_path, project):
    program = project / "plans" / "onboarding.yaml"
    program.write_text(program.read_text(encoding="utf-8") + "goals:\n  - {id: g, title: G, framework: smart}\n",
                       encoding="utf-8")
    path = tmp_path / "roster.csv"
    path.write_text("program,mentor,mentee,start\n" + "".join(f"onboarding,A{i},B{i},2027-05-03\n" for i in range(3)),
                    encoding="utf-8")
    roster = read_roster(path, Library([project / "plans"]))
    in_roster = [d for d in roster.diagnostics if d.file == str(path)]
    assert len(in_roster) == 1 and in_roster[0].line == 2
    assert in_roster[0].message.startswith("follows program 'onboarding', which has errors")
    assert in_roster[0].message.endswith("(and on 2 more rows)")
    assert {d.file for d in roster.diagnostics} - {str(path)} == {str(program)} and not roster.pairs


def test_pairs_keep_the_names_a_previous_run_gave_them():
    from mentorkit.roster.pairs import pair_file_names, pair_key

    pairs = [pair_key("onboarding", "Ann Lee", "Bo"), pair_key("onboarding", "Ann-Lee", "Bo"),
             pair_key("onboarding", "李雷", "韩梅梅")]
    kept = {pairs[1]: "ann-lee-and-bo", pairs[2]: "pair-5", pair_key("onboarding", "Gone", "Away"): "gone-and-away"}
    names = pair_file_names(pairs, kept)  # as an earlier mentorkit named them: '-2' and 'pair-LINE' were
    assert names[1:] == ["ann-lee-and-bo", "pair-5"]
    assert re.fullmatch(r"ann-lee-and-bo-[0-9a-f]{6}", names[0])  # the plain name is taken
    assert pair_file_names(pairs[:1], {pairs[0]: "../../etc/passwd"}) == ["ann-lee-and-bo"]  # never a path


def test_a_pair_named_by_an_earlier_mentorkit_keeps_its_files_and_new_pairs_get_transliterated_names(tmp_path, project):
    import json

    from mentorkit.roster.writing import MARKER, previous_names

    out = tmp_path / "out"
    out.mkdir()
    (out / MARKER).write_text("", encoding="utf-8")
    old = {"pair": "sren-r-and-ukasz-nowak", "program": "onboarding", "mentor": "Søren Ærø", "mentee": "Łukasz Nowak"}
    (out / "index.json").write_text(json.dumps({"pairs": [old]}), encoding="utf-8")  # as the letter-dropping slug named it
    path = tmp_path / "roster.csv"
    path.write_text("program,mentor,mentee,start\nonboarding,Søren Ærø,Łukasz Nowak,2027-05-03\n"
                    "onboarding,Björn Ærø,Дмитрий Иванов,2027-05-03\n", encoding="utf-8")
    roster = read_roster(path, Library([project / "plans"]), keep_names=previous_names(out))
    assert [p.name for p in roster.pairs] == ["sren-r-and-ukasz-nowak", "bjorn-aero-and-dmitrii-ivanov"]
