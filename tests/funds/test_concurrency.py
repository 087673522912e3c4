"""Several people recording payments for the same charge at the same moment never pay it twice (PostgreSQL)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from communities.errors import DomainError
from funds import services
from funds.models import Charge, Payment
from funds.verify import verify
from tests.conftest import skip_unless


def _race(target, n):
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run(i):
        try:
            barrier.wait()
            results.append(target(i))
        except DomainError as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_threads_paying_the_same_charge_never_double_count(world, ledger):
    skip_unless(connection.vendor == "postgresql", "row locks need PostgreSQL")
    charge = ledger.charges[0]

    def pay(i):
        return services.payment_record(
            charge=charge, amount=Decimal("20.00"), method="cash", actor=None, idempotency_key=f"t-{i}"
        )

    results, errors = _race(pay, 8)
    charge.refresh_from_db()
    # 50 yuan due, 20 a time: two payments fit, the third would exceed what is outstanding.
    assert len(results) == 2 and len(errors) == 6
    assert charge.paid == Decimal("40.00")
    assert sorted(Payment.objects.values_list("receipt_number", flat=True)) == [1, 2]
    assert verify() == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_tap_racing_itself_records_once(world, ledger):
    skip_unless(connection.vendor == "postgresql", "row locks need PostgreSQL")
    charge = ledger.charges[1]

    def pay(i):
        return services.payment_record(
            charge=charge, amount=Decimal("50.00"), method="wechat", actor=None, idempotency_key="same-form"
        )

    results, errors = _race(pay, 5)
    assert not errors and len({p.pk for p in results}) == 1
    assert Payment.objects.count() == 1
    assert Charge.objects.get(pk=charge.pk).paid == Decimal("50.00")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_receipt_numbers_stay_gap_free_across_charges_paid_at_once(world, ledger):
    skip_unless(connection.vendor == "postgresql", "row locks need PostgreSQL")

    def pay(i):
        return services.payment_record(
            charge=ledger.charges[i % 3],
            amount=Decimal("10.00"),
            method="cash",
            actor=None,
            idempotency_key=f"g-{i}",
        )

    results, errors = _race(pay, 12)
    assert len(results) == 12 and not errors
    assert sorted(p.receipt_number for p in results) == list(range(1, 13))
