"""The household roster, as a kind of import: its column spec and its writer (set-based SQL).

The column spec is the office's roster: 小区 names the compound (the scope), 楼栋/单元/门牌号 the household
(the key), and the other columns its values (`columns.HEADER_VARIANTS`, the parsers in `values`). The writer
compares a file with the households of its compounds and writes new and changed ones in bulk: on PostgreSQL a
COPY of the new rows and one UPDATE from a COPY-filled temporary table, on SQLite INSERT … ON CONFLICT.
"""

import csv
import functools
import io
import itertools
import operator
import secrets
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ..labels import building_sort_key, household_label, room_sort_key
from ..models import (
    ACCESS_CODE_ALPHABET,
    ACCESS_CODE_LENGTH,
    Building,
    Community,
    Compound,
    Household,
    RosterImport,
)
from . import values
from .columns import EXPORT_HEADERS_EN, EXPORT_HEADERS_ZH, HEADER_VARIANTS
from .engine import RosterOutcome, import_apply
from .forms import RosterUploadForm
from .kinds import ColumnSpec, ImportKind, Scopes
from .plan import Plan, compound_scopes
from .summary import household_summary
from .values import VALUE_FIELDS

BATCH = 500

HOUSEHOLD_COLUMNS = ColumnSpec(
    variants=HEADER_VARIANTS,
    anchor="room",
    key=(("building", values.building), ("unit", values.unit), ("room", values.room)),
    parsers=values.FIELD_PARSERS,
    defaults=values.HOUSEHOLD_DEFAULTS,
    label=household_label,
    no_header=gettext_lazy(
        "No header row found. The file needs a row with column names such as 楼栋, 单元, 门牌号 "
        "and 户主姓名 above the households."
    ),
    scope="compound",
    # Cells that merged ranges fill down; a row with nothing else is a blank line.
    context=frozenset({"compound", "building", "unit"}),
    required={
        "building": gettext_lazy(
            "There is no building column. Add a column 楼栋 with the building of each row."
        )
    },
    keep_when_empty=values.KEEP_WHEN_EMPTY,
    # Texts that rarely repeat, and whose parser never returns None (so never KEEP).
    straight=frozenset({"phone"}),
    export_headers={"zh": EXPORT_HEADERS_ZH, "en": EXPORT_HEADERS_EN},
)


# --- writing -------------------------------------------------------------------------------

_COLUMNS = (
    "community_id",
    "compound_id",
    "building_id",
    "unit",
    "room",
    "room_sort",
    *VALUE_FIELDS,
    "access_code",
    "created_at",
    "updated_at",
)


def _upsert_households(rows: list[tuple]) -> None:
    """INSERT … ON CONFLICT (natural key) DO UPDATE … WHERE something changed: one statement per batch of
    _COLUMNS tuples (SQLite; PostgreSQL writes through _copy_new and _update_changed). The access code and
    creation time of a household never change."""
    if not rows:
        return  # an unchanged file writes nothing
    table = connection.ops.quote_name(Household._meta.db_table)
    q = connection.ops.quote_name
    placeholders = "(" + ", ".join(["%s"] * len(_COLUMNS)) + ")"
    updates = ", ".join(f"{q(c)} = EXCLUDED.{q(c)}" for c in (*VALUE_FIELDS, "updated_at"))
    changed = " OR ".join(f"{table}.{q(c)} IS DISTINCT FROM EXCLUDED.{q(c)}" for c in VALUE_FIELDS)
    # Only quoted model names and %s placeholders go into the SQL text; every value is a parameter.
    head = f"INSERT INTO {table} ({', '.join(q(c) for c in _COLUMNS)}) VALUES "  # noqa: S608
    tail = (
        f" ON CONFLICT ({q('compound_id')}, {q('building_id')}, {q('unit')}, {q('room')})"
        f" DO UPDATE SET {updates} WHERE {changed}"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            params = [value for row in batch for value in row]
            cursor.execute(head + ", ".join([placeholders] * len(batch)) + tail, params)


# Text columns that are NOT NULL: an empty CSV field is '' for them, NULL for the others.
_NOT_NULL_TEXT = ("unit", "room", "head_name", "phone", "occupancy", "renovation", "notes", "access_code")


class _CsvStream:
    """The rows as CSV text for COPY … FROM STDIN, made a chunk at a time as psycopg2 reads: PostgreSQL works
    on one chunk while Python writes the next, and the whole file is never held as one string."""

    CHUNK = 2000

    def __init__(self, rows: Iterable[tuple]) -> None:
        self._rows = iter(rows)
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\n")

    def read(self, size: int = -1) -> str:
        chunk = list(itertools.islice(self._rows, self.CHUNK))
        if not chunk:
            return ""
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerows(chunk)
        return self._buffer.getvalue()

    def readline(self, size: int = -1) -> str:  # psycopg2 asks for read() only; present for file-likeness
        return self.read(size)


def _csv_stream(rows: Iterable[tuple]) -> _CsvStream:
    return _CsvStream(rows)


def _copy_options(columns: tuple[str, ...]) -> str:
    q = connection.ops.quote_name
    return f"FORMAT csv, FORCE_NOT_NULL ({', '.join(q(c) for c in _NOT_NULL_TEXT if c in columns)})"


# What _copy_new writes: created_at and updated_at take the columns' default, now() (measured: 0.15 s less per
# 100k rows than writing the same time as text into every row).
_NEW_COLUMNS = _COLUMNS[:-2]
assert _NEW_COLUMNS[-1] == "access_code"


def _copy_new(rows: Iterable[tuple]) -> None:
    """PostgreSQL: COPY the new households straight into the table (a staging table and INSERT … SELECT …
    ON CONFLICT cost about a second more per 100k rows). The rows come in the order of the natural key, so
    that its index grows at its right edge (measured: 0.3 s less per 100k rows than in the file's order).
    Another import of the same compounds waits for this one (the compounds are locked FOR UPDATE); should a
    household added by hand meanwhile have the key of a new row, the natural key refuses the duplicate and the
    whole import rolls back (services.roster_import_run then marks it failed)."""
    q = connection.ops.quote_name
    table = q(Household._meta.db_table)
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {table} ({', '.join(q(c) for c in _NEW_COLUMNS)}) FROM STDIN "
            f"WITH ({_copy_options(_NEW_COLUMNS)})",
            _csv_stream(rows),
        )


