"""Fixtures of the funds tests: a small ledger in the home community of the `world` personas."""

import datetime
from decimal import Decimal

import pytest

from funds.models import Charge, Fund, Levy, Method, Payment, ReceiptCounter


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
    ReceiptCounter.objects.create(community=world.home, last_number=1)
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
