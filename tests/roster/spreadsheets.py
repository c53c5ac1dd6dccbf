"""Rosters as spreadsheet programs save them, made by real libraries: openpyxl writes .xlsx as Excel
does (typed date and time cells), odfpy writes .ods as LibreOffice does, and Python's codecs write
Excel's CSV exports byte for byte (UTF-16 "Unicode text" with its byte order mark and tabs; a
European "CSV" with semicolons, its `sep=;` line, day-first dates and times with seconds)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Sequence

Rows = Sequence[Sequence[Any]]


def write_xlsx(path: Path, sheets: dict[str, Rows]) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, dt.time):
                    cell.number_format = "hh:mm"
                elif isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
    workbook.save(path)
    return path


def write_ods(path: Path, sheets: dict[str, Rows]) -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    for name, rows in sheets.items():
        table = Table(name=name)
        for row in rows:
            table_row = TableRow()
            for value in row:
                if isinstance(value, dt.time):
                    cell = TableCell(valuetype="time", timevalue=f"PT{value.hour:02d}H{value.minute:02d}M00S")
                    text = value.strftime("%H:%M")
                elif isinstance(value, dt.date):
                    cell = TableCell(valuetype="date", datevalue=value.isoformat())
                    text = value.isoformat()
                elif isinstance(value, (int, float)):
                    cell, text = TableCell(valuetype="float", value=value), str(value)
                else:
                    cell, text = TableCell(valuetype="string"), "" if value is None else str(value)
                if text:
                    cell.addElement(P(text=text))
                table_row.addElement(cell)
            table.addElement(table_row)
        document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


def csv_text(rows: Rows, separator: str, *, date_format: str = "%Y-%m-%d", seconds: bool = False) -> str:
    """Rows as a spreadsheet exports them: dates in the locale's way, fields quoted when they hold
    the separator, a quote or a line break, CRLF line ends."""
    def text(value: Any) -> str:
        if isinstance(value, dt.time):
            return value.strftime("%H:%M:%S" if seconds else "%H:%M")
        if isinstance(value, dt.date):
            return value.strftime(date_format)
        value = "" if value is None else str(value)
        if any(c in value for c in (separator, '"', "\n", "\r")):
            return '"' + value.replace('"', '""') + '"'
        return value

    return "".join(separator.join(text(v) for v in row) + "\r\n" for row in rows)


def write_unicode_text(path: Path, rows: Rows) -> Path:
    """Excel's 'Unicode Text (*.txt)': UTF-16 little-endian with its byte order mark, tab-separated."""
    path.write_bytes(csv_text(rows, "\t").encode("utf-16"))
    return path


def write_european_csv(path: Path, rows: Rows, *, sep_line: bool = True) -> Path:
    """Excel's 'CSV UTF-8' where the list separator is ';' (most of Europe): the byte order mark,
    a `sep=;` line when the workbook asked for one, day-first dates, times with seconds."""
    text = ("sep=;\r\n" if sep_line else "") + csv_text(rows, ";", date_format="%d.%m.%Y", seconds=True)
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path