_UPDATE_COLUMNS = ("id", *VALUE_FIELDS, "updated_at")


def _update_changed(rows: list[tuple]) -> None:
    """PostgreSQL: COPY (id, values, updated_at) of the changed households into a temporary table, then one
    UPDATE of those rows only (their keys do not change, so no foreign key is checked again)."""
    if not rows:
        return
    q = connection.ops.quote_name
    table = q(Household._meta.db_table)
    columns = ", ".join(q(c) for c in _UPDATE_COLUMNS)
    sets = ", ".join(f"{q(c)} = s.{q(c)}" for c in (*VALUE_FIELDS, "updated_at"))
    changed = " OR ".join(f"h.{q(c)} IS DISTINCT FROM s.{q(c)}" for c in VALUE_FIELDS)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS roster_stage")
        cursor.execute(
            f"CREATE TEMP TABLE roster_stage ON COMMIT DROP AS SELECT {columns} FROM {table} WITH NO DATA"  # noqa: S608
        )
        cursor.copy_expert(
            f"COPY roster_stage ({columns}) FROM STDIN WITH ({_copy_options(_UPDATE_COLUMNS)})",
            _csv_stream(rows),
        )
        cursor.execute(
            f"UPDATE {table} AS h SET {sets} FROM roster_stage AS s WHERE h.id = s.id AND ({changed})"  # noqa: S608
        )
        cursor.execute("DROP TABLE roster_stage")


_CODE_SIZE = len(ACCESS_CODE_ALPHABET)
_CODE_LIMIT = 256 - 256 % _CODE_SIZE  # bytes from here up would favour some letters: they are dropped
# byte -> letter of the alphabet, for bytes.translate
_CODE_LETTERS = bytes(ord(ACCESS_CODE_ALPHABET[b % _CODE_SIZE]) if b < _CODE_LIMIT else 0 for b in range(256))
_CODE_DROPPED = bytes(range(_CODE_LIMIT, 256))


