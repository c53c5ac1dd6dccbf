"""A roster's rows as pair plans: each row is a pair plan that follows its program, made in memory.

A row becomes the document a pair plan file would hold (`program`, `pair`, `schedule.start`...),
with the line and column of each value in the roster, and is checked by the same code as a plan
file (`Library.check_unsaved`): a bad value is reported at its place in the CSV file, a problem
of the program at the program's file. All problems of all rows are collected before anything is
rendered.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Optional

from slugify import slugify

from ..diagnostics import Diagnostic, display_path, errors, plural
from ..plan.loading import Document, Library
from ..plan.model import Plan
from ..plan.yamlsource import Positions
from .intake import Row, intake_problems
from .table import Cell, Table, read_table
from .values import cell_date, cell_time, date_order

REQUIRED = ("program", "mentor", "mentee", "start")
OPTIONAL = ("mentor_email", "mentee_email", "mentor_role", "mentee_role", "time", "timezone", "location", "language")
# Where a column's value goes in the pair plan.
PLACES = {"mentor": ("pair", "mentor", "name"), "mentee": ("pair", "mentee", "name"),
          "mentor_email": ("pair", "mentor", "email"), "mentee_email": ("pair", "mentee", "email"),
          "mentor_role": ("pair", "mentor", "role"), "mentee_role": ("pair", "mentee", "role"),
          "start": ("schedule", "start"), "time": ("schedule", "time"), "timezone": ("schedule", "timezone"),
          "location": ("logistics", "location"), "language": ("language",)}
INTAKE = ("capacity", "manager")  # read by the intake checks (intake.py), not part of the plan
COLUMNS = (*REQUIRED, *OPTIONAL, *INTAKE)  # what `roster_columns` may map a header to
ONE_LINE = tuple(c for c in (*REQUIRED, *OPTIONAL) if c != "location")
MAX_EXTRA = 8  # other columns shown on the cover: a few (a team, a cohort), not a spreadsheet
MAX_EXTRA_CHARS = 300  # a value of one: a team's name, a short note (a 2 MB cell made 490 pages)
MAX_SLUG = 60


@dataclass
class RosterPair:
    """One row: the pair's checked plan, its file name stem and where the row is."""
    line: int
    name: str  # file name stem, unique in the roster: 'dana-li-and-sam-ortiz'
    program: str
    plan: Plan
    own: dict  # what the row says, as a pair plan file would (for --write-plans)


@dataclass
class Roster:
    path: Path
    pairs: list[RosterPair] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not errors(self.diagnostics)


def column_key(title: str) -> str:
    """A header as a column key: 'Mentor Email' -> 'mentor_email'."""
    return re.sub(r"[\s-]+", "_", title.strip().lower())


def file_stem(mentor: str, mentee: str) -> str:
    """A safe file name stem from two names, transliterated (python-slugify with text-unidecode):
    'José Núñez', 'Ann' -> 'jose-nunez-and-ann'; 'Björn Ærø', 'Дмитрий Иванов' ->
    'bjorn-aero-and-dmitrii-ivanov'. Anything else ('/', '&', quotes) separates words."""
    def ascii_slug(text: str) -> str:
        return slugify(text, entities=False, decimal=False, hexadecimal=False)

    parts = [p for p in (ascii_slug(mentor), ascii_slug(mentee)) if p]
    return "-and-".join(parts)[:MAX_SLUG].strip("-")


@dataclass(frozen=True)
class Intake:
    """How a roster is read: its sheet, its encoding, its columns' names, the mentors' capacity."""
    sheet: Optional[str] = None  # a spreadsheet's sheet (default: the first)
    encoding: Optional[str] = None  # a CSV file's (default: UTF, else the code page it looks like)
    columns: Mapping[str, str] = field(default_factory=dict)  # header -> column ('Employee': 'mentee')
    mentor_capacity: Optional[int] = None  # pairs a mentor takes, unless their capacity column says


