"""What a program designer checks before the workbooks go out, and an HR export's own column names:
the same person twice in a pair is an error, a mentor over capacity or mentoring their own report
a warning, each at its row; `roster_columns` in mkdocs.yml maps an export's headers, checked like
every other setting."""
from __future__ import annotations

import datetime as dt

from mentorkit.plan.loading import Library
from mentorkit.roster.pairs import Intake, read_roster
from running import quick_theme, run_mentorkit
from spreadsheets import write_xlsx


def check(tmp_path, project, text: str, **intake):
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    roster = read_roster(path, Library([project / "plans"]), intake=Intake(**intake))
    return roster, [(d.severity, d.line, d.column, d.message) for d in roster.diagnostics]


def test_the_same_person_as_mentor_and_mentee_is_an_error_at_the_mentee(tmp_path, project):
    roster, found = check(tmp_path, project, "program,mentor,mentee,start,mentor_email,mentee_email\n"
                          "onboarding,Dana Li,dana  LI,2027-05-03,,\n"
                          "onboarding,Dana Li,D. Li,2027-05-03,dana@example.org,Dana@Example.org\n"
                          "onboarding,Dana Li,Sam Ortiz,2027-05-03,dana@example.org,sam@example.org\n")
    assert not roster.ok
    assert found == [
        ("error", 2, 20, "the mentor and the mentee are the same person (the same name): a pair is two people"),
        ("error", 3, 20, "the mentor and the mentee are the same person (the same address (dana@example.org)): "
                         "a pair is two people")]


def test_a_mentor_over_capacity_is_one_warning_at_the_first_row_over_it(tmp_path, project):
    rows = "".join(f"onboarding,Dana Li,Mentee {i},2027-05-03,{'2' if i == 1 else ''}\n" for i in range(4))
    rows += "onboarding,Kim Park,Lu Wei,2027-05-03,\nonboarding,Kim Park,Bo Ek,2027-05-03,\n"
    roster, found = check(tmp_path, project, "program,mentor,mentee,start,capacity\n" + rows)
    assert roster.ok and found == [("warning", 4, 12, "Dana Li mentors 4 pairs in this roster (lines 2, 3, 4, 5), "
                                                      "more than 2 (the capacity on line 3)")]
    roster, found = check(tmp_path, project, "program,mentor,mentee,start,capacity\n" + rows, mentor_capacity=1)
    assert [(line, message[:40]) for _, line, _, message in found] == [
        (4, "Dana Li mentors 4 pairs in this roster ("), (7, "Kim Park mentors 2 pairs in this roster ")]
    assert found[1][3].endswith("more than 1 (the program's mentor_capacity)")
    roster, found = check(tmp_path, project, "program,mentor,mentee,start,capacity\nonboarding,A,B,2027-05-03,two\n")
    assert found == [("error", 2, 27, "capacity 'two' is not a number of pairs; write a whole number, e.g. 2")]


def test_a_mentor_who_is_the_mentees_manager_is_a_warning_at_the_manager(tmp_path, project):
    roster, found = check(tmp_path, project, "program,mentor,mentee,start,manager\n"
                          "onboarding,Dana Li,Sam Ortiz,2027-05-03,Dana Li\n"
                          "onboarding,Kim Park,Lu Wei,2027-05-03,Dana Li\n")
    assert roster.ok and found == [
        ("warning", 2, 41, "Dana Li mentors Sam Ortiz and is Sam Ortiz's manager: a mentor from outside the "
                           "mentee's line of management is who most programs pair them with")]


HR_EXPORT = [["Programme", "Mentor Name", "Employee", "Start Date", "Line Manager", "Max Mentees", "Cost Centre"],
             ["onboarding", "Dana Li", "Sam Ortiz", dt.date(2027, 5, 3), "Dana Li", 1, "CC-17"],
             ["onboarding", "Dana Li", "Ann Lee", dt.date(2027, 5, 10), "Kim Park", None, "CC-17"]]
MAPPING = """\
      roster_columns:
        Programme: program
        Mentor Name: mentor
        employee: mentee
        Start Date: start
        Line Manager: manager
        Max Mentees: capacity
"""


def test_an_hr_export_runs_with_its_own_column_names_mapped_in_mkdocs_yml(project):
    (project / "docs").mkdir()
    quick_theme(project / "quick")
    (project / "mkdocs.yml").write_text("site_name: M\nsite_url: https://intranet.example.org/mentoring/\n"
                                        "plugins:\n  - mentorkit:\n      theme: quick\n" + MAPPING, encoding="utf-8")
    write_xlsx(project / "export.xlsx", {"Sheet1": HR_EXPORT})
    result = run_mentorkit("roster", "export.xlsx", "-o", "out", "--jobs", "1", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "export.xlsx:Sheet1!E2: warning: Dana Li mentors Sam Ortiz and is Sam Ortiz's manager" in result.stderr
    assert "export.xlsx:Sheet1!B3: warning: Dana Li mentors 2 pairs in this roster (lines 2, 3), more than 1 " \
           "(the capacity on line 2)" in result.stderr
    calendar = (project / "out" / "dana-li-and-sam-ortiz.ics").read_bytes().decode("utf-8").replace("\r\n ", "")
    assert "SUMMARY:Dana Li & Sam Ortiz · Getting started" in calendar
    assert "UID:meeting-1.dana-li-and-sam-ortiz.onboarding@intranet.example.org/mentoring" in calendar
    assert (project / "out" / "dana-li-and-ann-lee.pdf").is_file()


def test_a_mapping_to_a_column_mentorkit_does_not_have_is_a_located_setting_error(project):
    (project / "docs").mkdir()
    (project / "mkdocs.yml").write_text("site_name: M\nplugins:\n  - mentorkit:\n"
                                        + MAPPING.replace("Employee: mentee", "Employee: mentees")
                                        .replace("employee: mentee", "employee: mentees"), encoding="utf-8")
    write_xlsx(project / "export.xlsx", {"Sheet1": HR_EXPORT})
    result = run_mentorkit("roster", "export.xlsx", "-o", "out", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("mkdocs.yml:4:7: error: Config value 'plugins': Plugin 'mentorkit' option "
                                    "'roster_columns': 'employee' maps to 'mentees', which is no roster column "
                                    "(did you mean 'mentee'?"), result.stderr
    assert not (project / "out").exists()


def test_a_header_mapped_onto_a_column_the_roster_also_has_is_an_error_at_the_second(tmp_path, project):
    roster, found = check(tmp_path, project, "program,mentor,Mentee,start,Employee\nonboarding,A,B,2027-05-03,C\n",
                          columns={"Employee": "mentee"})
    assert found == [("error", 1, 29, "columns 'Mentee' and 'Employee' are both the mentee column (roster_columns)")]
