"""Business operations of the funds app: the only way money is written.

Views, admin, commands, demo data, tests and other apps (needs: approvals; partners: donations; recognition:
reward redemptions) call these keyword-only functions. Each runs in one transaction, refuses with a
translated DomainError, and writes an audit entry on success. Entries are append-only: a mistake is
corrected by a reversal that names the original.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.audit import audit_record, diff
from communities.counters import counter_next
from communities.errors import DomainError
from communities.models import Community, Compound, Counter, Household
from communities.photos import clean_photo

from .models import (
    RECEIPT_COUNTER,
    Approval,
    Charge,
    Expense,
    Fund,
    FundSettings,
    Income,
    Levy,
    Method,
    Payment,
    Reversal,
    Waiver,
    WaiverApproval,
)
from .money import MAX_AMOUNT, ZERO, format_yuan, per_area, round_yuan
from .queries import fund_balance, fund_settings_for, levy_figures_one, reconciliation_text

# --- helpers -----------------------------------------------------------------------------------


def _amount(value, field: str = "amount") -> Decimal:
    if isinstance(value, float):
        raise TypeError("money is never a float")
    amount = round_yuan(Decimal(value))
    if amount <= ZERO:
        raise DomainError(_("Enter an amount above zero."), field=field)
    if amount > MAX_AMOUNT:
        raise DomainError(_("This amount is too large."), field=field)
    return amount


def _same_community(community: Community, *objects) -> None:
    for obj in objects:
        if obj is not None and obj.community_id != community.pk:
            raise DomainError(_("That belongs to another community."))


def _bump(*, levy: Levy | None = None, funds=()) -> None:
    """Every entry moves its levy's and funds' ledger version (the cache key of their public pages)."""
    if levy is not None:
        Levy.objects.filter(pk=levy.pk).update(ledger_version=F("ledger_version") + 1)
    ids = {f.pk for f in funds if f is not None}
    if ids:
        Fund.objects.filter(pk__in=ids).update(ledger_version=F("ledger_version") + 1)


def _lock_fund(fund: Fund) -> Fund:
    return Fund.objects.select_for_update().get(pk=fund.pk)


def _ensure_counter(community: Community) -> None:
    Counter.objects.get_or_create(community=community, name=RECEIPT_COUNTER)


# --- settings, funds and approvals ----------------------------------------------------------------


@transaction.atomic
def fund_settings_update(*, community: Community, expense_approval_threshold, actor) -> FundSettings:
    settings = fund_settings_for(community)
    before = settings.expense_approval_threshold
    threshold = round_yuan(Decimal(expense_approval_threshold))
    if threshold < ZERO:
        raise DomainError(_("Enter an amount of zero or more."), field="expense_approval_threshold")
    settings.expense_approval_threshold = threshold
    settings.save()
    audit_record(
        community=community,
        actor=actor,
        action="funds.settings",
        target=settings,
        changes={"expense_approval_threshold": [str(before), str(threshold)]},
    )
    return settings


@transaction.atomic
def fund_create(
    *,
    community: Community,
    name: str,
    kind: str,
    actor,
    compound: Compound | None = None,
    description: str = "",
) -> Fund:
    name = name.strip()
    if not name:
        raise DomainError(_("Enter a name."), field="name")
    _same_community(community, compound)
    if kind not in Fund.Kind.values:
        raise DomainError(_("Choose a kind of fund."), field="kind")
    if Fund.objects.filter(community=community, name=name).exists():
        raise DomainError(_("There is a fund named “%(name)s” already.") % {"name": name}, field="name")
    fund = Fund.objects.create(
        community=community,
        compound=compound,
        name=name,
        kind=kind,
        description=description,
        created_by=actor,
    )
    audit_record(
        community=community,
        actor=actor,
        action="fund.create",
        target=fund,
        changes={"name": [None, name], "kind": [None, kind]},
    )
    return fund


@transaction.atomic
def approval_record(
    *,
    community: Community,
    meeting_name: str,
    decided_on: datetime.date,
    actor,
    votes_for: int = 0,
    votes_against: int = 0,
    votes_abstain: int = 0,
    summary: str = "",
    compound: Compound | None = None,
    minutes_photo=None,
    source: str = "",
) -> Approval:
    """Record the facts of a decision. The needs app calls this for its meetings' decisions."""
    meeting_name = meeting_name.strip()
    if not meeting_name:
        raise DomainError(_("Enter the meeting."), field="meeting_name")
    if min(votes_for, votes_against, votes_abstain) < 0:
        raise DomainError(_("Votes cannot be negative."), field="votes_for")
    if decided_on > timezone.localdate():
        raise DomainError(_("The decision cannot be in the future."), field="decided_on")
    _same_community(community, compound)
    approval = Approval(
        community=community,
        compound=compound,
        meeting_name=meeting_name,
        decided_on=decided_on,
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstain=votes_abstain,
        summary=summary,
        source=source,
        recorded_by=actor,
    )
    if minutes_photo is not None:
        approval.minutes_photo.save(
            "minutes.jpg", clean_photo(minutes_photo, name="minutes_photo"), save=False
        )
    approval.save()
    audit_record(
        community=community,
        actor=actor,
        action="approval.record",
        target=approval,
        changes={
            "meeting_name": [None, meeting_name],
            "votes": [None, f"{votes_for}/{votes_against}/{votes_abstain}"],
        },
    )
    return approval


