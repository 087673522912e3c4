"""From sheets of raw cells to clean rows and problems, by a kind's column spec, without touching the database.

Each sheet's header row is found (past title and blank rows), its headers mapped to fields; the data rows
are kept (not blank, totals or repeated header rows); then each column is parsed as a whole, every distinct
text once, and every problem names its sheet, row and column. A cell with a bidirectional-override character
(communities/text.py) is a problem in every column, whatever the kind."""

import functools
import itertools
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..labels import normalize_text
from ..text import BIDI_IN_CELL, has_bidi
from .kinds import KEEP, ColumnSpec
from .reading import Sheet, cell_text, unquote

HEADER_SCAN_ROWS = 30
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
class Skipped:
    """A row of a sheet that is not data, and why: "title" (above the header row), "blank", "total" (合计,
    总计 …) or "header" (the header row repeated, as printed rosters do on every page). `text` is the row's
    first words, for a person to recognise it."""

    row: int
    why: str
    sheet: str = ""
    text: str = ""

    def as_dict(self) -> dict:
        return {"row": self.row, "why": self.why, "sheet": self.sheet, "text": self.text}


SKIPPED_TEXT = 40


def _first_words(texts) -> str:
    for text in texts:
        text = cell_text(text).strip()
        if text:
            return text[:SKIPPED_TEXT]
    return ""


@dataclass(slots=True)
class RosterRow:
    sheet: str
    row: int
    scope: str  # as written (e.g. a compound's name); "" means the default scope
    key: tuple  # the key parts, aligned with the spec's key fields (e.g. building, unit, room)
    values: tuple  # aligned with the spec's value fields; KEEP where the row sets nothing


@dataclass
class ParseResult:
    rows: list[RosterRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sheets_read: list[str] = field(default_factory=list)
    scope_headers: dict[str, str] = field(default_factory=dict)  # sheet -> the 小区 header as written
    anchor_headers: dict[str, str] = field(default_factory=dict)  # sheet -> the anchor's header (门牌号)
    # sheet -> {field: its header as written}, for a writer's review to name the columns of its problems
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    value_slots: set[int] = field(default_factory=set)  # value slots some sheet has a column for
    rejected_keys: list[tuple] = field(default_factory=list)  # (scope, key) of rows with problems
    # Rows of the sheets read that are not data (title, blank, totals, repeated header), in order; blank rows
    # after a sheet's last data row are left out (spreadsheets carry hundreds of formatted empty rows).
    skipped: list[Skipped] = field(default_factory=list)


def find_header(rows: list[list], spec: ColumnSpec) -> tuple[int, dict[int, str], dict[str, str]] | None:
    """(row index, {column index: field}, {field: header as written}) of the first row naming the spec's
    anchor (a room) and at least one other field, looking past title rows and blank rows."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns: dict[int, str] = {}
        headers: dict[str, str] = {}
        for col, cell in enumerate(row):
            text = cell_text(cell)
            name = spec.field_of(text) if text else None
            if name and name not in headers:
                columns[col] = name
                headers[name] = text.strip()
        if spec.anchor in headers and len(headers) >= 2:
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
def _scope_name(text: str) -> str:
    return normalize_text(text)


def parse_sheets(
    sheets: list[Sheet], *, spec: ColumnSpec, progress: Callable[[int, int], None] | None = None
) -> ParseResult:
    result = ParseResult()
    total = sum(len(s.rows) for s in sheets) or 1
    done = 0
    for sheet in sheets:
        found = find_header(sheet.rows, spec)
        if found is None:
            done += len(sheet.rows)
            continue
        header_index, columns, headers = found
        result.sheets_read.append(sheet.name)
        result.anchor_headers[sheet.name] = headers[spec.anchor]
        result.headers[sheet.name] = headers
        if spec.scope in headers:
            result.scope_headers[sheet.name] = headers[spec.scope]
        lacking = [message for name, message in spec.required.items() if name not in headers]
        if lacking:
            result.problems.append(
                Problem(row=header_index + 1, column="", sheet=sheet.name, message=str(lacking[0]))
            )
            continue
        for index in range(header_index):
            words = _first_words(sheet.rows[index])
            result.skipped.append(Skipped(index + 1, "title" if words else "blank", sheet.name, words))
        start = done

        def tick(index: int, start=start) -> None:
            if progress:
                progress(start + index, total)

        _parse_sheet(sheet, spec, header_index, columns, headers, result, tick)
        done += len(sheet.rows)
        if progress:
            progress(done, total)
    if not result.sheets_read:
        result.problems.append(Problem(row=None, column="", message=str(spec.no_header)))
    return result


class _ColumnCache(dict):
    """One column's parser behind a dict: text -> value, each distinct text parsed once (buildings, units,
    yes/no and status words, areas and resident counts repeat on thousands of rows). A text the parser refuses
    maps to None and its message is kept in `errors`; with `keeps`, an empty cell maps to KEEP."""

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
                value = KEEP
        self[text] = value
        return value


def _refusing_bidi(parse: Callable[[str], object]) -> Callable[[str], object]:
    """The column's parser, refusing first a text with a bidirectional-override character."""

    def parse_text(text: str):
        if has_bidi(text):
            raise ValueError(str(BIDI_IN_CELL))
        return parse(text)

    return parse_text


