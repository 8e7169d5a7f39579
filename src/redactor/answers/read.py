"""Reading an application-form export (XLSX, XLS through LibreOffice, CSV) into a plain table of values.

Only the values of the first visible sheet are read: comments, notes, other sheets, defined names,
document properties, headers and footers, images, data validations and external links are never read,
so nothing from them can reach the overview. Formula cells are read as their last computed value only.
Hidden columns are dropped (the export's author hid them from view) and reported; hidden rows are read
like any other row (they are applications) and reported.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from redactor.errors import CorruptDocumentError, EncryptedDocumentError, LimitExceededError, UnsupportedFormatError

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e"
MAX_ROWS = 100_000
MAX_COLUMNS = 500
MAX_CELL_CHARS = 32_767  # Excel's own limit
_FORMULA_RE = re.compile(rb"<(?:\w+:)?f[ >/]")

Value = str | int | float | None


@dataclass(frozen=True, slots=True)
class ExportTable:
    """The export as read: header texts, rows of values (strings, numbers or None), and notes.

    ``notes`` are Danish-first messages for the HR office about what was left out; no cell values.
    """

    headers: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]
    source_format: str  # "xlsx" | "xls" | "csv"
    notes: tuple[str, ...] = ()


def read_export(path: str | Path, *, timeout: float = 120) -> ExportTable:
    """Read an export file by its content.

    Args:
        path: an .xlsx, .xls or .csv file.
        timeout: seconds LibreOffice may take to convert an .xls file.
    Returns:
        The ExportTable.
    Raises:
        EncryptedDocumentError: (R202) a password-protected workbook.
        DependencyMissingError: (R401) an .xls file and LibreOffice is not installed.
        CorruptDocumentError: (R203) unreadable content.
        UnsupportedFormatError: (R201) neither a spreadsheet nor a CSV text.
        LimitExceededError: (R204) more rows or columns than the limits.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError:
        raise UnsupportedFormatError("the export file cannot be read") from None
    return read_export_bytes(data, timeout=timeout)


def read_export_bytes(data: bytes, *, timeout: float = 120) -> ExportTable:
    """Read an export from its bytes (see :func:`read_export`)."""
    if not data:
        raise UnsupportedFormatError("the export file is empty")
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED in data:
            raise EncryptedDocumentError("the export workbook is password protected; save it without a password")
        from redactor.convert import xls_to_xlsx

        table = _read_xlsx(xls_to_xlsx(data, timeout=timeout))
        return ExportTable(table.headers, table.rows, "xls", table.notes)
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnsupportedFormatError("the export is neither a spreadsheet (XLSX, XLS) nor a CSV text file")
    return _read_csv(data)


# ---------------------------------------------------------------------------------------------- XLSX


def _read_xlsx(data: bytes) -> ExportTable:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if "xl/workbook.xml" not in zf.namelist():
                raise UnsupportedFormatError("the ZIP file is not an Excel workbook")
        # data_only: a formula cell gives its cached value, never the formula (which may point at identity cells)
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=False, keep_links=False,
                                    keep_vba=False, rich_text=False)
    except UnsupportedFormatError:
        raise
    except Exception as exc:  # any parser failure on untrusted input: refused, never half-read
        raise CorruptDocumentError(f"the export workbook cannot be read ({type(exc).__name__})") from None
    notes: list[str] = []
    visible = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
    if not visible:
        raise CorruptDocumentError("the export workbook has no visible sheet")
    ws = wb.active if wb.active in visible else visible[0]
    if len(wb.worksheets) > 1:
        notes.append("kun det første synlige ark er læst; de andre ark er udeladt "
                     "(only the first visible sheet was read; other sheets were left out)")
    if ws.max_row > MAX_ROWS + 1 or ws.max_column > MAX_COLUMNS:
        raise LimitExceededError(f"the export has {ws.max_row} rows and {ws.max_column} columns; the limits are "
                                 f"{MAX_ROWS} rows and {MAX_COLUMNS} columns")
    from openpyxl.utils import get_column_letter

    hidden_cols = set()
    for col in range(1, ws.max_column + 1):
        dim = ws.column_dimensions.get(get_column_letter(col))
        if dim is not None and dim.hidden:
            hidden_cols.add(col - 1)
    # column dimensions may cover a range (min..max) under one letter
    for dim in ws.column_dimensions.values():
        if dim.hidden and dim.min and dim.max:
            hidden_cols.update(range(dim.min - 1, min(dim.max, ws.max_column)))
    hidden_rows = {idx for idx, dim in ws.row_dimensions.items() if dim.hidden}
    raw: list[list[Value]] = []
    for row in ws.iter_rows():
        values: list[Value] = []
        for cell in row:
            values.append(_cell_value(cell.value))
        raw.append(values)
    # formulas: counted from the formula view (values above are the cached results)
    formulas = _count_formulas(data)
    if formulas:
        notes.append(f"{formulas} formelcelle(r) er læst som deres værdi; formlerne er ikke overført "
                     f"({formulas} formula cell(s) read as their value only)")
    if hidden_cols:
        n = len(hidden_cols)
        notes.append(f"{n} skjult(e) kolonne(r) er udeladt ({n} hidden column(s) left out)")
    header_at = next((i for i, r in enumerate(raw) if any(v not in (None, "") for v in r)), None)
    if header_at is None:
        return ExportTable((), (), "xlsx", tuple(notes))
    if any((i + 1) in hidden_rows for i in range(header_at + 1, len(raw))):
        n = sum(1 for i in range(header_at + 1, len(raw)) if (i + 1) in hidden_rows)
        notes.append(f"{n} skjult(e) række(r) er taget med og anonymiseret ({n} hidden row(s) included and anonymised)")
    keep = [c for c in range(max(len(r) for r in raw)) if c not in hidden_cols]
    table = [[r[c] if c < len(r) else None for c in keep] for r in raw[header_at:]]
    return _finish(table, "xlsx", notes)


