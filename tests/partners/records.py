"""Helpers of the service-record and report tests: confirmed hours on any past day, fast (the ORM straight, as
a check-in and a second member of staff's confirmation would leave them)."""

import datetime
from decimal import Decimal

from partners.models import Activity, HoursConfirmation, HoursEntry, HoursWaiting


def entry(world, partner, day, hours="2.0", *, activity=None, confirmed=True, source=None, description=""):
    """One hours entry of the partner on `day`, recorded by staff and (unless told) confirmed by the admin."""
    made = HoursEntry.objects.create(
        community_id=partner.community_id,
        partner=partner,
        date=day,
        hours=Decimal(hours),
        activity=activity,
        source=source or ("slot" if activity is not None else "needs.delivery"),
        description=description or (activity.title if activity else "修理路灯"),
        recorded_by=world.staff,
    )
    if confirmed:
        HoursConfirmation.objects.create(community_id=made.community_id, entry=made, confirmed_by=world.admin)
    else:  # waiting in the queue, as hours_record leaves it
        HoursWaiting.objects.create(community_id=made.community_id, entry=made)
    return made


def daily_year(world, partner, activity: Activity, *, last: datetime.date, days: int = 365, hours="0.5"):
    """An entry every day for `days` days up to `last` (a year of the daily rota), all confirmed."""
    entries = HoursEntry.objects.bulk_create(
        HoursEntry(
            community_id=partner.community_id,
            partner=partner,
            date=last - datetime.timedelta(days=n),
            hours=Decimal(hours),
            activity=activity,
            source="slot",
            description=activity.title,
            recorded_by=world.staff,
        )
        for n in range(days)
    )
    if entries[0].pk is None:  # databases that do not return the ids of a bulk insert
        entries = list(HoursEntry.objects.filter(partner=partner, activity=activity))
    HoursConfirmation.objects.bulk_create(
        HoursConfirmation(community_id=e.community_id, entry=e, confirmed_by=world.admin) for e in entries
    )
    return entries