def _parse_sheet(
    sheet: Sheet, spec: ColumnSpec, header_index: int, columns: dict[int, str], headers, result, tick
) -> None:
    """A pass over the rows keeps the data rows (not blank, totals or repeated header rows); then each column
    is parsed as a whole through its _ColumnCache, and the rows are put together from the columns."""
    header_fields = set(columns.values())
    field_of = spec.field_of
    anchor = spec.anchor
    problems = result.problems
    sheet_name = sheet.name
    text_only = sheet.text_only
    column_items = list(columns.items())
    position = {name: index for index, (_col, name) in enumerate(column_items)}
    picker = operator.itemgetter(*[col for col, _name in column_items])
    pick = picker if len(column_items) > 1 else (lambda texts: (picker(texts),))
    data_positions = [position[name] for _col, name in column_items if name not in spec.context]
    anchor_at = position[anchor]
    width = max(columns) + 1
    numbers: list[int] = []
    kept: list[tuple] = []
    skipped: list[Skipped] = []
    all_rows = sheet.rows
    for index in range(header_index + 1, len(all_rows)):
        if index % 5000 == 0:
            tick(index)
        raw = all_rows[index]
        texts = raw if text_only else [c if c.__class__ is str else cell_text(c) for c in raw]
        joined = "".join(texts)
        if not joined.strip():
            skipped.append(Skipped(index + 1, "blank", sheet_name))
            continue  # a blank line
        if _may_be_totals(joined) and _is_totals_row(texts):
            skipped.append(Skipped(index + 1, "total", sheet_name, _first_words(texts)))
            continue  # 合计 / 总计
        if len(texts) < width:
            texts = [*texts, *([""] * (width - len(texts)))]
        cells = tuple(unquote(texts[col]) for col, _name in column_items) if "'" in joined else pick(texts)
        for at in data_positions:
            text = cells[at]
            if text and not text.isspace():
                break
        else:
            skipped.append(Skipped(index + 1, "blank", sheet_name))
            continue  # blank but for a building or unit merged down across it
        if (
            field_of(cells[anchor_at]) == anchor
            and {field_of(t) if t else None for t in texts} >= header_fields
        ):
            skipped.append(Skipped(index + 1, "header", sheet_name, _first_words(texts)))
            continue  # the header repeated (a printed roster repeats it on every page)
        numbers.append(index + 1)
        kept.append(cells)
    last = numbers[-1] if numbers else 0
    result.skipped.extend(s for s in skipped if s.why != "blank" or s.row < last)
    if not kept:
        return
    count = len(kept)
    texts_of = list(zip(*kept, strict=True))  # one tuple of texts per column
    del kept
    # Each check: (position, header, cache), in the order a row's problems are listed.
    checks: list[tuple] = []
    keys: list[list] = []
    for name, parse in spec.key:
        if name in position:
            cache = _ColumnCache(_refusing_bidi(parse))
            keys.append(list(map(cache.__getitem__, texts_of[position[name]])))
            checks.append((position[name], headers[name], cache))
        else:
            keys.append([""] * count)
    key_checks = len(checks)
    slots: list = [itertools.repeat(KEEP, count) for _name in spec.value_fields]
    value_index = spec.value_index
    for _col, name in column_items:
        if name in spec.parsers:
            parse = _refusing_bidi(spec.parsers[name])
            cache = _ColumnCache(parse, name in spec.keep_when_empty)
            column = texts_of[position[name]]
            parsed = None
            if name in spec.straight:
                # Texts that rarely repeat (a phone per household): the parser straight over the column, and
                # through the cache (which records the problems) only when a text is refused.
                try:
                    parsed = list(map(parse, column))
                except ValueError:
                    parsed = None
            slots[value_index[name]] = parsed if parsed is not None else list(map(cache.__getitem__, column))
            checks.append((position[name], headers[name], cache))
            result.value_slots.add(value_index[name])
    if spec.scope in position:
        column = texts_of[position[spec.scope]]
        scopes = list(map(_scope_name, column))
        scope_check = _ColumnCache(str)  # the scope's name is looked up later; here only its characters
        scope_check.errors = {text: str(BIDI_IN_CELL) for text in set(column) if has_bidi(text)}
        checks.append((position[spec.scope], headers[spec.scope], scope_check))
    else:
        scopes = [""] * count
    # Problems, row by row.
    bad: dict[int, list[Problem]] = {}
    for at, header, cache in checks:
        errors = cache.errors
        if errors:
            for i, text in enumerate(texts_of[at]):
                if text in errors:
                    bad.setdefault(i, []).append(Problem(numbers[i], header, errors[text], sheet_name))
    rows = map(
        RosterRow,
        itertools.repeat(sheet_name),
        numbers,
        scopes,
        zip(*keys, strict=True),
        zip(*slots, strict=True),
    )
    if not bad:
        result.rows.extend(rows)
        return
    key_errors = [(texts_of[at], cache.errors) for at, _h, cache in checks[:key_checks] if cache.errors]
    needed = [i for i, name in enumerate(spec.key_fields) if name == anchor or name in spec.required]
    for i, row in enumerate(rows):
        found = bad.get(i)
        if found is None:
            result.rows.append(row)
            continue
        problems.extend(found)
        if not any(texts[i] in errors for texts, errors in key_errors) and all(row.key[at] for at in needed):
            # The record is in the file, only a value is wrong: it is not "missing".
            result.rejected_keys.append((row.scope, row.key))
