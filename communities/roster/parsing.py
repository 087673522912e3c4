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
    values: tuple  # aligned with values.VALUE_FIELDS; values.KEEP where the row sets nothing

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


def _may_be_totals(joined: str) -> bool:
    """A quick test before the regular expression: 合计, 总计, 小计, 共计 hold 计, 汇总 holds 汇, and the
    English words a t or an s (a regex search costs microseconds per row on Chinese text)."""
    return (
        "计" in joined
        or "汇" in joined
        or (
            ("t" in joined or "T" in joined or "s" in joined or "S" in joined)
            and bool(_TOTALS_ANYWHERE.search(joined))
        )
    )


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


# Columns whose texts rarely repeat (a phone per household): a cache would only cost.
_UNIQUE_FIELDS = frozenset({"phone"})


def _run(parse: Callable[[str], object], text: str) -> tuple:
    """(value, None) or (None, the message of the ValueError)."""
    try:
        return parse(text), None
    except ValueError as error:
        return None, str(error)


def _parse_sheet(sheet: Sheet, header_index: int, columns: dict[int, str], headers, result, tick) -> None:
    """One pass over the rows; each column's parser runs once per distinct text (a cache per column: buildings,
    units, yes/no and status words, areas and resident counts repeat on thousands of rows)."""
    header_fields = set(columns.values())
    problems = result.problems
    rows = result.rows
    rejected = result.rejected_keys
    sheet_name = sheet.name
    text_only = sheet.text_only
    column_items = list(columns.items())
    position = {name: index for index, (_col, name) in enumerate(column_items)}
    picker = operator.itemgetter(*[col for col, _name in column_items])
    pick = picker if len(column_items) > 1 else (lambda texts: (picker(texts),))
    data_positions = [position[name] for _col, name in column_items if name not in CONTEXT_FIELDS]
    room_at = position["room"]
    compound_at = position.get("compound")
    width = max(columns) + 1
    # (slot in the key, position, header, parser, cache) for building, unit, room.
    key_specs = [
        (slot, position[name], headers[name], parse, {})
        for slot, (name, parse) in enumerate(
            (("building", values.building), ("unit", values.unit), ("room", values.room))
        )
        if name in position
    ]
    # (position, header, slot in the values, parser, cache, an empty cell keeps) in column order.
    value_specs = [
        (
            position[name],
            headers[name],
            values.VALUE_INDEX[name],
            values.FIELD_PARSERS[name],
            None if name in _UNIQUE_FIELDS else {},
            name in values.KEEP_WHEN_EMPTY,
        )
        for _col, name in column_items
        if name in values.FIELD_PARSERS
    ]
    blank_values = (values.KEEP,) * len(values.VALUE_FIELDS)
    all_rows = sheet.rows
    for index in range(header_index + 1, len(all_rows)):
        if index % 5000 == 0:
            tick(index)
        raw = all_rows[index]
        texts = raw if text_only else [cell_text(c) for c in raw]
        joined = "".join(texts)
        if not joined.strip():
            continue  # a blank line
        if _may_be_totals(joined) and _is_totals_row(texts):
            continue  # 合计 / 总计
        row_number = index + 1
        if len(texts) < width:
            texts = [*texts, *([""] * (width - len(texts)))]
        cells = tuple(unquote(texts[col]) for col, _name in column_items) if "'" in joined else pick(texts)
        for at in data_positions:
            text = cells[at]
            if text and not text.isspace():
                break
        else:
            continue  # blank but for a building or unit merged down across it
        if _header_field(cells[room_at]) == "room" and {_header_field(t) for t in texts} >= header_fields:
            continue  # the header repeated (a printed roster repeats it on every page)
        bad = False
        key = ["", "", ""]
        key_ok = True
        for slot, at, header, parse, cache in key_specs:
            text = cells[at]
            found = cache.get(text)
            if found is None:
                found = cache[text] = _run(parse, text)
            if found[1] is None:
                key[slot] = found[0]
            else:
                problems.append(Problem(row_number, header, found[1], sheet_name))
                bad, key_ok = True, False
        row_values = list(blank_values)
        for at, header, slot, parse, cache, keeps in value_specs:
            text = cells[at]
            if cache is None:
                try:
                    value, message = parse(text), None
                except ValueError as error:
                    value, message = None, str(error)
            else:
                found = cache.get(text)
                if found is None:
                    found = cache[text] = _run(parse, text)
                value, message = found
            if message is not None:
                problems.append(Problem(row_number, header, message, sheet_name))
                bad = True
            elif value is not None or not keeps:
                row_values[slot] = value
        compound = _compound_name(cells[compound_at]) if compound_at is not None else ""
        if bad:
            if key_ok and key[2] and key[0]:
                # The household is in the file, only a value is wrong: it is not "missing".
                rejected.append((compound, key[0], key[1], key[2]))
            continue
        rows.append(
            RosterRow(
                sheet=sheet_name,
                row=row_number,
                compound=compound,
                building=key[0],
                unit=key[1],
                room=key[2],
                values=tuple(row_values),
            )
        )
