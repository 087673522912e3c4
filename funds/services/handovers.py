"""Cash handovers: the treasurer records the cash a collector gave them, covering the collector's cash
payments that are not reversed and not handed over yet, for exactly their total."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from communities.audit import audit_record
from communities.errors import DomainError
from communities.models import Community
from communities.money import ZERO, format_yuan

from ..models import Charge, Handover, HandoverItem, Method, Payment
from ._common import _amount, _moved_on


@transaction.atomic
def handover_record(
    *,
    community: Community,
    collector,
    payments,
    amount: Decimal,
    handed_on: datetime.date,
    actor,
    note: str = "",
) -> Handover:
    """Record that `collector` handed `amount` in cash to `actor`, covering `payments` (objects or ids).

    The charges of the payments are locked first, in the order levy_cancel locks a levy's charges (levy,
    household, period), so that the two never wait for each other in a circle. payment_reverse locks
    the charge too, so a payment cannot be reversed while it is handed over, and two handovers of the same
    payment run one after the other; the second is refused. The database keeps each payment in one handover.
    """
    amount = _amount(amount)
    handed_on = _moved_on(handed_on, "handed_on")
    if getattr(actor, "pk", None) == collector.pk:
        raise DomainError(
            _("A second person receives the cash: you cannot record a handover of cash you collected.")
        )
    ids = sorted({getattr(payment, "pk", payment) for payment in payments})
    if not ids:
        raise DomainError(_("Choose the payments the cash covers."), field="payments")
    list(
        Charge.objects.select_for_update()
        .filter(pk__in=Payment.objects.filter(pk__in=ids).values("charge_id"))
        .order_by("levy", "household", "period")
        .values_list("pk", flat=True)
    )
    chosen = list(
        Payment.objects.filter(community=community, pk__in=ids).select_related("reversal", "handover_item")
    )
    if len(chosen) != len(ids):
        raise DomainError(_("That belongs to another community."), field="payments")
    for payment in chosen:
        number = f"{payment.receipt_number:06d}"
        if payment.method != Method.CASH or payment.recorded_by_id != collector.pk:
            raise DomainError(
                _("Receipt No. %(number)s is no cash payment this collector recorded.") % {"number": number},
                field="payments",
            )
        if hasattr(payment, "reversal"):
            raise DomainError(
                _("Receipt No. %(number)s was reversed.") % {"number": number}, field="payments"
            )
        if hasattr(payment, "handover_item"):
            raise DomainError(
                _("Receipt No. %(number)s has been handed over already.") % {"number": number},
                field="payments",
            )
        if payment.paid_on > handed_on:
            raise DomainError(
                _("Receipt No. %(number)s was paid after that day.") % {"number": number}, field="handed_on"
            )
    total = sum((payment.amount for payment in chosen), ZERO)
    if amount != total:
        raise DomainError(
            _("The cash handed over (%(amount)s) is not the total of the payments chosen (%(total)s).")
            % {"amount": format_yuan(amount), "total": format_yuan(total)},
            field="amount",
        )
    handover = Handover.objects.create(
        community=community,
        collector=collector,
        received_by=actor,
        amount=amount,
        handed_on=handed_on,
        note=(note or "").strip(),
    )
    HandoverItem.objects.bulk_create(
        HandoverItem(community=community, handover=handover, payment=payment) for payment in chosen
    )
    audit_record(
        community=community,
        actor=actor,
        action="handover.record",
        target=handover,
        changes={
            "collector": [None, collector.get_username()],
            "amount": [None, str(amount)],
            "payments": [None, len(chosen)],
        },
    )
    return handover
