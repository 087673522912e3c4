"""Forms of the partners app's staff pages. Services clean and check the values; forms present them."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.forms import DateInput, Form
from communities.models import Building, Compound, Household
from communities.roster.forms import RosterUploadForm

from .models import WEEKDAY_CHOICES, Activity, Assignment, Consent, Kind, Offer, Partner, Team

OFFER_CHOICES = Offer.choices


class PartnerFilterForm(Form):
    """The registry's filters (GET): every field optional."""

    q = forms.CharField(label=_("Name or phone"), required=False, max_length=50)
    form = forms.ChoiceField(
        label=_("person or organisation"), required=False, choices=[("", _("all")), *Partner.Form.choices]
    )
    kind = forms.ChoiceField(label=_("kind"), required=False, choices=[("", _("all")), *Kind.choices])
    offer = forms.ChoiceField(label=_("offers"), required=False, choices=[("", _("all")), *OFFER_CHOICES])
    skill = forms.CharField(label=_("skill"), required=False, max_length=30)
    compound = forms.ModelChoiceField(label=_("compound"), required=False, queryset=Compound.objects.none())
    team = forms.ModelChoiceField(label=_("team"), required=False, queryset=Team.objects.none())
    status = forms.ChoiceField(
        label=_("status"),
        required=False,
        choices=[("", _("all")), ("active", _("active")), ("left", pgettext_lazy("partner", "left"))],
    )

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compound"].queryset = Compound.objects.filter(community=community).order_by("name")
        self.fields["team"].queryset = Team.objects.filter(community=community).order_by("name")


