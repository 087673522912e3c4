"""Roster files built the way offices make them, for the roster tests (no fixtures on disk)."""

import csv
import io

import openpyxl
import xlwt

from communities.roster.columns import EXPORT_HEADERS_ZH

HEADER = list(EXPORT_HEADERS_ZH)


def csv_bytes(rows: list[list], encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cell_range in (merges or {}).get(name, []):
            sheet.merge_cells(cell_range)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xls_bytes(sheets: dict[str, list[list]], merges: dict[str, list[tuple]] | None = None) -> bytes:
    """merges: (first row, last row, first col, last col), 0-based, value taken from the top-left cell."""
    workbook = xlwt.Workbook(encoding="utf-8")
    for name, rows in sheets.items():
        sheet = workbook.add_sheet(name)
        merged = {(r0, c0): (r1, c1) for r0, r1, c0, c1 in (merges or {}).get(name, [])}
        covered = {
            (r, c)
            for (r0, c0), (r1, c1) in merged.items()
            for r in range(r0, r1 + 1)
            for c in range(c0, c1 + 1)
        }
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if (r, c) in merged:
                    r1, c1 = merged[(r, c)]
                    sheet.write_merge(r, r1, c, c1, value)
                elif (r, c) not in covered and value is not None:
                    sheet.write(r, c, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
