"""Roster imports: compare a parsed file with the database and apply it with set-based SQL.

`roster_import_apply` is the engine the staff pages (through the task queue), the Django admin and the
`import_households` command all call, so the same file gives the same result everywhere.
"""

import csv
import functools
import gc
import io
import itertools
import operator
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..audit import audit_record
from ..errors import DomainError
from ..models import (
    ACCESS_CODE_ALPHABET,
    ACCESS_CODE_LENGTH,
    Building,
    Community,
    Compound,
    Household,
    RosterImport,
)
from ..services import building_sort_key, room_sort_key
from .parsing import ParseResult, Problem, RosterRow, parse_sheets
from .reading import read_workbook
from .values import DEFAULT_VALUES, KEEP, VALUE_FIELDS

MAX_STORED_PROBLEMS = 1000
BATCH = 500

Progress = Callable[[int], None] | None


@dataclass
class RosterOutcome:
    """What an import found (dry run) or did: the counts, the problems, the households missing from the file."""

    rows: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    missing_ids: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    compounds_created: list[str] = field(default_factory=list)
    applied: bool = False
    roster_import: RosterImport | None = None

    @property
    def missing(self) -> int:
        return len(self.missing_ids)

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "missing": self.missing,
        }

    def as_json(self) -> dict:
        """The shape `import_households --json` prints."""
        return {
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "missing": self.missing,
            "errors": [p.as_dict() for p in self.problems],
        }


# --- comparing with the database -----------------------------------------------------


def _resolve_compounds(
    community: Community,
    parsed: ParseResult,
    default_compound: Compound | None,
    create_compounds: bool,
) -> tuple[dict[str, Compound | None], list[Problem]]:
    """{name in the file: compound (None: to be created)}; "" is the default compound."""
    names: dict[str, RosterRow] = {}
    for row in parsed.rows:
        names.setdefault(row.compound, row)
    known = {
        c.name: c for c in Compound.objects.filter(community=community, name__in=[n for n in names if n])
    }
    resolved: dict[str, Compound | None] = {}
    problems: list[Problem] = []
    for name, first in names.items():
        column = parsed.compound_headers.get(first.sheet, "")
        if not name:
            if default_compound is None:
                count = sum(1 for r in parsed.rows if not r.compound)
                problems.append(
                    Problem(
                        first.row,
                        column,
                        _(
                            "%(count)s rows name no compound (小区). Fill in the 小区 column, or choose the "
                            "compound to import into."
                        )
                        % {"count": count},
                        first.sheet,
                    )
                )
            else:
                resolved[name] = default_compound
        elif name in known:
            resolved[name] = known[name]
        elif create_compounds:
            resolved[name] = None
        else:
            problems.append(
                Problem(
                    first.row,
                    column,
                    _(
                        "There is no compound named “%(name)s” in this community. Check the spelling, or tick "
                        "“create compounds named in the file” to add it."
                    )
                    % {"name": name},
                    first.sheet,
                )
            )
    return resolved, problems


def _where(row: RosterRow) -> str:
    if row.sheet:
        return _("row %(row)s of sheet “%(sheet)s”") % {"row": row.row, "sheet": row.sheet}
    return _("row %(row)s") % {"row": row.row}


@dataclass
class _Plan:
    new: list[tuple] = field(default_factory=list)  # (compound key, row, values as in VALUE_FIELDS)
    changed: list[tuple] = field(default_factory=list)  # (compound key, row, values, household id, code)
    unchanged: int = 0
    missing_ids: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _existing(compound_ids: list[int]) -> list[tuple]:
    """(pk, compound_id, building label, unit, room, access_code, occupancy, *VALUE_FIELDS) of the
    households of these compounds, unordered. PostgreSQL returns the right Python types itself, so the rows are
    fetched in one go; SQLite needs Django's converters (decimals, booleans)."""
    query = (
        Household.objects.filter(compound_id__in=compound_ids)
        .order_by()
        .values_list(
            "pk", "compound_id", "building__label", "unit", "room", "access_code", "occupancy", *VALUE_FIELDS
        )
    )
    if connection.vendor != "postgresql":
        return list(query)
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _with_defaults(rows: list[tuple]) -> list[tuple]:
    """The values of new households: KEEP replaced by the default, column by column."""
    if not rows:
        return []
    columns = []
    for column, default in zip(zip(*rows, strict=True), DEFAULT_VALUES, strict=True):
        columns.append([default if v is KEEP else v for v in column] if KEEP in column else column)
    return list(zip(*columns, strict=True))


