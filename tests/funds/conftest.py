"""Fixtures of the funds tests: a small ledger in the home community of the `world` personas."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from communities.models import Counter
from funds.models import RECEIPT_COUNTER, Charge, Fund, Levy, Method, Payment


def raw_entry_ledger(world):
    """A fund, a levy, one charge and one payment written straight to the database (no services)."""
    fund = Fund.objects.create(
        community=world.home, compound=world.compound, name="监控专项", kind=Fund.Kind.LEVY
    )
    levy = Levy.objects.create(
        community=world.home,
        compound=world.compound,
        fund=fund,
        purpose="安装监控",
        amount=Decimal("50.00"),
        due_date=datetime.date(2026, 12, 31),
    )
    charge = Charge.objects.create(
        community=world.home, levy=levy, household=world.household, amount=Decimal("50.00")
    )
    Counter.objects.create(community=world.home, name=RECEIPT_COUNTER, last_number=1)
    payment = Payment.objects.create(
        community=world.home,
        charge=charge,
        levy=levy,
        household=world.household,
        amount=Decimal("50.00"),
        method=Method.CASH,
        receipt_number=1,
        idempotency_key="k1",
        recorded_by=world.staff,
    )
    return fund, levy, charge, payment


@pytest.fixture
def raw_ledger(world):
    return raw_entry_ledger(world)


def make_households(compound, rooms, building="1栋", renovated=True, floor_area=None):
    from tests.factories import BuildingFactory, HouseholdFactory

    b = BuildingFactory(compound=compound, label=building)
    return [
        HouseholdFactory(
            compound=compound,
            building=b,
            room=str(room),
            renovation="renovated" if renovated else "unrenovated",
            floor_area=floor_area,
        )
        for room in rooms
    ]


@dataclass
class Ledger:
    fund: object
    levy: object
    charges: list
    created: object


@pytest.fixture
def ledger(world):
    """The CCTV levy in miniature: 50 yuan from each renovated household of 育才小区 (3 of 5 households)."""
    from communities.models import Household
    from funds import services

    Household.objects.filter(pk=world.household.pk).update(renovation="renovated")
    make_households(world.compound, [502, 503], renovated=True)
    make_households(world.compound, [601, 602], building="2栋", renovated=False)
    fund = services.fund_create(
        community=world.home,
        compound=world.compound,
        name="监控专项",
        kind=Fund.Kind.LEVY,
        actor=world.treasurer,
    )
    created = services.levy_create(
        compound=world.compound,
        purpose="安装监控",
        amount=Decimal("50.00"),
        fund=fund,
        renovation="renovated",
        due_date=datetime.date(2026, 12, 31),
        actor=world.treasurer,
    )
    charges = list(created.levy.charges.select_related("household").order_by("household__room"))
    return Ledger(fund=fund, levy=created.levy, charges=charges, created=created)


_keys = iter(range(10**9))


def pay(charge, amount="50.00", actor=None, key=None, method="cash"):
    from funds import services

    return services.payment_record(
        charge=charge,
        amount=Decimal(amount),
        method=method,
        actor=actor,
        idempotency_key=key or f"k-{next(_keys)}",
    )


@pytest.fixture
def happiness_fund(world):
    """The home compound's happiness fund (幸福基金), empty."""
    from funds import services

    return services.fund_create(
        community=world.home,
        compound=world.compound,
        name="幸福基金",
        kind=Fund.Kind.HAPPINESS,
        actor=world.admin,
    )
