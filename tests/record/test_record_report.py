"""The program report adds up the record a pair brought back: check-ins answered, agreements
signed, the self-assessment from start to end; under the threshold, no figure."""
from __future__ import annotations

import datetime as dt

from mentorkit.plan.loading import validate_data
from mentorkit.plan.yamlsource import parse
from mentorkit.report.figures import program_report

PROGRAM = """mentorkit: 1
id: cohort
title: Cohort
schedule: {cadence: weekly, meetings: 4, length: 30}
self_assessment: {scale: 5, areas: [A, B]}
"""


def _plan(text: str, name: str):
    data, positions = parse(text)
    result = validate_data(data, positions, __import__("pathlib").Path(name))
    assert result.ok, result.diagnostics
    return result.plan


def _pair(i: int, *, record: bool):
    extra = ("log:\n  - meeting: 2\n    check_in: {ratings: {mentee: [4]}, answers: [fine]}\n"
             "agreement: {signed: [{name: M" + str(i) + ", date: 2027-01-04}]}\n"
             if record else "")
    program = PROGRAM.replace("self_assessment: {scale: 5, areas: [A, B]}", "self_assessment: {scale: 5, areas: [A, B], "
                              "ratings: {A: 2, B: 3}, end_ratings: {A: 4, B: " + str(3 + i % 2) + "}}") if record else PROGRAM
    return _plan(program.replace("id: cohort", f"id: p{i}").replace(
        "schedule: {", "pair: {mentor: {name: M%d}, mentee: {name: E%d}}\nschedule: {start: 2027-01-04, " % (i, i)) + extra,
        f"p{i}.yaml")


def _rows(pairs, threshold=5):
    report = program_report(_plan(PROGRAM, "cohort.yaml"), pairs, as_of=dt.date(2027, 3, 1), threshold=threshold)
    table = next(t for t in report.tables if t.name == "record")
    return {row[0]: row[1] for row in table.rows}


def test_the_report_counts_check_ins_answered_signatures_and_the_self_assessments_change():
    rows = _rows([_pair(i, record=i < 4) for i in range(6)])
    assert rows["Pairs that recorded a check-in's answers"].value == 4
    assert rows["Check-ins answered"].value == 4
    assert rows["Pairs whose agreement is signed"].value == 4
    assert rows["Pairs with a self-assessment at the start and at the end"].value == 4
    # changes per pair: A +2, B 0 or +1 -> means 1.0 and 1.5; median of [1.0, 1.5, 1.0, 1.5] = 1.25
    change = rows["Median change of the self-assessment, start to end (points)"]
    assert change.value == 1.2 and change.suppressed(5) is True  # 4 pairs: under the threshold
    assert change.suppressed(3) is False