# --- levies and charges ----------------------------------------------------------------------------


@dataclass
class LevyCreated:
    """A new levy and its scope reconciled: total households = charged + not applicable."""

    levy: Levy
    total: int
    charged: int

    @property
    def not_applicable(self) -> int:
        return self.total - self.charged

    @property
    def text(self) -> str:
        return reconciliation_text(self.total, self.charged)


def _scope(levy: Levy):
    households = Household.objects.filter(compound_id=levy.compound_id).select_related("building")
    building_ids = [b.pk for b in levy.scope_buildings.all()]
    if building_ids:
        households = households.filter(building_id__in=building_ids)
    if levy.scope_renovation:
        households = households.filter(renovation=levy.scope_renovation)
    if levy.scope_occupancy:
        households = households.filter(occupancy=levy.scope_occupancy)
    return households


def _charge_amount(levy: Levy, household: Household) -> Decimal:
    if levy.basis == Levy.Basis.PER_M2:
        return per_area(levy.amount, household.floor_area)
    return levy.amount


def _period_of(levy: Levy, day: datetime.date) -> tuple[str, datetime.date]:
    if levy.recurrence == Levy.Recurrence.MONTHLY:
        return f"{day:%Y-%m}", day.replace(day=1)
    return f"{day:%Y}", day.replace(month=1, day=1)


