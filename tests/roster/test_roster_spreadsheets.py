"""A roster as spreadsheets and HR systems export it: one cohort saved as .xlsx, .ods, Excel's
UTF-16 "Unicode text" and a semicolon CSV with `sep=;` runs as one roster; problems are located at
the cell (cohort.xlsx:Pairs!D3); dates and times come as the spreadsheet wrote them."""
from __future__ import annotations

import datetime as dt

import pytest

from mentorkit.plan.loading import Library
from mentorkit.roster.pairs import Intake, read_roster
from mentorkit.roster.table import RosterError, read_table
from running import run_mentorkit
from spreadsheets import write_european_csv, write_ods, write_unicode_text, write_xlsx

HEADER = ["program", "mentor", "mentee", "start", "time", "timezone", "Team"]
ROWS = [["onboarding", "Søren Ærø", "Łukasz Nowak", dt.date(2027, 5, 3), dt.time(14, 0), "Europe/Berlin", "Platform"],
        ["onboarding", "Björn Ærø", "Дмитрий Иванов", dt.date(2027, 5, 13), dt.time(9, 30), "Europe/Oslo", 42],
        ["onboarding", "Ana Ruiz", 'Lee "Lee" Park', dt.date(2027, 6, 1), None, None, "Two; words"]]
NOTES = [["This sheet is for notes"], ["and comes first"]]


def what_the_roster_says(roster) -> list[tuple]:
    assert roster.ok, [d.format() for d in roster.diagnostics]
    return [(p.name, p.plan.pair.mentor.name, p.plan.pair.mentee.name, p.plan.schedule.start, p.plan.schedule.time,
             p.plan.schedule.timezone, p.plan.extra) for p in roster.pairs]


def test_one_cohort_as_xlsx_ods_unicode_text_and_a_semicolon_csv_is_one_roster(tmp_path, project):
    library = Library([project / "plans"])
    rows = [HEADER, *ROWS]
    xlsx = read_roster(write_xlsx(tmp_path / "cohort.xlsx", {"Notes": NOTES, "Pairs": rows}), library,
                       intake=Intake(sheet="Pairs"))
    ods = read_roster(write_ods(tmp_path / "cohort.ods", {"Pairs": rows, "Notes": NOTES}), library)
    utf16 = read_roster(write_unicode_text(tmp_path / "cohort.txt", rows), library)
    european = read_roster(write_european_csv(tmp_path / "cohort.csv", rows), library)
    expected = what_the_roster_says(xlsx)
    assert what_the_roster_says(ods) == what_the_roster_says(utf16) == what_the_roster_says(european) == expected
    assert expected == [
        ("soren-aero-and-lukasz-nowak", "Søren Ærø", "Łukasz Nowak", dt.date(2027, 5, 3), "14:00", "Europe/Berlin",
         (("Team", "Platform"),)),
        ("bjorn-aero-and-dmitrii-ivanov", "Björn Ærø", "Дмитрий Иванов", dt.date(2027, 5, 13), "09:30", "Europe/Oslo",
         (("Team", "42"),)),
        ("ana-ruiz-and-lee-lee-park", "Ana Ruiz", 'Lee "Lee" Park', dt.date(2027, 6, 1), None, None,
         (("Team", "Two; words"),))]
    assert read_table(tmp_path / "cohort.txt").separator == "\t" and read_table(tmp_path / "cohort.txt").encoding == "UTF-16"
    table = read_table(tmp_path / "cohort.csv")
    assert table.separator == ";" and (table.header[0].line, table.records[0][0].line) == (2, 3)  # sep= is line 1


