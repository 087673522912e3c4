"""Meetings and decisions (周提月议, 一事一议): a meeting with its agenda, who came and its minutes; a decision per
agenda item under a voting rule, over an electorate (a compound or some of its buildings); the households'
ballots (append-only) and their voids.

Private (never on a public page): who voted how (Ballot.choice next to its household), the minutes' photo
(private storage), attendance (households by room, partners), a void's reason. Public: a decision's motion,
window and counts."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import Building, Community, Compound, Household, TenantModel
from communities.uploads import RandomName, private_storage

from .need import AMOUNT, Need


class Meeting(TenantModel):
    """A meeting: a bench meeting, a co-planning meeting, the monthly deliberation (议事会), an owners' meeting.
    It belongs to a compound, or (no compound) to the community."""

    class Kind(models.TextChoices):
        BENCH = "bench", _("bench meeting")
        COPLANNING = "coplanning", _("co-planning meeting")
        MONTHLY = "monthly", _("monthly deliberation")
        OWNERS = "owners", _("owners' meeting")

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", db_index=False)
    compound = models.ForeignKey(Compound, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("name"), max_length=200)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    head_count = models.PositiveIntegerField(_("how many came"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    # The handwritten minutes name people: staff only (communities:private_file).
    minutes_photo = models.ImageField(
        _("photo of the minutes"),
        upload_to=RandomName("needs/minutes"),
        storage=private_storage,
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["community", "-held_on"], name="meeting_community_held")]

    def __str__(self) -> str:
        return self.title


class AgendaItem(TenantModel):
    """An item of a meeting's agenda (议题): a need brought to it, or a matter staff added. A dropped item stays
    (dropped) so that the next proposal does not bring it back."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", db_index=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="agenda")
    need = models.ForeignKey(
        Need, on_delete=models.PROTECT, null=True, blank=True, related_name="agenda_items"
    )
    title = models.CharField(_("item"), max_length=200)
    position = models.PositiveIntegerField(default=0)
    dropped = models.BooleanField(_("dropped"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["dropped", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "need"], condition=Q(need__isnull=False), name="agenda_need_once"
            ),
        ]
        indexes = [models.Index(fields=["community", "meeting", "position"], name="agenda_community_meeting")]

    def __str__(self) -> str:
        return self.title


