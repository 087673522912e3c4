"""Forms of the meetings and decisions pages: a meeting, an agenda item, attendance, minutes, a decision, a tally,
a paper ballot by room, an online ballot, a void's reason."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.forms import DateInput, Form
from communities.models import Building, Compound
from partners.models import Partner

from .models import AgendaItem, Ballot, Meeting, Need, Rule, State


class MeetingForm(Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Meeting.Kind.choices)
    compound = forms.ModelChoiceField(
        label=_("compound"),
        queryset=Compound.objects.none(),
        required=False,
        empty_label=_("the whole community"),
    )
    held_on = forms.DateField(label=_("date"), widget=DateInput)
    place = forms.CharField(label=_("place"), max_length=100, required=False)
    title = forms.CharField(
        label=_("name"),
        max_length=200,
        required=False,
        help_text=_("Left empty: the compound, the kind and the date."),
    )

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compound"].queryset = Compound.objects.filter(community=community)
        self.initial.setdefault("kind", Meeting.Kind.MONTHLY)


class AgendaItemForm(Form):
    title = forms.CharField(label=_("item"), max_length=200, required=False)
    need = forms.ModelChoiceField(
        label=_("or a need under deliberation"), queryset=Need.objects.none(), required=False
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        needs = Need.objects.filter(community=meeting.community_id, state=State.DELIBERATION)
        if meeting.compound_id:
            needs = needs.filter(compound=meeting.compound_id)
        self.fields["need"].queryset = needs.order_by("-state_since")


class AttendanceForm(Form):
    rooms = forms.CharField(
        label=_("households, by room"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line or separated by commas, written as 3栋2单元501."),
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("partners"),
        queryset=Partner.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    head_count = forms.IntegerField(label=_("how many came"), min_value=0, required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        partners = Partner.objects.filter(community=meeting.community_id, merged_into__isnull=True)
        self.fields["partners"].queryset = partners.order_by("name")
        self.initial.setdefault("head_count", meeting.head_count)


class MinutesForm(Form):
    minutes = forms.CharField(label=_("minutes"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    photo = forms.ImageField(
        label=_("photo of the handwritten minutes"),
        required=False,
        help_text=_("Staff only: it is never shown to residents."),
    )


class DecisionForm(Form):
    agenda_item = forms.ModelChoiceField(label=_("agenda item"), queryset=AgendaItem.objects.none())
    motion = forms.CharField(label=_("motion"), widget=forms.Textarea(attrs={"rows": 3}))
    rule = forms.ChoiceField(label=_("rule"), choices=Rule.choices, widget=forms.RadioSelect)
    buildings = forms.ModelMultipleChoiceField(
        label=_("buildings that vote"),
        queryset=Building.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: the whole compound."),
    )
    closes_on = forms.DateField(
        label=_("last day of voting"),
        required=False,
        widget=DateInput,
        help_text=_("Rules 2 and 3: at least 15 days after today, when it is announced on the board."),
    )
    tally_for = forms.IntegerField(label=pgettext_lazy("vote", "for"), min_value=0, required=False)
    tally_against = forms.IntegerField(label=_("against"), min_value=0, required=False)
    tally_abstain = forms.IntegerField(label=_("abstentions"), min_value=0, required=False)
    plan = forms.CharField(label=_("plan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    estimated_cost = forms.DecimalField(
        label=_("estimated cost"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    responsible_note = forms.CharField(label=_("who carries it out"), max_length=200, required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(
            meeting=meeting, dropped=False, decision__isnull=True
        )
        self.fields["buildings"].queryset = Building.objects.filter(
            community=meeting.community_id, compound=meeting.compound_id
        )
        self.fields["buildings"].label_from_instance = lambda b: b.label
        self.initial.setdefault("rule", Rule.DOUBLE_MAJORITY)


class TallyForm(Form):
    tally_for = forms.IntegerField(label=pgettext_lazy("vote", "for"), min_value=0)
    tally_against = forms.IntegerField(label=_("against"), min_value=0)
    tally_abstain = forms.IntegerField(label=_("abstentions"), min_value=0)


class PaperBallotForm(Form):
    room = forms.CharField(label=_("room"), max_length=40, help_text=_("Written as 3栋2单元501."))
    choice = forms.ChoiceField(label=_("vote"), choices=Ballot.Choice.choices, widget=forms.RadioSelect)


class VoteForm(Form):
    choice = forms.ChoiceField(
        label=_("your household's vote"), choices=Ballot.Choice.choices, widget=forms.RadioSelect
    )


class VoidForm(Form):
    reason = forms.CharField(label=_("reason"), max_length=300)
