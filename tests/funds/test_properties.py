"""Property-based tests: random sequences of ledger operations never break the ledger's invariants."""

import contextlib
import datetime
from decimal import Decimal

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communities.errors import DomainError
from funds import services
from funds.models import Charge, Expense, Fund, Income, Payment, Reversal
from funds.queries import fund_figures, levy_figures_one
from funds.verify import verify

DAY = datetime.date(2026, 5, 1)
cents = st.integers(min_value=1, max_value=6000).map(lambda n: Decimal(n) / 100)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("pay"), st.integers(0, 2), cents),
        st.tuples(st.just("pay_again"), st.integers(0, 2), cents),
        st.tuples(st.just("reverse"), st.integers(0, 20), cents),
        st.tuples(st.just("reverse_part"), st.integers(0, 20), cents),
        st.tuples(st.just("cancel"), st.just(0), cents),
        st.tuples(st.just("waive"), st.integers(0, 2), cents),
        st.tuples(st.just("donate"), st.integers(0, 1), cents),
        st.tuples(st.just("transfer"), st.integers(0, 1), cents),
        st.tuples(st.just("spend"), st.integers(0, 2), cents),
        st.tuples(st.just("unspend"), st.integers(0, 20), cents),
    ),
    max_size=30,
)


def _apply(op, world, ledger, funds, state):
    kind, index, amount = op
    if kind in ("pay", "pay_again"):
        if kind == "pay" or not state["last_key"]:
            state["key"] += 1
            state["last_key"] = f"h-{state['key']}"
        before = Payment.objects.count()
        services.payment_record(
            charge=ledger.charges[index],
            amount=amount,
            method="cash",
            actor=world.staff,
            idempotency_key=state["last_key"],
        )
        if kind == "pay_again":
            assert Payment.objects.count() in (before, before + 1)
    elif kind == "reverse":
        payments = list(Payment.objects.order_by("pk"))
        if payments:
            services.payment_reverse(
                payment=payments[index % len(payments)], reason="r", actor=world.treasurer
            )
    elif kind == "reverse_part":
        payments = list(Payment.objects.order_by("pk"))
        if payments:
            services.payment_reverse(
                payment=payments[index % len(payments)], reason="r", amount=amount, actor=world.treasurer
            )
    elif kind == "cancel":
        services.levy_cancel(levy=ledger.levy, reason="c", actor=world.treasurer)
        ledger.levy.refresh_from_db()
    elif kind == "waive":
        waiver = services.waiver_request(
            charge=ledger.charges[index], amount=amount, reason="h", actor=world.staff
        )
        services.waiver_approve(waiver=waiver, actor=world.treasurer)
    elif kind == "donate":
        services.income_record(
            fund=funds[index],
            kind=Income.Kind.DONATION,
            amount=amount,
            received_on=DAY,
            actor=world.treasurer,
        )
    elif kind == "transfer":
        services.income_record(
            fund=funds[index],
            kind=Income.Kind.TRANSFER,
            amount=amount,
            source_fund=funds[1 - index],
            received_on=DAY,
            actor=world.treasurer,
        )
    elif kind == "spend":
        fund = [ledger.fund, *funds][index]
        services.expense_record(
            fund=fund,
            payee="p",
            purpose="q",
            amount=amount,
            spent_on=DAY,
            actor=world.treasurer,
            approval=state["approval"],
        )
    elif kind == "unspend":
        expenses = list(Expense.objects.order_by("pk"))
        if expenses:
            services.expense_reverse(
                expense=expenses[index % len(expenses)], reason="r", actor=world.treasurer
            )


def _check_invariants(world, ledger, funds):
    assert verify() == []
    # Balance of each fund = the sum of its entries, computed here independently of funds.queries.
    all_funds = [ledger.fund, *funds]
    figures = fund_figures(all_funds)
    for fund in all_funds:
        payments = sum((p.amount for p in Payment.objects.filter(levy__fund=fund)), Decimal(0))
        incomes = sum((i.amount for i in Income.objects.filter(fund=fund)), Decimal(0))
        outgoing = sum((i.amount for i in Income.objects.filter(source_fund=fund)), Decimal(0))
        expenses = sum((e.amount for e in Expense.objects.filter(fund=fund)), Decimal(0))
        back = Decimal(0)
        for r in Reversal.objects.select_related("income", "expense", "payment__levy"):
            if (
                r.payment_id
                and r.payment.levy.fund_id == fund.pk
                or r.income_id
                and r.income.fund_id == fund.pk
            ):
                back -= r.amount
            elif (
                r.income_id
                and r.income.source_fund_id == fund.pk
                or r.expense_id
                and r.expense.fund_id == fund.pk
            ):
                back += r.amount
        balance = payments + incomes - outgoing - expenses + back
        assert figures[fund.pk].balance == balance
        assert balance >= 0
    # Paid never exceeds charged.
    for charge in Charge.objects.all():
        assert Decimal(0) <= charge.paid <= charge.amount - charge.waived
    # Receipt numbers are gap-free.
    numbers = sorted(Payment.objects.values_list("receipt_number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))
    figures = levy_figures_one(ledger.levy)
    assert figures.paid_on_due == figures.collected <= figures.due


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_random_sequences_of_operations_keep_the_ledger_consistent(world, ledger, ops):
    with transaction.atomic():
        funds = [
            Fund.objects.get_or_create(community=world.home, name="共管资金", kind=Fund.Kind.CO_MANAGED)[0],
            Fund.objects.get_or_create(community=world.home, name="幸福基金", kind=Fund.Kind.HAPPINESS)[0],
        ]
        state = {
            "key": 0,
            "last_key": "",
            "approval": services.approval_record(
                community=world.home, meeting_name="m", decided_on=DAY, actor=world.treasurer
            ),
        }
        for op in ops:
            with contextlib.suppress(DomainError):
                _apply(op, world, ledger, funds, state)
        _check_invariants(world, ledger, funds)
        transaction.set_rollback(True)
    ledger.levy.refresh_from_db()