def read_roster(path: Path, library: Library, keep_names: Optional[dict] = None,
                intake: Optional[Intake] = None) -> Roster:
    """Every row of the roster at `path` (a CSV file or a spreadsheet) as a checked pair plan, and
    every problem found, located. `keep_names`: the names a previous run gave its pairs
    (`roster.writing.previous_names`). Raises RosterError when the file cannot be read at all."""
    intake = intake or Intake()
    return check_table(read_table(path, intake.sheet, intake.encoding), library, keep_names, intake)


def pair_key(program: str, mentor: str, mentee: str) -> tuple[str, str, str]:
    """Who a pair is, as rows and indexes compare it: its program and both names as a person reads
    them (`same_name`)."""
    return program, same_name(mentor), same_name(mentee)


def same_name(name: str) -> str:
    """A name as compared: Unicode NFC (an 'é' typed as one character or as 'e' and an accent is one
    letter), without invisible characters (format characters: zero-width space and joiners, soft
    hyphen, byte order mark), casefolded, its spaces (any kind) as one."""
    visible = "".join(c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c) != "Cf")
    return " ".join(unicodedata.normalize("NFC", visible.casefold()).split())


def check_table(table: Table, library: Library, keep_names: Optional[dict] = None,
                intake: Optional[Intake] = None) -> Roster:
    intake = intake or Intake()
    roster = Roster(table.path)
    name = display_path(table.path)
    renamed = {column_key(title): column for title, column in intake.columns.items()}

    def problem(cell_or_line, message: str, column: int = 1) -> None:
        line, col = (cell_or_line.line, cell_or_line.column) if isinstance(cell_or_line, Cell) else (cell_or_line, column)
        roster.diagnostics.append(Diagnostic(name, line, col, "error", message))

    table = _past_title_rows(table, renamed)
    columns = _columns(table, renamed, roster.diagnostics, name)
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        return _located(roster, table)
    extra_columns = [(index, table.header[index].text.strip()) for key, index in columns.items()
                     if key not in COLUMNS][:MAX_EXTRA]
    order = date_order(record[columns["start"]] for record in table.records if columns["start"] < len(record))
    programs = library.programs()
    seen_pairs: dict[tuple, int] = {}
    rows: list[tuple] = []  # the rows that passed the checks above, each as its pair plan's makings
    for record in table.records:
        line = record[0].line
        while len(record) > len(table.header) and not record[-1].text.strip():
            record = record[:-1]  # empty fields past the last column: spreadsheets pad rows so
        if len(record) > len(table.header):
            problem(record[len(table.header)], f"this row has {len(record)} fields, the header "
                    f"{len(table.header)}: quote a value that holds the separator '{table.separator}'")
            continue

        def cell(key: str) -> Optional[Cell]:
            index = columns.get(key)
            if index is None:
                return None
            if index < len(record):
                return record[index]
            return Cell("", line, record[-1].column + len(record[-1].text) + 1)

        values = {key: cell(key) for key in COLUMNS}
        long = [(record[index], title) for index, title in extra_columns
                if index < len(record) and len(record[index].text.strip()) > MAX_EXTRA_CHARS]
        for too_long, title in long:
            problem(too_long, f"the {title} is {len(too_long.text.strip()):,} characters long; a column shown on "
                              f"the cover holds at most {MAX_EXTRA_CHARS}")
        if long:
            continue
        broken = [key for key in ONE_LINE if values[key] is not None and "\n" in values[key].text.strip()]
        for key in broken:
            problem(values[key], f"the {key.replace('_', ' ')} holds a line break; write it on one line")
        if broken:
            continue
        empty = [key for key in REQUIRED if not values[key].text.strip()]
        for key in empty:
            problem(values[key], f"no {key} in this row")
        program_cell = values["program"]
        program = program_cell.text.strip()
        if program and program not in programs:
            close = difflib.get_close_matches(program, programs, n=1, cutoff=0.6)
            hint = (f" (did you mean '{close[0]}'?)" if close else
                    f" (the programs are: {', '.join(programs[:10])})" if programs else
                    " (there is no program plan in the plans folder)")
            problem(program_cell, f"unknown program '{program}'{hint}")
            continue
        start, why = cell_date(values["start"], order) if values["start"].text.strip() else (None, None)
        if why:
            problem(values["start"], why)
        if empty or start is None:
            continue
        mentor, mentee = values["mentor"].text.strip(), values["mentee"].text.strip()
        who = pair_key(program, mentor, mentee)
        if who in seen_pairs:
            problem(values["mentor"], f"duplicate pair: {mentor} and {mentee} in '{program}' are already "
                                      f"on line {seen_pairs[who]}")
            continue
        seen_pairs[who] = line
        rows.append((who, line, record, program, values, start))
    checks = intake_problems([Row(line, values["mentor"], values["mentee"], values["mentor_email"],
                                  values["mentee_email"], values["capacity"], values["manager"])
                              for _, line, _, _, values, _ in rows], name, intake.mentor_capacity, same_name)
    for stem, (who, line, record, program, values, start) in zip(pair_file_names([row[0] for row in rows], keep_names), rows):
        document, own = _document(table.path, stem, program, values, start, line)
        result = library.check_unsaved(document)
        roster.diagnostics += result.diagnostics
        if result.plan is None or errors(result.diagnostics):
            continue
        # Where the row's values are (a copy of its program's too) served its check: not kept per pair.
        plan = result.plan.with_origin(positions=Positions(), extra=tuple(
            (title, record[index].text.strip()) for index, title in extra_columns
            if index < len(record) and record[index].text.strip()))
        roster.pairs.append(RosterPair(line, stem, program, plan, own))
    roster.diagnostics = _once(sorted(set(roster.diagnostics)), name) + checks
    return _located(roster, table)


