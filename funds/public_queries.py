"""What the published ledgers show residents: figures, rooms, expenses and questions, in constant queries.

Everything here is safe for a public page: rooms by their label, names only masked and only where the
community turned that on, never a phone, a household flag, a waiver reason or who recorded an entry. Figures
come from funds.queries (derived from the entries); a waived room counts as settled, like a paid one.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.db.models import OuterRef, Prefetch, Q, Subquery, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from communities import prepared
from communities.labels import household_label
from communities.masking import mask_name
from communities.models import Building, Community, Compound, Household
from partners.models import Partner
from partners.naming import public_name, with_naming

from .models import Charge, Expense, Fund, Income, Inquiry, InquiryAnswer, Levy, Payment, Reversal, Snapshot
from .queries import due_filter, fund_figures, levy_figures


@dataclass
class Room:
    household_id: int
    label: str
    short: str  # without the building (shown under its building's heading)
    room: str
    name: str  # masked, or "" when names are not shown
    settled: bool
    paid: Decimal
    due: Decimal


@dataclass
class BuildingRooms:
    label: str
    rooms: list = field(default_factory=list)

    @property
    def settled(self) -> int:
        return sum(1 for r in self.rooms if r.settled)


@dataclass
class Ledgers:
    """The ledgers residents of a place (a compound or a community) may read: the one rule for every public
    page, the board sections and the question form.

    A compound's residents see the compound's levies, the compound's funds and the community-wide funds (no
    compound); a community's board shows the community-wide funds. A snapshot is seen where its ledger is: a
    community-wide fund's snapshot (no compound) on every board of the community.
    """

    place: Compound | Community

    @property
    def community_id(self) -> int:
        return self.place.pk if isinstance(self.place, Community) else self.place.community_id

    @property
    def compound(self) -> Compound | None:
        return self.place if isinstance(self.place, Compound) else None

    def _where(self) -> Q:
        """Rows whose `compound` is this compound's or none (community-wide), within the community."""
        wide = Q(compound__isnull=True, community_id=self.community_id)
        return wide | Q(compound=self.compound) if self.compound is not None else wide

    def levies(self):
        if self.compound is None:
            return Levy.objects.none()
        return Levy.objects.filter(compound=self.compound)

    def funds(self):
        return Fund.objects.filter(self._where())

    def snapshots(self):
        return Snapshot.objects.filter(self._where())

    def shows(self, *, levy=None, fund=None) -> bool:
        """Whether residents here may read (and ask about) this levy or fund."""
        if levy is not None:
            return self.compound is not None and levy.compound_id == self.compound.pk
        if fund is not None:
            return fund.community_id == self.community_id and fund.compound_id in (
                None,
                getattr(self.compound, "pk", None),
            )
        return False


def ledgers_for(place) -> Ledgers:
    return Ledgers(place)


def public_levies(place):
    """Levies residents may see (cancelled ones too, marked so), newest first, each with its latest published
    notice (`latest_snapshot_id`, `_version`, `_period`; None before the first), so that a board links to it."""
    latest = Snapshot.objects.filter(levy=OuterRef("pk")).order_by("-version")
    return (
        ledgers_for(place)
        .levies()
        .select_related("fund")
        .annotate(
            latest_snapshot_id=Subquery(latest.values("pk")[:1]),
            latest_snapshot_version=Subquery(latest.values("version")[:1]),
            latest_snapshot_period=Subquery(latest.values("period")[:1]),
        )
        .order_by("-created_at", "-id")
    )


def public_funds(place):
    """The funds residents may see, other than a levy fund (that one is shown through its levy)."""
    return ledgers_for(place).funds().exclude(kind=Fund.Kind.LEVY).order_by("name")


def board(place) -> dict:
    """The list of published ledgers of a place with their headline figures (constant queries)."""
    levies = list(public_levies(place))
    funds = list(public_funds(place))
    lf = levy_figures(levies)
    ff = fund_figures(funds)
    return {
        "levies": [(levy, lf[levy.pk]) for levy in levies],
        "funds": [(fund, ff[fund.pk]) for fund in funds],
    }


def _room_rows(charges):
    """Charges summed per levy and household, in the order of buildings and rooms."""
    return (
        charges.values(
            "levy_id",
            "household_id",
            "household__building__label",
            "household__building__sort_key",
            "household__unit",
            "household__room",
            "household__room_sort",
            "household__head_name",
        )
        .annotate(amount=Sum("amount"), paid=Sum("paid"), waived=Sum("waived"))
        .order_by(
            "household__building__sort_key",
            "household__building__label",
            "household__unit",
            "household__room_sort",
            "household__room",
        )
    )


def _room(row: dict, show_names: bool) -> Room:
    label = row["household__building__label"]
    return Room(
        household_id=row["household_id"],
        label=household_label(label, row["household__unit"], row["household__room"]),
        short=household_label("", row["household__unit"], row["household__room"]),
        room=row["household__room"],
        name=mask_name(row["household__head_name"]) if show_names else "",
        settled=row["amount"] <= row["paid"] + row["waived"],
        paid=row["paid"],
        due=row["amount"] - row["waived"],
    )


