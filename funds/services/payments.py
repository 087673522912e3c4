"""What settles a household's charge: payments with their receipt numbers, reversals of payments, and waivers
(asked for by one person, approved or refused by a second)."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from communities.audit import audit_record, diff
from communities.counters import counter_lock, counter_next
from communities.errors import DomainError
from communities.money import ZERO, format_yuan
from communities.text import clean_text

from ..models import RECEIPT_COUNTER, Charge, Method, Payment, Reversal, Waiver, WaiverApproval
from ..queries import fund_balance
from ._common import _amount, _lock_fund, _move_ledger_versions, _moved_on

PAPER_RECEIPT_MAX = 20


@transaction.atomic
def payment_record(
    *,
    charge: Charge,
    amount,
    method: str,
    actor,
    idempotency_key: str,
    note: str = "",
    paid_on: datetime.date | None = None,
    paper_receipt_no: str = "",
) -> Payment:
    """Record a payment towards a charge and issue its receipt number.

    `paid_on` is the date the money moved: today when not given, earlier for a paper receipt entered later,
    never in the future. `paper_receipt_no` is the number of a paper receipt already handed over for it: no
    other payment of the community that is not reversed carries it.

    The community's receipt counter row is locked first: it serialises the recording of payments in the
    community, so that the paper receipt check holds across charges (the charge's lock alone holds for one
    charge). Always this order, counter then charge; no other service locks the counter.

    The charge row is locked first, so concurrent payments of one charge are checked one after another and
    can never pay more than is outstanding. The receipt number comes from the community's locked counter
    row, in the same transaction: numbers are unique and gap-free. The same idempotency key (one per
    submitted form) records once: a second submission returns the first payment.
    """
    idempotency_key = (idempotency_key or "").strip()[:64]
    note = clean_text(note)
    if not idempotency_key:
        raise DomainError(_("The form expired. Please try again."))
    counter_lock(community=charge.community_id, name=RECEIPT_COUNTER)
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
    paid_on = _moved_on(paid_on, "paid_on")
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
    paper_receipt_no = _paper_receipt_no(community_id=charge.community_id, number=paper_receipt_no)
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
        paid_on=paid_on,
        paper_receipt_no=paper_receipt_no,
        recorded_by=actor,
    )
    charge.paid += amount
    charge.save(update_fields=["paid"])
    _move_ledger_versions(levy=charge.levy, funds=[charge.levy.fund])
    audit_record(
        community=charge.levy.community,
        actor=actor,
        action="payment.record",
        target=payment,
        changes={
            "amount": [None, str(amount)],
            "method": [None, method],
            "charge": [None, charge.pk],
            "paid_on": [None, paid_on.isoformat()],
            "paper_receipt_no": [None, paper_receipt_no],
        },
    )
    return payment


def _paper_receipt_no(*, community_id: int, number: str) -> str:
    """The paper receipt number as stored, refused when a payment of the community not reversed carries it.
    Called under the community's receipt counter lock (payment_record)."""
    number = (number or "").strip()
    if len(number) > PAPER_RECEIPT_MAX:
        raise DomainError(_("Keep the paper receipt number under 20 characters."), field="paper_receipt_no")
    if not number:
        return ""
    taken = (
        Payment.objects.filter(community_id=community_id, paper_receipt_no=number, reversal__isnull=True)
        .values_list("receipt_number", flat=True)
        .first()
    )
    if taken is not None:
        raise DomainError(
            _("Paper receipt %(paper)s is already recorded, on receipt No. %(number)s.")
            % {"paper": number, "number": f"{taken:06d}"},
            field="paper_receipt_no",
        )
    return number


@transaction.atomic
def payment_reverse(*, payment: Payment, reason: str, actor, amount=None) -> Reversal:
    """Correct a payment by a reversal naming it: once, for the whole payment (never more, nor less)."""
    charge = (
        Charge.objects.select_for_update(of=("self",))
        .select_related("levy__fund", "levy__community")
        .get(pk=payment.charge_id)
    )
    reason = clean_text(reason)
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
    _move_ledger_versions(levy=charge.levy, funds=[charge.levy.fund])
    audit_record(
        community=charge.levy.community,
        actor=actor,
        action="payment.reverse",
        target=payment,
        changes={"amount": [None, str(amount)], "reason": [None, reason]},
    )
    return reversal


# --- waivers ---------------------------------------------------------------------------------------------


@transaction.atomic
def waiver_request(*, charge: Charge, amount, reason: str, actor) -> Waiver:
    charge = Charge.objects.select_for_update().select_related("levy").get(pk=charge.pk)
    amount = _amount(amount)
    reason = clean_text(reason)
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
        _move_ledger_versions(levy=charge.levy)
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
