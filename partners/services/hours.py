"""Volunteer hours: the check-in of a slot (ticked partners, walk-ins added on the spot), `hours_record` for other
apps (a need's delivered labour, no slot), a second staff member's confirmation, and a reversal.

Hours are append-only rows (HoursEntry); a confirmation and a reversal are rows pointing at one (one each at
most, by the database's one-to-one). What waits for a confirmation is kept in a queue (HoursWaiting): a row
added with each entry and deleted by its confirmation or reversal, in the same transaction, so the queue is
always the entries neither confirmed nor reversed. The rule of 24 hours a day per person is checked with the partner's row
locked (select_for_update), so two check-ins of one person on one day cannot pass it together. Whoever records
hours cannot confirm them (谁记录谁证明: the second person answers for the figures too).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from communities.audit import audit_record
from communities.errors import DomainError

from ..models import (
    MAX_HOURS_A_DAY,
    Consent,
    HoursConfirmation,
    HoursEntry,
    HoursReversal,
    HoursWaiting,
    Kind,
    Partner,
    Slot,
)
from ._common import clean_mobile, clean_text, not_in_future, same_community
from .partners import Consents, partner_create
from .volunteering import refuse_if_left

SLOT_SOURCE = "slot"


@dataclass
class WalkIn:
    """Someone who came without being a partner: added as a person partner with their paper consent."""

    name: str
    mobile: str
    hours: Decimal | str | None = None
    consent_on_paper: bool = False


def clean_hours(value, *, field: str = "hours") -> Decimal:
    """'1.5' -> Decimal('1.5'): more than 0, at most 24, one decimal place; refused with a message otherwise."""
    try:
        hours = Decimal(str(value).strip().replace("，", ".").replace(",", "."))
    except (InvalidOperation, ValueError):
        raise DomainError(_("Enter the hours as a number, such as 1.5."), field=field) from None
    if not hours.is_finite() or hours <= 0:
        raise DomainError(_("The hours must be more than 0."), field=field)
    if hours > MAX_HOURS_A_DAY:
        raise DomainError(_("A day has at most 24 hours."), field=field)
    if hours != hours.quantize(Decimal("0.1")):
        raise DomainError(_("Enter the hours with at most one decimal place, such as 1.5."), field=field)
    return hours.quantize(Decimal("0.1"))


def _person(partner: Partner) -> Partner:
    """The record kept (a merged record follows its pointer); an organisation gets no hours."""
    if partner.merged_into_id:
        partner = Partner.objects.get(pk=partner.merged_into_id)
    if partner.is_organisation:
        raise DomainError(
            _("%(name)s is an organisation: hours belong to the people who did the work.")
            % {"name": partner.name},
            field="partner",
        )
    return partner


def _lock_partners(partners: list[Partner]) -> dict[int, Partner]:
    """The partners' rows, locked in id order (two check-ins never wait on each other crosswise)."""
    ids = sorted({p.pk for p in partners})
    return {p.pk: p for p in Partner.objects.select_for_update().filter(pk__in=ids).order_by("pk")}


def day_total(partner: Partner, day: datetime.date) -> Decimal:
    """The hours recorded for the partner on the day, unconfirmed included, reversed left out."""
    total = HoursEntry.objects.filter(partner=partner, date=day, reversal__isnull=True).aggregate(
        total=Sum("hours")
    )["total"]
    return Decimal(str(total or 0)).quantize(Decimal("0.1"))


def _within_a_day(partner: Partner, day: datetime.date, hours: Decimal) -> None:
    """Refuses hours that would take the partner's day past 24 (call with the partner's row locked)."""
    already = day_total(partner, day)
    if already + hours > MAX_HOURS_A_DAY:
        raise DomainError(
            _(
                "%(name)s has %(already)s hours on %(date)s already: another %(hours)s would pass 24 hours a day."
            )
            % {
                "name": partner.name,
                "already": already,
                "date": formats.date_format(day, "SHORT_DATE_FORMAT"),
                "hours": hours,
            },
            field="hours",
        )


def _entry_audit(entry: HoursEntry, actor) -> None:
    audit_record(
        community=entry.partner.community,
        actor=actor,
        action="hours.record",
        target=entry,
        changes={
            "partner": [None, entry.partner.name],
            "date": [None, entry.date.isoformat()],
            "hours": [None, str(entry.hours)],
            "source": [None, entry.source],
        },
    )


