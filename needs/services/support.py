"""Support for a need: residents' "me too" (once per household through the gate, once per browser otherwise),
partners' pledges, deliveries against them (money as a donation in a fund's ledger, one delivery per income
line; labour as a person's hours entry, one delivery per entry), and the households a matter has reached
(coverage)."""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.audit import audit_record
from communities.errors import DomainError
from communities.models import Household

from ..models import CoverageMark, Delivery, MeToo, Need, Pledge, Review, State, SupportKind
from ._common import lock, same_community, text, touch
from .labour import already_backing, labour_entry


def _metoo_allowed(need: Need) -> None:
    if need.review != Review.PUBLISHED or need.state == State.MERGED:
        raise DomainError(_("This need is not on the board."))
    if need.state in (State.DONE, State.DECLINED):
        raise DomainError(_("This need is closed; it takes no more “me too”."))


@transaction.atomic
def metoo_add(*, need: Need, household: Household | None = None, browser: str = "") -> MeToo:
    """A "me too". With a household (verified by the gate, never a posted id): once per household; a row the
    same browser added before passing the gate becomes the household's. Without: once per browser."""
    need = lock(need)
    _metoo_allowed(need)
    if household is None and not browser:
        raise DomainError(_("Your browser keeps no cookies; enter your household's code instead."))
    if household is not None:
        if household.compound_id != need.compound_id:
            raise DomainError(_("This need is of another compound."))
        if MeToo.objects.filter(need=need, household=household).exists():
            raise DomainError(_("Your household has said “me too” here already."))
        row = (
            MeToo.objects.filter(need=need, browser=browser, household__isnull=True).first()
            if browser
            else None
        )
        if row is not None:
            row.household = household
            row.save(update_fields=["household"])
        else:
            row = MeToo.objects.create(community_id=need.community_id, need=need, household=household)
    else:
        if MeToo.objects.filter(need=need, browser=browser).exists():
            raise DomainError(_("You have said “me too” here already."))
        try:
            with transaction.atomic():
                row = MeToo.objects.create(community_id=need.community_id, need=need, browser=browser)
        except IntegrityError:
            raise DomainError(_("You have said “me too” here already.")) from None
    touch(need)
    return row


@transaction.atomic
def metoo_withdraw(*, need: Need, household: Household | None = None, browser: str = "") -> None:
    """Take a "me too" back: the household's (through the gate), or the browser's own that no household took."""
    need = lock(need)
    if household is not None:
        rows = MeToo.objects.filter(need=need, household=household)
    elif browser:
        rows = MeToo.objects.filter(need=need, browser=browser, household__isnull=True)
    else:
        rows = MeToo.objects.none()
    if not rows.delete()[0]:
        raise DomainError(_("There is no “me too” of yours here to take back."))
    touch(need)


def _decimal(value, field: str, *, places: str = "0.01", required: bool = False) -> Decimal | None:
    if value in (None, ""):
        if required:
            raise DomainError(_("Enter a number."), field=field)
        return None
    if isinstance(value, float):
        raise TypeError("amounts are never floats")
    try:
        number = Decimal(value).quantize(Decimal(places))
    except InvalidOperation:
        raise DomainError(_("Enter a number."), field=field) from None
    if number < 0 or (required and number == 0):
        raise DomainError(_("Enter a number above zero."), field=field)
    return number


@transaction.atomic
def pledge_create(
    *,
    need: Need,
    partner,
    kind: str,
    actor,
    amount=None,
    item: str = "",
    quantity=None,
    unit: str = "",
    estimated_value=None,
    hours=None,
    description: str = "",
    note_private: str = "",
) -> Pledge:
    """A partner's pledge: money (an amount), materials (item, quantity, estimated value), labour (hours) or a
    space (what, estimated value)."""
    need = lock(need)
    same_community(need.community, partner)
    if need.state in (State.MERGED, State.DECLINED):
        raise DomainError(_("This need takes no pledges."))
    if getattr(partner, "merged_into_id", None):
        partner = partner.merged_into
    if kind not in SupportKind.values:
        raise DomainError(_("Choose what is pledged."), field="kind")
    pledge = Pledge(
        community_id=need.community_id,
        need=need,
        partner=partner,
        kind=kind,
        description=text(description, max_length=200, field="description"),
        note_private=text(note_private, max_length=2000, field="note_private"),
        created_by=actor,
    )
    if kind == SupportKind.MONEY:
        pledge.amount = _decimal(amount, "amount", required=True)
    elif kind == SupportKind.LABOUR:
        pledge.hours = _decimal(hours, "hours", required=True)
    else:
        pledge.item = text(
            item,
            max_length=100,
            field="item",
            required=kind == SupportKind.MATERIALS,
            what=_("Enter the item."),
        )
        pledge.quantity = _decimal(quantity, "quantity")
        pledge.unit = text(unit, max_length=20, field="unit")
        pledge.estimated_value = _decimal(estimated_value, "estimated_value")
    pledge.save()
    touch(need)
    audit_record(
        community=need.community,
        actor=actor,
        action="pledge.create",
        target=need,
        changes={"partner": [None, partner.name], "pledge_kind": [None, kind]},
    )
    return pledge


