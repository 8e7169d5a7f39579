"""Writing the overview: a fresh XLSX (one sheet, values only) and a CSV that is safe to open in Excel."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from redactor.answers.read import Value

# A cell starting with one of these is a formula (or DDE payload) to Excel and LibreOffice.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = frozenset("0123456789.,")
_ILLEGAL_XML = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32)], None)


def neutralise(value: Value) -> str:
    """A cell as CSV text that no spreadsheet runs as a formula: a leading ``'`` before ``= + - @ tab CR``.

    Plain numbers ("-3", "+45") are numbers, not formulas, and stay as they are.
    """
    if value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if text.startswith(_FORMULA_STARTS):
        body = text[1:]
        if text[0] in "+-" and body and set(body) <= _PLAIN_NUMBER and body[0].isdigit():
            return text
        return "'" + text
    return text


def csv_bytes(headers: Sequence[str], rows: Sequence[Sequence[Value]], *, separator: str = ";") -> bytes:
    """The overview CSV: UTF-8 with BOM, ``separator`` between fields, every cell neutralised.

    Raises:
        ValueError: a separator that is not one character.
    """
    if len(separator) != 1 or separator in "\"'\r\n":
        raise ValueError("the CSV separator must be one character other than quotes and line breaks")
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=separator, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def xlsx_bytes(headers: Sequence[str], rows: Sequence[Sequence[Value]], *, sheet_title: str) -> bytes:
    """The overview workbook, made from scratch: one sheet of values, no formulas, a neutral core property set.

    Strings are written as strings (never as formulas, whatever they start with); numbers as numbers.
    """
    from datetime import UTC, datetime

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet_title[:31])
    bold = Font(bold=True)

    def cell(value: Value, *, header: bool = False) -> WriteOnlyCell:
        if isinstance(value, str):
            c = WriteOnlyCell(ws, value=None)
            c.value = value.translate(_ILLEGAL_XML)
            c.data_type = "s"  # never "f", even for "=..."
        else:
            c = WriteOnlyCell(ws, value=value)
        if header:
            c.font = bold
        return c

    ws.append([cell(h, header=True) for h in headers])
    for row in rows:
        ws.append([cell(v) for v in row])
    epoch = datetime(2000, 1, 1, tzinfo=UTC).replace(tzinfo=None)
    props = wb.properties
    props.creator = "redactor"
    props.lastModifiedBy = "redactor"
    props.title = sheet_title
    props.created = epoch  # no time of the run
    props.modified = epoch
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
