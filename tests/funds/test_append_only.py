"""The database itself refuses to change or delete money entries, on SQLite and on PostgreSQL."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, IntegrityError, connection, transaction

from funds.models import (
    Approval,
    Expense,
    Income,
    Payment,
    PaymentConfirmation,
    Reversal,
    Waiver,
    WaiverApproval,
)

from .conftest import raw_entry_ledger


def _raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def _all_entries(world, fund, levy, charge, payment):
    approval = Approval.objects.create(
        community=world.home, meeting_name="业主大会", decided_on=datetime.date(2026, 5, 1), votes_for=150
    )
    income = Income.objects.create(
        community=world.home,
        fund=fund,
        kind=Income.Kind.DONATION,
        amount=Decimal("100.00"),
        donor_name="某公司",
        received_on=datetime.date(2026, 5, 2),
    )
    expense = Expense.objects.create(
        community=world.home,
        fund=fund,
        levy=levy,
        approval=approval,
        payee="安装公司",
        purpose="摄像头",
        amount=Decimal("30.00"),
        spent_on=datetime.date(2026, 5, 3),
    )
    waiver = Waiver.objects.create(
        community=world.home, charge=charge, levy=levy, amount=Decimal("10.00"), reason_private="困难户"
    )
    waiver_approval = WaiverApproval.objects.create(
        community=world.home, waiver=waiver, decided_by=world.admin
    )
    reversal = Reversal.objects.create(
        community=world.home, payment=payment, fund=fund, levy=levy, amount=Decimal("50.00"), reason="记错"
    )
    confirmation = PaymentConfirmation.objects.create(
        community=world.home, payment=payment, kind=PaymentConfirmation.Kind.FLAG
    )
    return [payment, approval, income, expense, waiver, waiver_approval, reversal, confirmation]


def test_raw_sql_update_and_delete_are_refused_on_every_entry_table(world, raw_ledger):
    entries = _all_entries(world, *raw_ledger)
    for entry in entries:
        table = entry._meta.db_table
        with pytest.raises(DatabaseError, match="append-only"):
            _raw(f"UPDATE {table} SET community_id = community_id WHERE id = %s", [entry.pk])  # noqa: S608
        with pytest.raises(DatabaseError, match="append-only"):
            _raw(f"DELETE FROM {table} WHERE id = %s", [entry.pk])  # noqa: S608
        assert type(entry).objects.filter(pk=entry.pk).exists()


def test_orm_update_of_a_payment_is_refused_and_the_amount_stays(world, raw_ledger):
    payment = raw_ledger[3]
    with pytest.raises(DatabaseError), transaction.atomic():
        Payment.objects.filter(pk=payment.pk).update(amount=Decimal("5.00"))
    assert Payment.objects.get(pk=payment.pk).amount == Decimal("50.00")


def test_a_payment_cannot_be_deleted_through_the_orm(world, raw_ledger):
    payment = raw_ledger[3]
    with pytest.raises(DatabaseError), transaction.atomic():
        payment.delete()
    assert Payment.objects.filter(pk=payment.pk).exists()


def test_database_refuses_a_zero_amount(world, raw_ledger):
    fund, levy, charge, payment = raw_ledger
    with pytest.raises(IntegrityError), transaction.atomic():
        Expense.objects.create(
            community=world.home,
            fund=fund,
            payee="x",
            purpose="x",
            amount=Decimal("0.00"),
            spent_on=datetime.date(2026, 1, 1),
        )


@pytest.mark.django_db(transaction=True)
def test_flush_in_test_teardown_empties_the_entry_tables_and_the_switch_closes_again(world):
    raw_entry_ledger(world)
    call_command("flush", interactive=False, verbosity=0)
    assert not Payment.objects.exists()
    # The switch is off again: a new entry is protected as before.
    from tests.factories import (
        CommunityFactory,
        CompoundFactory,
        HouseholdFactory,
        MembershipFactory,
        UserFactory,
    )

    home = CommunityFactory()
    compound = CompoundFactory(community=home)
    household = HouseholdFactory(compound=compound)
    world.home, world.compound, world.household = home, compound, household
    world.staff = UserFactory()
    MembershipFactory(community=home, user=world.staff)
    payment = raw_entry_ledger(world)[3]
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM funds_payment WHERE id = %s", [payment.pk])


@pytest.mark.django_db(transaction=True)
def test_outside_a_test_run_flush_cannot_erase_the_ledger(world, monkeypatch):
    raw_entry_ledger(world)
    monkeypatch.setattr("communities.management.commands.flush.test_environment_active", lambda: False)
    # Django's flush reports the database's refusal as a CommandError naming it.
    with pytest.raises(CommandError) as refused:
        call_command("flush", interactive=False, verbosity=0)
    assert "append-only" in str(refused.value.__cause__)
    assert Payment.objects.count() == 1
