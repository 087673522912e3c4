"""Partners (合伙人): the people and organisations who bring money, skills, materials, labour or a space; their
consents; the recruitment calls (招募令) and the applications that answer them; teams, with dated memberships;
building leaders and cadres assigned to a compound or a building.

Dated facts are rows, never overwritten: a partner's joining and leaving are `PartnerStatus` rows, a team member's
joining and leaving are dated on a `TeamMembership` row (a return is a new row), and a consent given or withdrawn
is a new `Consent` row. `Consent` and `PartnerStatus` are append-only in the database (migration 0002).

A partner's personal link and an applicant's application link are tokens of which only the hash is stored (as
for staff invitations): reissuing a link ends the old one.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import Building, Community, Compound, Household, TenantModel


class Kind(models.TextChoices):
    """The seven kinds of person partners of the case (GLOSSARY.md)."""

    ASSIGNED_CADRE = "assigned_cadre", _("assigned street/community cadre")
    SENT_DOWN_CADRE = "sent_down_cadre", _("cadre sent down from a work unit")
    VOLUNTEER = "volunteer", _("community volunteer")
    BRANCH_MEMBER = "branch_member", _("party-branch member")
    COMMITTEE_MEMBER = "committee_member", _("owners'-committee member")
    PARTY_HOUSEHOLD = "party_household", _("party-member household")
    ACTIVE_RESIDENT = "active_resident", _("active resident")


CADRE_KINDS = frozenset({Kind.ASSIGNED_CADRE, Kind.SENT_DOWN_CADRE})


class Offer(models.TextChoices):
    MONEY = "money", _("money")
    SKILLS = "skills", _("skills")
    MATERIALS = "materials", _("materials")
    LABOUR = "labour", _("labour")
    SPACE = "space", _("a space")


class OffersMixin(models.Model):
    """What a partner or an applicant offers: five flags (filterable on every database), skill tags, free text."""

    offers_money = models.BooleanField(_("money"), default=False)
    offers_skills = models.BooleanField(_("skills"), default=False)
    offers_materials = models.BooleanField(_("materials"), default=False)
    offers_labour = models.BooleanField(_("labour"), default=False)
    offers_space = models.BooleanField(_("a space"), default=False)
    # Comma-separated, normalised by the services ("电工,油漆"): searched with icontains.
    skill_tags = models.CharField(_("skills"), max_length=300, blank=True)
    offer_text = models.TextField(_("what they offer"), blank=True, max_length=2000)
    availability = models.CharField(_("when available"), max_length=200, blank=True)

    OFFER_FIELDS = {
        Offer.MONEY: "offers_money",
        Offer.SKILLS: "offers_skills",
        Offer.MATERIALS: "offers_materials",
        Offer.LABOUR: "offers_labour",
        Offer.SPACE: "offers_space",
    }

    class Meta:
        abstract = True

    @property
    def offers(self) -> list[str]:
        return [offer for offer, field in self.OFFER_FIELDS.items() if getattr(self, field)]

    @property
    def offer_labels(self) -> list[str]:
        return [str(Offer(offer).label) for offer in self.offers]

    @property
    def skills(self) -> list[str]:
        return [tag for tag in self.skill_tags.split(",") if tag]


class Partner(OffersMixin, TenantModel):
    """A person (of one of the seven kinds) or an organisation (a work unit, a shop) that partners with the
    community. Who they are publicly depends on their latest public-naming consent (partners.naming)."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", db_index=False
    )  # an index below leads with it

    class Form(models.TextChoices):
        PERSON = "person", _("person")
        ORGANISATION = "organisation", _("organisation")

    form = models.CharField(_("person or organisation"), max_length=20, choices=Form.choices)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, blank=True)
    work_unit = models.CharField(_("work unit"), max_length=100, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    # Normalised: 11 digits for a mobile ("13812345678"); "" when unknown. Never on a public page.
    mobile = models.CharField(_("mobile"), max_length=20, blank=True)
    compound = models.ForeignKey(Compound, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    building = models.ForeignKey(Building, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, null=True, blank=True, related_name="partners"
    )
    notes = models.TextField(_("notes"), blank=True)
    # Merging: this record is the same person as `merged_into`; lists and later hours follow the pointer.
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged", editable=False
    )
    # The personal link: only the hash of its token (partners.links); reissuing ends the old link.
    link_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    link_issued_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set by the retention job once a partner who left has their phone, household link and free text erased.
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(form="person") & ~Q(kind="")) | (Q(form="organisation") & Q(kind="")),
                name="partner_person_has_a_kind",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="partner_has_a_name"),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("id")), name="partner_not_merged_into_itself"
            ),
        ]
        indexes = [
            models.Index(fields=["community", "mobile"], name="partner_community_mobile"),
            models.Index(fields=["community", "name"], name="partner_community_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_organisation(self) -> bool:
        return self.form == self.Form.ORGANISATION


class PartnerStatus(TenantModel):
    """A partner joined or left, on a date. Append-only: the latest row is the partner's state."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", db_index=False
    )  # an index below leads with it

    class Change(models.TextChoices):
        JOINED = "joined", pgettext_lazy("partner", "joined")
        LEFT = "left", pgettext_lazy("partner", "left")

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="statuses")
    change = models.CharField(_("change"), max_length=10, choices=Change.choices)
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("joining or leaving")
        verbose_name_plural = _("joinings and leavings")
        ordering = ["partner", "on", "id"]
        indexes = [models.Index(fields=["community", "partner", "-on"], name="partnerstatus_latest")]

    def __str__(self) -> str:
        return f"{self.partner} {self.get_change_display()} {self.on}"


class Consent(TenantModel):
    """A consent given or withdrawn, as a row: which, the text's version, when and how. Append-only.

    Data use is required to be a partner; public naming is optional (without it the partner appears on no public
    page). The latest row per partner and purpose is in force.
    """

    class Purpose(models.TextChoices):
        DATA_USE = "data_use", _("use of my data")
        PUBLIC_NAMING = "public_naming", _("my name on public pages")

    class How(models.TextChoices):
        ONLINE = "online", _("online")
        PAPER = "paper", _("on paper, recorded by staff")

    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, null=True, blank=True, related_name="consents"
    )
    application = models.ForeignKey(
        "Application", on_delete=models.PROTECT, null=True, blank=True, related_name="consents"
    )
    purpose = models.CharField(_("consent to"), max_length=20, choices=Purpose.choices)
    given = models.BooleanField(_("given"), default=True)  # False: withdrawn
    # An organisation may consent to its full name; a person is masked unless the partners settings say full.
    full_name = models.BooleanField(_("full name"), default=False)
    text_version = models.CharField(_("version of the text"), max_length=20)
    how = models.CharField(_("how"), max_length=10, choices=How.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(partner__isnull=False) | Q(application__isnull=False),
                name="consent_names_someone",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {'✓' if self.given else '✗'}"


class PartnersSettings(models.Model):
    """Per-community settings of the partners app (the `settings` slot)."""

    community = models.OneToOneField(Community, on_delete=models.CASCADE, related_name="partners_settings")
    public_names_full = models.BooleanField(
        _("show partners' full names publicly"),
        default=False,
        help_text=_("Off: names appear masked (张*). Only for partners who consented to public naming."),
    )
    application_retention_days = models.PositiveIntegerField(
        _("days to keep declined or withdrawn applications"), default=90
    )
    left_retention_days = models.PositiveIntegerField(
        _("days to keep the phone and notes of a partner who left"), default=365
    )

    class Meta:
        verbose_name = _("partners settings")
        verbose_name_plural = _("partners settings")

    def __str__(self) -> str:
        return str(self.community)


class RecruitmentCall(TenantModel):
    """A recruitment call (招募令) of a compound, or of the whole community: what is wanted, until when."""

    compound = models.ForeignKey(Compound, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    wanted = models.TextField(_("what is wanted"), max_length=2000)
    until = models.DateField(_("open until"))
    public_token = models.CharField(max_length=32, unique=True, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("recruitment call")
        verbose_name_plural = _("recruitment calls")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Application(OffersMixin, TenantModel):
    """An answer to a recruitment call, from a phone, without an account. Nothing of a partner changes until
    staff accept it; the applicant follows it on a link that opens this application only."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", db_index=False
    )  # an index below leads with it

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for review")
        QUESTION = "question", _("staff asked a question")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")

    call = models.ForeignKey(RecruitmentCall, on_delete=models.PROTECT, related_name="applications")
    form = models.CharField(_("person or organisation"), max_length=20, choices=Partner.Form.choices)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, blank=True)
    work_unit = models.CharField(_("work unit"), max_length=100, blank=True)
    mobile = models.CharField(_("mobile"), max_length=20, blank=True)
    # Verified through the public gate (the 户码) when the applicant gave it; otherwise what they typed.
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    household_text = models.CharField(_("household (as typed)"), max_length=50, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PENDING)
    # A known phone: attached for review, nothing of that partner changed until staff accept.
    matched_partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, null=True, blank=True, related_name="applications"
    )
    possible_duplicate = models.BooleanField(_("possible duplicate"), default=False)
    question = models.TextField(_("question from staff"), blank=True)
    answer = models.TextField(_("answer"), blank=True)
    decline_reason = models.TextField(_("reason"), blank=True)
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, null=True, blank=True, related_name="accepted_applications"
    )
    link_hash = models.CharField(max_length=64, unique=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Retention: declined and withdrawn applications lose their personal data after the community's period.
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["community", "state"], name="application_waiting"),
            models.Index(fields=["community", "mobile"], name="application_mobile"),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.call}"

    @property
    def is_open(self) -> bool:
        return self.state in {self.State.PENDING, self.State.QUESTION}


