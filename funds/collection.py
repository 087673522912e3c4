"""Reads of collection mode: a staff member at the doors of a levy's households with a phone in one hand.

They pick a building, then a unit, and see its rooms as a grid, each paid, part-paid, waived or unpaid; a room
opens its household's charge, and after a payment "next room" opens the next unpaid one. Every read here is one
query whatever the number of rooms: the grid is a page of the phone that must answer at once on a stairwell's
mobile signal.

Only charges that are due and have an amount count (a recurring fee's periods that have begun; a household
charged nothing by its floor area has nothing to collect).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from communities.money import ZERO

from .models import Charge, Payment
from .queries import cash_not_handed_over, due_filter, settled_filter

PAID, PART_PAID, WAIVED, UNPAID = "paid", "part", "waived", "unpaid"
STATE_LABELS = {
    PAID: pgettext_lazy("collection state", "paid"),
    PART_PAID: pgettext_lazy("collection state", "part-paid"),
    WAIVED: pgettext_lazy("collection state", "waived"),
    UNPAID: pgettext_lazy("collection state", "unpaid"),
}


def _collectable(levy, today: datetime.date | None = None):
    return Charge.objects.filter(due_filter(today), levy=levy, amount__gt=0)


def _room_order(prefix: str = "household__") -> list[str]:
    return [
        f"{prefix}building__sort_key",
        f"{prefix}building__label",
        f"{prefix}unit",
        f"{prefix}room_sort",
        f"{prefix}room",
    ]


@dataclass
class Unit:
    unit: str  # "" in a compound without units
    households: int
    unsettled: int


@dataclass
class Place:
    """A building of the levy, with its units."""

    building_id: int
    label: str
    units: list[Unit] = field(default_factory=list)

    @property
    def households(self) -> int:
        return sum(u.households for u in self.units)

    @property
    def unsettled(self) -> int:
        return sum(u.unsettled for u in self.units)

    def unit_of(self, value: str) -> Unit | None:
        return next((u for u in self.units if u.unit == value), None)


def levy_places(levy, today: datetime.date | None = None) -> list[Place]:
    """The levy's buildings, each with its units and how many households are charged and not settled there
    (one query)."""
    rows = (
        _collectable(levy, today)
        .values("household__building_id", "household__building__label", "household__unit")
        .annotate(
            households=Count("household_id", distinct=True),
            unsettled=Count("household_id", distinct=True, filter=~settled_filter()),
        )
        .order_by("household__building__sort_key", "household__building__label", "household__unit")
    )
    places: dict[int, Place] = {}
    for row in rows:
        place = places.setdefault(
            row["household__building_id"],
            Place(row["household__building_id"], row["household__building__label"]),
        )
        place.units.append(Unit(row["household__unit"], row["households"], row["unsettled"]))
    return list(places.values())


@dataclass
class Room:
    """A household of the grid: what it owes over its due charges, and the charge a tap opens (its first one
    not settled, else its first)."""

    household: object
    charge_id: int
    amount: Decimal = ZERO
    paid: Decimal = ZERO
    waived: Decimal = ZERO

    @property
    def outstanding(self) -> Decimal:
        return self.amount - self.paid - self.waived

    @property
    def state(self) -> str:
        if self.outstanding > 0:
            return PART_PAID if self.paid > 0 or self.waived > 0 else UNPAID
        return PAID if self.paid > 0 else WAIVED

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    def add(self, charge) -> None:
        """Count one more due charge of the household (charges come in period order)."""
        if (
            charge.pk != self.charge_id
            and self.outstanding <= 0 < charge.amount - charge.paid - charge.waived
        ):
            self.charge_id = charge.pk  # the first period still owed, where an earlier one is settled
        self.amount += charge.amount
        self.paid += charge.paid
        self.waived += charge.waived


def unit_rooms(levy, building_id: int, unit: str, today: datetime.date | None = None) -> list[Room]:
    """The rooms of one unit of one building, in room order (one query)."""
    charges = (
        _collectable(levy, today)
        .filter(household__building_id=building_id, household__unit=unit)
        .select_related("household__building")
        .order_by(*_room_order(), "period")
    )
    rooms: dict[int, Room] = {}
    for charge in charges:
        room = rooms.get(charge.household_id)
        if room is None:
            room = rooms[charge.household_id] = Room(charge.household, charge.pk)
        room.add(charge)
    return list(rooms.values())


def next_unpaid(levy, after=None, today: datetime.date | None = None) -> Charge | None:
    """The first charge not settled of the first household after `after` (a household) in the order the grid
    walks: building, unit, room; None at the end. The ordered keys of the unsettled charges are read in one
    query and compared here (a row-value comparison over four joined columns is no clearer in SQL)."""
    rows = (
        _collectable(levy, today)
        .exclude(settled_filter())
        .values_list("pk", "household_id", *_room_order())
        .order_by(*_room_order(), "period")
    )
    if after is None:
        first = next(iter(rows), None)
    else:
        rows = rows.filter(household__building__sort_key__gte=after.building.sort_key)
        mark = (after.building.sort_key, after.building.label, after.unit, after.room_sort, after.room)
        first = next((row for row in rows if row[1] != after.pk and tuple(row[2:]) > mark), None)
    if first is None:
        return None
    return Charge.objects.select_related("household__building").get(pk=first[0])


@dataclass
class Day:
    """A collector's figures: what they recorded as paid today, and the cash they hold that is not handed over
    to the treasurer yet (the cash page's figure, funds.queries.cash_not_handed_over)."""

    payments: int
    collected: Decimal
    cash_to_hand_over: Decimal


def collector_day(community, user, today: datetime.date | None = None) -> Day:
    """Two queries."""
    today = today or timezone.localdate()
    mine = Payment.objects.filter(
        community=community, recorded_by=user, reversal__isnull=True, paid_on=today
    ).aggregate(n=Count("id"), total=Sum("amount", default=ZERO))
    cash = cash_not_handed_over(community, user).aggregate(total=Sum("amount", default=ZERO))
    return Day(payments=mine["n"], collected=mine["total"], cash_to_hand_over=cash["total"])


def found_rooms(levy, households, limit: int) -> list[Room]:
    """The rooms of the levy among `households` (a typed search's), at most `limit`, in room order (one
    query)."""
    charges = (
        _collectable(levy)
        .filter(household__in=households.values("pk"))
        .select_related("household__building")
        .order_by(*_room_order(), "period")
    )
    rooms: dict[int, Room] = {}
    for charge in charges[: limit * 4]:
        room = rooms.get(charge.household_id)
        if room is None:
            if len(rooms) == limit:
                break
            room = rooms[charge.household_id] = Room(charge.household, charge.pk)
        room.add(charge)
    return list(rooms.values())
