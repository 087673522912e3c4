"""The one spreadsheet writer: every file the app writes for an office (.xlsx, .csv) goes through here.

A text a person typed may start the way a spreadsheet starts a formula (`=HYPERLINK(...)`, `+86…`, `-`, `@`, a
tab or a carriage return: OWASP's "CSV injection"). Every such text cell gets a leading apostrophe and is stored
as a text cell, so no cell of ours ever runs; the roster importer takes the apostrophe off again
(`roster/reading.unquote`), so an export re-imports unchanged. Only text is touched: amounts stay numeric cells in
the money format and dates stay dates, so a sum or a filter in the office's spreadsheet works as before.

A new export (a dashboard, a list) builds its rows and hands them to `xlsx_bytes` or `csv_bytes`; it never opens
openpyxl or the csv module itself."""

import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The characters after which a leading apostrophe is ours (an apostrophe too: "'=x" as typed stays "'=x").
FORMULA_QUOTED = frozenset("=+-@\t\r'")
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")


def neutralise(value):
    """A text a spreadsheet would run as a formula gets a leading apostrophe; so does a text that already
    starts with an apostrophe before one of those, so that reading it back (unquote) gives the text as typed.
    Anything that is not text is returned as it is."""
    if isinstance(value, str) and (
        value.startswith(FORMULA_STARTS) or (value[:1] == "'" and value[1:2] in FORMULA_QUOTED)
    ):
        return "'" + value
    return value


def _plain_datetime(value: datetime.datetime) -> datetime.datetime:
    """Spreadsheets know no time zones: an aware time is written as Asia/Shanghai wall time, to the second."""
    if timezone.is_aware(value):
        value = timezone.localtime(value).replace(tzinfo=None)
    return value.replace(microsecond=0)


@dataclass
class Sheet:
    """One sheet: its rows (the header row first) and which columns (0-based) hold amounts of money."""

    title: str
    rows: Iterable[Sequence]
    money: frozenset[int] = frozenset()


def xlsx_bytes(*sheets: Sheet) -> bytes:
    """An .xlsx file of the sheets, written as it streams (a roster of 100,000 rows stays small in memory)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    for sheet in sheets:
        title = _SHEET_TITLE_FORBIDDEN.sub(" ", sheet.title)[:31].strip() or "sheet"
        target = workbook.create_sheet(title=title)
        for row in sheet.rows:
            cells = []
            for index, value in enumerate(row):
                if isinstance(value, datetime.datetime):
                    value = _plain_datetime(value)
                cell = WriteOnlyCell(target, value=neutralise(value))
                if isinstance(value, str):
                    cell.data_type = "s"  # text, whatever it looks like
                elif isinstance(value, datetime.datetime):
                    cell.number_format = DATETIME_FORMAT
                elif isinstance(value, datetime.date):
                    cell.number_format = DATE_FORMAT
                elif index in sheet.money and isinstance(value, Decimal | int | float):
                    cell.number_format = MONEY_FORMAT
                cells.append(cell)
            target.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, datetime.datetime):
        return _plain_datetime(value).isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(neutralise(value))


def csv_bytes(rows: Iterable[Sequence]) -> bytes:
    """UTF-8 with a BOM, so that Excel on a Chinese Windows opens it without garbling; CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