@transaction.atomic
def hours_record(
    *, partner: Partner, date: datetime.date, hours, description: str, source: str, actor
) -> HoursEntry:
    """Hours a person gave, without a slot: the one way other apps record hours (needs: delivered labour). The
    same rules as a check-in (no future date, at most 24 a day, people only) and the same confirmation by a
    second staff member before they count."""
    partner = _person(partner)
    if not getattr(actor, "pk", None):
        raise DomainError(_("Hours are recorded by a member of staff."))
    hours = clean_hours(hours)
    date = not_in_future(date, field="date")
    source = clean_text(source, max_length=40, field="source", required=True)
    description = clean_text(description, max_length=200, field="description")
    partner = _lock_partners([partner])[partner.pk]
    _within_a_day(partner, date, hours)
    entry = HoursEntry.objects.create(
        community_id=partner.community_id,
        partner=partner,
        date=date,
        hours=hours,
        source=source,
        description=description,
        recorded_by=actor,
    )
    HoursWaiting.objects.create(community_id=entry.community_id, entry=entry)
    _entry_audit(entry, actor)
    return entry


def checked_in(slot: Slot) -> set[int]:
    """The partners who have hours for the slot (not reversed)."""
    return set(
        HoursEntry.objects.filter(slot=slot, reversal__isnull=True).values_list("partner_id", flat=True)
    )


def _walk_in_partner(slot: Slot, walk_in: WalkIn, actor) -> Partner:
    """A walk-in's partner record: an existing person with the same name and mobile, or a new one."""
    name = clean_text(
        walk_in.name, max_length=100, field="walk_in_name", required=True, what=_("Enter the name.")
    )
    mobile = clean_mobile(walk_in.mobile, field="walk_in_mobile", required=True)
    if not walk_in.consent_on_paper:
        raise DomainError(
            _("A walk-in signs the data-use consent on paper before their hours are recorded."),
            field="walk_in_consent",
        )
    known = Partner.objects.filter(
        community_id=slot.community_id, mobile=mobile, merged_into__isnull=True
    ).first()
    if known is not None:
        if known.name != name:
            raise DomainError(
                _("This mobile belongs to %(name)s. Tick them in the list, or check the number.")
                % {"name": known.name},
                field="walk_in_mobile",
            )
        return known
    partner = partner_create(
        community=slot.community,
        actor=actor,
        consents=Consents(data_use=True, how=Consent.How.PAPER),
        form=Partner.Form.PERSON,
        kind=Kind.VOLUNTEER,
        name=name,
        mobile=mobile,
        compound=slot.activity.compound,
    )
    return partner


@transaction.atomic
def checkin_record(
    *,
    slot: Slot,
    actor,
    ticked: list[tuple[Partner, object]] | None = None,
    walk_ins: list[WalkIn] | None = None,
) -> list[HoursEntry]:
    """Who came to a slot, with their hours (None: the slot's length): ticked partners, signed up or not, and
    walk-ins added as partners on the spot. Refused as a whole (nothing written) when one line is wrong."""
    slot = Slot.objects.select_related("activity", "community").get(pk=slot.pk)
    if not getattr(actor, "pk", None):
        raise DomainError(_("Hours are recorded by a member of staff."))
    now = timezone.now()
    if slot.date > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."))
    if slot.starts_at > now:
        raise DomainError(
            _("Check-in opens when the slot starts, at %(time)s.")
            % {"time": formats.time_format(timezone.localtime(slot.starts_at), "H:i")}
        )
    lines: list[tuple[Partner, Decimal]] = []
    for partner, hours in ticked or []:
        same_community(slot.community, partner)
        lines.append((_person(partner), clean_hours(hours) if hours not in (None, "") else slot.hours))
    for walk_in in walk_ins or []:
        hours = (
            clean_hours(walk_in.hours, field="walk_in_hours")
            if walk_in.hours not in (None, "")
            else slot.hours
        )
        lines.append((_walk_in_partner(slot, walk_in, actor), hours))
    if not lines:
        raise DomainError(_("Tick who came, or add a walk-in."))
    seen: set[int] = set()
    for partner, _hours in lines:
        if partner.pk in seen:
            raise DomainError(_("%(name)s is in the list twice.") % {"name": partner.name})
        seen.add(partner.pk)
    already = checked_in(slot)
    locked = _lock_partners([partner for partner, _hours in lines])
    entries = []
    for partner, hours in lines:
        partner = locked[partner.pk]
        if partner.pk in already:
            raise DomainError(_("%(name)s is checked in for this slot already.") % {"name": partner.name})
        refuse_if_left(partner)
        _within_a_day(partner, slot.date, hours)
        entry = HoursEntry.objects.create(
            community_id=slot.community_id,
            partner=partner,
            date=slot.date,
            hours=hours,
            activity=slot.activity,
            slot=slot,
            source=SLOT_SOURCE,
            description=slot.activity.title[:200],
            recorded_by=actor,
        )
        entry.partner = partner
        partner.community = slot.community
        _entry_audit(entry, actor)
        entries.append(entry)
    HoursWaiting.objects.bulk_create(HoursWaiting(community_id=e.community_id, entry=e) for e in entries)
    return entries


