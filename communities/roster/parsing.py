"""From sheets of raw cells to clean roster rows and problems, without touching the database."""

import functools
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..labels import household_label, normalize_text
from . import values
from .columns import header_field
from .reading import Sheet, cell_text, unquote

HEADER_SCAN_ROWS = 30
# Cells that merged ranges fill down; a row with nothing else is a blank line.
CONTEXT_FIELDS = frozenset({"compound", "building", "unit"})
TOTALS_RE = re.compile(r"^(合计|总计|小计|共计|汇总|total|subtotal|sum)", re.IGNORECASE)


@dataclass
class Problem:
    row: int | None
    column: str
    message: str
    sheet: str = ""

    def as_dict(self) -> dict:
        return {"row": self.row, "sheet": self.sheet, "column": self.column, "message": str(self.message)}


@dataclass(slots=True)
class RosterRow:
    sheet: str
    row: int
    compound: str  # name as written; "" means the default compound
    building: str
    unit: str
    room: str
    values: dict  # only the fields the row sets

    @property
    def label(self) -> str:
        return household_label(self.building, self.unit, self.room)


@dataclass
class ParseResult:
    rows: list[RosterRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sheets_read: list[str] = field(default_factory=list)
    has_compound_column: bool = False
    compound_headers: dict[str, str] = field(default_factory=dict)  # sheet -> the 小区 header as written
    room_headers: dict[str, str] = field(default_factory=dict)  # sheet -> the 门牌号 header as written
    rejected_keys: list[tuple] = field(
        default_factory=list
    )  # (compound, building, unit, room) of rows with problems


def find_header(rows: list[list]) -> tuple[int, dict[int, str], dict[str, str]] | None:
    """(row index, {column index: field}, {field: header as written}) of the first row naming a room and at
    least one other field, looking past title rows and blank rows."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns: dict[int, str] = {}
        headers: dict[str, str] = {}
        for col, cell in enumerate(row):
            text = cell_text(cell)
            name = header_field(text) if text else None
            if name and name not in headers:
                columns[col] = name
                headers[name] = text.strip()
        if "room" in headers and len(headers) >= 2:
            return index, columns, headers
    return None


_TOTALS_ANYWHERE = re.compile(r"合计|总计|小计|共计|汇总|total|sum", re.IGNORECASE)
_TOTALS_FIRST = frozenset("合总小共汇tTsS \u3000")


def _is_totals_row(texts: list[str]) -> bool:
    return any(t[:1] in _TOTALS_FIRST and TOTALS_RE.match(t.lstrip()) for t in texts if t)


@functools.lru_cache(maxsize=1024)
def _compound_name(text: str) -> str:
    return normalize_text(text)


@functools.lru_cache(maxsize=4096)
def _header_field(text: str) -> str | None:
    return header_field(text) if text else None


def parse_sheets(sheets: list[Sheet], *, progress: Callable[[int, int], None] | None = None) -> ParseResult:
    result = ParseResult()
    total = sum(len(s.rows) for s in sheets) or 1
    done = 0
    for sheet in sheets:
        found = find_header(sheet.rows)
        if found is None:
            done += len(sheet.rows)
            continue
        header_index, columns, headers = found
        result.sheets_read.append(sheet.name)
        result.room_headers[sheet.name] = headers["room"]
        if "compound" in headers:
            result.has_compound_column = True
            result.compound_headers[sheet.name] = headers["compound"]
        if "building" not in headers:
            result.problems.append(
                Problem(
                    row=header_index + 1,
                    column="",
                    sheet=sheet.name,
                    message=_(
                        "There is no building column. Add a column 楼栋 with the building of each row."
                    ),
                )
            )
            continue
        start = done

        def tick(index: int, start=start) -> None:
            if progress:
                progress(start + index, total)

        _parse_sheet(sheet, header_index, columns, headers, result, tick)
        done += len(sheet.rows)
        if progress:
            progress(done, total)
    if not result.sheets_read:
        result.problems.append(
            Problem(
                row=None,
                column="",
                message=_(
                    "No header row found. The file needs a row with column names such as 楼栋, 单元, 门牌号 "
                    "and 户主姓名 above the households."
                ),
            )
        )
    return result


def _parse_sheet(sheet: Sheet, header_index: int, columns: dict[int, str], headers, result, tick) -> None:
    header_fields = set(columns.values())
    parsers = [(col, name, values.FIELD_PARSERS.get(name)) for col, name in columns.items()]
    problems = result.problems
    text_only = sheet.text_only
    column_items = list(columns.items())
    column_names = [name for _col, name in column_items]
    picker = operator.itemgetter(*[col for col, _name in column_items])
    pick = picker if len(column_items) > 1 else (lambda texts: (picker(texts),))
    data_names = [name for name in columns.values() if name not in CONTEXT_FIELDS]
    width = max(columns) + 1
    for index in range(header_index + 1, len(sheet.rows)):
        if index % 5000 == 0:
            tick(index)
        raw = sheet.rows[index]
        texts = raw if text_only else [cell_text(c) for c in raw]
        joined = "".join(texts)
        if not joined.strip():
            continue  # a blank line
        if _TOTALS_ANYWHERE.search(joined) and _is_totals_row(texts):
            continue  # 合计 / 总计
        row_number = index + 1
        if len(texts) < width:
            texts = [*texts, *([""] * (width - len(texts)))]
        if "'" in joined:
            cells = {name: unquote(texts[col]) for col, name in column_items}
        else:
            cells = dict(zip(column_names, pick(texts), strict=True))
        for name in data_names:
            if cells[name] and not cells[name].isspace():
                break
        else:
            continue  # blank but for a building or unit merged down across it
        if _header_field(cells["room"]) == "room" and {_header_field(t) for t in texts} >= header_fields:
            continue  # the header repeated (a printed roster repeats it on every page)
        row_values: dict = {}
        bad = False
        key: dict[str, str] = {}
        for name, parse in (("building", values.building), ("unit", values.unit), ("room", values.room)):
            if name not in cells:
                key[name] = ""
                continue
            try:
                key[name] = parse(cells[name])
            except ValueError as error:
                problems.append(Problem(row_number, headers[name], str(error), sheet.name))
                bad = True
        for _col, name, parse in parsers:
            if parse is None:
                continue
            text = cells[name]
            try:
                value = parse(text)
            except ValueError as error:
                problems.append(Problem(row_number, headers[name], str(error), sheet.name))
                bad = True
                continue
            if value is None and name in values.KEEP_WHEN_EMPTY:
                continue
            row_values[name] = value
        compound = _compound_name(cells["compound"]) if "compound" in cells else ""
        if bad:
            if len(key) == 3 and key["room"] and key["building"]:
                # The household is in the file, only a value is wrong: it is not "missing".
                result.rejected_keys.append((compound, key["building"], key["unit"], key["room"]))
            continue
        result.rows.append(
            RosterRow(
                sheet=sheet.name,
                row=row_number,
                compound=compound,
                building=key["building"],
                unit=key["unit"],
                room=key["room"],
                values=row_values,
            )
        )
