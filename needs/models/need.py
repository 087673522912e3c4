"""A need (需求) of the needs list, the intake session it came from, its photos and its updates (进展), and the
needs settings of a community."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communities.models import Building, Community, Compound, Household, TenantModel
from communities.uploads import RandomName, private_storage

from .choices import Category, Channel, Quadrant, RaisedBy, Review, State

AMOUNT = {"max_digits": 12, "decimal_places": 2}


class NeedsSettings(models.Model):
    """Per-community settings of the needs app (the `settings` slot)."""

    community = models.OneToOneField(Community, on_delete=models.CASCADE, related_name="needs_settings")
    overdue_days = models.PositiveIntegerField(
        _("days in one state before a need is flagged overdue"),
        default=30,
        help_text=_("Open needs that have stayed longer in their state are flagged on the staff list."),
    )

    class Meta:
        verbose_name = _("needs settings")
        verbose_name_plural = _("needs settings")
        constraints = [
            models.CheckConstraint(condition=Q(overdue_days__gte=1), name="needs_overdue_days_min")
        ]

    def __str__(self) -> str:
        return str(self.community)


class IntakeSession(TenantModel):
    """An intake session (收集活动): a bench meeting, a co-planning meeting, a round of doorstep visits, where
    several needs were gathered at once."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", db_index=False)
    compound = models.ForeignKey(Compound, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    attendees = models.PositiveIntegerField(_("how many came"), null=True, blank=True)
    # Handwritten notes name people: staff only (communities:private_file).
    notes_photo = models.ImageField(
        _("photo of the notes"),
        upload_to=RandomName("needs/sessions"),
        storage=private_storage,
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("intake session")
        verbose_name_plural = _("intake sessions")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["community", "-held_on"], name="intake_community_held")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.held_on:%Y-%m-%d}"


class Need(TenantModel):
    """One need of the list: what, where, who raised it and how, its triage, its place in the workflow.

    Private (never on a public page): `contact_private`, `submitter_name` (shown masked only when the submitter
    ticked `show_name_masked` and the community shows masked names), `household`, `partner` (who raised it),
    the follow link's hash. `updated_at` moves with everything the board shows of the need (me-toos, pledges,
    deliveries, coverage), so the board's cache version is one aggregate."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", db_index=False)
    compound = models.ForeignKey(Compound, on_delete=models.PROTECT, related_name="+")
    building = models.ForeignKey(Building, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    session = models.ForeignKey(
        IntakeSession, on_delete=models.PROTECT, null=True, blank=True, related_name="needs"
    )
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    raised_by = models.CharField(_("raised by"), max_length=20, choices=RaisedBy.choices)
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A resident's submission from the board.
    submitter_name = models.CharField(_("name"), max_length=50, blank=True)
    show_name_masked = models.BooleanField(_("show my name, masked"), default=False)
    contact_private = models.CharField(_("contact"), max_length=100, blank=True)
    follow_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    contact_erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    review = models.CharField(_("review"), max_length=20, choices=Review.choices, default=Review.PUBLISHED)
    # Triage: urgency × importance.
    quadrant = models.CharField(_("quadrant"), max_length=20, choices=Quadrant.choices, blank=True)
    rationale = models.CharField(_("why"), max_length=200, blank=True)
    # The workflow.
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.COLLECTED)
    state_since = models.DateTimeField(_("in this state since"))
    plan = models.TextField(_("plan"), blank=True)
    estimated_cost = models.DecimalField(_("estimated cost"), null=True, blank=True, **AMOUNT)
    responsible_team = models.ForeignKey(
        "partners.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responsible_partner = models.ForeignKey(
        "partners.Partner", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responsible_note = models.CharField(_("who carries it out"), max_length=200, blank=True)
    result = models.TextField(_("result"), blank=True)
    decline_reason = models.CharField(_("reason (public)"), max_length=300, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged"
    )
    # Coverage (a matter that reaches households one by one): what reaching one means, e.g. 已通气.
    coverage_label = models.CharField(_("word for a household reached"), max_length=20, blank=True)
    # The levy that paid for it, where there is one (the CCTV's 50 yuan per household).
    levy = models.ForeignKey("funds.Levy", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="need_has_a_title"),
            models.CheckConstraint(
                condition=Q(estimated_cost__isnull=True) | Q(estimated_cost__gte=0),
                name="need_cost_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(state="merged") | Q(merged_into__isnull=False), name="need_merged_names_target"
            ),
            models.CheckConstraint(
                condition=~Q(state="declined") | ~Q(decline_reason=""), name="need_declined_has_reason"
            ),
            models.CheckConstraint(condition=~Q(state="done") | ~Q(result=""), name="need_done_has_result"),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("id")), name="need_not_merged_into_itself"
            ),
        ]
        indexes = [
            models.Index(fields=["community", "compound", "-created_at"], name="need_community_compound_new"),
            models.Index(fields=["community", "state", "-created_at"], name="need_community_state"),
            models.Index(fields=["community", "review"], name="need_community_review"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state in (State.COLLECTED, State.DELIBERATION, State.PLANNED, State.IN_PROGRESS)

    @property
    def is_public(self) -> bool:
        return self.review == Review.PUBLISHED


class NeedPhoto(TenantModel):
    """A photo of a need: as found (before), or after the work (a done need shows these)."""

    class Stage(models.TextChoices):
        BEFORE = "before", _("before")
        AFTER = "after", _("after")

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", db_index=False)
    need = models.ForeignKey(Need, on_delete=models.PROTECT, related_name="photos")
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.BEFORE)
    photo = models.ImageField(_("photo"), upload_to=RandomName("needs/photos"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photo of a need")
        verbose_name_plural = _("photos of needs")
        ordering = ["id"]
        indexes = [models.Index(fields=["community", "need"], name="needphoto_community_need")]


class NeedUpdate(TenantModel):
    """An update on a need (进展): a change of state, a triage, a review, a merge, or a note. Public ones show on
    the board; staff-only ones never leave the staff pages."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", db_index=False)
    need = models.ForeignKey(Need, on_delete=models.PROTECT, related_name="updates")
    text = models.TextField(_("update"), blank=True)
    public = models.BooleanField(_("public"), default=True)
    from_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("update")
        verbose_name_plural = _("updates")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["community", "need", "-created_at"], name="needupdate_community_need")
        ]