class Attendance(TenantModel):
    """One who came to a meeting: a household (by its room) or a partner. The head count is on the meeting."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", db_index=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendance")
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(household__isnull=True, partner__isnull=False)
                | Q(household__isnull=False, partner__isnull=True),
                name="attendance_household_or_partner",
            ),
            models.UniqueConstraint(
                fields=["meeting", "household"],
                condition=Q(household__isnull=False),
                name="attendance_household_once",
            ),
            models.UniqueConstraint(
                fields=["meeting", "partner"],
                condition=Q(partner__isnull=False),
                name="attendance_partner_once",
            ),
        ]
        indexes = [models.Index(fields=["community", "meeting"], name="attendance_community_meeting")]


class Rule(models.TextChoices):
    SIMPLE = "simple", _("simple majority of those present")
    DOUBLE_MAJORITY = "double_majority", _("double majority (Civil Code Art. 278)")
    THREE_QUARTERS = "three_quarters", _("double three quarters (Civil Code Art. 278)")


BALLOT_RULES = (Rule.DOUBLE_MAJORITY, Rule.THREE_QUARTERS)


class Decision(TenantModel):
    """A decision (决议, 一事一议): one matter of a meeting, a motion under a rule, over an electorate.

    Rule 1 (simple majority) is recorded as a tally of those present; rules 2 and 3 count the households'
    ballots within the window. `closed_at` freezes the result (`result`, `passed`); a passed decision makes one
    funds Approval (`approval`, one-to-one), unless it points at an approval recorded before it (the demo's CCTV)."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", db_index=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="decision"
    )
    need = models.ForeignKey(Need, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions")
    compound = models.ForeignKey(Compound, on_delete=models.PROTECT, related_name="+")
    motion = models.TextField(_("motion"))
    rule = models.CharField(_("rule"), max_length=20, choices=Rule.choices)
    # What the motion carries for the need's plan (planned needs a plan, a cost and who carries it out).
    plan = models.TextField(_("plan"), blank=True)
    estimated_cost = models.DecimalField(_("estimated cost"), null=True, blank=True, **AMOUNT)
    responsible_note = models.CharField(_("who carries it out"), max_length=200, blank=True)
    # Rule 1: the tally of those present (a show of hands).
    tally_for = models.PositiveIntegerField(pgettext_lazy("vote", "for"), null=True, blank=True)
    tally_against = models.PositiveIntegerField(_("against"), null=True, blank=True)
    tally_abstain = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    # Rules 2 and 3: announced on the board when opened; ballots until the end of closes_on (Asia/Shanghai).
    opened_at = models.DateTimeField(_("announced"), default=timezone.now)
    closes_on = models.DateField(_("voting ends"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    passed = models.BooleanField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True, editable=False)
    approval = models.OneToOneField(
        "funds.Approval", on_delete=models.PROTECT, null=True, blank=True, related_name="decision"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(motion=""), name="decision_has_a_motion"),
            models.CheckConstraint(
                condition=Q(rule="simple") | Q(closes_on__isnull=False), name="decision_ballots_have_a_window"
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(passed__isnull=False),
                name="decision_closed_has_result",
            ),
        ]
        indexes = [
            models.Index(fields=["community", "compound", "-opened_at"], name="decision_community_compound"),
            models.Index(fields=["community", "closed_at", "closes_on"], name="decision_community_open"),
        ]

    def __str__(self) -> str:
        return self.motion[:60]

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def has_ballots(self) -> bool:
        return self.rule in BALLOT_RULES


class DecisionBuilding(TenantModel):
    """One building of a decision's electorate; none: the whole compound (as a levy's scope)."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", db_index=False)
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="buildings")
    building = models.ForeignKey(Building, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("building of the electorate")
        verbose_name_plural = _("buildings of the electorate")
        constraints = [
            models.UniqueConstraint(fields=["decision", "building"], name="decision_building_once"),
        ]
        indexes = [models.Index(fields=["community", "decision"], name="decisionbuilding_community")]


class Ballot(TenantModel):
    """A household's ballot (表决票), online through the 户码 or on paper entered by staff. Append-only.

    One first ballot per household and decision (a partial unique index); after a void, one recast, naming the
    void it follows (one-to-one)."""

    class Choice(models.TextChoices):
        FOR = "for", pgettext_lazy("vote", "for")
        AGAINST = "against", _("against")
        ABSTAIN = "abstain", _("abstain")

    class Channel(models.TextChoices):
        ONLINE = "online", _("online, with the household code")
        PAPER = "paper", _("paper ballot")

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", db_index=False)
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="ballots")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("vote"), max_length=10, choices=Choice.choices)
    channel = models.CharField(_("how"), max_length=10, choices=Channel.choices)
    follows = models.OneToOneField(
        "BallotVoid", on_delete=models.PROTECT, null=True, blank=True, related_name="recast"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "household"],
                condition=Q(follows__isnull=True),
                name="ballot_one_first_per_household",
            ),
            models.CheckConstraint(
                condition=Q(channel="online") | Q(recorded_by__isnull=False), name="ballot_paper_has_recorder"
            ),
        ]
        indexes = [
            models.Index(fields=["community", "decision", "household"], name="ballot_community_decision"),
        ]


class BallotVoid(TenantModel):
    """The voiding of a ballot (作废): why and who. An online ballot's void takes effect at once; a paper
    ballot's when a second person confirms it (BallotVoidConfirmation). Append-only."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", db_index=False)
    ballot = models.OneToOneField(Ballot, on_delete=models.PROTECT, related_name="void")
    reason = models.CharField(_("reason"), max_length=300)
    voided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("voided ballot")
        verbose_name_plural = _("voided ballots")
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="ballotvoid_has_reason")]
        indexes = [models.Index(fields=["community", "created_at"], name="ballotvoid_community")]


class BallotVoidConfirmation(TenantModel):
    """A second person's confirmation of a paper ballot's void. Append-only."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", db_index=False)
    void = models.OneToOneField(BallotVoid, on_delete=models.PROTECT, related_name="confirmation")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("confirmation of a void")
        verbose_name_plural = _("confirmations of voids")
        indexes = [models.Index(fields=["community", "created_at"], name="ballotvoidconf_community")]


APPEND_ONLY_MEETING_MODELS = (Ballot, BallotVoid, BallotVoidConfirmation)
