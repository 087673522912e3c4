"""Reading back the files the app writes, as a spreadsheet program would: shared by the export tests."""

import csv
import io

import openpyxl

# What a spreadsheet runs as a formula at the start of a cell (OWASP "CSV injection"), tab and CR included.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def xlsx_cells(data: bytes) -> list:
    """Every cell of every sheet, as openpyxl reads it back."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def assert_no_formula_in_xlsx(data: bytes) -> None:
    for cell in xlsx_cells(data):
        assert cell.data_type != "f", f"{cell.coordinate} is a formula: {cell.value!r}"
        if isinstance(cell.value, str):
            assert not cell.value.startswith(FORMULA_STARTS), (
                f"{cell.coordinate} starts a formula: {cell.value!r}"
            )


def csv_fields(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def assert_no_formula_in_csv(data: bytes) -> None:
    for number, row in enumerate(csv_fields(data), start=1):
        for text in row:
            assert not text.startswith(FORMULA_STARTS), f"line {number} starts a formula: {text!r}"
