"""Volunteering: activities (one-off or a rota) and their slots, sign-ups, the hours people gave, their
confirmation by a second staff member, reversals, and the volunteer service records (志愿服务记录证明).

Hours follow the money rule (DESIGN.md): an `HoursEntry` is written once; what happens to it later is a new row
pointing at it, one at most of each kind (`HoursConfirmation`, `HoursReversal`, both one-to-one). Hours count
(records, reports, points later) once confirmed and not reversed (partners.volunteering_queries). The four
tables are append-only in the database (migration 0003, communities/append_only.py); a `ServiceRecord` is a
frozen snapshot of the figures on the day it was issued, hashed, numbered from the community's gap-free counter.
`HoursWaiting` is no record but a work queue (the entries that wait for a confirmation), kept by the same services
in the same transactions, so that the count on every staff page reads only what waits.

Slot times are aware datetimes (Asia/Shanghai, the project's TIME_ZONE); a rota's slots are generated from its
pattern for the next weeks (partners.services.volunteering) and deleted or regenerated only while nobody signed
up.
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import Community, Compound, TenantModel

from .registry import Partner, Team

# The name of the service records' sequence in communities.Counter (taken by the service that issues them).
SERVICE_RECORD_COUNTER = "service_record"

# Hours: one decimal place, more than 0, at most 24 (a day's worth; the day's total is checked by the services).
HOURS = {"max_digits": 4, "decimal_places": 1}
MAX_HOURS_A_DAY = Decimal("24")

# ISO weekdays, Monday = 1, as digits in `Activity.weekdays` ("1234567" is daily).
WEEKDAYS = "1234567"
WEEKDAY_CHOICES = [
    ("1", pgettext_lazy("weekday", "Mon")),
    ("2", pgettext_lazy("weekday", "Tue")),
    ("3", pgettext_lazy("weekday", "Wed")),
    ("4", pgettext_lazy("weekday", "Thu")),
    ("5", pgettext_lazy("weekday", "Fri")),
    ("6", pgettext_lazy("weekday", "Sat")),
    ("7", pgettext_lazy("weekday", "Sun")),
]


def new_check_token() -> str:
    return secrets.token_urlsafe(12)


def hours_in_range(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gt": Decimal("0")}) & Q(**{f"{field}__lte": MAX_HOURS_A_DAY}), name=name
    )


class Activity(TenantModel):
    """A volunteer activity (志愿活动) of a compound or of the whole community: one-off (painting the 幸福小屋 on
    Saturday 9:00–12:00, `date`) or a rota (watering the osmanthus daily at 18:00, `weekdays` from `starts_on`,
    until `ends_on` if set). Each slot needs `capacity` people."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", db_index=False
    )  # an index below leads with it

    class Kind(models.TextChoices):
        ONE_OFF = "one_off", _("one-off")
        ROTA = "rota", _("rota")

    compound = models.ForeignKey(Compound, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    title = models.CharField(_("title"), max_length=100)
    place = models.CharField(_("place"), max_length=100, blank=True)
    description = models.TextField(_("what to do"), max_length=2000, blank=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="activities")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    capacity = models.PositiveSmallIntegerField(_("people per slot"), default=1)
    # One-off: the day. Rota: the weekdays, from `starts_on` (until `ends_on`, if set).
    date = models.DateField(_("date"), null=True, blank=True)
    weekdays = models.CharField(_("weekdays"), max_length=7, blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("volunteer activity")
        verbose_name_plural = _("volunteer activities")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="activity_capacity_at_least_one"),
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="activity_ends_after"
            ),
            models.CheckConstraint(
                condition=(Q(kind="one_off") & Q(date__isnull=False))
                | (Q(kind="rota") & ~Q(weekdays="") & Q(starts_on__isnull=False)),
                name="activity_one_off_dated_rota_patterned",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="activity_rota_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["community", "compound"], name="activity_community_compound")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_rota(self) -> bool:
        return self.kind == self.Kind.ROTA

    @property
    def is_daily(self) -> bool:
        return self.weekdays == WEEKDAYS

    @property
    def weekday_numbers(self) -> list[int]:
        return [int(day) for day in self.weekdays]

    @property
    def weekday_labels(self) -> list[str]:
        labels = dict(WEEKDAY_CHOICES)
        return [str(labels[day]) for day in self.weekdays if day in labels]


class Slot(TenantModel):
    """One occurrence of an activity (班次): a day, a start and an end (aware datetimes), and how many people
    it needs (copied from the activity when the slot was made)."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", db_index=False
    )  # an index below leads with it
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="slots")
    date = models.DateField(_("date"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveSmallIntegerField(_("people needed"))

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="slot_capacity_at_least_one"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after"),
            models.UniqueConstraint(fields=["activity", "starts_at"], name="slot_unique_start"),
        ]
        indexes = [models.Index(fields=["community", "starts_at"], name="slot_community_starts")]

    def __str__(self) -> str:
        return f"{self.activity} {self.date}"

    @property
    def hours(self) -> Decimal:
        """The slot's length in hours, one decimal place (the default hours of a check-in)."""
        seconds = (self.ends_at - self.starts_at).total_seconds()
        return min(MAX_HOURS_A_DAY, (Decimal(seconds) / Decimal(3600)).quantize(Decimal("0.1")))


class SignUp(TenantModel):
    """A partner signed up for a slot (排班报名), by staff or on their personal link. Cancelling deletes it (the
    audit log keeps both)."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", db_index=False
    )  # an index below leads with it

    class Via(models.TextChoices):
        STAFF = "staff", _("by staff")
        LINK = "link", _("on the personal link")

    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="signups")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="signups")
    via = models.CharField(_("signed up"), max_length=10, choices=Via.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("signed up at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["slot", "partner"], name="signup_once_per_slot")]
        indexes = [models.Index(fields=["community", "partner"], name="signup_community_partner")]

    def __str__(self) -> str:
        return f"{self.partner} → {self.slot}"


class HoursEntry(TenantModel):
    """Hours a person gave on a date (服务时长), from a slot's check-in or another app (`source`, e.g. a
    need's delivery). Append-only; they count once confirmed and not reversed."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", db_index=False
    )  # an index below leads with it

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="hours_entries")
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), **HOURS)
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, null=True, blank=True, related_name="hours_entries"
    )
    slot = models.ForeignKey(
        Slot, on_delete=models.PROTECT, null=True, blank=True, related_name="hours_entries"
    )
    # Where the hours come from: "slot" for a check-in; another app names its own ("needs.delivery").
    source = models.CharField(_("source"), max_length=40)
    description = models.CharField(_("what was done"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("volunteer hours")
        verbose_name_plural = _("volunteer hours")
        ordering = ["-date", "-id"]
        constraints = [hours_in_range("hours", "hoursentry_hours_in_range")]
        indexes = [
            models.Index(fields=["community", "partner", "date"], name="hoursentry_partner_date"),
            models.Index(fields=["community", "date"], name="hoursentry_community_date"),
        ]

    def __str__(self) -> str:
        return f"{self.partner} {self.date} {self.hours}"


class HoursConfirmation(TenantModel):
    """A second staff member (not the one who recorded them) confirmed the entry's hours. One per entry."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", db_index=False
    )  # an index below leads with it
    entry = models.OneToOneField(HoursEntry, on_delete=models.PROTECT, related_name="confirmation")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(_("confirmed"), auto_now_add=True)

    class Meta:
        verbose_name = _("hours confirmation")
        verbose_name_plural = _("hours confirmations")
        indexes = [models.Index(fields=["community", "confirmed_at"], name="hoursconfirm_community_at")]

    def __str__(self) -> str:
        return f"✓ {self.entry}"


class HoursReversal(TenantModel):
    """A mistaken entry reversed, whole and at most once, with the reason and who (冲销)."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", db_index=False
    )  # an index below leads with it
    entry = models.OneToOneField(HoursEntry, on_delete=models.PROTECT, related_name="reversal")
    reason = models.CharField(_("reason"), max_length=200)
    reversed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reversed_at = models.DateTimeField(_("reversed"), auto_now_add=True)

    class Meta:
        verbose_name = _("hours reversal")
        verbose_name_plural = _("hours reversals")
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="hoursreversal_has_a_reason")]
        indexes = [models.Index(fields=["community", "reversed_at"], name="hoursreversal_community_at")]

    def __str__(self) -> str:
        return f"✗ {self.entry}"