def _next_period_start(levy: Levy, start: datetime.date) -> datetime.date:
    if levy.recurrence == Levy.Recurrence.MONTHLY:
        return (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return start.replace(year=start.year + 1)


def _create_charges(levy: Levy, households, period: str = "", period_start=None) -> int:
    existing = set(Charge.objects.filter(levy=levy, period=period).values_list("household_id", flat=True))
    charges = [
        Charge(
            community_id=levy.community_id,
            levy=levy,
            household=household,
            period=period,
            period_start=period_start,
            amount=_charge_amount(levy, household),
        )
        for household in households
        if household.pk not in existing
    ]
    Charge.objects.bulk_create(charges, batch_size=500)
    return len(charges)


@transaction.atomic
def levy_create(
    *,
    compound: Compound,
    purpose: str,
    amount,
    actor,
    fund: Fund | None = None,
    basis: str = Levy.Basis.PER_HOUSEHOLD,
    recurrence: str = Levy.Recurrence.ONCE,
    buildings=(),
    renovation: str = "",
    occupancy: str = "",
    due_date: datetime.date | None = None,
    starts_on: datetime.date | None = None,
    approval: Approval | None = None,
    description: str = "",
    scope_description: str = "",
) -> LevyCreated:
    """Create a levy and one charge per household in scope (for a recurring fee: of its first period)."""
    community = compound.community
    purpose = purpose.strip()
    if not purpose:
        raise DomainError(_("Enter what the money is for."), field="purpose")
    amount = _amount(amount)
    _same_community(community, fund, approval, *buildings)
    if any(b.compound_id != compound.pk for b in buildings):
        raise DomainError(_("Choose buildings of this compound."), field="buildings")
    if basis not in Levy.Basis.values:
        raise DomainError(_("Choose per household or per m²."), field="basis")
    if recurrence not in Levy.Recurrence.values:
        raise DomainError(_("Choose how often it is charged."), field="recurrence")
    if recurrence != Levy.Recurrence.ONCE and starts_on is None:
        raise DomainError(_("Enter when the first period starts."), field="starts_on")
    if fund is None:
        fund = Fund.objects.create(
            community=community,
            compound=compound,
            name=_unique_fund_name(community, purpose),
            kind=Fund.Kind.PROPERTY_FEE if recurrence != Levy.Recurrence.ONCE else Fund.Kind.LEVY,
            created_by=actor,
        )
    levy = Levy.objects.create(
        community=community,
        compound=compound,
        fund=fund,
        approval=approval,
        purpose=purpose,
        description=description,
        basis=basis,
        amount=amount,
        recurrence=recurrence,
        scope_renovation=renovation,
        scope_occupancy=occupancy,
        scope_description=scope_description,
        due_date=due_date,
        starts_on=starts_on,
        created_by=actor,
    )
    if buildings:
        levy.scope_buildings.set(buildings)
    in_scope = list(_scope(levy))
    if basis == Levy.Basis.PER_M2:
        missing = [h for h in in_scope if not h.floor_area]
        if missing:
            raise DomainError(
                _("%(n)s households in scope have no floor area, e.g. %(room)s. Add it in the roster first.")
                % {"n": len(missing), "room": missing[0].label},
                field="basis",
            )
    if recurrence == Levy.Recurrence.ONCE:
        _create_charges(levy, in_scope)
    else:
        period, start = _period_of(levy, starts_on)
        levy.starts_on = start
        _create_charges(levy, in_scope, period, start)
    levy.scope_total = Household.objects.filter(compound=compound).count()
    levy.scope_charged = len(in_scope)
    levy.save(update_fields=["scope_total", "scope_charged", "starts_on"])
    _ensure_counter(community)
    result = LevyCreated(levy=levy, total=levy.scope_total, charged=levy.scope_charged)
    audit_record(
        community=community,
        actor=actor,
        action="levy.create",
        target=levy,
        changes={
            "purpose": [None, purpose],
            "amount": [None, str(amount)],
            "basis": [None, basis],
            "scope": [None, result.text],
        },
    )
    return result


def _unique_fund_name(community: Community, name: str) -> str:
    candidate, n = name[:100], 2
    while Fund.objects.filter(community=community, name=candidate).exists():
        candidate = f"{name[:95]} ({n})"
        n += 1
    return candidate


@transaction.atomic
def property_fee_generate_periods(*, levy: Levy, through: datetime.date, actor) -> int:
    """Create the charges of every period of a recurring fee up to the one containing `through`.

    Households in scope at the time each period is generated are charged; existing charges stay as they are.
    Generating future periods lets a household prepay them.
    """
    levy = Levy.objects.select_for_update().get(pk=levy.pk)
    if levy.recurrence == Levy.Recurrence.ONCE:
        raise DomainError(_("This levy has no periods."))
    if not levy.is_open:
        raise DomainError(_("This levy is closed."))
    if through > timezone.localdate() + datetime.timedelta(days=3 * 366):
        raise DomainError(_("Generate at most three years ahead."), field="through")
    households = list(_scope(levy))
    created = 0
    start = levy.starts_on
    while start <= through:
        period, start = _period_of(levy, start)
        created += _create_charges(levy, households, period, start)
        start = _next_period_start(levy, start)
    if created:
        _bump(levy=levy)
        audit_record(
            community=levy.community,
            actor=actor,
            action="levy.periods",
            target=levy,
            changes={"through": [None, through.isoformat()], "charges": [None, created]},
        )
    return created


@transaction.atomic
def levy_cancel(*, levy: Levy, reason: str, actor) -> int:
    """Cancel a levy: every payment not yet reversed is refunded by a reversal. Returns how many."""
    levy = Levy.objects.select_for_update().get(pk=levy.pk)
    if not levy.is_open:
        raise DomainError(_("This levy is already closed or cancelled."))
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Enter the reason."), field="reason")
    list(Charge.objects.select_for_update().filter(levy=levy).values_list("pk", flat=True))
    payments = list(Payment.objects.filter(levy=levy, reversal__isnull=True))
    refund = sum((p.amount for p in payments), ZERO)
    fund = _lock_fund(levy.fund)
    if refund > fund_balance(fund):
        raise DomainError(
            _("The fund holds less than the %(amount)s to refund. Record the money coming back first.")
            % {"amount": format_yuan(refund)}
        )
    Reversal.objects.bulk_create(
        [
            Reversal(
                community_id=levy.community_id,
                payment=p,
                fund=levy.fund,
                levy=levy,
                amount=p.amount,
                reason=reason,
                reversed_by=actor,
            )
            for p in payments
        ]
    )
    Charge.objects.filter(levy=levy).update(paid=ZERO)
    levy.cancelled_at = timezone.now()
    levy.cancel_reason = reason
    levy.save(update_fields=["cancelled_at", "cancel_reason"])
    _bump(levy=levy, funds=[levy.fund])
    audit_record(
        community=levy.community,
        actor=actor,
        action="levy.cancel",
        target=levy,
        changes={"refunded": [None, str(refund)], "payments": [None, len(payments)]},
    )
    return len(payments)


@transaction.atomic
def levy_close(
    *, levy: Levy, actor, fund: Fund | None = None, approval: Approval | None = None
) -> Income | None:
    """Close a levy. A surplus goes to `fund`, a shortfall comes from it, by a transfer under `approval`."""
    levy = Levy.objects.select_for_update().get(pk=levy.pk)
    if not levy.is_open:
        raise DomainError(_("This levy is already closed or cancelled."))
    _same_community(levy.community, fund, approval)
    balance = levy_figures_one(levy).balance
    transfer = None
    if balance:
        if fund is None or fund.pk == levy.fund_id:
            raise DomainError(
                _("Choose the fund that takes the surplus or covers the shortfall."), field="fund"
            )
        if approval is None:
            raise DomainError(_("Name the approval for moving the money."), field="approval")
        source, target = (levy.fund, fund) if balance > 0 else (fund, levy.fund)
        amount = abs(balance)
        locked = _lock_fund(source)
        if amount > fund_balance(locked):
            raise DomainError(
                _("%(fund)s holds less than %(amount)s.")
                % {"fund": source.name, "amount": format_yuan(amount)},
                field="fund",
            )
        transfer = Income.objects.create(
            community_id=levy.community_id,
            fund=target,
            kind=Income.Kind.TRANSFER,
            amount=amount,
            source_fund=source,
            levy=levy,
            approval=approval,
            received_on=timezone.localdate(),
            note=_("Closing of the levy “%(levy)s”") % {"levy": levy.purpose},
            recorded_by=actor,
        )
    levy.closed_at = timezone.now()
    levy.save(update_fields=["closed_at"])
    _bump(levy=levy, funds=[levy.fund, fund])
    audit_record(
        community=levy.community,
        actor=actor,
        action="levy.close",
        target=levy,
        changes={"balance": [None, str(balance)], "fund": [None, str(fund) if transfer else None]},
    )
    return transfer


# --- waivers ---------------------------------------------------------------------------------------


@transaction.atomic
def waiver_request(*, charge: Charge, amount, reason: str, actor) -> Waiver:
    charge = Charge.objects.select_for_update().select_related("levy").get(pk=charge.pk)
    amount = _amount(amount)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Enter the reason (it is never published)."), field="reason")
    if not charge.levy.is_open:
        raise DomainError(_("This levy is closed."))
    pending = sum((w.amount for w in Waiver.objects.filter(charge=charge, decision__isnull=True)), ZERO)
    if amount > charge.amount - charge.paid - charge.waived - pending:
        raise DomainError(_("A waiver cannot be more than what is still due."), field="amount")
    waiver = Waiver.objects.create(
        community_id=charge.community_id,
        charge=charge,
        levy=charge.levy,
        amount=amount,
        reason_private=reason,
        requested_by=actor,
    )
    audit_record(
        community=charge.levy.community,
        actor=actor,
        action="waiver.request",
        target=waiver,
        changes=diff({}, {"amount": str(amount), "reason_private": reason}),
    )
    return waiver


@transaction.atomic
def waiver_approve(*, waiver: Waiver, actor, approve: bool = True) -> WaiverApproval:
    """A second person (not the one who asked) approves or refuses a waiver."""
    charge = Charge.objects.select_for_update().select_related("levy").get(pk=waiver.charge_id)
    if WaiverApproval.objects.filter(waiver=waiver).exists():
        raise DomainError(_("This waiver has been decided already."))
    if waiver.requested_by_id is not None and waiver.requested_by_id == getattr(actor, "pk", None):
        raise DomainError(_("A second person must approve a waiver, not the one who asked for it."))
    if approve:
        if not charge.levy.is_open:
            raise DomainError(_("This levy is closed."))
        if waiver.amount > charge.amount - charge.paid - charge.waived:
            raise DomainError(_("A waiver cannot be more than what is still due."))
        charge.waived += waiver.amount
        charge.save(update_fields=["waived"])
        _bump(levy=charge.levy)
    decision = WaiverApproval.objects.create(
        community_id=waiver.community_id, waiver=waiver, approved=approve, decided_by=actor
    )
    audit_record(
        community=charge.levy.community,
        actor=actor,
        action="waiver.approve" if approve else "waiver.refuse",
        target=waiver,
        changes={"amount": [None, str(waiver.amount)]},
    )
    return decision


# --- payments and receipts --------------------------------------------------------------------------


@transaction.atomic
def payment_record(
    *,
    charge: Charge,
    amount,
    method: str,
    actor,
    idempotency_key: str,
    note: str = "",
) -> Payment:
    """Record a payment towards a charge and issue its receipt number.

    The charge row is locked first, so concurrent payments of one charge are checked one after another and
    can never pay more than is outstanding. The receipt number comes from the community's locked counter
    row, in the same transaction: numbers are unique and gap-free. The same idempotency key (one per
    submitted form) records once: a second submission returns the first payment.
    """
    idempotency_key = (idempotency_key or "").strip()[:64]
    if not idempotency_key:
        raise DomainError(_("The form expired. Please try again."))
    # Lock the charge row only (not the levy, fund and community joined for reading).
    charge = (
        Charge.objects.select_for_update(of=("self",))
        .select_related("levy__fund", "levy__community")
        .get(pk=charge.pk)
    )
    existing = Payment.objects.filter(
        community_id=charge.community_id, idempotency_key=idempotency_key
    ).first()
    if existing is not None:
        if existing.charge_id != charge.pk:
            raise DomainError(_("The form expired. Please try again."))
        return existing
    amount = _amount(amount)
    if method not in Method.values:
        raise DomainError(_("Choose how it was paid."), field="method")
    if not charge.levy.is_open:
        raise DomainError(_("This levy is closed or cancelled."))
    outstanding = charge.amount - charge.paid - charge.waived
    if outstanding <= ZERO:
        raise DomainError(_("This household has nothing left to pay here."), field="amount")
    if amount > outstanding:
        raise DomainError(
            _("A payment cannot be more than what is outstanding (%(amount)s).")
            % {"amount": format_yuan(outstanding)},
            field="amount",
        )
    receipt_number = counter_next(community=charge.community_id, name=RECEIPT_COUNTER)
    payment = Payment.objects.create(
        community_id=charge.community_id,
        charge=charge,
        levy=charge.levy,
        household_id=charge.household_id,
        amount=amount,
        method=method,
        receipt_number=receipt_number,
        idempotency_key=idempotency_key,
        note=note,
        recorded_by=actor,
    )
    charge.paid += amount
    charge.save(update_fields=["paid"])
    _bump(levy=charge.levy, funds=[charge.levy.fund])
    audit_record(
        community=charge.levy.community,
        actor=actor,
        action="payment.record",
        target=payment,
        changes={"amount": [None, str(amount)], "method": [None, method], "charge": [None, charge.pk]},
    )
    return payment


@transaction.atomic
def payment_reverse(*, payment: Payment, reason: str, actor, amount=None) -> Reversal:
    """Correct a payment by a reversal naming it: once, for the whole payment (never more, nor less)."""
    charge = (
        Charge.objects.select_for_update(of=("self",))
        .select_related("levy__fund", "levy__community")
        .get(pk=payment.charge_id)
    )
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Enter the reason."), field="reason")
    if Reversal.objects.filter(payment=payment).exists():
        raise DomainError(_("This payment has been reversed already."))
    amount = payment.amount if amount is None else _amount(amount)
    if amount > payment.amount:
        raise DomainError(_("A reversal cannot be more than the payment."), field="amount")
    if amount != payment.amount:
        # A payment is reversed whole (its receipt is marked reversed); the right amount is then recorded anew.
        # Partial reversals would leave a remainder that a levy's cancellation could not refund.
        raise DomainError(
            _("A reversal reverses the whole payment; then record the right amount again."), field="amount"
        )
    fund = _lock_fund(charge.levy.fund)
    if amount > fund_balance(fund):
        raise DomainError(_("The fund holds less than this; the money has been spent."), field="amount")
    reversal = Reversal.objects.create(
        community_id=payment.community_id,
        payment=payment,
        fund=charge.levy.fund,
        levy=charge.levy,
        amount=amount,
        reason=reason,
        reversed_by=actor,
    )
    charge.paid -= amount
    charge.save(update_fields=["paid"])
    _bump(levy=charge.levy, funds=[charge.levy.fund])
    audit_record(
        community=charge.levy.community,
        actor=actor,
        action="payment.reverse",
        target=payment,
        changes={"amount": [None, str(amount)], "reason": [None, reason]},
    )
    return reversal


# --- other income and expenses ----------------------------------------------------------------------


@transaction.atomic
def income_record(
    *,
    fund: Fund,
    kind: str,
    amount,
    received_on: datetime.date,
    actor,
    donor_name: str = "",
    source_fund: Fund | None = None,
    approval: Approval | None = None,
    note: str = "",
) -> Income:
    """Money into a fund that is no charge. A donor is a name for now ("" = anonymous)."""
    amount = _amount(amount)
    if kind not in Income.Kind.values:
        raise DomainError(_("Choose the kind of income."), field="kind")
    community = fund.community
    _same_community(community, source_fund, approval)
    if kind == Income.Kind.TRANSFER:
        if source_fund is None or source_fund.pk == fund.pk:
            raise DomainError(_("Choose another fund to transfer from."), field="source_fund")
        locked = _lock_fund(source_fund)
        if amount > fund_balance(locked):
            raise DomainError(
                _("%(fund)s holds less than %(amount)s.")
                % {"fund": source_fund.name, "amount": format_yuan(amount)},
                field="amount",
            )
    else:
        source_fund = None
    if kind != Income.Kind.DONATION:
        donor_name = ""
    income = Income.objects.create(
        community=community,
        fund=fund,
        kind=kind,
        amount=amount,
        donor_name=donor_name.strip(),
        source_fund=source_fund,
        approval=approval,
        received_on=received_on,
        note=note,
        recorded_by=actor,
    )
    _bump(funds=[fund, source_fund])
    audit_record(
        community=community,
        actor=actor,
        action="income.record",
        target=income,
        changes={"amount": [None, str(amount)], "kind": [None, kind], "fund": [None, fund.name]},
    )
    return income


@transaction.atomic
def income_reverse(*, income: Income, reason: str, actor) -> Reversal:
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Enter the reason."), field="reason")
    fund = _lock_fund(income.fund)
    if Reversal.objects.filter(income=income).exists():
        raise DomainError(_("This entry has been reversed already."))
    if income.amount > fund_balance(fund):
        raise DomainError(_("The fund holds less than this; the money has been spent."))
    reversal = Reversal.objects.create(
        community_id=income.community_id,
        income=income,
        fund=income.fund,
        amount=income.amount,
        reason=reason,
        reversed_by=actor,
    )
    _bump(funds=[income.fund, income.source_fund])
    audit_record(
        community=income.fund.community,
        actor=actor,
        action="income.reverse",
        target=income,
        changes={"amount": [None, str(income.amount)], "reason": [None, reason]},
    )
    return reversal


@transaction.atomic
def expense_record(
    *,
    fund: Fund,
    payee: str,
    purpose: str,
    amount,
    spent_on: datetime.date,
    actor,
    receipt_photo=None,
    approval: Approval | None = None,
    levy: Levy | None = None,
) -> Expense:
    """Money out of a fund. Above the community's threshold it must name its approval."""
    amount = _amount(amount)
    community = fund.community
    _same_community(community, approval, levy)
    payee, purpose = payee.strip(), purpose.strip()
    if not payee:
        raise DomainError(_("Enter who was paid."), field="payee")
    if not purpose:
        raise DomainError(_("Enter what it was for."), field="purpose")
    if levy is not None and levy.fund_id != fund.pk:
        raise DomainError(_("The levy's money is in another fund."), field="levy")
    threshold = fund_settings_for(community).expense_approval_threshold
    if approval is None and amount > threshold:
        raise DomainError(
            _("Expenses above %(threshold)s need the approval of a meeting.")
            % {"threshold": format_yuan(threshold)},
            field="approval",
        )
    locked = _lock_fund(fund)
    balance = fund_balance(locked)
    if amount > balance:
        raise DomainError(
            _("The fund holds only %(balance)s.") % {"balance": format_yuan(balance)}, field="amount"
        )
    expense = Expense(
        community=community,
        fund=fund,
        levy=levy,
        approval=approval,
        payee=payee,
        purpose=purpose,
        amount=amount,
        spent_on=spent_on,
        recorded_by=actor,
    )
    if receipt_photo is not None:
        expense.receipt_photo.save(
            "receipt.jpg", clean_photo(receipt_photo, name="receipt_photo"), save=False
        )
    expense.save()
    _bump(levy=levy, funds=[fund])
    audit_record(
        community=community,
        actor=actor,
        action="expense.record",
        target=expense,
        changes={"amount": [None, str(amount)], "payee": [None, payee], "purpose": [None, purpose]},
    )
    return expense


@transaction.atomic
def expense_reverse(*, expense: Expense, reason: str, actor) -> Reversal:
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Enter the reason."), field="reason")
    _lock_fund(expense.fund)
    if Reversal.objects.filter(expense=expense).exists():
        raise DomainError(_("This entry has been reversed already."))
    reversal = Reversal.objects.create(
        community_id=expense.community_id,
        expense=expense,
        fund=expense.fund,
        levy=expense.levy,
        amount=expense.amount,
        reason=reason,
        reversed_by=actor,
    )
    _bump(levy=expense.levy, funds=[expense.fund])
    audit_record(
        community=expense.fund.community,
        actor=actor,
        action="expense.reverse",
        target=expense,
        changes={"amount": [None, str(expense.amount)], "reason": [None, reason]},
    )
    return reversal


__all__ = [
    "LevyCreated",
    "approval_record",
    "expense_record",
    "expense_reverse",
    "fund_create",
    "fund_settings_update",
    "income_record",
    "income_reverse",
    "levy_cancel",
    "levy_close",
    "levy_create",
    "payment_record",
    "payment_reverse",
    "property_fee_generate_periods",
    "waiver_approve",
    "waiver_request",
]