class PartnerForm(Form):
    """A partner's details, as staff record them (from a paper form or in person)."""

    form = forms.ChoiceField(
        label=_("person or organisation"), choices=Partner.Form.choices, widget=forms.RadioSelect
    )
    name = forms.CharField(label=_("name"), max_length=100)
    kind = forms.ChoiceField(
        label=_("kind"), required=False, choices=[("", "—"), *Kind.choices], help_text=_("For a person.")
    )
    work_unit = forms.CharField(
        label=_("work unit"), max_length=100, required=False, help_text=_("For a cadre: required.")
    )
    contact_name = forms.CharField(
        label=_("contact person"), max_length=100, required=False, help_text=_("For an organisation.")
    )
    mobile = forms.CharField(label=_("mobile"), max_length=20, required=False)
    compound = forms.ModelChoiceField(label=_("compound"), required=False, queryset=Compound.objects.none())
    building = forms.ModelChoiceField(label=_("building"), required=False, queryset=Building.objects.none())
    household = forms.ModelChoiceField(
        label=_("household"), required=False, queryset=Household.objects.none()
    )
    offers = forms.MultipleChoiceField(
        label=_("offers"), required=False, choices=OFFER_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    skill_tags = forms.CharField(
        label=_("skills"),
        max_length=300,
        required=False,
        help_text=_("Separated by commas, e.g. 电工, 油漆."),
    )
    offer_text = forms.CharField(
        label=_("what they offer"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    availability = forms.CharField(label=_("when available"), max_length=200, required=False)
    notes = forms.CharField(label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compound"].queryset = Compound.objects.filter(community=community).order_by("name")
        self.fields["building"].queryset = Building.objects.filter(community=community).select_related(
            "compound"
        )
        self.fields["building"].label_from_instance = lambda b: f"{b.compound.name} {b.label}"
        self.fields["household"].queryset = Household.objects.filter(community=community).select_related(
            "building", "compound"
        )
        self.fields["household"].label_from_instance = lambda h: f"{h.compound.name} {h.label}"
        # A partner names a household by its room; the full list is too long for a select on a phone.
        self.fields["household"].widget = forms.HiddenInput()

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        offers = set(data.pop("offers") or [])
        for offer, field in Partner.OFFER_FIELDS.items():
            data[field] = offer in offers
        return data

    @staticmethod
    def initial_for(partner: Partner) -> dict:
        fields = [
            "form",
            "name",
            "kind",
            "work_unit",
            "contact_name",
            "mobile",
            "compound",
            "building",
            "household",
            "skill_tags",
            "offer_text",
            "availability",
            "notes",
        ]
        return {**{field: getattr(partner, field) for field in fields}, "offers": partner.offers}


class NewPartnerForm(PartnerForm):
    joined_on = forms.DateField(
        label=_("joined on"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )
    consent_data_use = forms.BooleanField(
        label=_("They agreed (on the paper form) that the community office uses their data."), required=False
    )
    consent_public_naming = forms.BooleanField(
        label=_("They agreed that their name may appear on public pages (masked, 张*)."), required=False
    )
    consent_full_name = forms.BooleanField(
        label=_("An organisation: its full name may appear on public pages."), required=False
    )


class StatusForm(Form):
    on = forms.DateField(
        label=_("date"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class ConsentForm(Form):
    purpose = forms.ChoiceField(label=_("consent to"), choices=Consent.Purpose.choices)
    given = forms.TypedChoiceField(
        label=_("answer"),
        coerce=lambda value: value == "yes",
        choices=[("yes", _("given")), ("no", _("withdrawn"))],
        widget=forms.RadioSelect,
    )
    full_name = forms.BooleanField(label=_("An organisation: its full name"), required=False)
    how = forms.ChoiceField(label=_("how"), choices=Consent.How.choices, initial=Consent.How.PAPER)


class MergeForm(Form):
    duplicate = forms.ModelChoiceField(
        label=_("the other record of the same person"),
        queryset=Partner.objects.none(),
        help_text=_("It will point to this one; its history stays as it is."),
    )

    def __init__(self, *args, partner: Partner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duplicate"].queryset = (
            Partner.objects.filter(community_id=partner.community_id, merged_into__isnull=True)
            .exclude(pk=partner.pk)
            .filter(
                Q(name=partner.name) | Q(mobile=partner.mobile) if partner.mobile else Q(name=partner.name)
            )
            .order_by("name", "id")
        )
        self.fields["duplicate"].label_from_instance = lambda p: f"{p.name} (#{p.pk}) {p.get_kind_display()}"


class CallForm(Form):
    compound = forms.ModelChoiceField(
        label=_("compound"),
        required=False,
        queryset=Compound.objects.none(),
        empty_label=_("the whole community"),
        help_text=_("The call appears on this compound's board, or on the community board."),
    )
    title = forms.CharField(label=_("title"), max_length=200, initial=_("Happiness partners wanted"))
    wanted = forms.CharField(
        label=_("what is wanted"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Roles and offers, one a line, e.g. 楼栋长 × 8, an electrician, paint, a room for activities."
        ),
    )
    until = forms.DateField(label=_("open until"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compound"].queryset = Compound.objects.filter(community=community).order_by("name")


class ApplicationForm(Form):
    """The public form of a recruitment call, filled in on a phone."""

    form = forms.ChoiceField(
        label=_("I answer as"),
        choices=[("person", _("a person")), ("organisation", _("an organisation (a work unit, a shop)"))],
        initial="person",
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("name"), max_length=100, help_text=_("Your name, or the organisation's."))
    mobile = forms.CharField(
        label=_("mobile"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    kind = forms.ChoiceField(
        label=_("I am"), required=False, choices=[("", "—"), *Kind.choices], help_text=_("For a person.")
    )
    work_unit = forms.CharField(label=_("work unit"), max_length=100, required=False)
    household_text = forms.CharField(
        label=_("my home in the community"),
        max_length=50,
        required=False,
        help_text=_("Optional, e.g. 3栋2单元501."),
    )
    offers = forms.MultipleChoiceField(
        label=_("I can offer"), required=False, choices=OFFER_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    skill_tags = forms.CharField(
        label=_("skills"), max_length=300, required=False, help_text=_("e.g. 电工, 油漆, 辅导作业")
    )
    offer_text = forms.CharField(
        label=_("more about what I offer"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. a garage for a community room, paint for the corridors."),
    )
    availability = forms.CharField(
        label=_("when I am available"), max_length=200, required=False, help_text=_("e.g. weekends, evenings")
    )
    consent_data_use = forms.BooleanField(
        label=_("I agree that the community office keeps these details to contact me about partnering."),
        required=True,
        error_messages={"required": _("Without this agreement the office cannot contact you.")},
    )
    consent_public_naming = forms.BooleanField(
        label=_("My name may appear on the compound's public board (masked, e.g. 张*)."), required=False
    )

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        offers = set(data.pop("offers") or [])
        for offer, field in Partner.OFFER_FIELDS.items():
            data[field] = offer in offers
        data.pop("consent_data_use")
        data.pop("consent_public_naming")
        return data


class DecisionForm(Form):
    """Staff's review of an application: accept (into a team if wished), decline with a reason, or ask."""

    action = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("decline", _("Decline")), ("ask", _("Ask a question"))],
        widget=forms.HiddenInput,
    )
    team = forms.ModelChoiceField(label=_("into the team"), required=False, queryset=Team.objects.none())
    text = forms.CharField(
        label=_("reason or question"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(community=community, dissolved_on__isnull=True)


class AnswerForm(Form):
    answer = forms.CharField(
        label=_("your answer"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class TeamForm(Form):
    name = forms.CharField(label=_("name"), max_length=100, help_text=_("e.g. 育才小区合伙人队伍, 腰鼓队"))
    kind = forms.ChoiceField(label=_("kind"), choices=Team.TeamKind.choices)
    compound = forms.ModelChoiceField(
        label=_("compound"),
        required=False,
        queryset=Compound.objects.none(),
        empty_label=_("the whole community"),
    )
    formed_on = forms.DateField(label=_("formed"), widget=forms.DateInput(attrs={"type": "date"}))
    leader = forms.ModelChoiceField(label=_("leader"), required=False, queryset=Partner.objects.none())

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compound"].queryset = Compound.objects.filter(community=community).order_by("name")
        self.fields["leader"].queryset = Partner.objects.filter(community=community, merged_into__isnull=True)


class MemberForm(Form):
    partner = forms.ModelChoiceField(label=_("partner"), queryset=Partner.objects.none())
    joined_on = forms.DateField(
        label=_("joined"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(
            community=community, merged_into__isnull=True
        )


class LeaveForm(Form):
    left_on = forms.DateField(
        label=_("left on"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )


class AssignmentForm(Form):
    role = forms.ChoiceField(label=_("role"), choices=Assignment.Role.choices)
    compound = forms.ModelChoiceField(label=_("compound"), queryset=Compound.objects.none())
    building = forms.ModelChoiceField(label=_("building"), required=False, queryset=Building.objects.none())
    starts_on = forms.DateField(
        label=_("from"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compound"].queryset = Compound.objects.filter(community=community).order_by("name")
        self.fields["building"].queryset = Building.objects.filter(community=community).select_related(
            "compound"
        )
        self.fields["building"].label_from_instance = lambda b: f"{b.compound.name} {b.label}"


class PartnerImportForm(RosterUploadForm):
    """The upload of a volunteer list (partners.roster). New partners need their data-use consent: offices
    collect their volunteer lists with signed paper consent forms, so the uploader ticks that everyone on the
    list signed one, and each new partner gets a Consent row "on paper, recorded by staff". A tick was chosen
    over a consent column (同意 yes/no) because it leaves the office's spreadsheet as it is and cannot be
    half-filled; someone who did not sign is left off the list, not imported without consent."""

    create_compounds = None  # partners live in the roster's compounds; an import never creates one
    consent_on_paper = forms.BooleanField(
        label=_("Everyone on this list signed the consent form for the use of their data."),
        help_text=_(
            "Each new partner is recorded with this consent, given on paper. Leave anyone who did not sign "
            "it off the list."
        ),
        error_messages={
            "required": _(
                "New partners need their signed consent. Tick this once everyone on the list signed."
            )
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("volunteer list")


# --- volunteering ------------------------------------------------------------------------------------


class TimeInput(forms.TimeInput):
    """A browser's time picker (its value is always HH:MM)."""

    input_type = "time"

    def __init__(self, attrs=None, format=None):  # noqa: A002 - Django's own argument name
        super().__init__(attrs, format=format or "%H:%M")


class ActivityForm(Form):
    """A volunteer activity: one-off (a day) or a rota (weekdays from a date). The service checks the whole."""

    kind = forms.ChoiceField(
        label=_("kind"),
        choices=Activity.Kind.choices,
        widget=forms.RadioSelect,
        initial=Activity.Kind.ONE_OFF,
    )
    title = forms.CharField(label=_("title"), max_length=100, help_text=_("e.g. 桂花树浇水, 作业辅导"))
    compound = forms.ModelChoiceField(
        label=_("compound"),
        required=False,
        queryset=Compound.objects.none(),
        empty_label=_("the whole community"),
    )
    place = forms.CharField(label=_("place"), max_length=100, required=False)
    team = forms.ModelChoiceField(label=_("team"), required=False, queryset=Team.objects.none())
    capacity = forms.IntegerField(label=_("people per slot"), min_value=1, max_value=500, initial=1)
    start_time = forms.TimeField(label=_("starts"), widget=TimeInput())
    end_time = forms.TimeField(label=_("ends"), widget=TimeInput())
    date = forms.DateField(label=_("date"), required=False, widget=DateInput(), help_text=_("For a one-off."))
    weekdays = forms.MultipleChoiceField(
        label=_("weekdays"),
        required=False,
        choices=WEEKDAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For a rota: every day, or some days of the week."),
    )
    starts_on = forms.DateField(
        label=_("from"), required=False, widget=DateInput(), help_text=_("For a rota.")
    )
    ends_on = forms.DateField(
        label=_("until"), required=False, widget=DateInput(), help_text=_("For a rota; empty: no end.")
    )
    description = forms.CharField(
        label=_("what to do"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, community, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compound"].queryset = Compound.objects.filter(community=community).order_by("name")
        self.fields["team"].queryset = Team.objects.filter(community=community, dissolved_on__isnull=True)
        if editing:
            del self.fields["kind"]

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("kind", None)
        data["weekdays"] = "".join(data.get("weekdays") or [])
        return data

    @staticmethod
    def initial_for(activity: Activity) -> dict:
        fields = ["title", "compound", "place", "team", "capacity", "start_time", "end_time", "date"]
        fields += ["starts_on", "ends_on", "description"]
        return {**{f: getattr(activity, f) for f in fields}, "weekdays": list(activity.weekdays)}


class SignUpForm(Form):
    partner = forms.ModelChoiceField(label=_("partner"), queryset=Partner.objects.none())

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(
            community=community, merged_into__isnull=True, form=Partner.Form.PERSON
        )


HOURS_INPUT = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})


class CheckinForm(Form):
    """Who came to a slot: a tick and hours per listed partner (`tick_<id>`, `hours_<id>`), another partner
    from the registry, and a walk-in added on the spot. Hours left empty are the slot's length."""

    other = forms.ModelChoiceField(
        label=_("someone else who came"), required=False, queryset=Partner.objects.none()
    )
    other_hours = forms.CharField(label=_("hours"), required=False, max_length=5, widget=HOURS_INPUT)
    walk_in_name = forms.CharField(label=_("name"), required=False, max_length=100)
    walk_in_mobile = forms.CharField(label=_("mobile"), required=False, max_length=20)
    walk_in_hours = forms.CharField(label=_("hours"), required=False, max_length=5, widget=HOURS_INPUT)
    walk_in_consent = forms.BooleanField(
        label=_("They signed the consent form for the use of their data, on paper."), required=False
    )

    def __init__(self, *args, community, listed, default_hours, **kwargs):
        super().__init__(*args, **kwargs)
        self.listed = listed
        self.fields["other"].queryset = Partner.objects.filter(
            community=community, merged_into__isnull=True, form=Partner.Form.PERSON
        ).exclude(pk__in=[p.pk for p in listed])
        for partner in listed:
            self.fields[f"tick_{partner.pk}"] = forms.BooleanField(label=partner.name, required=False)
            self.fields[f"hours_{partner.pk}"] = forms.CharField(
                label=_("hours"), required=False, max_length=5, initial=str(default_hours), widget=HOURS_INPUT
            )
        for name in ("other_hours", "walk_in_hours"):
            self.fields[name].initial = str(default_hours)

    def rows(self):
        """(partner, tick field, hours field) per listed partner, for the template."""
        return [(p, self[f"tick_{p.pk}"], self[f"hours_{p.pk}"]) for p in self.listed]

    def ticked(self) -> list[tuple]:
        data = self.cleaned_data
        rows = [(p, data.get(f"hours_{p.pk}")) for p in self.listed if data.get(f"tick_{p.pk}")]
        if data.get("other") is not None:
            rows.append((data["other"], data.get("other_hours")))
        return rows

    def walk_ins(self) -> list:
        from .services import WalkIn

        data = self.cleaned_data
        if not (data.get("walk_in_name") or data.get("walk_in_mobile")):
            return []
        return [
            WalkIn(
                name=data["walk_in_name"],
                mobile=data["walk_in_mobile"],
                hours=data.get("walk_in_hours"),
                consent_on_paper=bool(data.get("walk_in_consent")),
            )
        ]


class ReversalForm(Form):
    reason = forms.CharField(label=_("reason"), max_length=200, help_text=_("e.g. 记错了人, 记错了时长"))


class ServiceRecordForm(Form):
    """The period of a volunteer service record (both days included): this year so far unless changed."""

    period_from = forms.DateField(
        label=_("from"), initial=lambda: timezone.localdate().replace(month=1, day=1), widget=DateInput()
    )
    period_to = forms.DateField(label=_("until"), initial=timezone.localdate, widget=DateInput())