def _plan(parsed: ParseResult, resolved: dict[str, Compound | None], room_headers: dict) -> _Plan:
    plan = _Plan()
    compound_ids = sorted({c.pk for c in resolved.values() if c is not None})
    existing: dict[tuple, tuple] = {
        (item[1], item[2], item[3], item[4]): item
        for item in (_existing(compound_ids) if compound_ids else ())
    }
    seen: dict[tuple, RosterRow] = {}
    compound_key = {
        name: (compound.pk if compound is not None else ("new", name)) for name, compound in resolved.items()
    }
    changed = plan.changed
    new: list[tuple] = []  # (compound key, row)
    unchanged = 0
    # The values the file sets (the other slots of every row are KEEP): comparing these first settles most rows
    # in C; a row that differs there (or leaves a cell empty that keeps) is merged and compared in full.
    present = sorted(parsed.value_slots)
    settable = operator.itemgetter(*present) if present else (lambda values: ())
    for row in parsed.rows:
        ckey = compound_key[row.compound]
        key = (ckey, row.building, row.unit, row.room)
        first = seen.get(key)
        if first is not None:
            plan.problems.append(
                Problem(
                    row.row,
                    room_headers.get(row.sheet, ""),
                    _("%(label)s appears twice in the file: %(first)s and %(second)s. Keep one of them.")
                    % {"label": row.label, "first": _where(first), "second": _where(row)},
                    row.sheet,
                )
            )
            continue
        seen[key] = row
        current = existing.get(key)
        if current is None:
            new.append((ckey, row))
            continue
        before = current[7:]
        if settable(row.values) == settable(before):
            unchanged += 1
            continue
        after = tuple([c if v is KEEP else v for v, c in zip(row.values, before, strict=True)])
        if after == before:
            unchanged += 1
        else:
            changed.append((ckey, row, after, current[0], current[5]))
    plan.unchanged = unchanged
    plan.new = [
        (ckey, row, values)
        for (ckey, row), values in zip(new, _with_defaults([r.values for _c, r in new]), strict=True)
    ]
    keys = set(seen)
    for name, building, unit, room in parsed.rejected_keys:
        if resolved.get(name) is not None:
            keys.add((resolved[name].pk, building, unit, room))
    moved_out = Household.Occupancy.MOVED_OUT
    plan.missing_ids = sorted(
        item[0] for key, item in existing.items() if key not in keys and item[6] != moved_out
    )
    return plan


