"""Volunteer activities and their slots, and sign-ups: an activity is created or changed here, a rota's slots are
generated for the next weeks (and extended by `manage.py daily`), partners sign up (staff, or the partner on their
personal link) and cancel. Hours (check-in, confirmation, reversal) are in partners.services.hours.

A slot's places are counted under the slot row's lock (select_for_update), so two sign-ups racing for the last
place never both win.
"""

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.audit import audit_record, diff
from communities.errors import DomainError
from communities.models import Community

from ..models import WEEKDAYS, Activity, Partner, PartnerStatus, SignUp, Slot
from ._common import clean_text, same_community

# A rota has slots for the next four weeks, today included; `manage.py daily` moves the horizon on.
ROTA_DAYS = 28
MAX_CAPACITY = 500

ACTIVITY_FIELDS = (
    "compound",
    "title",
    "place",
    "description",
    "team",
    "capacity",
    "date",
    "weekdays",
    "starts_on",
    "ends_on",
    "start_time",
    "end_time",
)


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _aware(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, time, tzinfo=local_zone())


def clean_weekdays(value) -> str:
    """'3,1' or [3, 1] or '31' -> '13' (ISO weekdays, Monday = 1, in order); '' when none is chosen."""
    if isinstance(value, str):
        value = [ch for ch in value if ch.isdigit()]
    days = {str(day) for day in value or []}
    return "".join(day for day in WEEKDAYS if day in days)


def _validated(community: Community, kind: str, fields: dict[str, Any]) -> dict[str, Any]:
    """The activity's fields cleaned and checked as a whole (one-off day or rota pattern, times, capacity)."""
    same_community(community, fields.get("compound"), fields.get("team"))
    team = fields.get("team")
    if (
        team is not None
        and fields.get("compound") is not None
        and team.compound_id
        not in (
            None,
            fields["compound"].pk,
        )
    ):
        raise DomainError(_("That team belongs to another compound."), field="team")
    fields["title"] = clean_text(
        fields.get("title", ""), max_length=100, field="title", required=True, what=_("Enter the title.")
    )
    fields["place"] = clean_text(fields.get("place", ""), max_length=100, field="place")
    fields["description"] = clean_text(fields.get("description", ""), max_length=2000, field="description")
    try:
        capacity = int(fields.get("capacity") or 0)
    except (TypeError, ValueError):
        capacity = 0
    if not 1 <= capacity <= MAX_CAPACITY:
        raise DomainError(
            _("Enter how many people each slot needs, from 1 to %(n)s.") % {"n": MAX_CAPACITY},
            field="capacity",
        )
    fields["capacity"] = capacity
    start, end = fields.get("start_time"), fields.get("end_time")
    if start is None:
        raise DomainError(_("Enter the start time."), field="start_time")
    if end is None:
        raise DomainError(_("Enter the end time."), field="end_time")
    if end <= start:
        raise DomainError(_("The end time must be after the start time."), field="end_time")
    if kind == Activity.Kind.ONE_OFF:
        if fields.get("date") is None:
            raise DomainError(_("Enter the day of the activity."), field="date")
        fields.update(weekdays="", starts_on=None, ends_on=None)
    elif kind == Activity.Kind.ROTA:
        fields["weekdays"] = clean_weekdays(fields.get("weekdays"))
        if not fields["weekdays"]:
            raise DomainError(_("Choose the days of the rota."), field="weekdays")
        if fields.get("starts_on") is None:
            raise DomainError(_("Enter the day the rota starts."), field="starts_on")
        if fields.get("ends_on") is not None and fields["ends_on"] < fields["starts_on"]:
            raise DomainError(_("The rota cannot end before it starts."), field="ends_on")
        fields["date"] = None
    else:
        raise DomainError(_("Choose one-off or rota."), field="kind")
    return fields


def _snapshot(activity: Activity) -> dict[str, Any]:
    values = {field: getattr(activity, field) for field in ACTIVITY_FIELDS}
    for field in ("date", "starts_on", "ends_on", "start_time", "end_time"):
        values[field] = values[field].isoformat() if values[field] is not None else None
    for field in ("compound", "team"):
        values[field] = str(values[field]) if values[field] is not None else None
    return values


