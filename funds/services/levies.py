"""Levies and their charges: creating a levy over its households in scope, the periods of a recurring fee,
cancelling a levy (every payment refunded by a reversal) and closing it (its balance moved to another fund)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.audit import audit_record
from communities.errors import DomainError
from communities.models import Community, Compound, Household
from communities.money import ZERO, format_yuan, per_area
from communities.text import clean_text

from ..models import Approval, Charge, Fund, Income, Levy, Payment, Reversal
from ..queries import fund_balance, levy_figures_one, reconciliation_text
from ..scope import scope_counts, scope_households, scope_refusal
from ._common import _amount, _ensure_counter, _lock_fund, _move_ledger_versions, _same_community
from .funds import fund_create


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
    return scope_households(
        compound_id=levy.compound_id,
        building_ids=[b.pk for b in levy.scope_buildings.all()],
        renovation=levy.scope_renovation,
        occupancy=levy.scope_occupancy,
    ).select_related("building")


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
    """Create a levy and one charge per household in scope (for a recurring fee: of its first period).

    A scope of no household is refused (scope.scope_refusal says which condition left none)."""
    community = compound.community
    purpose, description = clean_text(purpose), clean_text(description)
    scope_description = clean_text(scope_description)
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
    refusal = scope_refusal(
        scope_counts(compound=compound, buildings=buildings, renovation=renovation, occupancy=occupancy),
        compound=compound,
        renovation=renovation,
        occupancy=occupancy,
    )
    if refusal is not None:
        field, message = refusal
        raise DomainError(message, field=field)
    if fund is None:
        # The levy's own fund, through fund_create (so it has its audit entry), under a name not taken yet.
        fund = fund_create(
            community=community,
            compound=compound,
            name=_unique_fund_name(community, purpose),
            kind=Fund.Kind.PROPERTY_FEE if recurrence != Levy.Recurrence.ONCE else Fund.Kind.LEVY,
            actor=actor,
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
        levy.scope_buildings.set(buildings, through_defaults={"community": community})
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
    """The name, or "name (2)", "name (3)"…: one not taken in the community (fund_create refuses a taken one)."""
    candidate, n = name[:100].rstrip(), 2
    while Fund.objects.filter(community=community, name=candidate).exists():
        candidate = f"{name[:95].rstrip()} ({n})"
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
        _move_ledger_versions(levy=levy)
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
    reason = clean_text(reason)
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
    _move_ledger_versions(levy=levy, funds=[levy.fund])
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
    _move_ledger_versions(levy=levy, funds=[levy.fund, fund])
    audit_record(
        community=levy.community,
        actor=actor,
        action="levy.close",
        target=levy,
        changes={"balance": [None, str(balance)], "fund": [None, str(fund) if transfer else None]},
    )
    return transfer
