"""Figures of the ledgers, derived from the entries, in a constant number of queries.

Sums come from the entry tables (payments, reversals, income, expenses) grouped in the database. Whether a
household has settled its charge uses the per-charge running totals (Charge.paid / Charge.waived) that the
services keep in the same transaction as the entries and `verify_ledgers` re-derives from them.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Household
from communities.money import ZERO, percent

from .models import (
    Charge,
    Expense,
    Fund,
    FundSettings,
    Income,
    Inquiry,
    Levy,
    Method,
    Payment,
    PaymentConfirmation,
    Reversal,
    Snapshot,
)


def _sums(queryset, key: str, value: str = "amount") -> dict:
    return {
        row[key]: row["total"] or ZERO for row in queryset.values(key).annotate(total=Sum(value)).order_by()
    }


def due_filter(today: datetime.date | None = None, prefix: str = "") -> Q:
    """Charges that are due: every charge of a one-off levy; a recurring fee's periods that have begun."""
    today = today or timezone.localdate()
    return Q(**{f"{prefix}period_start__isnull": True}) | Q(**{f"{prefix}period_start__lte": today})


def settled_filter(prefix: str = "") -> Q:
    return Q(**{f"{prefix}amount__lte": F(f"{prefix}paid") + F(f"{prefix}waived")})


def fund_settings_for(community) -> FundSettings:
    settings, _created = FundSettings.objects.get_or_create(community=community)
    return settings


# --- levies ------------------------------------------------------------------------------


@dataclass
class LevyFigures:
    scope_total: int = 0
    households_charged: int = 0
    households_settled: int = 0
    charged: Decimal = ZERO
    waived: Decimal = ZERO
    paid_on_due: Decimal = ZERO
    collected: Decimal = ZERO
    spent: Decimal = ZERO
    transfers_in: Decimal = ZERO
    transfers_out: Decimal = ZERO

    @property
    def households_outstanding(self) -> int:
        return self.households_charged - self.households_settled

    @property
    def households_not_applicable(self) -> int:
        return max(self.scope_total - self.households_charged, 0)

    @property
    def due(self) -> Decimal:
        return self.charged - self.waived

    @property
    def outstanding(self) -> Decimal:
        return self.due - self.paid_on_due

    @property
    def rate_households(self) -> Decimal | None:
        return percent(self.households_settled, self.households_charged)

    @property
    def rate_amount(self) -> Decimal | None:
        return percent(self.paid_on_due, self.due)

    @property
    def balance(self) -> Decimal:
        return self.collected - self.spent + self.transfers_in - self.transfers_out