TITLE_ROWS = 10  # rows an export may put above its header (a title, the date it was made)


def _columns(table: Table, renamed: Mapping[str, str], diagnostics: list[Diagnostic], name: str) -> dict[str, int]:
    """Where each column is (its key: 'mentor_email', or what `roster_columns` maps its header to),
    with a located error for a column named twice and for each required one missing."""
    def problem(cell: Cell, message: str) -> None:
        diagnostics.append(Diagnostic(name, cell.line, cell.column, "error", message))

    columns: dict[str, int] = {}
    for index, cell in enumerate(table.header):
        key = renamed.get(column_key(cell.text), column_key(cell.text))
        if not key:
            continue
        if key in columns:
            first = table.header[columns[key]].text.strip()
            problem(cell, f"column '{cell.text.strip()}' appears twice in the header" if first == cell.text.strip()
                    else f"columns '{first}' and '{cell.text.strip()}' are both the {key} column (roster_columns)")
        columns.setdefault(key, index)
    for column in (c for c in REQUIRED if c not in columns):
        close = difflib.get_close_matches(column, [column_key(c.text) for c in table.header], n=1, cutoff=0.7)
        hint = f" (is '{close[0]}' meant to be '{column}'?)" if close else ""
        problem(table.header[0], f"missing column '{column}'{hint}; a roster's first line names its columns: "
                                 f"{', '.join(REQUIRED)} and optionally {', '.join(OPTIONAL + INTAKE)} and any "
                                 "other (an export's own names map to them with roster_columns in mkdocs.yml)")
    return columns


def _past_title_rows(table: Table, renamed: Mapping[str, str]) -> Table:
    """The table from its header on: the first line, or, when that does not name the columns a
    roster needs, the first of the next few that does (an export's title rows above it)."""
    def names_them(row: list[Cell]) -> bool:
        keys = {renamed.get(column_key(cell.text), column_key(cell.text)) for cell in row}
        return all(column in keys for column in REQUIRED)

    if names_them(table.header):
        return table
    for index, row in enumerate(table.records[:TITLE_ROWS]):
        if names_them(row):
            return dataclasses.replace(table, header=row, records=table.records[index + 1:])
    return table


def _located(roster: Roster, table: Table) -> Roster:
    """The roster's problems with the file's own (an encoding guessed), each at a cell of a
    spreadsheet's sheet ('Pairs!C7') when the roster is one."""
    name = display_path(table.path)
    found = sorted([*table.diagnostics, *roster.diagnostics])
    if table.sheet is not None:
        found = [dataclasses.replace(d, place=table.place(d.line, d.column)) if d.file == name else d for d in found]
    roster.diagnostics = found
    return roster


