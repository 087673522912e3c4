"""What the published ledgers show residents: figures, rooms, expenses and questions, in constant queries.

Everything here is safe for a public page: rooms by their label, names only masked and only where the
community turned that on, never a phone, a household flag, a waiver reason or who recorded an entry. Figures
come from funds.queries (derived from the entries); a waived room counts as settled, like a paid one.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, Sum

from communities.labels import household_label
from communities.masking import mask_name

from .models import Charge, Expense, Fund, Income, Inquiry, InquiryAnswer, Levy, Snapshot
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


def public_levies(compound):
    """Levies of the compound residents may see (cancelled ones too, marked so), newest first."""
    return Levy.objects.filter(compound=compound).select_related("fund").order_by("-created_at", "-id")


def compound_or_community_funds(compound):
    """The funds residents of the compound may read: the compound's own and the community-wide ones."""
    return Fund.objects.filter(
        Q(compound=compound) | Q(compound__isnull=True, community_id=compound.community_id)
    )


def public_funds(compound):
    """The compound's own funds and the community's community-wide funds, other than a levy's fund (that one
    is shown through its levy)."""
    return compound_or_community_funds(compound).exclude(kind=Fund.Kind.LEVY).order_by("name")


def board(compound) -> dict:
    """The list of published ledgers of a compound with their headline figures (constant queries)."""
    levies = list(public_levies(compound))
    funds = list(public_funds(compound))
    lf = levy_figures(levies)
    ff = fund_figures(funds)
    return {
        "levies": [(levy, lf[levy.pk]) for levy in levies],
        "funds": [(fund, ff[fund.pk]) for fund in funds],
    }


def levy_rooms(levy, show_names: bool, room: str | None = None) -> list[BuildingRooms]:
    """Every household charged by the levy (or those with this room number), by building and room, settled
    or not (one query).

    For a recurring fee the periods already begun count; a household is settled when all of them are paid
    or waived.
    """
    charges = Charge.objects.filter(due_filter(), levy=levy)
    if room is not None:
        charges = charges.filter(household__room=room)
    rows = (
        charges.values(
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
    buildings: dict[str, BuildingRooms] = {}
    for row in rows:
        label = row["household__building__label"]
        building = buildings.setdefault(label, BuildingRooms(label=label))
        building.rooms.append(
            Room(
                household_id=row["household_id"],
                label=household_label(label, row["household__unit"], row["household__room"]),
                short=household_label("", row["household__unit"], row["household__room"]),
                room=row["household__room"],
                name=mask_name(row["household__head_name"]) if show_names else "",
                settled=row["amount"] <= row["paid"] + row["waived"],
                paid=row["paid"],
                due=row["amount"] - row["waived"],
            )
        )
    return list(buildings.values())


def expenses_of(*, levy=None, fund=None):
    """Expenses of a levy (or of a fund), with their reversal if any, newest first (one query)."""
    qs = Expense.objects.select_related("reversal", "approval")
    qs = qs.filter(levy=levy) if levy is not None else qs.filter(fund=fund)
    return qs.order_by("-spent_on", "-id")


def incomes_of(fund):
    """Income of a fund (donations, contributions, transfers in and out), newest first (one query)."""
    return (
        Income.objects.filter(Q(fund=fund) | Q(source_fund=fund))
        .select_related("reversal", "fund", "source_fund")
        .order_by("-received_on", "-id")
    )


def public_donor(income) -> str:
    """A donor as a public page shows them: masked (an individual's name is never shown in full)."""
    return mask_name(income.donor_name)


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


def inquiries_public(*, levy=None, fund=None):
    """Published questions about a ledger with their answers, newest first (two queries)."""
    qs = Inquiry.objects.filter(state=Inquiry.State.PUBLISHED)
    qs = qs.filter(levy=levy) if levy is not None else qs.filter(fund=fund, levy__isnull=True)
    return qs.select_related("expense").prefetch_related(
        Prefetch("answers", queryset=InquiryAnswer.objects.order_by("answered_at", "id"))
    )


def snapshots_of(*, levy=None, fund=None):
    qs = Snapshot.objects.defer("content")
    qs = qs.filter(levy=levy) if levy is not None else qs.filter(fund=fund, levy__isnull=True)
    return qs.order_by("-version")


__all__ = [
    "board",
    "expenses_of",
    "find_rooms",
    "incomes_of",
    "inquiries_public",
    "levy_rooms",
    "public_donor",
    "compound_or_community_funds",
    "public_funds",
    "public_levies",
    "snapshots_of",
]


def community_funds_public(community) -> list:
    """A community's community-wide funds (no compound) with their figures, for its community board."""
    funds = list(
        Fund.objects.filter(community=community, compound__isnull=True)
        .exclude(kind=Fund.Kind.LEVY)
        .order_by("name")
    )
    figures = fund_figures(funds)
    return [(fund, figures[fund.pk]) for fund in funds]