def _count_formulas(data: bytes) -> int:
    """How many formula cells the first sheets hold (their values are read, never the formulas)."""
    count = 0
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                with zf.open(name) as fh:
                    count += len(_FORMULA_RE.findall(fh.read(200_000_000)))
    return count


def _cell_value(value: object) -> Value:
    if value is None:
        return None
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date | time):
        return value.isoformat()
    text = str(value)
    if text.startswith("#") and text.endswith(("!", "?", "/0", "N/A")):
        return None  # an Excel error value (#REF!, #NAME?, #DIV/0!, #N/A)
    return text[:MAX_CELL_CHARS]


# ---------------------------------------------------------------------------------------------- CSV


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a CSV export: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252 (Danish Excel).

    Returns:
        The text and the encoding used.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace"), "cp1252"


def sniff_separator(text: str) -> str:
    """The field separator of a CSV text: ``;``, ``,`` or tab, whichever splits the first lines most evenly."""
    lines = [ln for ln in text.splitlines()[:50] if ln.strip()]
    if not lines:
        return ";"
    best, best_score = ";", -1.0
    for sep in (";", ",", "\t", "|"):
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=sep)]
        except csv.Error:
            continue
        if not counts or counts[0] < 2:
            continue
        same = sum(1 for c in counts if c == counts[0]) / len(counts)
        score = same * 1000 + counts[0]
        if score > best_score:
            best, best_score = sep, score
    return best


def _read_csv(data: bytes) -> ExportTable:
    text, encoding = decode_text(data)
    sep = sniff_separator(text)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    except csv.Error as exc:
        raise CorruptDocumentError(f"the CSV export cannot be read ({exc})") from None
    if len(rows) > MAX_ROWS + 1:
        raise LimitExceededError(f"the export has {len(rows)} rows; the limit is {MAX_ROWS}")
    notes = []
    if encoding == "cp1252":
        notes.append("CSV-filen er læst som Windows-1252 (the CSV file was read as Windows-1252)")
    table: list[list[Value]] = [[(c[:MAX_CELL_CHARS] if c.strip() else None) for c in r] for r in rows]
    while table and not any(v is not None for v in table[0]):
        table.pop(0)
    if not table:
        return ExportTable((), (), "csv", tuple(notes))
    return _finish(table, "csv", notes)


def _header_row(table: list[list[Value]]) -> int:
    """The header's row: the first of the first rows that fills at least half of the table's width (title
    lines above a header, "Ansøgere, stilling 123", fill one cell)."""
    def filled(row: list[Value]) -> int:
        return sum(1 for v in row if v not in (None, ""))

    width = max(filled(r) for r in table[:200])
    for i, row in enumerate(table[:20]):
        if filled(row) >= max(2, (width + 1) // 2):
            return i
    return 0


def _finish(table: list[list[Value]], fmt: str, notes: list[str]) -> ExportTable:
    width = max(len(r) for r in table)
    if width > MAX_COLUMNS:
        raise LimitExceededError(f"the export has {width} columns; the limit is {MAX_COLUMNS}")
    start = _header_row(table)
    if start:
        notes.append(f"{start} linje(r) over overskriftsrækken er udeladt ({start} line(s) above the header row "
                     f"left out)")
        table = table[start:]
    header = [("" if v is None else str(v)).strip() for v in table[0]] + [""] * (width - len(table[0]))
    body = []
    for r in table[1:]:
        if not any(v not in (None, "") for v in r):
            continue
        body.append(tuple(r) + (None,) * (width - len(r)))
    # trailing columns with neither a header nor a value are dropped
    while header and not header[-1] and all(r[len(header) - 1] in (None, "") for r in body):
        header.pop()
        body = [r[:-1] for r in body]
    return ExportTable(tuple(header), tuple(body), fmt, tuple(notes))