def levy_rooms(levy, show_names: bool, room: str | None = None) -> list[BuildingRooms]:
    """Every household charged by the levy (or those with this room number), by building and room, settled
    or not (one query).

    For a recurring fee the periods already begun count; a household is settled when all of them are paid
    or waived.
    """
    charges = Charge.objects.filter(due_filter(), levy=levy)
    if room is not None:
        charges = charges.filter(household__room=room)
    buildings: dict[str, BuildingRooms] = {}
    for row in _room_rows(charges):
        label = row["household__building__label"]
        buildings.setdefault(label, BuildingRooms(label=label)).rooms.append(_room(row, show_names))
    return list(buildings.values())


def expenses_of(*, levy=None, fund=None):
    """Expenses of a levy (or of a fund), with their reversal if any, newest first (one query)."""
    qs = Expense.objects.select_related("reversal", "approval")
    qs = qs.filter(levy=levy) if levy is not None else qs.filter(fund=fund)
    return qs.order_by("-spent_on", "-id")


def incomes_of(fund):
    """Income of a fund (donations, contributions, transfers in and out), newest first, each donor partner with
    their public-naming consent (two queries)."""
    return (
        Income.objects.filter(Q(fund=fund) | Q(source_fund=fund))
        .select_related("reversal", "fund", "source_fund")
        .prefetch_related(Prefetch("donor_partner", queryset=with_naming(Partner.objects.all())))
        .order_by("-received_on", "-id")
    )


def public_donor(income, *, full_names: bool = False) -> str:
    """A donor as a public page shows them: a registered partner by their own public-naming consent (nothing
    without it: an anonymous donation), a typed name masked (an individual's name is never shown in full).

    `income` comes from `incomes_of()` (its partner annotated with `with_naming`); `full_names` is the
    community's partners setting."""
    partner = income.donor_partner
    if partner is not None:
        return public_name(partner, full_names=full_names) or ""
    return mask_name(income.donor_name)


def snapshot_donor(income, *, full_names: bool = False) -> dict:
    """A donor as a published snapshot stores them, forever: never a person's name (a person's donation is a
    "personal donation"); an organisation's name only with its consent."""
    partner = income.donor_partner
    if partner is not None and partner.is_organisation:
        return {"donor": public_donor(income, full_names=full_names), "personal": False}
    return {"donor": "", "personal": bool(partner is not None or income.donor_name)}


_ROOM_RE = re.compile(r"[\s\-－#号室]+")


def normalise_room_query(text: str) -> str:
    """'3栋 2单元 501', '3-2-501' and '501室' -> comparable forms (spaces, dashes and 室 removed)."""
    return _ROOM_RE.sub("", (text or "").strip())[:40]


_TRAILING_ROOM = re.compile(r"([0-9A-Za-z]+)$")


def find_rooms(levy, query: str, show_names: bool) -> list[Room]:
    """Rooms of the levy matching what a resident typed: '501', '2单元501' or '3栋2单元501' (one query)."""
    q = normalise_room_query(query)
    match = _TRAILING_ROOM.search(q)
    if not match:
        return []
    found = []
    for building in levy_rooms(levy, show_names, room=match.group(1)):
        for room in building.rooms:
            if normalise_room_query(room.label).endswith(q):
                found.append(room)
    return found[:20]


def find_rooms_on_board(compound, query: str, show_names: bool) -> list[tuple]:
    """What "find my room" on a compound's board answers: for each levy residents may see (newest first, not
    cancelled), its rooms matching what was typed, paid or not (two queries, however many levies)."""
    q = normalise_room_query(query)
    match = _TRAILING_ROOM.search(q)
    if not match:
        return []
    levies = list(public_levies(compound).filter(cancelled_at__isnull=True))
    charges = Charge.objects.filter(due_filter(), levy__in=levies, household__room=match.group(1))
    found: dict[int, list[Room]] = {}
    for row in _room_rows(charges):
        room = _room(row, show_names)
        if normalise_room_query(room.label).endswith(q):
            found.setdefault(row["levy_id"], []).append(room)
    return [(levy, found[levy.pk][:20]) for levy in levies if levy.pk in found]


def inquiries_public(*, levy=None, fund=None):
    """Published questions about a ledger with their answers, newest first (two queries)."""
    qs = Inquiry.objects.filter(state=Inquiry.State.PUBLISHED)
    qs = qs.filter(levy=levy) if levy is not None else qs.filter(fund=fund, levy__isnull=True)
    return qs.select_related("expense", "compound", "fund").prefetch_related(
        Prefetch("answers", queryset=InquiryAnswer.objects.order_by("answered_at", "id"))
    )


def snapshots_of(*, levy=None, fund=None):
    qs = Snapshot.objects.defer("content").select_related("compound", "community")
    qs = qs.filter(levy=levy) if levy is not None else qs.filter(fund=fund, levy__isnull=True)
    return qs.order_by("-version")


__all__ = [
    "board",
    "expenses_of",
    "find_rooms",
    "find_rooms_on_board",
    "incomes_of",
    "inquiries_public",
    "levy_rooms",
    "public_donor",
    "ledgers_for",
    "public_funds",
    "public_levies",
    "receipt_for_check",
    "snapshots_of",
]