def _free_codes(community: Community, count: int) -> list[str]:
    """New access codes (the alphabet and length of models.new_access_code), unique in the community.

    One read of the system's randomness for many codes, turned into letters by bytes.translate, which also
    drops the bytes that would favour some letters (secrets.choice per letter took 0.2 s for 100k codes)."""
    taken = set(Household.objects.filter(community=community).values_list("access_code", flat=True))
    codes: list[str] = []
    size = ACCESS_CODE_LENGTH
    while len(codes) < count:
        wanted = count - len(codes)
        letters = (
            secrets.token_bytes(size * wanted * 256 // _CODE_LIMIT + 64)
            .translate(_CODE_LETTERS, _CODE_DROPPED)
            .decode("ascii")
        )
        drawn = dict.fromkeys(
            letters[start : start + size] for start in range(0, len(letters) - size + 1, size)
        )
        fresh = [code for code in drawn if code not in taken][:wanted]
        taken.update(fresh)
        codes += fresh
    return codes


class HouseholdWriter:
    """Households of the compounds a file names, compared and written in bulk (see the module's docstring)."""

    # A household marked moved out is not reported missing from a file again.
    gone = ("occupancy", Household.Occupancy.MOVED_OUT)

    def scopes(self, *, community: Community, parsed, compound: Compound | None, create_compounds: bool):
        return compound_scopes(
            community=community, parsed=parsed, compound=compound, create_compounds=create_compounds
        )

    def lock(self, *, scopes: Scopes) -> None:
        """One import per compound at a time: a second one waits for this one's transaction."""
        list(
            Compound.objects.select_for_update()
            .filter(pk__in=scopes.existing)
            .order_by("pk")
            .values_list("pk", flat=True)
        )

    def existing(self, *, scopes: Scopes) -> list[tuple]:
        """(pk, compound_id, building label, unit, room, access_code, *VALUE_FIELDS) of the households of these
        compounds, unordered. PostgreSQL returns the right Python types itself, so the rows are fetched in one
        go; SQLite needs Django's converters (decimals, booleans)."""
        query = (
            Household.objects.filter(compound_id__in=scopes.existing)
            .order_by()
            .values_list("pk", "compound_id", "building__label", "unit", "room", "access_code", *VALUE_FIELDS)
        )
        if connection.vendor != "postgresql":
            return list(query)
        sql, params = query.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def write(self, *, community: Community, plan: Plan, scopes: Scopes) -> list[str]:
        now = timezone.now()
        # Compounds named in the file, created on request.
        to_create = sorted({skey[1] for skey, _r, _v in plan.new if isinstance(skey, tuple)})
        compound_id_of: dict = {pk: pk for pk in scopes.existing}
        if to_create:
            Compound.objects.bulk_create([Compound(community=community, name=name) for name in to_create])
            for compound in Compound.objects.filter(community=community, name__in=to_create):
                compound_id_of[("new", compound.name)] = compound.pk
        # Buildings first, in bulk.
        wanted = {(compound_id_of[skey], row.key[0]) for skey, row, *_rest in (*plan.new, *plan.changed)}
        compound_ids = {cid for cid, _label in wanted}
        buildings = {
            (b.compound_id, b.label): b.pk for b in Building.objects.filter(compound_id__in=compound_ids)
        }
        missing = sorted(wanted - set(buildings))
        if missing:
            Building.objects.bulk_create(
                [
                    Building(
                        community=community, compound_id=cid, label=label, sort_key=building_sort_key(label)
                    )
                    for cid, label in missing
                ],
                ignore_conflicts=True,
            )
            buildings = {
                (b.compound_id, b.label): b.pk for b in Building.objects.filter(compound_id__in=compound_ids)
            }
        stamp = connection.ops.adapt_datetimefield_value(now)
        # PostgreSQL's COPY leaves created_at and updated_at to the columns' default (the database's clock).
        stamps = () if connection.vendor == "postgresql" else (stamp, stamp)
        if connection.vendor == "postgresql":
            stamp = now.isoformat()  # written once as text into the COPY stream of changed rows
        codes = iter(_free_codes(community, len(plan.new)) if plan.new else ())
        sort_key = functools.lru_cache(maxsize=8192)(room_sort_key)
        community_id = community.pk

        def household_rows(entries, code_of):
            for entry in entries:
                skey, row, vals = entry[0], entry[1], entry[2]
                building, unit, room = row.key
                compound_id = compound_id_of[skey]
                yield (
                    community_id,
                    compound_id,
                    buildings[(compound_id, building)],
                    unit,
                    room,
                    sort_key(room),
                    *vals,
                    code_of(entry),
                    *stamps,
                )

        new_rows = household_rows(plan.new, lambda _entry: next(codes))
        if connection.vendor == "postgresql":
            if plan.new:
                # In the natural key's order (compound, building, unit, room): see _copy_new.
                _copy_new(sorted(new_rows, key=operator.itemgetter(1, 2, 3, 4)))
            _update_changed(
                [(household_id, *vals, stamp) for _s, _r, vals, household_id, _code in plan.changed]
            )
            return to_create
        new_rows = [*new_rows, *household_rows(plan.changed, lambda entry: entry[4])]
        _upsert_households(new_rows)
        return to_create

    def summary(self, *, parsed, plan: Plan, spec: ColumnSpec):
        """Totals, the first rows as stored and the missing columns' warnings (summary.py)."""
        return household_summary(parsed=parsed, plan=plan, spec=spec)

    def mark_missing(self, *, community: Community, ids: Iterable[int]) -> int:
        """Mark households missing from a file as moved out."""
        return (
            Household.objects.filter(community=community, pk__in=ids)
            .exclude(occupancy=Household.Occupancy.MOVED_OUT)
            .update(occupancy=Household.Occupancy.MOVED_OUT, updated_at=timezone.now())
        )


def _upload_url(roster_import: RosterImport) -> str | None:
    if roster_import.compound_id is None:
        return None  # uploaded in the Django admin, for a whole community
    return reverse("communities:roster", args=[roster_import.community.slug, roster_import.compound_id])


HOUSEHOLDS = ImportKind(
    name="households",
    columns=HOUSEHOLD_COLUMNS,
    writer=HouseholdWriter(),
    audit_action="roster.import",
    missing_action="roster.moved_out",
    upload_form=RosterUploadForm,
    upload_url=_upload_url,
    partials={
        "crumbs": "communities/roster/households/_crumbs.html",
        "confirm": "communities/roster/households/_confirm.html",
        "result": "communities/roster/households/_result.html",
    },
)


def roster_import_apply(**options: Any) -> RosterOutcome:
    """The engine (engine.import_apply, with its keyword options) on a household roster: what the command line,
    the tests and the benchmark call."""
    return import_apply(kind=HOUSEHOLDS, **options)
