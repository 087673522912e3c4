"""Migration funds 0005 carries each community's last receipt number from funds.ReceiptCounter over to
communities.Counter: the next receipt after the upgrade continues the old sequence."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from communities.models import Counter
from funds import services
from funds.models import RECEIPT_COUNTER, Charge
from funds.verify import verify

BEFORE = [("funds", "0004_append_only_on_the_shared_base")]


def _migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


def _old_ledger(world, receipts: int, apps=None):
    """A levy whose one charge was paid `receipts` times, numbered 1..receipts, as the old code wrote it (with
    the models of `apps`, the migration state it is written at, when given: its tables have the old columns)."""
    if apps is not None:
        Fund, Levy, Charge, Payment = (
            apps.get_model("funds", name) for name in ("Fund", "Levy", "Charge", "Payment")
        )
    else:
        from funds.models import Charge, Fund, Levy, Payment
    home, compound = world.home.pk, world.compound.pk
    fund = Fund.objects.create(community_id=home, compound_id=compound, name="监控专项", kind="levy")
    levy = Levy.objects.create(
        community_id=home, compound_id=compound, fund=fund, purpose="安装监控", amount=Decimal("100.00")
    )
    charge = Charge.objects.create(
        community_id=home,
        levy=levy,
        household_id=world.household.pk,
        amount=Decimal("100.00"),
        paid=Decimal(receipts),
    )
    Payment.objects.bulk_create(
        Payment(
            community_id=home,
            charge=charge,
            levy=levy,
            household_id=world.household.pk,
            amount=Decimal("1.00"),
            method="cash",
            receipt_number=number,
            idempotency_key=f"old-{number}",
        )
        for number in range(1, receipts + 1)
    )
    return charge


@pytest.mark.django_db(transaction=True)
def test_the_next_receipt_after_the_migration_continues_the_old_sequence(world):
    executor = _migrate(BEFORE)
    try:
        old_apps = executor.loader.project_state(BEFORE).apps
        ReceiptCounter = old_apps.get_model("funds", "ReceiptCounter")
        charge = _old_ledger(world, receipts=41, apps=old_apps)
        ReceiptCounter.objects.create(community_id=world.home.pk, last_number=41)
        ReceiptCounter.objects.create(community_id=world.other.pk, last_number=7)
        assert not Counter.objects.exists()
    finally:
        _migrate()

    assert dict(
        Counter.objects.filter(name=RECEIPT_COUNTER).values_list("community__slug", "last_number")
    ) == {
        world.home.slug: 41,
        world.other.slug: 7,
    }
    payment = services.payment_record(
        charge=Charge.objects.get(pk=charge.pk),
        amount=Decimal("1.00"),
        method="cash",
        actor=world.staff,
        idempotency_key="new-1",
    )
    assert payment.receipt_number == 42
    assert verify(world.home) == []


@pytest.mark.django_db(transaction=True)
def test_migrating_back_restores_the_receipt_counters(world):
    charge = _old_ledger(world, receipts=0)
    services.payment_record(charge=charge, amount="1.00", method="cash", actor=None, idempotency_key="a")
    executor = _migrate(BEFORE)
    try:
        ReceiptCounter = executor.loader.project_state(BEFORE).apps.get_model("funds", "ReceiptCounter")
        assert ReceiptCounter.objects.get(community_id=world.home.pk).last_number == 1
        assert not Counter.objects.filter(name=RECEIPT_COUNTER).exists()
    finally:
        _migrate()
    assert Counter.objects.get(community=world.home, name=RECEIPT_COUNTER).last_number == 1
