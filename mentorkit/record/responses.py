"""Check-in answers from a forms export (Microsoft Forms, Google Forms): one row per response.

Columns, named on the first line (in any order, any case): `plan` (the pair's plan id) or `mentor`
and `mentee` (the pair's two names); optionally `meeting` (the meeting the check-in is held with;
default: the plan's first check-in) and `role` (mentee, mentor or group; default: mentee); then
one column per check-in statement (a rating, 1 to 5) or question (the answer), headed with its
words as the plan has them. Other columns (a timestamp, an email address) are left alone.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, display_path
from ..plan.loading import Library
from .answers import Answer
from .filled import ImportError_

SIDES = ("mentee", "mentor", "group")


@dataclass
class Response:
    line: int
    plan_id: str
    answers: list[Answer]


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("\u2019", "'").split()).rstrip("?:. ")


def read_responses(path: Path, library: Library) -> list[Response]:
    """Every row's answers, by plan; every problem located (file:line:column), all at once."""
    name = display_path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportError_.at(path, f"cannot read this CSV file as UTF-8: {exc}") from None
    dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t") if text.strip() else csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    if not rows:
        raise ImportError_.at(path, "the file is empty; its first line names the columns")
    header = [_norm(h) for h in rows[0]]
    problems: list[Diagnostic] = []

    def problem(line: int, column: int, message: str) -> None:
        problems.append(Diagnostic(name, line, column, "error", message))

    if "plan" not in header and not {"mentor", "mentee"} <= set(header):
        raise ImportError_.at(path, "no column names the pair: add 'plan' (its plan id) or 'mentor' and 'mentee'")
    plans = {}
    for document in library.documents.values():
        checked = library.check(document)
        if checked.ok:
            plans[document.id] = checked.plan
    by_names = {(p.pair.mentor.name.lower(), p.pair.mentee.name.lower()): i for i, p in plans.items() if p.pair}
    responses = []
    for line, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        cells = dict(zip(header, row))
        if "plan" in header:
            plan_id = cells.get("plan", "").strip()
        else:
            plan_id = by_names.get((cells.get("mentor", "").strip().lower(), cells.get("mentee", "").strip().lower()), "")
        plan = plans.get(plan_id)
        if plan is None:
            column = header.index("plan") + 1 if "plan" in header else header.index("mentor") + 1
            problem(line, column, f"no pair plan '{plan_id}' here" if plan_id else "no pair plan with these names here")
            continue
        meeting_text = cells.get("meeting", "").strip()
        check_ins = plan.calendar.check_ins
        check_in = (plan.calendar.check_in_at(int(meeting_text)) if meeting_text.isdigit() else
                    check_ins[0] if check_ins and not meeting_text else None)
        if check_in is None:
            problem(line, header.index("meeting") + 1 if "meeting" in header else 1,
                    f"plan '{plan_id}' has no check-in with meeting {meeting_text or '(none declared)'}")
            continue
        side = (cells.get("role", "") or "mentee").strip().lower()
        if side not in SIDES:
            problem(line, header.index("role") + 1, f"role '{side}' is none of {', '.join(SIDES)}")
            continue
        statements = {_norm(s): i for i, s in enumerate(check_in.ratings, 1)}
        questions = {_norm(q): i for i, q in enumerate(check_in.questions, 1)}
        where = f"check-in {check_in.number}"
        base = ("log", check_in.meeting, "check_in")
        answers = []
        for column, (head, cell) in enumerate(zip(header, row), 1):
            cell = cell.strip()
            if not cell:
                continue
            if head in statements:
                if not (cell.isdigit() and 1 <= int(cell) <= 5):
                    problem(line, column, f"'{cell}' is no rating from 1 to 5")
                    continue
                answers.append(Answer((*base, "ratings", side, statements[head]), int(cell), where,
                                      f"{side} rating {statements[head]}", "at"))
            elif head in questions:
                answers.append(Answer((*base, "answers", questions[head]), cell, where,
                                      f"answer {questions[head]}", "at"))
        responses.append(Response(line, plan_id, answers))
    if problems:
        raise ImportError_(problems)
    return responses


def import_responses(path: Path, *, plans, overwrite: bool = False, dry_run: bool = False) -> list:
    """Each pair's responses recorded in its plan; nothing is written when any row has a problem."""
    from . import ImportResult, record_answers

    library = Library(list(plans))
    responses = read_responses(Path(path), library)
    by_plan: dict[str, list[Answer]] = {}
    for response in responses:
        by_plan.setdefault(response.plan_id, []).extend(response.answers)
    for writing in ((False, True) if not dry_run else (False,)):  # every plan checked before any is written
        results = []
        for plan_id, answers in by_plan.items():
            document = library.documents[plan_id]
            plan = library.check(document).plan
            result = ImportResult(Path(path), document.path)
            results.append(record_answers(result, document, library, plan, answers, overwrite=overwrite,
                                          dry_run=not writing))
    return results
