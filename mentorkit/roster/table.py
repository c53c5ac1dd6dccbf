"""Reading a roster: a CSV file or a spreadsheet as people export them, every cell with its place.

A roster comes as an HR system or a spreadsheet program writes it:
- a spreadsheet (.xlsx, .xlsm, .xls, .ods), read with python-calamine: the first sheet, or the one
  named; its date and time cells come as dates and times, and a place is a cell (`Pairs!C7`);
- a CSV file, read with Python's `csv` module: UTF-8 with or without the byte order mark Excel
  writes, UTF-16 with its byte order mark (Excel's "Unicode text", tab-separated), and otherwise
  the code page charset-normalizer finds (Excel's plain "CSV" on Windows is cp1252), which is said
  as a warning at the first character that is not UTF-8. The separator is the one Excel's `sep=;`
  first line names, else the one `csv.Sniffer` finds in the header line (',', ';' or tab). A
  place is a line and a column as an editor shows them (a quoted field's line breaks count).
What the file is comes from its first bytes, not from its name: an .xlsx saved as "roster.csv"
is still read as a spreadsheet.
"""
from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import difflib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Union

from ..diagnostics import Diagnostic, MentorkitError, display_path

SEPARATORS = ",;\t"
MAX_BYTES = 50 * 1024 * 1024  # a roster of 100,000 pairs is a few MB; anything bigger is not one
MAX_CELLS = 2_000_000  # a spreadsheet's cells: 100,000 rows of 20 columns
ZIP, OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xlsx/.ods (zip), .xls (OLE2)
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
# Byte order marks, longest first (UTF-32's little-endian mark starts with UTF-16's).
BOMS = ((codecs.BOM_UTF32_LE, "utf-32", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
        (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"), (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
        (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"))
_SEP_LINE = re.compile(r'"?sep=(.)"?[,;\t]*')

Value = Union[str, int, float, bool, dt.date, dt.datetime, dt.time, dt.timedelta, None]


class RosterError(MentorkitError):
    """The roster cannot be used: located problems in the file (or its rows)."""


@dataclass(frozen=True)
class Cell:
    """One field: its text, where it is (line and column; in a spreadsheet its row and column),
    and, from a spreadsheet, the typed value of the cell (a date, a time, a number)."""
    text: str
    line: int
    column: int
    value: Value = field(default=None, compare=False)


@dataclass
class Table:
    """The header and the records of a roster (records of only empty fields left out)."""
    path: Path
    header: list[Cell]
    records: list[list[Cell]]
    separator: str = ","  # a CSV file's; "" for a spreadsheet
    sheet: Optional[str] = None  # a spreadsheet's sheet: places are cells of it ('Pairs!C7')
    encoding: str = "UTF-8"
    diagnostics: list[Diagnostic] = field(default_factory=list)  # warnings: an encoding guessed

    def place(self, line: int, column: int) -> str:
        """'Pairs!C7' in a spreadsheet, '' in a CSV file (whose places are a line and a column)."""
        return f"{sheet_reference(self.sheet)}!{column_letters(column)}{line}" if self.sheet is not None else ""


def read_table(path: Path, sheet: Optional[str] = None, encoding: Optional[str] = None) -> Table:
    """The roster at `path`, a CSV file or a spreadsheet (`sheet`: which one; default the first).
    `encoding`: a CSV file's, when the guess is wrong. Raises RosterError (located) when it cannot
    be read as one."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise RosterError.at(path, f"is too big for a roster ({size:,} bytes; at most {MAX_BYTES:,})")
        data = path.read_bytes()
    except OSError as exc:
        raise RosterError.at(path, f"cannot read: {exc.strerror or exc}") from None
    if data.startswith((ZIP, OLE)) or (not data and path.suffix.lower() in SPREADSHEET_SUFFIXES):
        table = read_sheet(path, data, sheet)
    else:
        if sheet is not None:
            raise RosterError.at(path, f"is a CSV file, which has no sheets: leave out --sheet {sheet}")
        table = read_csv(path, data, encoding)
    table.records = [r for r in table.records if any(cell.text.strip() for cell in r)]
    if not table.header or not any(c.text.strip() for c in table.header):
        where = f" ({table.sheet})" if table.sheet is not None else ""
        raise RosterError.at(path, f"the roster is empty{where}; its first line names the columns, e.g. "
                                   "program,mentor,mentee,start")
    return table


# ---------------------------------------------------------------------------------- CSV


def read_csv(path: Path, data: bytes, encoding: Optional[str] = None) -> Table:
    name = display_path(path)
    text, encoding, warnings = decode(data, name, encoding)
    lines = text.splitlines(keepends=True)
    first_line, separator = 1, None
    if lines and _SEP_LINE.fullmatch(lines[0].rstrip("\r\n")):  # Excel's "sep=;" line: not a row
        separator = _SEP_LINE.fullmatch(lines[0].rstrip("\r\n")).group(1)
        text = text[len(lines[0]):]
        first_line = 2
    if separator is None:
        separator = sniff_separator(text)
    records = [r for r in parse(text, separator, name, first_line) if any(cell.text.strip() for cell in r)]
    header = records[0] if records else []
    return Table(path, header, records[1:], separator, encoding=encoding, diagnostics=warnings)


def decode(data: bytes, name: str, encoding: Optional[str] = None) -> tuple[str, str, list[Diagnostic]]:
    """The text of a roster file, the name of its encoding, and a warning when that was guessed.
    UTF (a byte order mark says which; without one UTF-8) is read as it is; other bytes in the
    code page charset-normalizer finds, said at the first byte that is not UTF-8. `encoding`
    given: read in it, whatever the file looks like."""
    if encoding is not None:
        try:
            return data.decode(codecs.lookup(encoding).name).removeprefix("\ufeff"), encoding, []
        except LookupError:
            raise RosterError.at(name, f"'{encoding}' is not an encoding Python knows (e.g. cp1252, cp1250, "
                                       "utf-16)") from None
        except UnicodeDecodeError as exc:
            line, column = _utf8_place(data, exc.start)
            raise RosterError([Diagnostic(name, line, column, "error", f"the file is not {encoding} "
                                          f"(byte 0x{data[exc.start]:02X} here)")]) from None
    for bom, codec, label in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec).removeprefix("\ufeff"), label, []
            except UnicodeDecodeError as exc:
                raise _not_text(data, exc, name, f"it starts as {label} but is not") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc
    else:
        if "\x00" in text:  # UTF-16 that lost its byte order mark: every other byte is 0
            line, column = _utf8_place(data, data.index(b"\x00"))
            raise RosterError([Diagnostic(name, line, column, "error", "the file holds NUL bytes: it looks like "
                                          "UTF-16 without its byte order mark; give --encoding utf-16-le, or save "
                                          "the roster as UTF-8 (in Excel: Save As, 'CSV UTF-8')")])
        return text, "UTF-8", []
    encoding, text = guess_code_page(data)
    if encoding is None:
        raise _not_text(data, first_bad, name, "it is not UTF-8 and no code page reads it either") from None
    line, column = _utf8_place(data, first_bad.start)
    row = text.splitlines()[line - 1] if line <= len(text.splitlines()) else ""
    word = re.findall(r"[^,;\t\"]*", row[column - 1:])[0]
    word = (re.findall(r"[^,;\t\"]*$", row[:column - 1])[0] + word).strip()
    warning = Diagnostic(name, line, column, "warning",
                         f"the file is not UTF-8 (byte 0x{data[first_bad.start]:02X} here): read as {encoding}"
                         f"{_LANGUAGES.get(encoding, '')}, where it reads '{word}'; if names read wrong, give the "
                         "encoding (--encoding cp1250) or save the roster as UTF-8 (in Excel: Save As, 'CSV UTF-8')")
    return text, encoding, [warning]


# The code pages spreadsheets save CSV in (Windows' "ANSI" code page of each region, and older
# ISO and Mac ones). A guess among them: names are too short for any detector to be sure, so the
# guess is said, with a name as it reads.
CODE_PAGES = ("cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257", "latin_1", "iso8859_15", "iso8859_2",
              "mac_roman", "cp850")


def guess_code_page(data: bytes, encoding: Optional[str] = None) -> tuple[Optional[str], str]:
    """The code page of text that is not UTF (charset-normalizer's guess among `CODE_PAGES`; where
    several read it equally well, cp1252, what Excel writes in most of the world) and the text."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data, cp_isolation=list(CODE_PAGES)))
    if not matches:
        return None, ""
    least = min(m.chaos for m in matches)
    calm = [m for m in matches if m.chaos <= least + 0.01]
    best = next((m for m in calm if "cp1252" in m.could_be_from_charset), calm[0])
    name = "cp1252" if "cp1252" in best.could_be_from_charset else best.encoding
    return name.replace("_", "-"), data.decode(name)


_LANGUAGES = {"cp1252": " (Windows Western European, Excel's plain 'CSV' on Windows)",
              "cp1250": " (Windows Central European)", "cp1251": " (Windows Cyrillic)",
              "latin-1": " (ISO 8859-1)", "mac-roman": " (Mac Roman)"}


def _utf8_place(data: bytes, at: int) -> tuple[int, int]:
    """Line and column (characters, as an editor shows them) of byte `at`."""
    line_start = data.rfind(b"\n", 0, at) + 1
    return data.count(b"\n", 0, at) + 1, len(data[line_start:at].decode("utf-8", "replace")) + 1


def _not_text(data: bytes, exc: UnicodeDecodeError, name: str, why: str) -> RosterError:
    line, column = _utf8_place(data, exc.start) if exc.encoding.startswith("utf-8") else (1, 1)
    return RosterError([Diagnostic(name, line, column, "error",
                                   f"the file is not text mentorkit can read ({why}); save it as UTF-8 "
                                   "(in Excel: Save As, 'CSV UTF-8'), or give the spreadsheet itself (.xlsx, .ods)")])


def sniff_separator(text: str) -> str:
    """The separator of the header line, as `csv.Sniffer` finds it among ',', ';' and tab (','
    when the header has one column)."""
    header = text.splitlines()[0] if text else ""
    try:
        return csv.Sniffer().sniff(header, delimiters=SEPARATORS).delimiter
    except csv.Error:
        return ","


@contextlib.contextmanager
def _field_limit(limit: int):
    """csv refuses a field over 128 KB; a roster's cell is bounded later, with its place."""
    before = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(before)


def parse(text: str, separator: str, name: str, first_line: int = 1) -> list[list[Cell]]:
    """The records of CSV text (RFC 4180, as Excel writes and reads it: quoted fields may hold the
    separator, line breaks and doubled quotes), with the line and column of every field."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, quotechar='"', doublequote=True,
                        strict=False)
    raw_lines = text.splitlines(keepends=True)
    records, done = [], 0
    with _field_limit(MAX_BYTES):
        for values in reader:
            start, done = done, reader.line_num
            cells, closed = _placed(values, "".join(raw_lines[start:done]), separator, first_line + start)
            if not closed:  # csv reads an unclosed quote to the end of the file without a word
                raise RosterError([Diagnostic(name, cells[-1].line, cells[-1].column, "error",
                                              "this quoted field never ends: a closing '\"' is missing")])
            records.append(cells)
    return records


def _placed(values: list[str], raw: str, separator: str, line: int) -> tuple[list[Cell], bool]:
    """Each value with the line and column where its field starts in `raw` (the record's text, as
    csv read it), and whether its last quoted field was closed. csv gives the values; this only
    walks past each field to find where the next one starts."""
    cells, at, closed = [], 0, True
    for value in values:
        cells.append(Cell(value.replace("\r\n", "\n").replace("\r", "\n"), *_line_column(raw, at, line)))
        if raw.startswith('"', at):  # past the quoted part: its doubled quotes, up to the closing one
            at, closed = at + 1, False
            while at < len(raw):
                if raw.startswith('""', at):
                    at += 2
                    continue
                at += 1
                if raw[at - 1] == '"':
                    closed = True
                    break
        next_separator = raw.find(separator, at)  # past any text after the quote (kept, as Excel does)
        at = next_separator + 1 if next_separator >= 0 else len(raw)
    return cells, closed


def _line_column(raw: str, at: int, line: int) -> tuple[int, int]:
    before = raw[:at].replace("\r\n", "\n").replace("\r", "\n")
    return line + before.count("\n"), len(before) - (before.rfind("\n") + 1) + 1


# ---------------------------------------------------------------------------------- spreadsheets


def read_sheet(path: Path, data: bytes, sheet: Optional[str]) -> Table:
    """The first sheet of a spreadsheet, or the one named, with the typed value of every cell."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = [s.name for s in workbook.sheets_metadata if str(s.typ).endswith("WorkSheet")] or workbook.sheet_names
    except Exception as exc:  # calamine says what is wrong with a damaged file, in its own words
        raise RosterError.at(path, f"cannot be read as a spreadsheet: {_one_line(exc)}") from None
    if not names:
        raise RosterError.at(path, "has no sheet")
    if sheet is None:
        sheet = names[0]
    elif sheet not in names:
        close = difflib.get_close_matches(sheet, names, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise RosterError.at(path, f"has no sheet '{sheet}' ({hint}its sheets: {', '.join(names)})")
    try:
        found = workbook.get_sheet_by_name(sheet)
        if found.height * found.width > MAX_CELLS:
            raise RosterError.at(path, f"sheet {sheet} is too big for a roster ({found.height:,} rows of "
                                       f"{found.width:,} columns)")
        rows = found.to_python(skip_empty_area=True)
        top, left = found.start or (0, 0)
    except RosterError:
        raise
    except Exception as exc:
        raise RosterError.at(path, f"sheet {sheet} cannot be read: {_one_line(exc)}") from None
    records = [[Cell(cell_text(value), top + r + 1, left + c + 1, value) for c, value in enumerate(row)]
               for r, row in enumerate(rows)]
    while records and not any(cell.text.strip() for cell in records[0]):
        records.pop(0)
    header = records[0] if records else []
    return Table(path, header, records[1:], "", sheet=sheet, encoding="")


def cell_text(value: Any) -> str:
    """A cell's value as text: numbers without a needless '.0', dates and times as ISO writes them."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes") if value.time() != dt.time() else value.date().isoformat()
    if isinstance(value, dt.time):
        return value.isoformat(timespec="minutes" if not value.second else "seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def column_letters(number: int) -> str:
    """A spreadsheet's name of column `number` (1-based): 1 -> 'A', 28 -> 'AB'."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def sheet_reference(sheet: str) -> str:
    """A sheet's name as a cell reference writes it: 'Pairs', or quoted when it holds more than
    letters and digits ('Cohort 2027'!A1)."""
    return sheet if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", sheet) else "'" + sheet.replace("'", "''") + "'"


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:300] or type(exc).__name__
