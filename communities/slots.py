"""Named slots: where a higher app puts its sections on a lower app's pages.

DESIGN's apps depend downwards only, so a page of `communities` (the compound's public board, a household's own
page, the staff compound page, the community home, the navigation) cannot name funds', needs' or recognition's
URLs, models or template libraries. Instead each app registers what it shows in a named slot from its
AppConfig.ready(), as it registers its audit labels, and the lower page renders the slot:

    {% load slots %}{% slot "compound" compound %}

| slot | what is registered | rendered by |
| --- | --- | --- |
| board | BoardSection: a section of the compound's (or community's) public board, with a cheap `version` (and its plain SQL, `version_sql`) for the page cache and a line for the printed notice | communities.public_views |
| household | Section: a section of the household's own page behind the 户码 | communities.public |
| compound, home, staff_household | Section: a section of the staff compound page, the community home, the staff household page | {% slot %} |
| partner, partner_link | Section: a section of a partner's profile and of their personal-link page | {% slot %} |
| nav | NavEntry: a staff navigation entry for a minimum role | base.html |
| waiting | Waiting: a count of what waits for staff, with a link (home lists them, the nav shows the total) | {% waiting %} |
| settings | SettingsSection: a form on the community settings page, saved through the app's own service | communities.views |
| ledger_checks | a callable (community or None) -> list of problems, run by `verify_ledgers` | funds.verify |

Registering the same key again replaces the entry (ready() may run more than once in tests).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .models import Role

SLOT_NAMES = (
    "board",
    "household",
    "compound",
    "home",
    "staff_household",
    "partner",
    "partner_link",
    "nav",
    "waiting",
    "settings",
    "ledger_checks",
)


@dataclass(frozen=True)
class Section:
    """A block of a page: `template` rendered with `context(request, obj)`; None from `context` shows nothing."""

    key: str
    template: str
    context: Callable[[Any, Any], dict | None]
    order: int = 100
    min_role: str = Role.OBSERVER  # staff slots: the least role that sees it


@dataclass(frozen=True)
class BoardSection:
    """A section of a public board.

    `context(request, place)` gets a Compound or a Community (a community board shows the community-wide part
    of each section; return None to show nothing there). `version(place)` is cheap (one small query at most)
    and changes whenever what the section shows changes: it is part of the board's cache key. `notice(place)`
    is the section's one line on the printed A4 notice (e.g. "公示 3 项"), or None.

    `version_sql(place)`, where given, is the same version as plain SQL: `(sql, params, types)`, `sql` a
    SELECT of exactly one row with `%s` placeholders (columns named uniquely, e.g. prefixed by the app), and
    `types` their PostgreSQL types; or None when the section shows nothing there. The board then takes the
    versions of all such sections in one prepared statement (communities.public_views.board_versions) instead
    of one ORM query each: building each section's query with the ORM cost 2.5-3.5 ms a visit (bench/needs.py).
    """

    key: str
    template: str
    context: Callable[[Any, Any], dict | None]
    version: Callable[[Any], Any]
    notice: Callable[[Any], str | None] | None = None
    order: int = 100
    version_sql: Callable[[Any], tuple[str, list, list[str]] | None] | None = None


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: Any  # a lazy translation
    url_name: str  # reversed with the community's slug
    min_role: str = Role.OBSERVER
    order: int = 100


@dataclass(frozen=True)
class Waiting:
    """Something waiting for staff: the rows of `queryset(community)`; `label` has a %(n)s placeholder.

    The counts of every entry are taken together in one query (`waiting_counts`), so a staff page costs the same
    however many apps register something here.
    """

    key: str
    label: Any
    queryset: Callable[[Any], Any]
    url_name: str
    min_role: str = Role.STAFF
    order: int = 100
    # Where the label shows an amount (%(amount)s) rather than only the number: the rows' field to sum.
    amount: str = ""


@dataclass(frozen=True)
class SettingsSection:
    """A section of the community settings page. `initial(community)` fills `form_class` (given the posted
    files too); `save(community=..., actor=..., data=...)` is the app's own service (it audits and may refuse
    with a DomainError). An optional `template` is shown above the form with `context(community)` (e.g. the
    decision behind the current setting)."""

    key: str
    title: Any
    form_class: type
    initial: Callable[[Any], dict]
    save: Callable[..., Any]
    min_role: str = Role.ADMIN
    order: int = 100
    template: str = ""
    context: Callable[[Any], dict] | None = None


_KINDS: dict[str, type | tuple] = {
    "board": BoardSection,
    "household": Section,
    "compound": Section,
    "home": Section,
    "staff_household": Section,
    "partner": Section,
    "partner_link": Section,
    "nav": NavEntry,
    "waiting": Waiting,
    "settings": SettingsSection,
}

_registry: dict[str, dict[str, Any]] = {name: {} for name in SLOT_NAMES}


def register(slot: str, *entries) -> None:
    """Put entries in a slot. ledger_checks takes plain callables; every other slot its own dataclass."""
    if slot not in _registry:
        raise ValueError(f"no slot named {slot!r}; the slots are {', '.join(SLOT_NAMES)}")
    for entry in entries:
        if slot == "ledger_checks":
            if not callable(entry):
                raise TypeError("a ledger check is a callable (community or None) -> list[str]")
            key = f"{entry.__module__}.{entry.__qualname__}"
        else:
            if not isinstance(entry, _KINDS[slot]):
                raise TypeError(
                    f"slot {slot!r} takes {_KINDS[slot].__name__} entries, not {type(entry).__name__}"
                )
            key = entry.key
        _registry[slot][key] = entry


def entries(slot: str) -> list:
    """The slot's entries in their order (ledger checks in registration order)."""
    items = list(_registry[slot].values())
    if slot == "ledger_checks":
        return items
    return sorted(items, key=lambda entry: (entry.order, entry.key))


def waiting_counts(community, waiting: list) -> dict[str, tuple[int, Any]]:
    """{key: (how many rows, the sum of the entry's `amount` field or None)} for these `Waiting` entries, in one
    query (a counting, and where asked a summing, subquery each)."""
    from django.db.models import Count, IntegerField, Subquery, Sum, Value
    from django.db.models.functions import Coalesce

    from .models import Community

    if not waiting:
        return {}
    annotations = {}
    for index, entry in enumerate(waiting):
        rows = entry.queryset(community).order_by().annotate(_all=Value(1, IntegerField())).values("_all")
        annotations[f"n{index}"] = Coalesce(
            Subquery(rows.annotate(n=Count("pk", distinct=True)).values("n")[:1]), 0
        )
        if entry.amount:
            annotations[f"s{index}"] = Subquery(rows.annotate(s=Sum(entry.amount)).values("s")[:1])
    row = Community.objects.filter(pk=community.pk).annotate(**annotations).values(*annotations).first() or {}
    return {entry.key: (row.get(f"n{index}", 0), row.get(f"s{index}")) for index, entry in enumerate(waiting)}


def for_role(slot: str, membership) -> list:
    """The entries of a staff slot the member's role may see."""
    return [
        entry for entry in entries(slot) if membership is not None and membership.has_role(entry.min_role)
    ]