@transaction.atomic
def hours_confirm(
    *, actor, slot: Slot | None = None, entry: HoursEntry | None = None
) -> list[HoursConfirmation]:
    """A second staff member confirms hours: a slot's entries waiting for it all at once, or one entry (hours
    recorded without a slot). Whoever recorded an entry cannot confirm it: the whole confirmation is refused."""
    if (slot is None) == (entry is None):
        raise TypeError("confirm a slot or an entry")
    if not getattr(actor, "pk", None):
        raise DomainError(_("Hours are confirmed by a member of staff."))
    waiting = HoursEntry.objects.filter(confirmation__isnull=True, reversal__isnull=True)
    waiting = waiting.filter(slot=slot) if slot is not None else waiting.filter(pk=entry.pk)
    entries = list(waiting.select_for_update(of=("self",)).order_by("pk"))
    if not entries:
        raise DomainError(_("No hours are waiting for confirmation here."))
    if any(e.recorded_by_id == actor.pk for e in entries):
        raise DomainError(
            _("You recorded these hours: another member of staff confirms them (whoever records, certifies).")
        )
    confirmations = []
    try:
        with transaction.atomic():
            for e in entries:
                confirmations.append(
                    HoursConfirmation.objects.create(community_id=e.community_id, entry=e, confirmed_by=actor)
                )
    except IntegrityError:
        raise DomainError(_("Someone confirmed these hours a moment ago.")) from None
    HoursWaiting.objects.filter(entry__in=[e.pk for e in entries]).delete()
    total = sum((e.hours for e in entries), Decimal("0"))
    audit_record(
        community=entries[0].community,
        actor=actor,
        action="hours.confirm",
        target=slot if slot is not None else entries[0],
        changes={"entries": [None, len(entries)], "hours": [None, str(total)]},
    )
    return confirmations


@transaction.atomic
def hours_reverse(*, entry: HoursEntry, reason: str, actor) -> HoursReversal:
    """A mistaken entry reversed, whole and once, with the reason and who. Confirmed or not: it stops counting."""
    if not getattr(actor, "pk", None):
        raise DomainError(_("Hours are reversed by a member of staff."))
    reason = clean_text(reason, max_length=200, field="reason", required=True, what=_("Enter the reason."))
    entry = HoursEntry.objects.select_for_update().select_related("partner", "community").get(pk=entry.pk)
    if HoursReversal.objects.filter(entry=entry).exists():
        raise DomainError(_("These hours were reversed already."))
    try:
        with transaction.atomic():
            reversal = HoursReversal.objects.create(
                community_id=entry.community_id, entry=entry, reason=reason, reversed_by=actor
            )
    except IntegrityError:
        raise DomainError(_("These hours were reversed already.")) from None
    HoursWaiting.objects.filter(entry=entry).delete()
    audit_record(
        community=entry.community,
        actor=actor,
        action="hours.reverse",
        target=entry,
        changes={
            "partner": [entry.partner.name, None],
            "hours": [str(entry.hours), None],
            "reason": [None, reason],
        },
    )
    return reversal
