"""The plan of an import: a parsed file compared with the records it names, before anything is written.

Which compound each row belongs to (`compound_scopes`, for kinds whose rows live in compounds), then, row by row
and by the kind's key, which records are new, changed or unchanged, which appear twice in the file, and which
of the existing ones the file leaves out ("missing": listed, never deleted)."""

import operator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..models import Community, Compound
from .kinds import KEEP, ColumnSpec, Scopes, Writer
from .parsing import ParseResult, Problem, RosterRow


@dataclass
class Plan:
    new: list[tuple] = field(default_factory=list)  # (scope key, row, values with the defaults filled in)
    changed: list[tuple] = field(default_factory=list)  # (scope key, row, values, record pk, writer's extra)
    unchanged: int = 0
    missing_ids: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # The file's first rows as they will be stored: (row, values with defaults or current values filled in,
    # "new" / "changed" / "unchanged"), for the preview.
    sample: list[tuple] = field(default_factory=list)


SAMPLE_ROWS = 5


def compound_scopes(
    *, community: Community, parsed: ParseResult, compound: Compound | None, create_compounds: bool
) -> Scopes:
    """Scopes by compound: each name in the file's 小区 column is a compound of this community (or, with
    `create_compounds`, one to create: its key is ("new", name)); rows without one go to `compound`."""
    names: dict[str, RosterRow] = {}
    for row in parsed.rows:
        names.setdefault(row.scope, row)
    known = {
        c.name: c for c in Compound.objects.filter(community=community, name__in=[n for n in names if n])
    }
    scopes = Scopes()
    problems = scopes.problems
    for name, first in names.items():
        column = parsed.scope_headers.get(first.sheet, "")
        if not name:
            if compound is None:
                count = sum(1 for r in parsed.rows if not r.scope)
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
                scopes.keys[name] = compound.pk
        elif name in known:
            scopes.keys[name] = known[name].pk
        elif create_compounds:
            scopes.keys[name] = ("new", name)
        else:
            scopes.unknown.append(name)
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
    scopes.existing = sorted({key for key in scopes.keys.values() if isinstance(key, int)})
    return scopes


def _where(row: RosterRow) -> str:
    if row.sheet:
        return _("row %(row)s of sheet “%(sheet)s”") % {"row": row.row, "sheet": row.sheet}
    return _("row %(row)s") % {"row": row.row}


def _with_defaults(rows: list[tuple], defaults: tuple) -> list[tuple]:
    """The values of new records: KEEP replaced by the default, column by column."""
    if not rows:
        return []
    columns = []
    for column, default in zip(zip(*rows, strict=True), defaults, strict=True):
        columns.append([default if v is KEEP else v for v in column] if KEEP in column else column)
    return list(zip(*columns, strict=True))


def plan_rows(*, parsed: ParseResult, scopes: Scopes, spec: ColumnSpec, writer: Writer) -> Plan:
    """Compare every row with the record of its scope and key (writer.existing) and sort it into the plan."""
    plan = Plan()
    size = len(spec.key_fields)
    # writer.existing: (pk, scope key, *key parts, extra, *values); the dict's key is (scope key, *key parts).
    key_end = 2 + size
    existing: dict[tuple, tuple] = {
        item[1:key_end]: item for item in (writer.existing(scopes=scopes) if scopes.existing else ())
    }
    seen: dict[tuple, RosterRow] = {}
    scope_key = scopes.keys
    anchor_headers = parsed.anchor_headers
    changed = plan.changed
    new: list[tuple] = []  # (scope key, row)
    unchanged = 0
    # The values the file sets (the other slots of every row are KEEP): comparing these first settles most rows
    # in C; a row that differs there (or leaves a cell empty that keeps) is merged and compared in full.
    present = sorted(parsed.value_slots)
    settable = operator.itemgetter(*present) if present else (lambda values: ())
    for row in parsed.rows:
        skey = scope_key[row.scope]
        key = (skey,) + row.key  # (concatenated: unpacking builds a list first, per row)
        first = seen.get(key)
        if first is not None:
            plan.problems.append(
                Problem(
                    row.row,
                    anchor_headers.get(row.sheet, ""),
                    _("%(label)s appears twice in the file: %(first)s and %(second)s. Keep one of them.")
                    % {"label": spec.label(*row.key), "first": _where(first), "second": _where(row)},
                    row.sheet,
                )
            )
            continue
        seen[key] = row
        current = existing.get(key)
        if current is None:
            new.append((skey, row))
            continue
        before = current[key_end + 1 :]
        if settable(row.values) == settable(before):
            unchanged += 1
            continue
        after = tuple([c if v is KEEP else v for v, c in zip(row.values, before, strict=True)])
        if after == before:
            unchanged += 1
        else:
            changed.append((skey, row, after, current[0], current[key_end]))
    plan.unchanged = unchanged
    plan.new = [
        (skey, row, values)
        for (skey, row), values in zip(
            new, _with_defaults([r.values for _s, r in new], spec.default_values), strict=True
        )
    ]
    defaults = spec.default_values
    for row in parsed.rows[:SAMPLE_ROWS]:
        current = existing.get((scope_key[row.scope],) + row.key)
        if current is None:
            values = tuple([d if v is KEEP else v for v, d in zip(row.values, defaults, strict=True)])
            plan.sample.append((row, values, "new"))
            continue
        before = current[key_end + 1 :]
        values = tuple([c if v is KEEP else v for v, c in zip(row.values, before, strict=True)])
        plan.sample.append((row, values, "unchanged" if values == before else "changed"))
    keys = set(seen)
    for name, key in parsed.rejected_keys:
        if name in scope_key:
            keys.add((scope_key[name], *key))
    if writer.gone is None:
        plan.missing_ids = sorted(item[0] for key, item in existing.items() if key not in keys)
    else:
        gone_field, gone_value = writer.gone
        gone_at = key_end + 1 + spec.value_index[gone_field]
        plan.missing_ids = sorted(
            item[0] for key, item in existing.items() if key not in keys and item[gone_at] != gone_value
        )
    return plan
