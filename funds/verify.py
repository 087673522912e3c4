"""Re-derive every ledger figure from the entries and list what does not hold (used by `verify_ledgers`)."""

from django.db.models import Count, F, Max, Sum

from communities.models import Counter
from communities.money import ZERO

from .models import RECEIPT_COUNTER, Charge, Expense, Fund, Income, Payment, Reversal, WaiverApproval
from .queries import fund_figures


def _sums(qs, key):
    return {r[key]: r["t"] or ZERO for r in qs.values(key).annotate(t=Sum("amount")).order_by()}


def verify(community=None) -> list[str]:
    """Every mismatch found, as a sentence; an empty list when all ledgers hold."""
    problems: list[str] = []

    def scoped(qs):
        return qs.filter(community=community) if community is not None else qs.all()

    # Per charge: the running totals equal the entries; never more than the charge.
    paid = _sums(scoped(Payment.objects), "charge_id")
    unpaid = _sums(scoped(Reversal.objects.filter(payment__isnull=False)), "payment__charge_id")
    waived = {
        r["waiver__charge_id"]: r["t"]
        for r in scoped(WaiverApproval.objects.filter(approved=True))
        .values("waiver__charge_id")
        .annotate(t=Sum("waiver__amount"))
        .order_by()
    }
    for charge in scoped(Charge.objects).only("pk", "amount", "paid", "waived").iterator(chunk_size=5000):
        net = paid.get(charge.pk, ZERO) - unpaid.get(charge.pk, ZERO)
        if net != charge.paid:
            problems.append(f"charge {charge.pk}: paid is {charge.paid}, the entries say {net}")
        if waived.get(charge.pk, ZERO) != charge.waived:
            problems.append(
                f"charge {charge.pk}: waived is {charge.waived}, the entries say {waived.get(charge.pk)}"
            )
        if net < ZERO or net + waived.get(charge.pk, ZERO) > charge.amount:
            problems.append(f"charge {charge.pk}: paid {net} + waived exceeds the charge {charge.amount}")

    # Payments agree with their charge.
    for row in (
        scoped(Payment.objects)
        .select_related("charge")
        .only("pk", "levy_id", "household_id", "community_id", "charge__levy_id", "charge__household_id")
        .exclude(levy_id=F("charge__levy_id"), household_id=F("charge__household_id"))
    ):
        problems.append(f"payment {row.pk}: levy or household differs from its charge")

    # Reversals: never more than the original, in the original's fund.
    for reversal in scoped(Reversal.objects).select_related("payment__levy", "income", "expense"):
        original = reversal.original
        if reversal.amount > original.amount:
            problems.append(
                f"reversal {reversal.pk}: {reversal.amount} exceeds the original {original.amount}"
            )
        fund_id = original.levy.fund_id if reversal.payment_id else original.fund_id
        if reversal.fund_id != fund_id:
            problems.append(f"reversal {reversal.pk}: fund differs from the original's")

    # Receipt numbers: 1..last, no gap, no duplicate, per community.
    counters = {c.community_id: c.last_number for c in scoped(Counter.objects.filter(name=RECEIPT_COUNTER))}
    for row in (
        scoped(Payment.objects).values("community_id").annotate(n=Count("id"), top=Max("receipt_number"))
    ):
        last = counters.get(row["community_id"], 0)
        if not (row["n"] == row["top"] == last):
            problems.append(
                f"community {row['community_id']}: {row['n']} receipts, highest number {row['top']}, "
                f"counter {last}: the sequence has a gap"
            )

    # Fund balances are never below zero.
    funds = list(scoped(Fund.objects).values_list("pk", "name"))
    figures = fund_figures([pk for pk, _name in funds])
    for pk, name in funds:
        if figures[pk].balance < ZERO:
            problems.append(f"fund {pk} ({name}): balance {figures[pk].balance} is below zero")

    # Transfers never come from the fund they go to (also a constraint); expenses of a levy are in its fund.
    for expense in scoped(Expense.objects).filter(levy__isnull=False).select_related("levy"):
        if expense.levy.fund_id != expense.fund_id:
            problems.append(f"expense {expense.pk}: not in its levy's fund")
    for income in scoped(Income.objects).filter(kind=Income.Kind.TRANSFER, source_fund__isnull=True):
        problems.append(f"income {income.pk}: a transfer without a source fund")

    return problems
