"""Kinds of roster-like files: what the import flow needs to know about one kind of list, and the registry.

A kind is a **column spec** (the headers offices write for each field, the parser of each value, the defaults
of a new record, the canonical export headers) and a **writer** (which records a file is compared with, and
how the new and changed ones are written). The engine (`engine.import_apply`) and the staff flow (`services`:
upload, the worker's preview and import, confirm, history, problems) take any registered kind; the household
roster is the kind "households" (`households.py`), registered in `communities.apps`. A higher app registers
its own in its AppConfig.ready(), e.g. the partners app's volunteer lists:

    import_kind_register(ImportKind(name="volunteers", columns=VOLUNTEER_COLUMNS, writer=VolunteerWriter(), ...))

and then reuses `services.roster_import_start(kind="volunteers", ...)`, the task worker's steps and the import
pages (`communities:roster_import` and the rest), which render the kind's own partial templates for its words.
"""

import functools
import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from django.core.exceptions import ImproperlyConfigured

from ..labels import normalize_text

if TYPE_CHECKING:  # only for annotations: the engine's modules import this one
    from django import forms

    from ..models import Community, Compound, RosterImport
    from .parsing import ParseResult, Problem
    from .plan import Plan


class _Keep:
    """In a parsed row's values: the row does not set this field (no column, or an empty cell that keeps)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "KEEP"


KEEP = _Keep()


def header_key(text: str) -> str:
    """A header as compared with the variants: without spaces, case, decoration, or a trailing unit in brackets
    ('面积(㎡)' -> '面积', '* 门牌号:' -> '门牌号', 'Floor area (m²)' -> 'floorarea')."""
    key = normalize_text(text).lower()
    key = re.sub(r"[\(\[（【].*?[\)\]）】]$", "", key)
    return key.strip("*:：#.、_ ")


@dataclass(frozen=True, eq=False)
class ColumnSpec:
    """The columns of one kind of list, as offices write them.

    A row's identity is its **scope** (e.g. the compound, named in a column or chosen on upload) and its **key**
    (e.g. building, unit, room), each key part cleaned by its parser. The other fields are **values**: each has
    a parser (cell text in, clean value out, or a ValueError saying what to write instead; None for an empty
    cell) and a default for a new record; a value column left out of the file keeps what the record has."""

    variants: Mapping[str, tuple[str, ...]]  # field -> the headers that name it (see header_key)
    anchor: str  # the field a header row must name (with at least one other field)
    key: tuple[tuple[str, Callable[[str], str]], ...]  # (field, parser) of the parts of a row's identity
    parsers: Mapping[str, Callable[[str], Any]]  # value field -> parser
    defaults: Mapping[str, Any]  # value field -> the value of a new record; its order is the values' order
    label: Callable[..., str]  # the key parts -> how people name the record ('3栋2单元501')
    no_header: str  # the problem of a file in which no sheet has a header row
    scope: str | None = None  # the field naming the scope of a row, if a file may have that column
    context: frozenset[str] = frozenset()  # fields merged down across rows: a row with only these is blank
    required: Mapping[str, str] = field(default_factory=dict)  # field -> the problem of a sheet without it
    keep_when_empty: frozenset[str] = frozenset()  # value fields whose empty cell keeps the current value
    straight: frozenset[str] = frozenset()  # value fields whose texts rarely repeat: parsed without a cache
    export_headers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # "zh"/"en" -> header row
    # Derived from the above:
    value_fields: tuple[str, ...] = field(init=False)  # the values' order, in rows and in writes
    value_index: dict[str, int] = field(init=False)
    default_values: tuple = field(init=False)
    key_fields: tuple[str, ...] = field(init=False)
    field_of: Callable[[str], str | None] = field(init=False)  # a header as written -> its field, or None

    def __post_init__(self) -> None:
        if set(self.parsers) != set(self.defaults):
            raise ImproperlyConfigured("A column spec needs a parser and a default for every value field.")
        lookup = {variant: name for name, variants in self.variants.items() for variant in variants}
        set_ = functools.partial(object.__setattr__, self)
        set_("value_fields", tuple(self.defaults))
        set_("value_index", {name: index for index, name in enumerate(self.defaults)})
        set_("default_values", tuple(self.defaults.values()))
        set_("key_fields", tuple(name for name, _parse in self.key))
        # A header text -> its field (or None); the same headers repeat on every sheet and printed page.
        set_("field_of", functools.lru_cache(maxsize=4096)(lambda text: lookup.get(header_key(text))))


@dataclass
class Scopes:
    """The scopes the rows of a file belong to, as a writer resolved them: `keys` maps each scope as written
    ("" where a row names none) to the writer's key for it (an id, or a marker of one to create)."""

    keys: dict[str, Hashable] = field(default_factory=dict)
    existing: list[int] = field(default_factory=list)  # the keys that are ids of existing scopes, sorted
    problems: list["Problem"] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # names of scopes that do not exist (and may be created)