_PAGE_STAMP_SQL = """
    SELECT l.id, l.ledger_version, l.created_at, co.public_names_masked, co.names_version,
           (SELECT max(i.moderated_at) FROM {inquiry} i WHERE i.levy_id = l.id AND i.state = %s),
           (SELECT max(a.id) FROM {answer} a JOIN {inquiry} i ON i.id = a.inquiry_id WHERE i.levy_id = l.id),
           (SELECT max(s.id) FROM {snapshot} s WHERE s.levy_id = l.id)
    FROM {levy} l
    JOIN {compound} c ON c.id = l.compound_id
    JOIN {community} co ON co.id = c.community_id
    WHERE l.id = %s AND c.public_token = %s
"""
_STAMP_STATEMENT = "funds_levy_page_stamp_2"


def levy_page_stamp(token: str, pk: int) -> tuple | None:
    """What a levy's public page shows, as versions, in one plain query (it runs on every page view): the levy's
    id, ledger version and creation, the community's masking choice and names version, and its newest published
    question, answer and snapshot. None when the levy is not on this compound's board.

    On PostgreSQL the statement is prepared once per connection (communities.prepared): planning this 4-table
    query costs more than running it (measured 5.7-7.3 ms to plan, 0.1 ms to run prepared; bench/ledger.py).
    """
    sql = _PAGE_STAMP_SQL.format(
        inquiry=Inquiry._meta.db_table,
        answer=InquiryAnswer._meta.db_table,
        snapshot=Snapshot._meta.db_table,
        levy=Levy._meta.db_table,
        compound=Compound._meta.db_table,
        community=Community._meta.db_table,
    )
    params = [Inquiry.State.PUBLISHED, int(pk), token]
    return prepared.fetchone(_STAMP_STATEMENT, sql, params, ["varchar", "bigint", "varchar"])


_RECEIPT_SQL = """
    SELECT p.receipt_number, p.amount, p.recorded_at, p.levy_id, l.purpose, ch.period, co.name, c.name,
           c.public_token, b.label, h.unit, h.room, r.reversed_at, p.paid_on, p.paper_receipt_no
    FROM {payment} p
    JOIN {levy} l ON l.id = p.levy_id
    JOIN {charge} ch ON ch.id = p.charge_id
    JOIN {household} h ON h.id = p.household_id
    JOIN {building} b ON b.id = h.building_id
    JOIN {compound} c ON c.id = h.compound_id
    JOIN {community} co ON co.id = p.community_id
    LEFT JOIN {reversal} r ON r.payment_id = p.id
    WHERE p.verify_token = %s
"""
_RECEIPT_STATEMENT = "funds_receipt_check_2"


def receipt_for_check(token: str) -> SimpleNamespace:
    """What the receipt check page (/r/<token>/, the QR code on a receipt) shows, shaped like a payment
    (`payment.household.compound.name`, `payment.reversal.reversed_at`, ...), in one prepared query.

    As one 8-table query of the ORM it spent more time compiled by the ORM and planned by PostgreSQL (1.7 ms)
    than run (0.2 ms), on every check; prepared once per connection it runs in about 0.1 ms (issue 16)."""
    sql = _RECEIPT_SQL.format(
        payment=Payment._meta.db_table,
        levy=Levy._meta.db_table,
        charge=Charge._meta.db_table,
        household=Household._meta.db_table,
        building=Building._meta.db_table,
        compound=Compound._meta.db_table,
        community=Community._meta.db_table,
        reversal=Reversal._meta.db_table,
    )
    row = prepared.fetchone(_RECEIPT_STATEMENT, sql, [token], ["varchar"])
    if row is None:
        raise Http404
    number, amount, recorded, levy_id, purpose, period, community, compound, public_token, *rest = row
    building, unit, room, reversed_at, paid_on, paper_receipt_no = rest
    return SimpleNamespace(
        receipt_number=number,
        amount=Decimal(str(amount)),
        recorded_at=_aware(recorded),
        paid_on=_date(paid_on),
        paper_receipt_no=paper_receipt_no,
        levy_id=levy_id,
        levy=SimpleNamespace(purpose=purpose),
        charge=SimpleNamespace(period=period),
        community=SimpleNamespace(name=community),
        household=SimpleNamespace(
            label=household_label(building, unit, room),
            compound=SimpleNamespace(name=compound, public_token=public_token),
        ),
        reversal=SimpleNamespace(reversed_at=_aware(reversed_at)) if reversed_at else None,
    )


def _date(value):
    """A date from raw SQL as the ORM gives it (SQLite returns it as text)."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def _aware(value):
    """A timestamp from raw SQL as the ORM gives it (SQLite returns it naive, in UTC)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


def inquiry_for_link(token: str):
    """The question behind an asker's private link, with what its page shows (a queryset of one, or none)."""
    return (
        Inquiry.objects.filter(token=token)
        .select_related("compound", "levy", "fund", "expense")
        .prefetch_related(Prefetch("answers", queryset=InquiryAnswer.objects.order_by("answered_at", "id")))
    )
