"""Read an office's roster file into sheets of raw cells: CSV, .xlsx and .xls, detected from the bytes."""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..errors import DomainError
from ..spreadsheets import FORMULA_QUOTED

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Sheet:
    """One sheet's cells as read: rows[0] is the row Excel numbers 1. `name` is empty for a CSV file."""

    name: str
    rows: list[list] = field(default_factory=list)
    text_only: bool = False  # every cell is already a str (CSV)


class RosterFileError(DomainError):
    """The file cannot be read at all (not a spreadsheet, damaged, unknown text encoding)."""


def detect_format(data: bytes, filename: str = "") -> str:
    """'xlsx', 'xls' or 'csv', from the content (offices rename files); the name only breaks ties."""
    if data.startswith(XLSX_MAGIC):
        return "xlsx"
    if data.startswith(XLS_MAGIC):
        return "xls"
    return "csv"


def decode_text(data: bytes) -> str:
    """UTF-8 with or without BOM, UTF-16 (Excel's "Unicode text"), else GB18030 (a superset of GBK)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise RosterFileError(
            _(
                "The file is neither a spreadsheet nor readable text. Save it from Excel as .xlsx and try again."
            )
        ) from None


def _delimiter(text: str) -> str:
    """The separator of the first line that has one (a title line above the header may have none)."""
    for line in text.splitlines()[:30]:
        counts = {d: line.count(d) for d in (",", "\t", ";")}
        best = max(counts, key=counts.get)
        if counts[best] and line.strip(",;\t "):
            return best
    return ","


def read_csv(data: bytes) -> list[Sheet]:
    text = decode_text(data)
    if "\x00" in text:
        raise RosterFileError(
            _(
                "The file is neither a spreadsheet nor readable text. Save it from Excel as .xlsx and try again."
            )
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        return [Sheet(name="", rows=list(reader), text_only=True)]
    except csv.Error:
        raise RosterFileError(_("The CSV file is damaged. Save it again from Excel and try again.")) from None


def _fill_merged(rows: list[list], merged) -> None:
    """A value merged across cells (a building down its rows) is the value of every cell in the range."""
    for (r0, c0), (r1, c1) in merged or ():
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        while len(rows) <= r1:
            rows.append([])
        for r in range(r0, r1 + 1):
            row = rows[r]
            if len(row) <= c1:
                row.extend([""] * (c1 + 1 - len(row)))
            for c in range(c0, c1 + 1):
                row[c] = value


def read_workbook_cells(data: bytes) -> list[Sheet]:
    """.xlsx and .xls through calamine (fast, and it reports merged ranges)."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            try:
                merged = sheet.merged_cell_ranges
            except Exception:  # some formats carry no merge information
                merged = None
            _fill_merged(rows, merged)
            sheets.append(Sheet(name=name, rows=rows))
        return sheets
    except RosterFileError:
        raise
    except Exception:  # calamine raises its own error types for damaged or encrypted files
        raise RosterFileError(
            _(
                "The spreadsheet cannot be opened: it may be damaged or password-protected. Save it again from Excel."
            )
        ) from None


def read_workbook(data: bytes, filename: str = "") -> list[Sheet]:
    if not data:
        raise RosterFileError(_("The file is empty."))
    kind = detect_format(data, filename)
    if kind == "csv":
        return read_csv(data)
    return read_workbook_cells(data)


def cell_text(value) -> str:
    """A cell as the text a person sees: 101.0 -> '101', True -> 'true', a date -> '2024-05-01'."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(round(value, 6))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)


def unquote(text: str) -> str:
    """Undo spreadsheets.neutralise: the apostrophe an export put before =, +, -, @, a tab or a CR (or before an
    apostrophe that precedes one of them) so that no spreadsheet runs the cell as a formula."""
    if text[:1] == "'" and text[1:2] in FORMULA_QUOTED:
        return text[1:]
    return text
