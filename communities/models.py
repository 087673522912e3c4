import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .labels import household_label
from .uploads import RandomName, private_storage

# No look-alikes: no 0/O, 1/I/L.
ACCESS_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
ACCESS_CODE_LENGTH = 8


def new_access_code() -> str:
    return "".join(secrets.choice(ACCESS_CODE_ALPHABET) for _ in range(ACCESS_CODE_LENGTH))


def new_public_token() -> str:
    return secrets.token_urlsafe(9)


class Community(models.Model):
    """The tenant: a community office (社区) and everything it runs."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("short name in links"), max_length=50, unique=True)
    street = models.CharField(_("street"), max_length=100, blank=True)
    public_names_masked = models.BooleanField(
        _("show masked names on public pages"),
        default=False,
        help_text=_("Only where a residents' meeting decided so. Names then appear as 张*."),
    )
    # The community board's address (/p/<token>/): its compound boards and the community-wide sections.
    public_token = models.CharField(max_length=32, unique=True, default=new_public_token, editable=False)
    # Part of every public page's cache key; moved in the same transaction as any change to whose name may be
    # shown (communities.services.community_names_changed), so such a change shows at the next request.
    names_version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TenantQuerySet(models.QuerySet):
    def of(self, community) -> "TenantQuerySet":
        """The rows of one community (an instance or its id): the one filter every tenant read starts with."""
        return self.filter(community=community)


class TenantModel(models.Model):
    """The base of a new tenant model: the `community` foreign key and `objects.of(community)`.

    Every tenant row carries its community, also where it could be derived (DESIGN.md, "Tenancy"). Fill it
    from the parent object, never from user input. A model whose own composite index or unique constraint
    leads with `community` redeclares the field with `db_index=False` (one index fewer to write). The funds models use it; the older models of this app
    declare the same field themselves.
    """

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+")

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True


class Compound(models.Model):
    # No index of its own (nor below, where a model says so): the unique (community, name) leads with it.
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="compounds", db_index=False
    )
    name = models.CharField(_("name"), max_length=100)
    built_year = models.PositiveSmallIntegerField(_("year built"), null=True, blank=True)
    built_month = models.PositiveSmallIntegerField(_("month built"), null=True, blank=True)
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("For example: 拆迁还建 (resettlement housing).")
    )
    public_token = models.CharField(max_length=32, unique=True, default=new_public_token, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("compound")
        verbose_name_plural = _("compounds")
        ordering = ["community", "name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="compound_unique_name"),
            models.CheckConstraint(
                condition=Q(built_month__isnull=True) | Q(built_month__gte=1, built_month__lte=12),
                name="compound_built_month_range",
            ),
            # The target of the buildings' (compound, community) foreign key (migration 0004).
            models.UniqueConstraint(fields=["id", "community"], name="compound_key_with_community"),
        ]

    def __str__(self) -> str:
        return self.name


class Building(models.Model):
    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+")
    compound = models.ForeignKey(Compound, on_delete=models.PROTECT, related_name="buildings")
    # Canonical form only (see labels.canonical_building): "1栋", never "1号楼".
    label = models.CharField(_("building"), max_length=50)
    sort_key = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["compound", "sort_key", "label"]
        constraints = [
            models.UniqueConstraint(fields=["compound", "label"], name="building_unique_label"),
            # The target of the households' one foreign key (building, compound, community), migration 0004.
            models.UniqueConstraint(
                fields=["id", "compound", "community"], name="building_key_with_compound"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Household(models.Model):
    class Occupancy(models.TextChoices):
        OCCUPIED = "occupied", _("occupied")
        VACANT = "vacant", _("vacant")
        MOVED_OUT = "moved_out", _("moved out")

    class Renovation(models.TextChoices):
        RENOVATED = "renovated", _("renovated")
        UNRENOVATED = "unrenovated", _("not renovated")

    # One composite foreign key, (building, compound, community) -> Building, added by migration 0004 instead of
    # Django's three single ones (db_constraint=False below): the database then also guarantees that a
    # household's compound and community are its building's, and an import checks one key per row, not three
    # (measured on 100k rows: about 0.35 s against 1.0 s). No single-column indexes: the natural key
    # (compound, building, unit, room) and (community, access_code) lead with these columns, and serve the
    # foreign key's checks when a building is deleted; every extra index slows a 100k-row roster import.
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    compound = models.ForeignKey(
        Compound, on_delete=models.PROTECT, related_name="households", db_index=False, db_constraint=False
    )
    building = models.ForeignKey(
        Building, on_delete=models.PROTECT, related_name="households", db_index=False, db_constraint=False
    )
    # Canonical forms; an empty unit (never NULL) for compounds without units, so the key holds.
    unit = models.CharField(_("unit"), max_length=20, blank=True, default="")
    room = models.CharField(pgettext_lazy("household", "room"), max_length=20)
    room_sort = models.IntegerField(default=0, editable=False)
    floor_area = models.DecimalField(
        _("floor area (m²)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    head_name = models.CharField(_("head of household"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    residents = models.PositiveSmallIntegerField(_("residents"), null=True, blank=True)
    occupancy = models.CharField(
        _("occupancy"), max_length=20, choices=Occupancy.choices, default=Occupancy.OCCUPIED
    )
    renovation = models.CharField(
        _("renovation"), max_length=20, choices=Renovation.choices, default=Renovation.UNRENOVATED
    )
    # Private flags: never on a public page, masked in the audit log.
    is_low_income = models.BooleanField(_("subsistence allowance (低保户)"), default=False)
    is_elderly_alone = models.BooleanField(_("elderly living alone (独居老人)"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    access_code = models.CharField(_("household access code"), max_length=16, default=new_access_code)
    # The database's own clock too (db_default), so that a roster import's COPY leaves them out.
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_default=Now())
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_default=Now())

    PRIVATE_FIELDS = frozenset({"phone", "is_low_income", "is_elderly_alone", "access_code", "notes"})

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["compound", "building__sort_key", "building__label", "unit", "room_sort", "room"]
        constraints = [
            models.UniqueConstraint(
                fields=["compound", "building", "unit", "room"], name="household_natural_key"
            ),
            models.UniqueConstraint(fields=["community", "access_code"], name="household_unique_access_code"),
            models.CheckConstraint(condition=~Q(room=""), name="household_room_not_empty"),
            models.CheckConstraint(
                condition=Q(residents__isnull=True) | Q(residents__lte=30), name="household_residents_range"
            ),
            models.CheckConstraint(
                condition=Q(floor_area__isnull=True) | Q(floor_area__gt=0),
                name="household_floor_area_positive",
            ),
        ]
        # No index on head_name or phone: the search matches them with icontains / contains (LIKE '%…%'),
        # which a btree cannot serve; the search finds the community's rows through (community, access_code).

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return household_label(self.building.label, self.unit, self.room)


class Role(models.TextChoices):
    ADMIN = "admin", _("community admin")
    TREASURER = "treasurer", _("treasurer")
    STAFF = "staff", _("staff")
    OBSERVER = "observer", _("observer")


# Each role holds every right of the roles below it.
ROLE_RANK = {Role.OBSERVER: 0, Role.STAFF: 1, Role.TREASURER: 2, Role.ADMIN: 3}
ROLES_REQUIRING_MFA = frozenset({Role.ADMIN, Role.TREASURER})


class Membership(models.Model):
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="memberships", db_index=False
    )  # (community, user) leads with it
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")
        ordering = ["community", "user__username"]
        constraints = [models.UniqueConstraint(fields=["community", "user"], name="membership_unique_user")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.community} ({self.get_role_display()})"

    def has_role(self, minimum: str) -> bool:
        return ROLE_RANK[Role(self.role)] >= ROLE_RANK[Role(minimum)]

    # What a role may read of a household's credentials and contacts (DESIGN.md, "Tenancy and roles"): the
    # 户码 is a credential, for community admins only; observers (the street office) see phones masked.
    @property
    def sees_access_codes(self) -> bool:
        return self.has_role(Role.ADMIN)

    @property
    def sees_phones(self) -> bool:
        return self.has_role(Role.STAFF)


class Invitation(models.Model):
    """A one-time link that makes its holder a member of the community with the given role."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    note = models.CharField(_("for whom"), max_length=100, blank=True)
    # Only a hash is stored: the link is shown once, to the admin who made it.
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.community} / {self.get_role_display()} / {self.note}"