# --- writing ---------------------------------------------------------------------------

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
    whole import rolls back (roster_import_run then marks it failed)."""
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


def _write(community: Community, plan: _Plan, resolved: dict[str, Compound | None]) -> list[str]:
    now = timezone.now()
    # Compounds named in the file, created on request.
    to_create = sorted({ckey[1] for ckey, _r, _v in plan.new if isinstance(ckey, tuple)})
    compounds: dict = {c.pk: c for c in resolved.values() if c is not None}
    if to_create:
        Compound.objects.bulk_create([Compound(community=community, name=name) for name in to_create])
        for compound in Compound.objects.filter(community=community, name__in=to_create):
            compounds[("new", compound.name)] = compound
    compound_id_of = {ckey: compound.pk for ckey, compound in compounds.items()}
    # Buildings first, in bulk.
    wanted = {(compound_id_of[ckey], row.building) for ckey, row, *_rest in (*plan.new, *plan.changed)}
    compound_ids = {cid for cid, _label in wanted}
    buildings = {
        (b.compound_id, b.label): b.pk for b in Building.objects.filter(compound_id__in=compound_ids)
    }
    missing = sorted(wanted - set(buildings))
    if missing:
        Building.objects.bulk_create(
            [
                Building(community=community, compound_id=cid, label=label, sort_key=building_sort_key(label))
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
            ckey, row, vals = entry[0], entry[1], entry[2]
            compound_id = compound_id_of[ckey]
            yield (
                community_id,
                compound_id,
                buildings[(compound_id, row.building)],
                row.unit,
                row.room,
                sort_key(row.room),
                *vals,
                code_of(entry),
                *stamps,
            )

    new_rows = household_rows(plan.new, lambda _entry: next(codes))
    if connection.vendor == "postgresql":
        if plan.new:
            # In the natural key's order (compound, building, unit, room): see _copy_new.
            _copy_new(sorted(new_rows, key=operator.itemgetter(1, 2, 3, 4)))
        _update_changed([(household_id, *vals, stamp) for _c, _r, vals, household_id, _code in plan.changed])
        return to_create
    new_rows = [*new_rows, *household_rows(plan.changed, lambda entry: entry[4])]
    _upsert_households(new_rows)
    return to_create


def _cycle_collector_paused(function):
    """Pause Python's cycle collector while `function` runs: a 100k-row file makes millions of small objects
    (cells, rows, tuples), none of them in a cycle, and each full collection walked all of them again
    (measured: about 1.5 s of a 100k-row import). Reference counting still frees them."""

    @functools.wraps(function)
    def run(*args, **kwargs):
        paused = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if paused:
                gc.enable()

    return run


@_cycle_collector_paused
def roster_import_apply(
    *,
    community: Community,
    actor,
    data: bytes,
    filename: str,
    compound: Compound | None = None,
    create_compounds: bool = False,
    dry_run: bool = False,
    roster_import: RosterImport | None = None,
    progress: Progress = None,
) -> RosterOutcome:
    """Read, check and (unless `dry_run` or a row has a problem) apply a roster file to a community.

    Nothing is written when any row has a problem. A real import writes in one transaction, records the import
    in the history (a new RosterImport with the original file, unless one is given) and one audit entry with
    the counts. Households missing from the file are reported, never deleted."""
    if compound is not None and compound.community_id != community.pk:
        raise DomainError(_("Choose a compound of this community."))

    def report(percent: int) -> None:
        if progress:
            progress(percent)

    sheets = read_workbook(data, filename)
    report(5)
    parsed = parse_sheets(sheets, progress=lambda done, total: report(5 + int(55 * done / total)))
    del sheets
    room_headers = parsed.room_headers
    outcome = RosterOutcome(rows=len(parsed.rows), problems=list(parsed.problems))

    with transaction.atomic():
        resolved, problems = _resolve_compounds(community, parsed, compound, create_compounds)
        outcome.problems += problems
        if resolved and not problems:
            if not dry_run:
                # One import per compound at a time: a second one waits for this one's transaction.
                list(
                    Compound.objects.select_for_update()
                    .filter(pk__in=[c.pk for c in resolved.values() if c is not None])
                    .order_by("pk")
                    .values_list("pk", flat=True)
                )
            plan = _plan(parsed, resolved, room_headers)
            outcome.problems += plan.problems
            outcome.new, outcome.changed, outcome.unchanged = len(plan.new), len(plan.changed), plan.unchanged
            outcome.missing_ids = plan.missing_ids
            report(70)
            if not dry_run and not outcome.problems:
                outcome.compounds_created = _write(community, plan, resolved)
                outcome.applied = True
        order = {name: index for index, name in enumerate(parsed.sheets_read)}
        outcome.problems.sort(key=lambda p: (order.get(p.sheet, -1), p.row or 0))
        if outcome.applied:
            if roster_import is None:
                roster_import = RosterImport(
                    community=community,
                    compound=compound,
                    filename=filename[:200],
                    create_compounds=create_compounds,
                    created_by=actor if getattr(actor, "pk", None) else None,
                )
                roster_import.file.save(filename, ContentFile(data), save=False)
            roster_import.status = RosterImport.Status.DONE
            roster_import.progress = 100
            roster_import.counts = outcome.counts()
            roster_import.missing = outcome.missing_ids
            roster_import.errors, roster_import.error_count = [], 0
            roster_import.applied_by = actor if getattr(actor, "pk", None) else None
            roster_import.applied_at = timezone.now()
            roster_import.save()
            audit_record(
                community=community,
                actor=actor,
                action="roster.import",
                target=roster_import,
                changes={
                    "file": [None, roster_import.filename],
                    **{name: [None, value] for name, value in outcome.counts().items()},
                    **(
                        {"compounds_created": [None, ", ".join(outcome.compounds_created)]}
                        if outcome.compounds_created
                        else {}
                    ),
                },
            )
            outcome.roster_import = roster_import
    report(100)
    return outcome


# --- the staff page's flow: upload, preview (dry run), confirm, apply ---------------------


def _set_progress(roster_import: RosterImport) -> Callable[[int], None]:
    last = [-1]

    def update(percent: int) -> None:
        if percent != last[0]:
            last[0] = percent
            RosterImport.objects.filter(pk=roster_import.pk).update(progress=percent)

    return update


def roster_import_start(
    *,
    community: Community,
    actor,
    filename: str,
    data: bytes,
    compound: Compound | None = None,
    create_compounds: bool = False,
    language: str = "",
) -> RosterImport:
    """Keep the uploaded file and queue its preview. The import itself is audited when it is applied."""
    if compound is not None and compound.community_id != community.pk:
        raise DomainError(_("Choose a compound of this community."))
    if not data:
        raise DomainError(_("The file is empty."), field="file")
    roster_import = RosterImport(
        community=community,
        compound=compound,
        filename=filename[:200],
        create_compounds=create_compounds,
        language=language,
        created_by=actor,
    )
    roster_import.file.save(filename, ContentFile(data), save=False)
    roster_import.save()
    return roster_import


def _apply_stored(roster_import: RosterImport, *, actor, dry_run: bool) -> RosterOutcome:
    """The engine on a stored upload, with the options chosen when it was uploaded."""
    with roster_import.file.open("rb") as handle:
        data = handle.read()
    return roster_import_apply(
        community=roster_import.community,
        actor=actor,
        data=data,
        filename=roster_import.filename,
        compound=roster_import.compound,
        create_compounds=roster_import.create_compounds,
        dry_run=dry_run,
        roster_import=None if dry_run else roster_import,
        progress=_set_progress(roster_import),
    )


def roster_import_preview(*, roster_import: RosterImport) -> RosterImport:
    """The dry run: counts, problems and missing households, stored for the preview page."""
    roster_import.status = RosterImport.Status.ANALYSING
    roster_import.save(update_fields=["status"])
    try:
        outcome = _apply_stored(roster_import, actor=None, dry_run=True)
    except DomainError as error:
        roster_import.status = RosterImport.Status.FAILED
        roster_import.failure = str(error.message)
        roster_import.save(update_fields=["status", "failure"])
        return roster_import
    roster_import.status = RosterImport.Status.PREVIEW
    roster_import.progress = 100
    roster_import.counts = outcome.counts()
    roster_import.errors = [p.as_dict() for p in outcome.problems[:MAX_STORED_PROBLEMS]]
    roster_import.error_count = len(outcome.problems)
    roster_import.missing = outcome.missing_ids
    roster_import.save(update_fields=["status", "progress", "counts", "errors", "error_count", "missing"])
    return roster_import


@transaction.atomic
def roster_import_confirm(*, roster_import: RosterImport, actor) -> RosterImport:
    """The admin confirmed the preview: queue the import itself."""
    roster_import = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
    if roster_import.status != RosterImport.Status.PREVIEW:
        raise DomainError(_("This import is not waiting for confirmation any more."))
    if roster_import.error_count:
        raise DomainError(_("Correct the problems in the file and upload it again: nothing was imported."))
    roster_import.status = RosterImport.Status.APPLYING
    roster_import.progress = 0
    roster_import.applied_by = actor
    roster_import.queued_at = timezone.now()
    roster_import.save(update_fields=["status", "progress", "applied_by", "queued_at"])
    return roster_import


def roster_import_run(*, roster_import: RosterImport) -> RosterImport:
    """Apply a confirmed import (in the worker). The file is read again: the result counts what was written."""
    actor = roster_import.applied_by
    try:
        outcome = _apply_stored(roster_import, actor=actor, dry_run=False)
    except DomainError as error:
        outcome = None
        failure = str(error.message)
    except IntegrityError:
        # Someone added the same household by hand while the import ran: the natural key refused the
        # import's row and the transaction rolled back whole. Say so instead of staying "applying".
        outcome = None
        failure = _("A household in the file was added by someone else meanwhile. Upload the file again.")
    else:
        failure = ""
    if outcome is None or not outcome.applied:
        roster_import.refresh_from_db()
        roster_import.status = RosterImport.Status.FAILED
        if outcome is not None:
            roster_import.errors = [p.as_dict() for p in outcome.problems[:MAX_STORED_PROBLEMS]]
            roster_import.error_count = len(outcome.problems)
            failure = _("The households changed since the preview, and the file now has problems.")
        roster_import.failure = failure
        roster_import.save(update_fields=["status", "failure", "errors", "error_count"])
        return roster_import
    return outcome.roster_import


@transaction.atomic
def roster_mark_moved_out(*, roster_import: RosterImport, household_ids: list[int], actor) -> int:
    """Mark households that the import found missing as moved out (one audit entry for all of them)."""
    allowed = set(roster_import.missing) & {int(pk) for pk in household_ids}
    if not allowed:
        raise DomainError(_("Choose at least one household from the list."))
    count = (
        Household.objects.filter(community_id=roster_import.community_id, pk__in=allowed)
        .exclude(occupancy=Household.Occupancy.MOVED_OUT)
        .update(occupancy=Household.Occupancy.MOVED_OUT, updated_at=timezone.now())
    )
    audit_record(
        community=roster_import.community,
        actor=actor,
        action="roster.moved_out",
        target=roster_import,
        changes={"moved_out": [None, count]},
    )
    return count