def _once(diagnostics: list[Diagnostic], name: str) -> list[Diagnostic]:
    """What every row of the roster gets alike because of its program (a warning: no topics; the
    error that the program has errors) once, at its first row, saying how many rows have it: a
    roster of 500 pairs gives one line, not 500."""
    def about_program(d: Diagnostic) -> bool:
        return d.file == name and (d.severity == "warning" or d.message.startswith("follows program"))

    alike: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        if about_program(d):
            alike.setdefault(d.message, []).append(d)
    kept = [d for d in diagnostics if not about_program(d)]
    for message, found in alike.items():
        first = found[0]
        more = f" (and on {plural(len(found) - 1, 'more row')})" if len(found) > 1 else ""
        kept.append(Diagnostic(first.file, first.line, first.column, first.severity, message + more, first.path))
    return sorted(kept)


SAFE_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")


def pair_file_names(pairs: list[tuple[str, str, str]], keep: Optional[dict] = None) -> list[str]:
    """The file name stem of each pair (program, mentor, mentee; names casefolded), unique in the
    roster and the same whatever the order of the rows, so sorting a roster renames no file.

    A pair named by a previous run (`keep`: its index) keeps that name, so its files and its
    calendar's events stay its own. Any other pair is named after its two names ('ann-lee-and-bo');
    where pairs would share a name, the first of them by program and names keeps it and the others
    add a short digest of who they are ('ann-lee-and-bo-3fa91c'); names without a letter or digit
    of the Latin alphabet give 'pair-' and that digest."""
    def digest(pair: tuple[str, str, str]) -> str:
        return hashlib.sha256("\0".join(pair).encode()).hexdigest()[:6]

    names: dict[tuple[str, str, str], str] = {}
    given: set[str] = set()  # the names of `names`, as a set: a roster may have thousands of pairs
    for pair in sorted(pairs):  # sorted: an index edited to give two pairs one name is read alike every time
        kept = (keep or {}).get(pair)
        if isinstance(kept, str) and SAFE_NAME.fullmatch(kept) and kept not in given:
            names[pair] = kept
            given.add(kept)
    wanted: dict[str, list[tuple[str, str, str]]] = {}
    for pair in pairs:
        if pair not in names:
            wanted.setdefault(file_stem(pair[1], pair[2]) or "pair", []).append(pair)
    taken = given | {stem for stem in wanted if stem != "pair"}
    for stem, sharing in sorted(wanted.items()):
        for rank, pair in enumerate(sorted(sharing)):
            if rank == 0 and stem != "pair" and stem not in given:
                name = stem
            else:
                name, number = f"{stem}-{digest(pair)}", 1
                while name in taken:  # a clash of digests, or with another pair's names: never in practice
                    number += 1
                    name = f"{stem}-{digest(pair)}-{number}"
                taken.add(name)
            names[pair] = name
            given.add(name)
    return [names[pair] for pair in pairs]


def _document(path: Path, stem: str, program: str, values: dict[str, Optional[Cell]], start: dt.date,
              line: int) -> tuple[Document, dict]:
    """The pair plan of one row as a parsed document: its data and where each value is in the CSV."""
    own: dict = {}
    positions = Positions()
    positions.values[()] = (line, 1)
    positions.values[("program",)] = positions.keys[("program",)] = (values["program"].line, values["program"].column)
    for key, place in PLACES.items():
        cell = values.get(key)
        if cell is None or not cell.text.strip():
            continue
        node = own
        for part in place[:-1]:
            node = node.setdefault(part, {})
        node[place[-1]] = start if key == "start" else cell_time(cell) if key == "time" else cell.text.strip()
        for depth in range(1, len(place) + 1):
            positions.values.setdefault(place[:depth], (cell.line, cell.column))
            positions.keys.setdefault(place[:depth], (cell.line, cell.column))
    data = {"mentorkit": 1, "id": stem, "program": program, **own}
    return Document(path, data, positions), own