class AuditEntry(models.Model):
    """Who did what to which object, when, in which community. Written by services only."""

    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_entries",
        db_index=False,  # (community, created_at) leads with it
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=60)
    target_type = models.CharField(_("object type"), max_length=60, blank=True)
    target_id = models.CharField(max_length=40, blank=True)
    target_repr = models.CharField(_("object"), max_length=200, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["community", "-created_at"]),
            models.Index(fields=["community", "target_type", "target_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.target_repr}"


def _roster_upload_to(instance, filename: str) -> str:
    # A random name: the office's file name is kept in `filename`, never in a path anyone could guess.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"roster/{instance.community_id}/{secrets.token_hex(16)}.{suffix[:5]}"


class RosterImport(models.Model):
    """One upload of a roster-like file: its preview, its result and the original file (admins only).

    `kind` names the kind of list (communities.roster.kinds): "households" for the household roster; higher
    apps register theirs (a partners app's volunteer list) and share this record, its pages and its worker."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting for the worker")
        ANALYSING = "analysing", _("reading the file")
        PREVIEW = "preview", _("ready to confirm")
        APPLYING = "applying", _("importing")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("cancelled")

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", db_index=False
    )  # (community, created_at) leads with it
    # A registered kind's name; no choices here, since higher apps register theirs at start-up.
    kind = models.CharField(_("kind"), max_length=40, default="households")
    compound = models.ForeignKey(
        Compound, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )  # the default compound for rows without a 小区 column
    file = models.FileField(_("file"), upload_to=_roster_upload_to)
    filename = models.CharField(_("file name"), max_length=200)
    create_compounds = models.BooleanField(_("create compounds named in the file"), default=False)
    language = models.CharField(max_length=10, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    missing = models.JSONField(default=list, blank=True)  # ids of households not in the file
    # Rows a kind's review flagged for a look, as {row, sheet, column, message}; they do not block the import.
    flags = models.JSONField(default=list, blank=True)
    # What the preview shows beside the counts (engine.RosterOutcome.report): skipped rows and why, totals,
    # warnings about missing columns, the first rows as they will be stored.
    report = models.JSONField(default=dict, blank=True)
    failure = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    applied_at = models.DateTimeField(_("imported"), null=True, blank=True)
    # When the file was last handed to the task worker (on upload, and again on confirmation).
    queued_at = models.DateTimeField(default=timezone.now, editable=False)

    # How long a queued file may wait for the worker before the page says the worker may not be running.
    WORKER_WAIT = datetime.timedelta(minutes=1)

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["community", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M})" if self.created_at else self.filename

    @property
    def is_running(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.ANALYSING, self.Status.APPLYING}

    @property
    def waiting_for_worker(self) -> bool:
        """Queued for over WORKER_WAIT and not begun (the worker reports progress as soon as it starts)."""
        waiting = self.status == self.Status.QUEUED or (
            self.status == self.Status.APPLYING and not self.progress
        )
        return waiting and timezone.now() - self.queued_at > self.WORKER_WAIT


class Counter(TenantModel):
    """A gap-free number sequence of one community: receipts, later service records and certificates.

    Numbers are taken only through communities.counters.counter_next, which locks this row.
    """

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", db_index=False
    )  # (community, name) leads with it
    name = models.CharField(_("name"), max_length=50)
    last_number = models.PositiveIntegerField(_("last number issued"), default=0)

    class Meta:
        verbose_name = _("counter")
        verbose_name_plural = _("counters")
        ordering = ["community", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="counter_unique_name")]

    def __str__(self) -> str:
        return f"{self.name}: {self.last_number}"


class NamesDecision(TenantModel):
    """A switch of masked names on public pages (Community.public_names_masked), on or off. Append-only.

    Switching on needs the residents' meeting that decided it: its name, its date and a photo of its minutes
    (private storage). Switching off needs none, but is kept as well, so the history is complete. Recorded only
    through communities.naming.names_decision_record."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", db_index=False
    )  # (community, recorded_at) leads with it

    names_shown = models.BooleanField(_("masked names shown on public pages"))
    meeting_name = models.CharField(_("residents' meeting"), max_length=200, blank=True)
    decided_on = models.DateField(_("date of the meeting"), null=True, blank=True)
    minutes_photo = models.ImageField(
        _("photo of the minutes"),
        upload_to=RandomName("communities/names"),
        storage=private_storage,
        blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision on names")
        verbose_name_plural = _("decisions on names")
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["community", "-recorded_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(names_shown=False)
                | (~Q(meeting_name="") & Q(decided_on__isnull=False) & ~Q(minutes_photo="")),
                name="namesdecision_on_names_its_meeting",
            )
        ]

    def __str__(self) -> str:
        return f"{self.recorded_at:%Y-%m-%d} {self.meeting_name}" if self.recorded_at else self.meeting_name
