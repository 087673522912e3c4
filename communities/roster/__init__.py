"""Household rosters (住户花名册): read the office's spreadsheets, normalise and validate them in bulk, apply
them with set-based SQL, and export them again.

One engine serves the staff pages, the Django admin and the command line:

- `reading.read_workbook(data, filename)` turns CSV (UTF-8 with or without BOM, GBK/GB18030), .xlsx and .xls
  into sheets of raw cells, with merged cells filled in;
- `parsing.parse_sheets(...)` finds each sheet's header row, maps header variants to fields, normalises
  every value and collects problems naming sheet, row and column;
- `services.roster_import_apply(...)` compares with the database (new, changed, unchanged, missing) and,
  unless it is a dry run or a row has a problem, writes in one transaction;
- `exporting` writes the canonical roster as CSV or XLSX, neutralising formula-like cells in a way the
  reader undoes.
"""
