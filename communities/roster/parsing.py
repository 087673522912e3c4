"""From sheets of raw cells to clean roster rows and problems, without touching the database."""

import functools
import itertools
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
    value_slots: set[int] = field(
        default_factory=set
    )  # values.VALUE_FIELDS slots some sheet has a column for
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


# Columns whose texts rarely repeat, and whose parser never returns None (so never KEEP).
_UNIQUE_FIELDS = frozenset({"phone"})


class _ColumnCache(dict):
    """One column's parser behind a dict: text -> value, each distinct text parsed once (buildings, units,
    yes/no and status words, areas and resident counts repeat on thousands of rows). A text the parser refuses
    maps to None and its message is kept in `errors`; with `keeps`, an empty cell maps to values.KEEP."""

    __slots__ = ("errors", "keeps", "parse")

    def __init__(self, parse: Callable[[str], object], keeps: bool = False) -> None:
        super().__init__()
        self.parse = parse
        self.keeps = keeps
        self.errors: dict[str, str] = {}

    def __missing__(self, text: str):
        try:
            value = self.parse(text)
        except ValueError as error:
            self.errors[text] = str(error)
            value = None
        else:
            if value is None and self.keeps:
                value = values.KEEP
        self[text] = value
        return value


def _parse_sheet(sheet: Sheet, header_index: int, columns: dict[int, str], headers, result, tick) -> None:
    """A pass over the rows keeps the household rows (not blank, totals or repeated header rows); then each
    column is parsed as a whole through its _ColumnCache, and the rows are put together from the columns."""
    header_fields = set(columns.values())
    problems = result.problems
    sheet_name = sheet.name
    text_only = sheet.text_only
    column_items = list(columns.items())
    position = {name: index for index, (_col, name) in enumerate(column_items)}
    picker = operator.itemgetter(*[col for col, _name in column_items])
    pick = picker if len(column_items) > 1 else (lambda texts: (picker(texts),))
    data_positions = [position[name] for _col, name in column_items if name not in CONTEXT_FIELDS]
    room_at = position["room"]
    width = max(columns) + 1
    numbers: list[int] = []
    kept: list[tuple] = []
    all_rows = sheet.rows
    for index in range(header_index + 1, len(all_rows)):
        if index % 5000 == 0:
            tick(index)
        raw = all_rows[index]
        texts = raw if text_only else [c if c.__class__ is str else cell_text(c) for c in raw]
        joined = "".join(texts)
        if not joined.strip():
            continue  # a blank line
        if _may_be_totals(joined) and _is_totals_row(texts):
            continue  # 合计 / 总计
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
        numbers.append(index + 1)
        kept.append(cells)
    if not kept:
        return
    count = len(kept)
    texts_of = list(zip(*kept, strict=True))  # one tuple of texts per column
    del kept
    # Each check: (position, header, cache), in the order a row's problems are listed.
    checks: list[tuple] = []
    keys: list[list] = []
    for name, parse in (("building", values.building), ("unit", values.unit), ("room", values.room)):
        if name in position:
            cache = _ColumnCache(parse)
            keys.append(list(map(cache.__getitem__, texts_of[position[name]])))
            checks.append((position[name], headers[name], cache))
        else:
            keys.append([""] * count)
    key_checks = len(checks)
    slots: list = [itertools.repeat(values.KEEP, count) for _name in values.VALUE_FIELDS]
    for _col, name in column_items:
        if name in values.FIELD_PARSERS:
            parse = values.FIELD_PARSERS[name]
            cache = _ColumnCache(parse, name in values.KEEP_WHEN_EMPTY)
            column = texts_of[position[name]]
            parsed = None
            if name in _UNIQUE_FIELDS:
                # Texts that rarely repeat (a phone per household): the parser straight over the column, and
                # through the cache (which records the problems) only when a text is refused.
                try:
                    parsed = list(map(parse, column))
                except ValueError:
                    parsed = None
            slots[values.VALUE_INDEX[name]] = (
                parsed if parsed is not None else list(map(cache.__getitem__, column))
            )
            checks.append((position[name], headers[name], cache))
            result.value_slots.add(values.VALUE_INDEX[name])
    if "compound" in position:
        compounds = list(map(_compound_name, texts_of[position["compound"]]))
    else:
        compounds = [""] * count
    # Problems, row by row.
    bad: dict[int, list[Problem]] = {}
    for at, header, cache in checks:
        errors = cache.errors
        if errors:
            for i, text in enumerate(texts_of[at]):
                if text in errors:
                    bad.setdefault(i, []).append(Problem(numbers[i], header, errors[text], sheet_name))
    buildings, units, rooms = keys
    rows = map(
        RosterRow,
        itertools.repeat(sheet_name),
        numbers,
        compounds,
        buildings,
        units,
        rooms,
        zip(*slots, strict=True),
    )
    if not bad:
        result.rows.extend(rows)
        return
    key_errors = [(texts_of[at], cache.errors) for at, _h, cache in checks[:key_checks] if cache.errors]
    for i, row in enumerate(rows):
        found = bad.get(i)
        if found is None:
            result.rows.append(row)
            continue
        problems.extend(found)
        if not any(texts[i] in errors for texts, errors in key_errors) and row.room and row.building:
            # The household is in the file, only a value is wrong: it is not "missing".
            result.rejected_keys.append((row.compound, row.building, row.unit, row.room))
