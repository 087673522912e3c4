"""Forms of the needs pages. They check shapes only; the services decide (and refuse with a DomainError that the
view puts on the form)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.forms import DateInput, Form
from communities.models import Building, Compound
from partners.models import Partner, Team

from .models import Category, Channel, NeedPhoto, Quadrant, RaisedBy, Review, State, SupportKind

PHOTO_ACCEPT = "image/*,.heic,.heif"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos in one input (a phone's gallery), each cleaned by the service's `clean_photo`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": PHOTO_ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(PhotosField, self).clean(item, initial) for item in data if item]
        return [data] if data else []


def _choices(choices, blank=None):
    return ([("", blank)] if blank is not None else []) + list(choices)


class NeedForm(Form):
    """Staff record a need on a phone: the first fields are the ones always filled."""

    title = forms.CharField(label=_("title"), max_length=100)
    compound = forms.ModelChoiceField(label=_("compound"), queryset=Compound.objects.none())
    category = forms.ChoiceField(label=_("category"), choices=Category.choices, widget=forms.RadioSelect)
    channel = forms.ChoiceField(label=_("channel"), choices=Channel.choices, initial=Channel.DOORSTEP)
    raised_by = forms.ChoiceField(
        label=_("raised by"),
        choices=[c for c in RaisedBy.choices if c[0] != RaisedBy.RESIDENT],
        initial=RaisedBy.ANONYMOUS,
        widget=forms.RadioSelect,
    )
    household_label = forms.CharField(
        label=_("household (room)"),
        max_length=40,
        required=False,
        help_text=_("When a household raised it: its room, e.g. 3栋2单元501."),
    )
    partner = forms.ModelChoiceField(label=_("partner"), queryset=Partner.objects.none(), required=False)
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    building = forms.ModelChoiceField(
        label=_("building (optional)"), queryset=Building.objects.none(), required=False
    )
    photos = PhotosField(label=_("photos"))

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compound"].queryset = Compound.objects.filter(community=community).order_by("name")
        self.fields["building"].queryset = (
            Building.objects.filter(community=community)
            .select_related("compound")
            .order_by("compound__name", "sort_key")
        )
        self.fields["building"].label_from_instance = lambda b: f"{b.compound.name} {b.label}"
        self.fields["partner"].queryset = Partner.objects.filter(
            community=community, merged_into__isnull=True
        )
        compounds = list(self.fields["compound"].queryset[:2])
        if len(compounds) == 1:
            self.fields["compound"].initial = compounds[0].pk


class SessionForm(Form):
    compound = forms.ModelChoiceField(label=_("compound"), queryset=Compound.objects.none())
    channel = forms.ChoiceField(label=_("channel"), choices=Channel.choices, initial=Channel.BENCH)
    held_on = forms.DateField(label=_("date"), widget=DateInput(), initial=timezone.localdate)
    place = forms.CharField(label=_("place"), max_length=100, required=False)
    attendees = forms.IntegerField(label=_("how many came"), min_value=0, max_value=10000, required=False)
    notes_photo = forms.FileField(
        label=_("photo of the notes"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT}),
    )

    ROWS = 6

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compound"].queryset = Compound.objects.filter(community=community).order_by("name")
        for i in range(1, self.ROWS + 1):
            self.fields[f"title_{i}"] = forms.CharField(
                label=_("need %(n)s: title") % {"n": i}, max_length=100, required=False
            )
            self.fields[f"category_{i}"] = forms.ChoiceField(
                label=_("need %(n)s: category") % {"n": i}, choices=Category.choices, required=False
            )

    def rows(self):
        """The need rows as (title field, category field) pairs, for the template."""
        return [(self[f"title_{i}"], self[f"category_{i}"]) for i in range(1, self.ROWS + 1)]

    def needs(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {"title": data[f"title_{i}"], "category": data[f"category_{i}"] or Category.OTHER}
            for i in range(1, self.ROWS + 1)
            if data.get(f"title_{i}")
        ]


class ReviewForm(Form):
    publish = forms.TypedChoiceField(
        label=_("decision"),
        choices=[("1", _("publish on the board")), ("0", _("keep it off the board"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=_("title"), max_length=100, required=False, help_text=_("Correct it if needed.")
    )
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    reason = forms.CharField(
        label=_("reason"),
        max_length=300,
        required=False,
        help_text=_("When it stays off the board: the resident reads it on their link."),
    )


class TriageForm(Form):
    urgent = forms.TypedChoiceField(
        label=_("urgent?"),
        choices=[("1", _("urgent")), ("0", _("not urgent"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    important = forms.TypedChoiceField(
        label=_("important?"),
        choices=[("1", _("important")), ("0", _("not important"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    rationale = forms.CharField(label=_("why, in one line (public)"), max_length=200)


class StatusForm(Form):
    state = forms.ChoiceField(label=_("move to"), choices=[c for c in State.choices if c[0] != State.MERGED])
    note = forms.CharField(
        label=_("update"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    public = forms.BooleanField(label=_("show the update on the board"), required=False, initial=True)
    plan = forms.CharField(
        label=_("plan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Planned: what will be done, and how."),
    )
    estimated_cost = forms.DecimalField(
        label=_("estimated cost (yuan)"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    responsible_team = forms.ModelChoiceField(label=_("team"), queryset=Team.objects.none(), required=False)
    responsible_partner = forms.ModelChoiceField(
        label=_("partner"), queryset=Partner.objects.none(), required=False
    )
    responsible_note = forms.CharField(label=_("who carries it out"), max_length=200, required=False)
    result = forms.CharField(
        label=_("result"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Done: what was achieved. Add photos of the result."),
    )
    after_photos = PhotosField(label=_("photos of the result"))
    reason = forms.CharField(
        label=_("reason"),
        max_length=300,
        required=False,
        help_text=_("Declined: the public reason. Reopening: why."),
    )

    def __init__(self, *args, community, allowed=(), **kwargs):
        super().__init__(*args, **kwargs)
        if allowed:
            self.fields["state"].choices = [c for c in State.choices if c[0] in allowed]
        self.fields["responsible_team"].queryset = Team.objects.filter(community=community)
        self.fields["responsible_partner"].queryset = Partner.objects.filter(
            community=community, merged_into__isnull=True
        )


class UpdateForm(Form):
    text = forms.CharField(label=_("update"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    public = forms.BooleanField(label=_("show it on the board"), required=False, initial=True)


class MergeForm(Form):
    into = forms.ModelChoiceField(label=_("merge into"), queryset=None, empty_label=None)
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(self, *args, need, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Need

        self.fields["into"].queryset = (
            Need.objects.filter(community_id=need.community_id, compound_id=need.compound_id)
            .exclude(pk=need.pk)
            .exclude(state=State.MERGED)
            .order_by("-created_at")
        )


class PhotoForm(Form):
    stage = forms.ChoiceField(label=_("stage"), choices=NeedPhoto.Stage.choices, widget=forms.RadioSelect)
    photos = PhotosField(label=_("photos"), required=True)


class PledgeForm(Form):
    partner = forms.ModelChoiceField(label=_("partner"), queryset=Partner.objects.none())
    kind = forms.ChoiceField(
        label=_("what is pledged"), choices=SupportKind.choices, widget=forms.RadioSelect
    )
    amount = forms.DecimalField(
        label=_("amount (yuan)"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    item = forms.CharField(label=_("item"), max_length=100, required=False)
    quantity = forms.DecimalField(
        label=_("quantity"), required=False, min_value=0, max_digits=10, decimal_places=2
    )
    unit = forms.CharField(label=_("unit of measure"), max_length=20, required=False)
    estimated_value = forms.DecimalField(
        label=_("estimated value (yuan)"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    hours = forms.DecimalField(label=_("hours"), required=False, min_value=0, max_digits=8, decimal_places=2)
    description = forms.CharField(label=_("what (public)"), max_length=200, required=False)
    note_private = forms.CharField(
        label=_("private note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(
            community=community, merged_into__isnull=True
        )


class HoursEntryChoice(forms.ModelChoiceField):
    """The pledging person's hours, one radio each: date, hours, what was done, confirmed or waiting."""

    def label_from_instance(self, entry):
        what = entry.description or (entry.activity.title if entry.activity_id else "")
        state = _("confirmed") if entry.confirmed else _("waiting for confirmation")
        return _("%(date)s · %(hours)s hours · %(what)s · %(state)s") % {
            "date": entry.date.isoformat(),
            "hours": entry.hours,
            "what": what or "—",
            "state": state,
        }


