"""Labour delivered against a pledge: a person's hours (partners.HoursEntry), either an entry already recorded
(an activity's check-in, confirmed or waiting) or new hours recorded here through partners' `hours_record`.

An entry backs at most one delivery (the database's one-to-one; refused with a message before it gets there), so
no work counts twice. The hours count on the need once a second member of staff confirms them and not after a
reversal (needs.queries reads partners' `counted_entries`). Called inside `delivery_record`'s transaction."""

import datetime

from django.utils.translation import gettext as _

from communities.errors import DomainError
from partners.models import HoursEntry, HoursReversal
from partners.services import hours_record

from ..models import Delivery, Need, Pledge
from ._common import text


def hours_source(need: Need) -> str:
    """The `source` of hours recorded with a delivery (partners.HoursEntry.source)."""
    return f"needs.need:{need.pk}"


def refuse_organisation(pledge: Pledge) -> None:
    if pledge.partner.is_organisation:
        raise DomainError(
            _(
                "%(name)s is an organisation: hours belong to the people who did the work. "
                "Record each person's pledge and hours."
            )
            % {"name": pledge.partner.name},
            field="hours",
        )


def labour_entry(
    *,
    need: Need,
    pledge: Pledge,
    actor,
    delivered_on: datetime.date,
    hours_entry=None,
    hours=None,
    description: str = "",
):
    """The hours entry a labour delivery links: `hours_entry` (locked, checked) or new hours of the pledging
    person on `delivered_on`."""
    refuse_organisation(pledge)
    if hours_entry is None:
        if hours in (None, ""):
            raise DomainError(_("Choose hours already recorded, or enter the hours given."), field="hours")
        return hours_record(
            partner=pledge.partner,
            date=delivered_on,
            hours=hours,
            description=text(description, max_length=200, field="description") or need.title[:200],
            source=hours_source(need),
            actor=actor,
        )
    entry = (
        HoursEntry.objects.select_for_update(of=("self",))
        .select_related("partner")
        .filter(pk=hours_entry.pk, community_id=need.community_id)
        .first()
    )
    if entry is None:
        raise DomainError(_("That belongs to another community."), field="hours_entry")
    if entry.partner_id != pledge.partner_id and entry.partner.merged_into_id != pledge.partner_id:
        raise DomainError(
            _("These hours are %(name)s's: a delivery links the pledging partner's own hours.")
            % {"name": entry.partner.name},
            field="hours_entry",
        )
    if HoursReversal.objects.filter(entry=entry).exists():
        raise DomainError(_("These hours were reversed: they cannot back a delivery."), field="hours_entry")
    if Delivery.objects.filter(hours_entry=entry).exists():
        raise DomainError(already_backing(), field="hours_entry")
    return entry


def already_backing() -> str:
    return _("These hours back another delivery already: the same work counts once.")