@transaction.atomic
def delivery_record(
    *,
    pledge: Pledge,
    actor,
    idempotency_key: str,
    delivered_on: datetime.date | None = None,
    fund=None,
    amount=None,
    quantity=None,
    estimated_value=None,
    note: str = "",
    hours_entry=None,
    hours=None,
    description: str = "",
) -> Delivery:
    """A delivery against a pledge. Money: a donation naming the partner is recorded in `fund` (funds'
    income_record, by a treasurer: the view checks the role) and the delivery links that ledger line, one
    delivery per line. Labour: the pledging person's `hours_entry` (a check-in, dated as it is) or new `hours`
    recorded through partners' hours_record, one delivery per entry (needs.services.labour); they count once
    confirmed. Materials and a space: their quantity and estimated value. The same idempotency key
    (one per submitted form) records once: a second submission returns the first delivery."""
    from funds.models import Income
    from funds.services import income_record

    key = (idempotency_key or "").strip()[:64]
    if not key:
        raise DomainError(_("The form expired. Please try again."))
    need = lock(pledge.need)
    existing = Delivery.objects.filter(community_id=need.community_id, idempotency_key=key).first()
    if existing is not None:
        if existing.pledge_id != pledge.pk:
            raise DomainError(_("The form expired. Please try again."))
        return existing
    if need.state == State.MERGED:
        raise DomainError(_("This need has been merged; record the delivery on the need it was merged into."))
    delivered_on = delivered_on or timezone.localdate()
    if delivered_on > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."), field="delivered_on")
    note = text(note, max_length=200, field="note")
    delivery = Delivery(
        community_id=need.community_id,
        need=need,
        pledge=pledge,
        kind=pledge.kind,
        delivered_on=delivered_on,
        note=note,
        idempotency_key=key,
        created_by=actor,
    )
    if pledge.kind == SupportKind.MONEY:
        if fund is None:
            raise DomainError(_("Choose the fund the money goes into."), field="fund")
        same_community(need.community, fund)
        income = income_record(
            fund=fund,
            kind=Income.Kind.DONATION,
            amount=amount,
            received_on=delivered_on,
            actor=actor,
            donor_partner=pledge.partner,
            note=need.title[:200],
        )
        delivery.income, delivery.amount = income, income.amount
    elif pledge.kind == SupportKind.LABOUR:
        entry = labour_entry(
            need=need,
            pledge=pledge,
            actor=actor,
            delivered_on=delivered_on,
            hours_entry=hours_entry,
            hours=hours,
            description=description,
        )
        delivery.hours_entry, delivery.hours, delivery.delivered_on = entry, entry.hours, entry.date
    else:
        delivery.quantity = _decimal(quantity, "quantity")
        delivery.estimated_value = _decimal(estimated_value, "estimated_value")
        if delivery.quantity is None and delivery.estimated_value is None:
            raise DomainError(_("Enter the quantity or the estimated value."), field="quantity")
    try:
        with transaction.atomic():
            delivery.save()
    except IntegrityError:
        if (
            delivery.hours_entry_id
            and Delivery.objects.filter(hours_entry_id=delivery.hours_entry_id).exists()
        ):
            raise DomainError(already_backing(), field="hours_entry") from None
        raise
    touch(need)
    changes = {"partner": [None, pledge.partner.name], "pledge_kind": [None, pledge.kind]}
    if delivery.hours_entry_id:
        changes["hours"] = [None, str(delivery.hours)]
    audit_record(
        community=need.community, actor=actor, action="delivery.record", target=need, changes=changes
    )
    return delivery


@transaction.atomic
def coverage_mark(*, need: Need, households, actor, label: str | None = None) -> int:
    """Tick households the matter has reached (already ticked ones are left as they are): how many are new.
    `label` names what reaching a household means (已通气), shown before the count."""
    need = lock(need)
    if label is not None:
        label = text(label, max_length=20, field="label")
        if label != need.coverage_label:
            need.coverage_label = label
            need.save(update_fields=["coverage_label", "updated_at"])
    households = list(households)
    for household in households:
        if household.compound_id != need.compound_id:
            raise DomainError(_("That household is not in this compound."), field="households")
    have = set(CoverageMark.objects.filter(need=need).values_list("household_id", flat=True))
    new = [h for h in {h.pk: h for h in households}.values() if h.pk not in have]
    CoverageMark.objects.bulk_create(
        [CoverageMark(community_id=need.community_id, need=need, household=h, marked_by=actor) for h in new]
    )
    if new:
        touch(need)
        audit_record(
            community=need.community,
            actor=actor,
            action="coverage.mark",
            target=need,
            changes={
                "households": [None, ", ".join(str(h) for h in new[:20]) + ("…" if len(new) > 20 else "")]
            },
        )
    return len(new)


@transaction.atomic
def coverage_unmark(*, need: Need, household: Household, actor) -> None:
    """Untick a household (a mistake, a connection taken out): allowed, and audited."""
    need = lock(need)
    if not CoverageMark.objects.filter(need=need, household=household).delete()[0]:
        raise DomainError(_("That household is not ticked."))
    touch(need)
    audit_record(
        community=need.community,
        actor=actor,
        action="coverage.unmark",
        target=need,
        changes={"household": [str(household), None]},
    )
