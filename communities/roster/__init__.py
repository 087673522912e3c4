"""Roster-like files (住户花名册 and other lists the office keeps in spreadsheets): read them, normalise and
validate them in bulk, apply them with set-based SQL, and export them again.

A kind of list is a column spec and a writer (`kinds`); the household roster is the kind "households"
(`households`: its spec from `columns` and `values`, its COPY/UPDATE writer). For any kind:

- the engine (`engine.import_apply`), in straight steps: `reading` (CSV in UTF-8 with or without BOM or
  GBK/GB18030, .xlsx and .xls, into sheets of raw cells with merged cells filled in) -> `parsing` (header row,
  header variants to fields, every value normalised, problems naming sheet, row and column) -> `plan` (new,
  changed, unchanged, missing, against the database) -> the kind's writer, in one transaction, unless it is a
  dry run or a row has a problem;
- the staff flow (`services`): upload, the task worker's preview and import, confirm, "missing from the
  file", each service queueing its own background work on commit; its pages in `views`, the Django admin's
  in `admin`;
- `exporting` writes the canonical roster as CSV or XLSX, neutralising formula-like cells in a way the
  reader undoes.
"""