class DeliveryForm(Form):
    key = forms.CharField(widget=forms.HiddenInput)
    delivered_on = forms.DateField(label=_("date"), widget=DateInput(), initial=timezone.localdate)
    fund = forms.ModelChoiceField(label=_("into the fund"), queryset=None, required=False)
    amount = forms.DecimalField(
        label=_("amount (yuan)"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    quantity = forms.DecimalField(
        label=_("quantity"), required=False, min_value=0, max_digits=10, decimal_places=2
    )
    estimated_value = forms.DecimalField(
        label=_("estimated value (yuan)"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    hours_entry = HoursEntryChoice(
        label=_("hours already recorded"),
        queryset=None,
        required=False,
        widget=forms.RadioSelect,
        empty_label=_("none of these: record new hours below"),
        help_text=_("Hours count on the need once a second member of staff confirms them."),
    )
    hours = forms.CharField(
        label=_("or new hours"),
        max_length=6,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("Recorded for the partner on the date above, such as 2.5."),
    )
    description = forms.CharField(label=_("what was done"), max_length=200, required=False)
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    LABOUR_FIELDS = ("hours_entry", "hours", "description")

    def __init__(self, *args, pledge, **kwargs):
        super().__init__(*args, **kwargs)
        from funds.models import Fund

        from .queries import hours_to_link

        self.fields["fund"].queryset = Fund.objects.filter(community_id=pledge.community_id).order_by("name")
        if pledge.kind == SupportKind.MONEY:
            drop = ("quantity", "estimated_value", *self.LABOUR_FIELDS)
            self.fields["fund"].required = self.fields["amount"].required = True
        elif pledge.kind == SupportKind.LABOUR:
            drop = ("fund", "amount", "quantity", "estimated_value")
            self.fields["hours_entry"].queryset = hours_to_link(pledge)
            if not self.fields["hours_entry"].queryset.exists():
                drop = (*drop, "hours_entry")
                self.fields["hours"].label = _("hours given")
            self.fields["delivered_on"].required = False
            self.fields["delivered_on"].help_text = _(
                "The day of the new hours; hours already recorded keep their own date."
            )
            self.order_fields(["hours_entry", "delivered_on", "hours", "description", "note"])
        else:
            drop = ("fund", "amount", *self.LABOUR_FIELDS)
        for name in drop:
            del self.fields[name]


class CoverageForm(Form):
    label = forms.CharField(
        label=_("word for a household reached"),
        max_length=20,
        required=False,
        help_text=_("Shown before the count, e.g. 已通气 (gas connected)."),
    )
    rooms = forms.CharField(
        label=_("tick households by room"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One room per line, e.g. 3栋2单元501."),
    )


class FilterForm(Form):
    q = forms.CharField(label=_("search"), max_length=50, required=False)
    compound = forms.ModelChoiceField(label=_("compound"), queryset=Compound.objects.none(), required=False)
    state = forms.ChoiceField(
        label=_("state"),
        required=False,
        choices=[("", _("all")), ("open", pgettext_lazy("needs", "open"))] + list(State.choices),
    )
    category = forms.ChoiceField(
        label=_("category"), required=False, choices=_choices(Category.choices, _("all"))
    )
    quadrant = forms.ChoiceField(
        label=_("quadrant"),
        required=False,
        choices=[("", _("all")), ("none", _("not sorted yet"))] + list(Quadrant.choices),
    )
    review = forms.ChoiceField(label=_("review"), required=False, choices=_choices(Review.choices, _("all")))
    overdue = forms.BooleanField(label=_("overdue only"), required=False)

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compound"].queryset = Compound.objects.filter(community=community).order_by("name")


class SubmitForm(Form):
    """A resident sends a need from the board."""

    title = forms.CharField(label=_("what is the problem or idea?"), max_length=100)
    category = forms.ChoiceField(label=_("category"), choices=Category.choices, initial=Category.OTHER)
    description = forms.CharField(
        label=_("details"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )
    name = forms.CharField(
        label=pgettext_lazy("person", "your name (optional)"), max_length=50, required=False
    )
    contact = forms.CharField(
        label=_("phone or WeChat (optional)"),
        max_length=100,
        required=False,
        help_text=_("Only the community's staff see it, to ask you more. Erased after the need is closed."),
    )
    show_name_masked = forms.BooleanField(
        label=_("show my name, masked (张*)"),
        required=False,
        initial=False,
        help_text=_("Only where the community shows masked names. Off: no name is shown."),
    )
    photo = forms.FileField(
        label=_("photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT}),
    )