def _slot_dates(activity: Activity, first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The days from `first` to `last` (inclusive) on which the activity has a slot."""
    if activity.kind == Activity.Kind.ONE_OFF:
        return [activity.date] if first <= activity.date <= last else []
    first = max(first, activity.starts_on)
    if activity.ends_on is not None:
        last = min(last, activity.ends_on)
    days = set(activity.weekday_numbers)
    count = (last - first).days + 1
    return [
        day
        for day in (first + datetime.timedelta(n) for n in range(max(count, 0)))
        if day.isoweekday() in days
    ]


def _new_slot(activity: Activity, day: datetime.date) -> Slot:
    return Slot(
        community_id=activity.community_id,
        activity=activity,
        date=day,
        starts_at=_aware(day, activity.start_time),
        ends_at=_aware(day, activity.end_time),
        capacity=activity.capacity,
    )


def slots_generate(*, activity: Activity, today: datetime.date | None = None) -> int:
    """Make the activity's missing slots: a one-off's one slot; a rota's from today (or its start) for the next
    ROTA_DAYS days. A day that has a slot already keeps it. Returns how many were made."""
    today = today or timezone.localdate()
    if activity.ended_at is not None:
        return 0
    if activity.kind == Activity.Kind.ONE_OFF:
        first, last = activity.date, activity.date
    else:
        first, last = today, today + datetime.timedelta(ROTA_DAYS - 1)
    wanted = _slot_dates(activity, first, last)
    if not wanted:
        return 0
    have = set(
        Slot.objects.filter(activity=activity, date__gte=min(wanted), date__lte=max(wanted)).values_list(
            "date", flat=True
        )
    )
    new = [_new_slot(activity, day) for day in wanted if day not in have]
    Slot.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def rotas_extend() -> str:
    """The daily job: every running rota gets its slots up to four weeks ahead. Idempotent."""
    today = timezone.localdate()
    made = 0
    rotas = Activity.objects.filter(kind=Activity.Kind.ROTA, ended_at__isnull=True).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    for activity in rotas.iterator():
        with transaction.atomic():
            made += slots_generate(activity=activity, today=today)
    return f"made {made} rota slots"


@transaction.atomic
def activity_create(*, community: Community, kind: str, actor, **fields: Any) -> Activity:
    """A one-off activity with its slot, or a rota with its slots for the next four weeks."""
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(", ".join(sorted(unknown)))
    fields = _validated(community, kind, dict(fields))
    activity = Activity.objects.create(
        community=community, kind=kind, created_by=actor if getattr(actor, "pk", None) else None, **fields
    )
    made = slots_generate(activity=activity)
    changes = diff({}, _snapshot(activity))
    changes["kind"] = [None, kind]
    changes["slots"] = [None, made]
    audit_record(community=community, actor=actor, action="activity.create", target=activity, changes=changes)
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, actor, **fields: Any) -> Activity:
    """Change an activity. Its future slots nobody signed up for are made again from the new details; a slot
    that started, or has a sign-up, keeps what it was. Returns the activity."""
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(", ".join(sorted(unknown)))
    activity = Activity.objects.select_for_update().select_related("community").get(pk=activity.pk)
    if activity.ended_at is not None:
        raise DomainError(_("This activity has ended."))
    before = _snapshot(activity)
    current = {field: getattr(activity, field) for field in ACTIVITY_FIELDS}
    merged = _validated(activity.community, activity.kind, current | fields)
    for field, value in merged.items():
        setattr(activity, field, value)
    activity.save()
    changes = diff(before, _snapshot(activity))
    if not changes:
        return activity
    replaceable = Slot.objects.filter(activity=activity, starts_at__gt=timezone.now(), signups__isnull=True)
    # A slot with hours cannot be in the future (check-in waits for the start), but say it to the database too.
    replaceable = replaceable.filter(hours_entries__isnull=True)
    removed, _detail = Slot.objects.filter(pk__in=list(replaceable.values_list("pk", flat=True))).delete()
    made = slots_generate(activity=activity)
    changes["slots"] = [removed, made]
    audit_record(
        community=activity.community, actor=actor, action="activity.update", target=activity, changes=changes
    )
    return activity


@transaction.atomic
def activity_end(*, activity: Activity, actor) -> Activity:
    """Stop an activity: its future slots nobody signed up for go; those with sign-ups stay (say so to them)."""
    activity = Activity.objects.select_for_update().select_related("community").get(pk=activity.pk)
    if activity.ended_at is not None:
        raise DomainError(_("This activity has ended already."))
    activity.ended_at = timezone.now()
    activity.save(update_fields=["ended_at"])
    future = Slot.objects.filter(
        activity=activity, starts_at__gt=timezone.now(), signups__isnull=True, hours_entries__isnull=True
    )
    removed, _detail = Slot.objects.filter(pk__in=list(future.values_list("pk", flat=True))).delete()
    audit_record(
        community=activity.community,
        actor=actor,
        action="activity.end",
        target=activity,
        changes={"slots": [removed, 0]},
    )
    return activity


# --- sign-ups ------------------------------------------------------------------------------------


def refuse_if_left(partner: Partner) -> None:
    """A partner whose latest joining-or-leaving row says they left gets no sign-up and no hours."""
    latest = PartnerStatus.objects.filter(partner=partner).order_by("-on", "-id").first()
    if latest is not None and latest.change == PartnerStatus.Change.LEFT:
        raise DomainError(_("%(name)s has left the partners.") % {"name": partner.name}, field="partner")


def _partner_may_volunteer(partner: Partner) -> Partner:
    """The record kept (a merged one follows its pointer), a person who has not left."""
    if partner.merged_into_id:
        partner = Partner.objects.get(pk=partner.merged_into_id)
    if partner.is_organisation:
        raise DomainError(
            _("%(name)s is an organisation: sign up the people who come instead.") % {"name": partner.name},
            field="partner",
        )
    refuse_if_left(partner)
    return partner


def slot_is_open_to(slot: Slot, partner: Partner) -> bool:
    """A partner may sign up on their link for their compound's slots and the community-wide ones."""
    compound_id = slot.activity.compound_id
    return compound_id is None or compound_id == partner.compound_id


@transaction.atomic
def signup_create(*, slot: Slot, partner: Partner, actor=None, via: str = SignUp.Via.STAFF) -> SignUp:
    """Sign a partner up for a slot, by staff (`actor`) or on the partner's link (no actor). A slot that has
    started, or is full, refuses; the slot row is locked while its places are counted."""
    same_community(slot.community, partner)
    if via not in SignUp.Via.values:
        raise DomainError(_("Say how the sign-up came."))
    partner = _partner_may_volunteer(partner)
    slot = Slot.objects.select_for_update().select_related("activity", "community").get(pk=slot.pk)
    if slot.activity.ended_at is not None:
        raise DomainError(_("This activity has ended."))
    if via == SignUp.Via.LINK and not slot_is_open_to(slot, partner):
        raise DomainError(_("This slot is for another compound."))
    if slot.starts_at <= timezone.now():
        raise DomainError(_("This slot has started already: sign-up is closed."))
    if SignUp.objects.filter(slot=slot, partner=partner).exists():
        raise DomainError(_("%(name)s is signed up for this slot already.") % {"name": partner.name})
    taken = SignUp.objects.filter(slot=slot).count()
    if taken >= slot.capacity:
        raise DomainError(
            _("This slot is full: all %(n)s places are taken. Choose another slot.") % {"n": slot.capacity}
        )
    try:
        with transaction.atomic():
            signup = SignUp.objects.create(
                community_id=slot.community_id,
                slot=slot,
                partner=partner,
                via=via,
                created_by=actor if getattr(actor, "pk", None) else None,
            )
    except IntegrityError:
        raise DomainError(
            _("%(name)s is signed up for this slot already.") % {"name": partner.name}
        ) from None
    audit_record(
        community=slot.community,
        actor=actor,
        action="signup.create",
        target=slot,
        changes={"partner": [None, partner.name], "via": [None, via]},
    )
    return signup


@transaction.atomic
def signup_cancel(*, signup: SignUp, actor=None) -> None:
    """Cancel a sign-up, until the slot starts (staff, or the partner on their link)."""
    slot = Slot.objects.select_for_update().select_related("community").get(pk=signup.slot_id)
    signup = SignUp.objects.filter(pk=signup.pk).select_related("partner").first()
    if signup is None:
        raise DomainError(_("This sign-up was cancelled already."))
    if slot.starts_at <= timezone.now():
        raise DomainError(_("This slot has started: a sign-up can no longer be cancelled."))
    name = signup.partner.name
    signup.delete()
    audit_record(
        community=slot.community,
        actor=actor,
        action="signup.cancel",
        target=slot,
        changes={"partner": [name, None]},
    )
