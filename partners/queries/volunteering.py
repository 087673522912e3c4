"""Reads of volunteering: what counts, and the slot lists.

Hours count (service records, reports, the partner's figures, points later) once confirmed by a second member of
staff and not reversed: `counted_entries` is the one filter every figure starts from. Each list here is one
query (or a fixed few) whatever the number of slots, sign-ups and entries.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from ..models import HoursEntry, HoursWaiting, Partner, SignUp, Slot

TENTH = Decimal("0.1")


def tenths(value) -> Decimal:
    """A sum of hours with its one decimal place (SQLite's sums of decimals come back as 3, not 3.0)."""
    return Decimal(str(value or 0)).quantize(TENTH)


def counted_entries(entries: QuerySet[HoursEntry] | None = None) -> QuerySet[HoursEntry]:
    """The entries that count: confirmed and not reversed (confirmed minus reversed)."""
    entries = HoursEntry.objects.all() if entries is None else entries
    return entries.filter(confirmation__isnull=False, reversal__isnull=True)


def counted_hours(
    partner: Partner, *, since: datetime.date | None = None, until: datetime.date | None = None
) -> Decimal:
    """The partner's counted hours (between the dates, inclusive, if given)."""
    entries = HoursEntry.objects.filter(community_id=partner.community_id, partner=partner)
    if since is not None:
        entries = entries.filter(date__gte=since)
    if until is not None:
        entries = entries.filter(date__lte=until)
    return tenths(counted_entries(entries).aggregate(total=Sum("hours"))["total"])


def hours_by_month(partner: Partner) -> list[dict]:
    """[{"month": date(2026, 5, 1), "hours": Decimal, "times": int}, ...], the newest first: counted only."""
    entries = counted_entries(HoursEntry.objects.filter(community_id=partner.community_id, partner=partner))
    rows = list(
        entries.annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(hours=Sum("hours"), times=Count("id"))
        .order_by("-month")
    )
    for row in rows:
        row["hours"] = tenths(row["hours"])
    return rows


def waiting_entries(community) -> QuerySet[HoursEntry]:
    """Hours recorded, not yet confirmed nor reversed (the `waiting` slot and its page): the entries in the
    queue `HoursWaiting`, which the hours services keep equal to that set.

    Read through the queue (a join from its index leading with community_id) rather than as an anti-join over
    every entry: with 200,000 entries the anti-join was a hash anti join scanning the community's whole history
    (100-200 ms on every staff page, bench/volunteering.py); the queue holds only what waits."""
    return HoursEntry.objects.filter(community=community, waiting__community=community)


def waiting_queue(community) -> QuerySet[HoursWaiting]:
    """The queue's rows of the community, one per waiting entry: what the nav and the home count (the `waiting`
    slot), read from the queue's index alone. Counting `waiting_entries` instead joins the entries, and
    PostgreSQL, estimating 1,600 index probes dearer than one scan, scanned all 200,000 of them by hash join
    (35 ms against 7 ms, bench/volunteering.py after VACUUM ANALYZE)."""
    return HoursWaiting.objects.filter(community=community)


def slots_with_counts(slots: QuerySet[Slot]) -> QuerySet[Slot]:
    """Slots with `n_signed` (their sign-ups) and `n_hours` (entries not reversed), their activity joined."""
    return slots.select_related("activity", "activity__compound").annotate(
        n_signed=Count("signups", distinct=True),
        n_hours=Count("hours_entries", filter=Q(hours_entries__reversal__isnull=True), distinct=True),
    )


def open_slots_for(partner: Partner, *, days: int = 28) -> QuerySet[Slot]:
    """Slots the partner may sign up for on their link: not started, within `days`, of a running activity of
    their compound or of the whole community, with `n_signed` and `mine` (the partner's sign-up exists)."""
    now = timezone.now()
    place = Q(activity__compound__isnull=True)
    if partner.compound_id:
        place |= Q(activity__compound_id=partner.compound_id)
    slots = Slot.objects.filter(
        place,
        community_id=partner.community_id,
        activity__ended_at__isnull=True,
        starts_at__gt=now,
        starts_at__lt=now + datetime.timedelta(days=days),
    )
    return (
        slots_with_counts(slots)
        .annotate(mine=Exists(SignUp.objects.filter(slot=OuterRef("pk"), partner=partner)))
        .order_by("starts_at", "id")
    )


def upcoming_signups(partner: Partner) -> QuerySet[SignUp]:
    """The partner's sign-ups for slots that have not started, soonest first."""
    return (
        SignUp.objects.filter(
            community_id=partner.community_id, partner=partner, slot__starts_at__gt=timezone.now()
        )
        .select_related("slot__activity")
        .order_by("slot__starts_at")
    )