def levy_figures(levies, today: datetime.date | None = None) -> dict[int, LevyFigures]:
    """{levy id: LevyFigures} for the given levies (objects or ids), in 8 queries whatever their size."""
    ids = [getattr(levy, "pk", levy) for levy in levies]
    figures = {pk: LevyFigures() for pk in ids}
    if not ids:
        return figures
    due = Charge.objects.filter(due_filter(today), levy_id__in=ids)
    for row in (
        due.values("levy_id")
        .annotate(
            households=Count("household_id", distinct=True),
            charged=Sum("amount"),
            waived=Sum("waived"),
            paid=Sum("paid"),
        )
        .order_by()
    ):
        f = figures[row["levy_id"]]
        f.households_charged = row["households"]
        f.charged, f.waived, f.paid_on_due = row["charged"], row["waived"], row["paid"]
    unsettled = {
        row["levy_id"]: row["n"]
        for row in due.exclude(settled_filter())
        .values("levy_id")
        .annotate(n=Count("household_id", distinct=True))
        .order_by()
    }
    for pk, f in figures.items():
        f.households_settled = f.households_charged - unsettled.get(pk, 0)
    for pk, total in Levy.objects.filter(pk__in=ids).values_list("pk", "scope_total"):
        figures[pk].scope_total = total
    paid = _sums(Payment.objects.filter(levy_id__in=ids), "levy_id")
    reversed_ = _sums(Reversal.objects.filter(levy_id__in=ids, payment__isnull=False), "levy_id")
    spent = _sums(Expense.objects.filter(levy_id__in=ids), "levy_id")
    unspent = _sums(Reversal.objects.filter(expense__levy_id__in=ids), "expense__levy_id")
    transfers = (
        Income.objects.filter(levy_id__in=ids, kind=Income.Kind.TRANSFER, reversal__isnull=True)
        .values("levy_id", "fund_id", "source_fund_id", "levy__fund_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for pk, f in figures.items():
        f.collected = paid.get(pk, ZERO) - reversed_.get(pk, ZERO)
        f.spent = spent.get(pk, ZERO) - unspent.get(pk, ZERO)
    for row in transfers:
        f = figures[row["levy_id"]]
        if row["fund_id"] == row["levy__fund_id"]:
            f.transfers_in += row["total"]
        if row["source_fund_id"] == row["levy__fund_id"]:
            f.transfers_out += row["total"]
    return figures


# Figures of a levy change only with an entry of that levy, and every entry moves the levy's ledger_version in
# the same transaction (funds/services/_common.py, _move_ledger_versions): so figures are cached under the
# version (and the day, which decides the periods that are due). A new entry makes a new key; old keys simply
# expire.
FIGURES_TIMEOUT = 3600


def _levy_key(levy, today: datetime.date) -> str:
    born = int(levy.created_at.timestamp() * 1_000_000) if levy.created_at else 0
    return f"funds-levy-figures:1:{levy.pk}:{born}:v{levy.ledger_version}:{today.isoformat()}"


def levy_figures_cached(levies, today: datetime.date | None = None) -> dict[int, LevyFigures]:
    """levy_figures() of levy objects, from the cache where their ledger has not moved since (1 query if all hit)."""
    today = today or timezone.localdate()
    keys = {levy.pk: _levy_key(levy, today) for levy in levies}
    if not keys:
        return {}
    hits = cache.get_many(list(keys.values()))
    figures = {pk: hits[key] for pk, key in keys.items() if key in hits}
    missing = [pk for pk in keys if pk not in figures]
    if missing:
        fresh = levy_figures(missing, today)
        cache.set_many({keys[pk]: fresh[pk] for pk in missing}, FIGURES_TIMEOUT)
        figures.update(fresh)
    return figures


def levy_figures_one(levy, today=None) -> LevyFigures:
    return levy_figures([levy], today)[levy.pk]


def levy_buildings(levy, today=None) -> list[dict]:
    """Per building of the levy: label, households charged, settled, collection rate (1 query)."""
    rows = (
        Charge.objects.filter(due_filter(today), levy=levy)
        .values("household__building_id", "household__building__label", "household__building__sort_key")
        .annotate(
            households=Count("household_id", distinct=True),
            unsettled=Count("household_id", distinct=True, filter=~settled_filter()),
            due=Sum(F("amount") - F("waived")),
            paid=Sum("paid"),
        )
        .order_by("household__building__sort_key", "household__building__label")
    )
    out = []
    for row in rows:
        settled = row["households"] - row["unsettled"]
        out.append(
            {
                "building_id": row["household__building_id"],
                "label": row["household__building__label"],
                "households": row["households"],
                "settled": settled,
                "outstanding": row["unsettled"],
                "rate": percent(settled, row["households"]),
                "due": row["due"],
                "paid": row["paid"],
            }
        )
    return out


def levy_charges(levy, building_id: int | None = None):
    """The charges of a levy with their households, in room order (one query)."""
    qs = Charge.objects.filter(levy=levy).select_related("household__building")
    if building_id:
        qs = qs.filter(household__building_id=building_id)
    return qs.annotate(outstanding=F("amount") - F("paid") - F("waived")).order_by(
        "household__building__sort_key",
        "household__building__label",
        "household__unit",
        "household__room_sort",
        "household__room",
        "period",
    )


def reconciliation_text(total: int, charged: int) -> str:
    """The scope of a levy reconciled, e.g. "256 户 = 201 应缴 + 55 不适用"."""
    return _("%(total)s households = %(charged)s charged + %(na)s not applicable") % {
        "total": total,
        "charged": charged,
        "na": total - charged,
    }


# --- funds -------------------------------------------------------------------------------


@dataclass
class FundFigures:
    collected: Decimal = ZERO  # levy payments less their reversals
    income: Decimal = ZERO  # donations, contributions, transfers in, less reversed ones
    transfers_out: Decimal = ZERO
    spent: Decimal = ZERO
    by_kind: dict = field(default_factory=dict)

    @property
    def total_in(self) -> Decimal:
        return self.collected + self.income

    @property
    def balance(self) -> Decimal:
        return self.collected + self.income - self.transfers_out - self.spent


def fund_figures(funds) -> dict[int, FundFigures]:
    """{fund id: FundFigures}: the balance of each fund is the sum of its entries (9 queries)."""
    ids = [getattr(fund, "pk", fund) for fund in funds]
    figures = {pk: FundFigures() for pk in ids}
    if not ids:
        return figures
    paid = _sums(Payment.objects.filter(levy__fund_id__in=ids), "levy__fund_id")
    unpaid = _sums(Reversal.objects.filter(fund_id__in=ids, payment__isnull=False), "fund_id")
    income = _sums(Income.objects.filter(fund_id__in=ids), "fund_id")
    unincome = _sums(Reversal.objects.filter(income__fund_id__in=ids), "income__fund_id")
    out = _sums(Income.objects.filter(source_fund_id__in=ids), "source_fund_id")
    unout = _sums(Reversal.objects.filter(income__source_fund_id__in=ids), "income__source_fund_id")
    spent = _sums(Expense.objects.filter(fund_id__in=ids), "fund_id")
    unspent = _sums(Reversal.objects.filter(expense__fund_id__in=ids), "expense__fund_id")
    for row in (
        Income.objects.filter(fund_id__in=ids, reversal__isnull=True)
        .values("fund_id", "kind")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        figures[row["fund_id"]].by_kind[row["kind"]] = row["total"]
    for pk, f in figures.items():
        f.collected = paid.get(pk, ZERO) - unpaid.get(pk, ZERO)
        f.income = income.get(pk, ZERO) - unincome.get(pk, ZERO)
        f.transfers_out = out.get(pk, ZERO) - unout.get(pk, ZERO)
        f.spent = spent.get(pk, ZERO) - unspent.get(pk, ZERO)
    return figures


def fund_balance(fund) -> Decimal:
    return fund_figures([fund])[fund.pk].balance


# --- staff dashboard ---------------------------------------------------------------------


def open_levies(community):
    return (
        Levy.objects.filter(community=community, cancelled_at__isnull=True, closed_at__isnull=True)
        .select_related("compound", "fund")
        .order_by("compound__name", "-created_at")
    )


def compound_rollup(levies, figures: dict[int, LevyFigures]) -> list[dict]:
    """Per compound, over its open levies: households charged and settled, amount due and paid."""
    rollup: dict = defaultdict(lambda: {"charges": 0, "settled": 0, "due": ZERO, "paid": ZERO})
    for levy in levies:
        f = figures[levy.pk]
        row = rollup[levy.compound]
        row["charges"] += f.households_charged
        row["settled"] += f.households_settled
        row["due"] += f.due
        row["paid"] += f.paid_on_due
    return [
        {
            "compound": compound,
            **row,
            "rate_households": percent(row["settled"], row["charges"]),
            "rate_amount": percent(row["paid"], row["due"]),
        }
        for compound, row in sorted(rollup.items(), key=lambda item: item[0].name)
    ]


def _unsettled_by_levy(levy_ids, today) -> dict[int, dict[int, Decimal]]:
    """{levy id: {household id: amount still owed}} over the due, unsettled charges (one query)."""
    result: dict[int, dict[int, Decimal]] = {pk: {} for pk in levy_ids}
    if not levy_ids:
        return result
    rows = (
        Charge.objects.filter(due_filter(today), levy_id__in=levy_ids)
        .exclude(settled_filter())
        .values("levy_id", "household_id")
        .annotate(owed=Sum(F("amount") - F("paid") - F("waived")))
        .order_by()
    )
    for row in rows:
        result[row["levy_id"]][row["household_id"]] = row["owed"]
    return result


def outstanding_households(community, limit: int = 50, today=None, levies=None):
    """Households with a due, unsettled charge in an open levy: (how many, the first `limit` with what they owe).

    Per levy, the unsettled households are cached under the levy's ledger version, like its figures, so a
    payment recomputes only its own levy.
    """
    today = today or timezone.localdate()
    if levies is None:
        levies = list(open_levies(community))
    keys = {levy.pk: "funds-unsettled:1:" + _levy_key(levy, today).split(":", 2)[2] for levy in levies}
    hits = cache.get_many(list(keys.values())) if keys else {}
    per_levy = {pk: hits[key] for pk, key in keys.items() if key in hits}
    missing = [pk for pk in keys if pk not in per_levy]
    if missing:
        fresh = _unsettled_by_levy(missing, today)
        cache.set_many({keys[pk]: fresh[pk] for pk in missing}, FIGURES_TIMEOUT)
        per_levy.update(fresh)
    owed: dict[int, Decimal] = defaultdict(Decimal)
    for households in per_levy.values():
        for household_id, amount in households.items():
            owed[household_id] += amount
    first = sorted(owed)[:limit]
    return len(owed), _household_rows([{"household_id": pk, "owed": owed[pk]} for pk in first])


def _household_rows(owed: list[dict]) -> list[dict]:
    households = Household.objects.select_related("building", "compound").in_bulk(
        [row["household_id"] for row in owed]
    )
    rows = [
        {"household": households[row["household_id"]], "owed": row["owed"]}
        for row in owed
        if row["household_id"] in households
    ]
    rows.sort(
        key=lambda r: (r["household"].compound.name, r["household"].building.sort_key, r["household"].label)
    )
    return rows


def flagged_payments(community):
    """Payments a household flagged as wrong that are not reversed (the treasurer follows them up)."""
    return (
        Payment.objects.filter(
            community=community,
            reversal__isnull=True,
            confirmations__kind=PaymentConfirmation.Kind.FLAG,
        )
        .select_related("household__building", "levy")
        .distinct()
        .order_by("-recorded_at")
    )


def questions_waiting(community):
    """Questions waiting for moderation, or published and not yet answered, oldest first."""
    return (
        Inquiry.objects.filter(community=community)
        .filter(Q(state=Inquiry.State.PENDING) | Q(state=Inquiry.State.PUBLISHED, answers__isnull=True))
        .select_related("levy", "fund")
        .distinct()
        .order_by("created_at")
    )


def funds_of(community):
    return Fund.objects.filter(community=community).select_related("compound").order_by("name")


def household_charges(household):
    """A household's charges across levies, with what is left to pay (one query)."""
    return (
        Charge.objects.filter(household=household)
        .select_related("levy")
        .annotate(outstanding=F("amount") - F("paid") - F("waived"))
        .order_by("-levy__created_at", "period")
    )


# --- entered after publication ------------------------------------------------------------------


@dataclass
class LateEntry:
    """A payment, income or expense recorded after an issue was published but dated on or before its day."""

    kind: str  # "payment", "income" or "expense"
    day: datetime.date
    amount: Decimal
    recorded_at: datetime.datetime
    entry: Payment | Income | Expense


@dataclass
class EnteredAfter:
    snapshot: Snapshot
    entries: list[LateEntry] = field(default_factory=list)


def entered_after_publication(*, levy=None, fund=None, limit: int = 200) -> list[EnteredAfter]:
    """Per published issue of the ledger (newest first), the entries it missed: recorded after it was published,
    dated (paid_on, received_on, spent_on) on or before its publication day in local time. The treasurer adds
    a dated correction to the issue. Four queries, whatever the number of issues and entries."""
    snapshots = Snapshot.objects.defer("content")
    snapshots = (
        snapshots.filter(levy=levy) if levy is not None else snapshots.filter(fund=fund, levy__isnull=True)
    )
    groups = [EnteredAfter(snapshot) for snapshot in snapshots.order_by("-version")]
    if not groups:
        return []
    days = {group.snapshot.pk: timezone.localdate(group.snapshot.published_at) for group in groups}

    def missed(date_field: str) -> Q:
        condition = Q(pk__in=[])
        for group in groups:
            condition |= Q(recorded_at__gt=group.snapshot.published_at) & Q(
                **{f"{date_field}__lte": days[group.snapshot.pk]}
            )
        return condition

    if levy is not None:
        payments = Payment.objects.filter(levy=levy)
        incomes = Income.objects.filter(levy=levy)
        expenses = Expense.objects.filter(levy=levy)
    else:
        payments = Payment.objects.filter(levy__fund=fund)
        incomes = Income.objects.filter(Q(fund=fund) | Q(source_fund=fund))
        expenses = Expense.objects.filter(fund=fund)
    late = [
        LateEntry("payment", p.paid_on, p.amount, p.recorded_at, p)
        for p in payments.filter(missed("paid_on"))
        .select_related("household__building", "reversal")
        .order_by("paid_on", "receipt_number")[:limit]
    ]
    late += [
        LateEntry("income", i.received_on, i.amount, i.recorded_at, i)
        for i in incomes.filter(missed("received_on"))
        .select_related("reversal")
        .order_by("received_on", "id")[:limit]
    ]
    late += [
        LateEntry("expense", e.spent_on, e.amount, e.recorded_at, e)
        for e in expenses.filter(missed("spent_on"))
        .select_related("reversal")
        .order_by("spent_on", "id")[:limit]
    ]
    late.sort(key=lambda entry: (entry.day, entry.recorded_at))
    for group in groups:
        day = days[group.snapshot.pk]
        group.entries = [e for e in late if e.recorded_at > group.snapshot.published_at and e.day <= day]
    return [group for group in groups if group.entries]


# --- cash collected and handed over ---------------------------------------------------------------


def cash_not_handed_over(community, collector=None):
    """Cash payments recorded by a staff member, not reversed and not handed over to the treasurer yet."""
    qs = Payment.objects.filter(
        community=community,
        method=Method.CASH,
        recorded_by__isnull=False,
        reversal__isnull=True,
        handover_item__isnull=True,
    )
    return qs.filter(recorded_by=collector) if collector is not None else qs


def cash_waiting(community, collector=None) -> list[dict]:
    """Per collector, the cash not handed over yet: recorded_by (user id), n (payments), total (one query)."""
    return list(
        cash_not_handed_over(community, collector)
        .values("recorded_by")
        .annotate(n=Count("id"), total=Sum("amount"))
        .order_by("recorded_by")
    )


def collected(community, collector=None):
    """Payments not reversed that staff recorded, per collector, day paid and method: n, total and, of cash,
    how much is handed over; newest day first. Values rows, to paginate."""
    qs = Payment.objects.filter(community=community, recorded_by__isnull=False, reversal__isnull=True)
    if collector is not None:
        qs = qs.filter(recorded_by=collector)
    return (
        qs.values("recorded_by", "recorded_by__username", "paid_on", "method")
        .annotate(
            n=Count("id"),
            total=Sum("amount"),
            handed=Sum("amount", filter=Q(handover_item__isnull=False), default=ZERO),
        )
        .order_by("-paid_on", "recorded_by__username", "method")
    )


def collected_totals(community, collector=None) -> dict[str, Decimal]:
    """What `collected` adds up to, per method, and "all" (one query)."""
    qs = Payment.objects.filter(community=community, recorded_by__isnull=False, reversal__isnull=True)
    if collector is not None:
        qs = qs.filter(recorded_by=collector)
    totals = _sums(qs, "method")
    totals["all"] = sum(totals.values(), ZERO)
    return totals
