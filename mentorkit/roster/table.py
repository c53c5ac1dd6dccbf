"""Reading a roster: a CSV file as spreadsheets export it, every field with its line and column.

Spreadsheets write CSV in more than one way: Excel on Windows starts UTF-8 files with a byte order
mark, European versions separate fields with ';', and a quoted field may hold line breaks. The
separator is taken from the header line (the one of ',', ';' and tab it uses most). A file that
is not UTF-8 is refused at its first bad byte, saying which encoding it looks like.
Line and column are those an editor shows (a quoted field's line breaks count), so a problem in
a value is reported where it is written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, MentorkitError, display_path

BOM = "\ufeff"
SEPARATORS = (",", ";", "\t")
MAX_BYTES = 50 * 1024 * 1024  # a roster of 100,000 pairs is a few MB; anything bigger is not one


class RosterError(MentorkitError):
    """The roster cannot be used: located problems in the CSV file (or its rows)."""


@dataclass(frozen=True)
class Cell:
    text: str
    line: int
    column: int


@dataclass
class Table:
    """The header and the records of a CSV file (records of only empty fields left out)."""
    path: Path
    header: list[Cell]
    records: list[list[Cell]]
    separator: str


def read_table(path: Path) -> Table:
    """The CSV file at `path`; raises RosterError (located) when it cannot be read as one."""
    path = Path(path)
    name = display_path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise RosterError.at(path, f"is too big for a roster ({path.stat().st_size:,} bytes; at most {MAX_BYTES:,})")
        data = path.read_bytes()
    except OSError as exc:
        raise RosterError.at(path, f"cannot read: {exc.strerror or exc}") from None
    text = decode(data, name)
    if text.startswith(BOM):
        text = text[1:]
    separator = sniff_separator(text)
    records = parse(text, separator, name)
    records = [r for r in records if any(cell.text.strip() for cell in r)]
    if not records:
        raise RosterError.at(path, "the roster is empty; its first line names the columns, e.g. "
                                   "program,mentor,mentee,start")
    return Table(path, records[0], records[1:], separator)


def decode(data: bytes, name: str) -> str:
    """The text of a UTF-8 file; raises RosterError at the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = exc.start
        line_start = data.rfind(b"\n", 0, start) + 1
        line = data.count(b"\n", 0, start) + 1
        column = len(data[line_start:start].decode("utf-8", "replace")) + 1
        guess, example = guess_encoding(data, start)
        raise RosterError([Diagnostic(name, line, column, "error",
                                      f"the file is not UTF-8 (byte 0x{data[start]:02X} here); it looks like {guess}"
                                      f"{example}. Save it as UTF-8 (in Excel: Save As, 'CSV UTF-8'), or convert "
                                      "it, e.g. iconv -f cp1252 -t utf-8")]) from None


_CP1252_ONLY = set(range(0x80, 0xA0)) - {0x81, 0x8D, 0x8F, 0x90, 0x9D}  # printable in cp1252, controls in latin-1


def guess_encoding(data: bytes, at: int) -> tuple[str, str]:
    """Which encoding a file that is not UTF-8 looks like, and what the byte at `at` would be in it."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[:200].count(b"\x00") > 10:
        return "UTF-16 (Excel's 'Unicode Text')", ""
    high = {b for b in data if b >= 0x80}
    if high & _CP1252_ONLY:
        encoding, label = "cp1252", "cp1252 (Windows Western European, Excel's plain 'CSV' on Windows)"
    else:
        encoding, label = "latin-1", "latin-1 (ISO 8859-1) or cp1252"
    character = bytes([data[at]]).decode(encoding, "replace")
    return label, f", where it is '{character}'" if character.isprintable() else ""


def sniff_separator(text: str) -> str:
    """The separator of the header line: the one of ',', ';' and tab it holds most (',' if none)."""
    header = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    header = re.sub(r'"[^"]*"', "", header)  # a quoted column name may hold any of them
    counts = {sep: header.count(sep) for sep in SEPARATORS}
    best = max(SEPARATORS, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def parse(text: str, separator: str, name: str) -> list[list[Cell]]:
    """RFC 4180 records with the position of every field. Quoted fields may hold separators, line
    breaks and doubled quotes; text after a closing quote is kept (as spreadsheets read it)."""
    plain = re.compile(f'[^{re.escape(separator)}\r\n]*')
    records: list[list[Cell]] = []
    record: list[Cell] = []
    i, n, line, column = 0, len(text), 1, 1
    if n == 0:
        return records
    while True:
        start_line, start_column = line, column
        if i < n and text[i] == '"':
            parts = []
            i += 1
            column += 1
            while True:
                if i >= n:
                    raise RosterError([Diagnostic(name, start_line, start_column, "error",
                                                  "this quoted field never ends: a closing '\"' is missing")])
                ch = text[i]
                if ch == '"':
                    if i + 1 < n and text[i + 1] == '"':
                        parts.append('"')
                        i += 2
                        column += 2
                        continue
                    i += 1
                    column += 1
                    break
                if ch in "\r\n":
                    i += 2 if text.startswith("\r\n", i) else 1
                    parts.append("\n")
                    line += 1
                    column = 1
                    continue
                parts.append(ch)
                i += 1
                column += 1
            rest = plain.match(text, i).group()
            parts.append(rest)
            i += len(rest)
            column += len(rest)
            value = "".join(parts)
        else:
            value = plain.match(text, i).group()
            i += len(value)
            column += len(value)
        record.append(Cell(value, start_line, start_column))
        if i < n and text[i] == separator:
            i += 1
            column += 1
            continue
        records.append(record)
        record = []
        if i >= n:
            break
        i += 2 if text.startswith("\r\n", i) else 1
        line += 1
        column = 1
        if i >= n:
            break
    return records