class HoursWaiting(TenantModel):
    """The work queue of hours waiting for a second member of staff: one row per entry neither confirmed nor
    reversed. A queue, NOT append-only: the service that writes an `HoursEntry` (checkin_record, hours_record)
    adds its row in the same transaction, and `hours_confirm` / `hours_reverse` delete it in theirs, so the rows
    are always exactly the entries without an `HoursConfirmation` and without an `HoursReversal` (the facts stay
    in those append-only tables; tests/partners/test_hours_waiting.py compares the two).

    Why a table: every staff page counts what waits (the nav's `waiting` slot). As an anti-join over all entries
    that count scanned the community's whole history (200,000 entries: 100-200 ms a page on the bench,
    bench/volunteering.py); through this queue it reads the few rows that wait, by the index below."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", db_index=False
    )  # an index below leads with it
    entry = models.OneToOneField(HoursEntry, on_delete=models.CASCADE, related_name="waiting")

    class Meta:
        verbose_name = _("hours waiting for confirmation")
        verbose_name_plural = _("hours waiting for confirmation")
        indexes = [models.Index(fields=["community", "entry"], name="hourswaiting_community_entry")]

    def __str__(self) -> str:
        return f"… {self.entry}"


class ServiceRecord(TenantModel):
    """A volunteer service record (志愿服务记录证明) of a partner for a period: a frozen snapshot of the confirmed
    hours (by activity and month, the total, every entry), its hash, a gap-free serial per community, and the
    token of its public check page (the QR code on the paper).

    The check token is stored as issued, like a receipt's `verify_token` (funds.Payment) and unlike a personal
    link's hash: the record is append-only and its paper must be printable again with the same QR code; the
    page it opens shows a masked name and the frozen figures only. Append-only."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", db_index=False
    )  # (community, serial) leads with it
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="service_records")
    period_from = models.DateField(_("from"))
    period_to = models.DateField(_("until"))
    serial = models.PositiveIntegerField(_("serial number"))
    # {"partner": ..., "community": ..., "by_activity_month": [...], "total": "12.5", "entries": [...]}
    snapshot = models.JSONField(_("figures as issued"), default=dict)
    snapshot_hash = models.CharField(max_length=64)
    check_token = models.CharField(max_length=32, unique=True, default=new_check_token, editable=False)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)

    class Meta:
        verbose_name = _("volunteer service record")
        verbose_name_plural = _("volunteer service records")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["community", "serial"], name="servicerecord_unique_serial"),
            models.CheckConstraint(condition=Q(serial__gt=0), name="servicerecord_serial_positive"),
            models.CheckConstraint(
                condition=Q(period_to__gte=models.F("period_from")), name="servicerecord_period_in_order"
            ),
        ]
        indexes = [models.Index(fields=["community", "partner"], name="servicerecord_partner")]

    def __str__(self) -> str:
        return f"No. {self.serial:06d}"


# Tables the database keeps append-only (migration 0003_volunteering).
VOLUNTEERING_APPEND_ONLY = (HoursEntry, HoursConfirmation, HoursReversal, ServiceRecord)