@dataclass
class Review:
    """What a writer's optional `review` found: the problems of the rows it refused, and flags on rows it takes
    but wants a person to look at (e.g. a row matched by name because it has no phone). Flags never block an
    import; the preview and the import's page list them beside the counts."""

    problems: list["Problem"] = field(default_factory=list)
    flags: list["Problem"] = field(default_factory=list)


@dataclass
class Summary:
    """What a writer's optional `summary` says about a file beside the counts, for the preview and the command
    line: `totals` (name -> a number, or None where the file cannot tell), `warnings` (sentences: a column
    the file lacks and what that means, with the numbers), and `sample` (the first rows as they will be
    stored, each a dict of texts)."""

    totals: dict[str, int | None] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    sample: list[dict] = field(default_factory=list)


class Writer(Protocol):
    """How a kind compares a file with the database and applies it. The engine calls, in one transaction:
    scopes, then lock (not for a dry run), review (if the writer has one), existing, and write (only when no
    row has a problem). The flow calls mark_missing, only for a kind with a `missing_action`.

    `review(*, community, parsed, scopes, actor) -> Review` is optional, for a kind whose rows are matched or
    checked across columns or against the database (the partners' volunteer lists: a row is matched by its
    mobile, or else by name and household). It may re-key `parsed.rows` (a row's key is then whatever
    `existing` gives the record it matches), complete their values (and add those slots to
    `parsed.value_slots`), and take out the rows it refuses, adding their keys to `parsed.rejected_keys` so that
    their records are not reported missing. `actor` is who applies the import (None for a preview).

    `summary(*, parsed, plan, spec) -> Summary` is optional too: the totals, first rows as stored and
    missing-column warnings the preview shows beside the counts (the household roster's: `summary.py`)."""

    # (value field, value): a record with it has left (e.g. moved out); it is not reported missing from a file.
    gone: tuple[str, Any] | None

    def scopes(
        self,
        *,
        community: "Community",
        parsed: "ParseResult",
        compound: "Compound | None",
        create_compounds: bool,
    ) -> Scopes:
        """Which scope each row belongs to, from its scope column or the upload's compound; problems for names
        that are none of the community's."""

    def lock(self, *, scopes: Scopes) -> None:
        """Make a second import of the same scopes wait for this one's transaction."""

    def existing(self, *, scopes: Scopes) -> Sequence[tuple]:
        """The records of the existing scopes, unordered, each (pk, scope key, *key parts, extra, *values):
        the key parts and values as the column spec cleans them; `extra` is the writer's own (it comes back
        with each changed record)."""

    def write(self, *, community: "Community", plan: "Plan", scopes: Scopes) -> list[str]:
        """Write the plan's new and changed records; the names of the scopes created."""

    def mark_missing(self, *, community: "Community", ids: Iterable[int]) -> int:
        """Mark these records, missing from a file, as gone; how many changed."""


def _no_upload_url(roster_import: "RosterImport") -> str | None:
    return None


@dataclass(frozen=True, eq=False)
class ImportKind:
    """One kind of list the import flow takes; `name` is stored in RosterImport.kind."""

    name: str
    columns: ColumnSpec
    writer: Writer
    audit_action: str  # the audit entry of an applied import, e.g. "roster.import"
    upload_form: "type[forms.Form]"  # the upload page's form: a `file` field (and any options)
    # Partial templates of the kind's own words on the import pages, rendered with roster_import, counts,
    # compound and upload_url: "crumbs" (the way back), "confirm" (what confirming does), "result" (after it).
    partials: Mapping[str, str]
    upload_url: Callable[["RosterImport"], str | None] = _no_upload_url  # the upload page of this import
    missing_action: str = ""  # the audit entry of marking records missing from a file as gone, if offered


_KINDS: dict[str, ImportKind] = {}


def import_kind_register(kind: ImportKind) -> ImportKind:
    """Register a kind at start-up (AppConfig.ready); registering the same kind again does nothing."""
    known = _KINDS.get(kind.name)
    if known is not None and known is not kind:
        raise ImproperlyConfigured(f"An import kind named {kind.name!r} is registered already.")
    _KINDS[kind.name] = kind
    return kind


def import_kind_unregister(name: str) -> None:
    """Take a kind out of the registry (a test's own kind, afterwards)."""
    _KINDS.pop(name, None)


def import_kind_get(name: str) -> ImportKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"No import kind named {name!r} is registered.") from None