def test_a_problem_in_a_spreadsheet_is_located_at_its_cell_of_its_sheet(tmp_path, project):
    rows = [["Cohort 2027"], [], HEADER,
            ["onboarding", "Ann Lee", "Bo Chen", "someday", None, None, None],
            ["onbaording", "Cy Dee", "Di Eve", dt.date(2027, 5, 3), None, None, None],
            ["onboarding", "Fay Gee", "Hal Ive", dt.date(2027, 5, 3), dt.time(14, 0), "Mars/Base", None]]
    write_xlsx(project / "cohort.xlsx", {"Pairs 2027": [[None, *row] for row in rows]})  # data from column B
    result = run_mentorkit("roster", "cohort.xlsx", "-o", "out", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors[0].startswith("cohort.xlsx:'Pairs 2027'!E4: error: start 'someday' is not a date")
    assert errors[1] == "cohort.xlsx:'Pairs 2027'!B5: error: unknown program 'onbaording' (did you mean 'onboarding'?)"
    assert errors[2].startswith("cohort.xlsx:'Pairs 2027'!G6: error: ") and "'Mars/Base' is not a time zone" in errors[2]
    assert len(errors) == 3 and not (project / "out").exists()


def test_a_sheet_is_chosen_by_name_and_a_wrong_name_lists_the_sheets(tmp_path, project):
    path = write_xlsx(tmp_path / "cohort.xlsx", {"Notes": NOTES, "Pairs": [HEADER, *ROWS]})
    first = read_roster(path, Library([project / "plans"]))
    assert not first.ok and any(d.format().startswith(f"{path}:Notes!A1: error: missing column 'program'")
                                for d in first.diagnostics)  # the first sheet is the notes
    with pytest.raises(RosterError) as raised:
        read_table(path, sheet="Pair")
    assert raised.value.first.message == "has no sheet 'Pair' (did you mean 'Pairs'? its sheets: Notes, Pairs)"
    with pytest.raises(RosterError) as raised:
        read_table(write_european_csv(tmp_path / "cohort.csv", [HEADER]), sheet="Pairs")
    assert "is a CSV file, which has no sheets" in raised.value.first.message


def test_an_xlsx_named_csv_is_still_read_as_a_spreadsheet_and_a_damaged_one_is_a_located_error(tmp_path, project):
    path = write_xlsx(tmp_path / "cohort.xlsx", {"Pairs": [HEADER, *ROWS]})
    renamed = tmp_path / "roster.csv"
    renamed.write_bytes(path.read_bytes())
    assert what_the_roster_says(read_roster(renamed, Library([project / "plans"])))[0][0] == "soren-aero-and-lukasz-nowak"
    renamed.write_bytes(path.read_bytes()[:2000])
    with pytest.raises(RosterError) as raised:
        read_table(renamed)
    assert raised.value.first.message.startswith("cannot be read as a spreadsheet: ")


@pytest.mark.parametrize("starts, read", [
    (["13/05/2027", "04/06/2027"], [dt.date(2027, 5, 13), dt.date(2027, 6, 4)]),  # 13: day first
    (["05/13/2027", "06/04/2027"], [dt.date(2027, 5, 13), dt.date(2027, 6, 4)]),  # 13: month first
    (["2027/05/13", "04.06.2027"], [dt.date(2027, 5, 13), dt.date(2027, 6, 4)]),  # year first; dots are day first
])
def test_slashed_dates_are_read_the_way_their_column_writes_them(tmp_path, project, starts, read):
    path = tmp_path / "roster.csv"
    path.write_text("program,mentor,mentee,start,time\n" + "".join(
        f"onboarding,M{i},N{i},{start},{time}\n" for i, (start, time) in enumerate(zip(starts, ["14:00:00", "2:30 PM"]))),
        encoding="utf-8")
    roster = read_roster(path, Library([project / "plans"]))
    assert roster.ok, [d.format() for d in roster.diagnostics]
    assert [p.plan.schedule.start for p in roster.pairs] == read
    assert [p.plan.schedule.time for p in roster.pairs] == ["14:00", "14:30"]


def test_an_ambiguous_date_is_refused_with_both_readings_and_a_mixed_column_too(tmp_path, project):
    path = tmp_path / "roster.csv"
    path.write_text("program,mentor,mentee,start\nonboarding,A,B,04/01/2027\nonboarding,C,D,2027-01-04\n",
                    encoding="utf-8")
    (problem,) = read_roster(path, Library([project / "plans"])).diagnostics
    assert problem.format() == (f"{path}:2:16: error: start '04/01/2027' could be 4 January or 1 April 2027: no "
                                "date of this column says whether it is day or month first; write it as YYYY-MM-DD "
                                "(2027-01-04 or 2027-04-01)")
    path.write_text("program,mentor,mentee,start\nonboarding,A,B,13/01/2027\nonboarding,C,D,01/13/2027\n",
                    encoding="utf-8")
    problems = read_roster(path, Library([project / "plans"])).diagnostics
    assert len(problems) == 2 and all("written both day first ('13/01/2027' on line 2) and month first "
                                      "('01/13/2027' on line 3)" in p.message for p in problems)
    path.write_text("program,mentor,mentee,start,time\nonboarding,A,B,2027-01-04,14:00:30\n", encoding="utf-8")
    (problem,) = read_roster(path, Library([project / "plans"])).diagnostics
    assert (problem.line, problem.column) == (2, 27)  # a time with seconds that are not :00 is the plan's to refuse