class Team(TenantModel):
    """A team of a compound or of the whole community: a governance team (合伙人队伍), a culture group
    (文化队伍: 腰鼓队, 象棋社) or a service team (保洁, homework tutoring)."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", db_index=False
    )  # an index below leads with it

    class TeamKind(models.TextChoices):
        GOVERNANCE = "governance", _("partner team")
        CULTURE = "culture", _("culture group")
        SERVICE = "service", _("service team")

    compound = models.ForeignKey(Compound, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=TeamKind.choices)
    leader = models.ForeignKey(Partner, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    formed_on = models.DateField(_("formed"))
    dissolved_on = models.DateField(_("dissolved"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["formed_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="team_unique_name"),
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=models.F("formed_on")),
                name="team_dissolved_after_formed",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TeamMembership(TenantModel):
    """A partner in a team from one date, until another: dated, never overwritten (a return is a new row)."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="memberships")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="team_memberships")
    joined_on = models.DateField(_("joined"))
    left_on = models.DateField(_("left"), null=True, blank=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["team", "joined_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "partner"], condition=Q(left_on__isnull=True), name="teammembership_one_open"
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="teammembership_left_after_joined",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} @ {self.team}"


class Assignment(TenantModel):
    """A building leader (楼栋长) or a cadre assigned to a compound or one of its buildings (包保), dated."""

    class Role(models.TextChoices):
        BUILDING_LEADER = "building_leader", _("building leader")
        CADRE = "cadre", _("assigned cadre")

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    compound = models.ForeignKey(Compound, on_delete=models.PROTECT, related_name="+")
    building = models.ForeignKey(Building, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["compound", "building", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="building_leader") | Q(building__isnull=False),
                name="assignment_leader_has_a_building",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="assignment_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.partner}"
