"""Forms of the staff pages. Choices that name rows are limited to the community's own rows."""

import secrets
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.forms import DateInput, Form
from communities.models import Building, Compound, Household
from communities.money import format_yuan
from partners.models import Partner

from .models import Approval, Fund, Income, Levy, Method
from .scope import scope_counts, scope_refusal, small_scope_warning

AMOUNT_FIELD = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0.01")}


class AmountField(forms.DecimalField):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}))
        super().__init__(**AMOUNT_FIELD, **kwargs)


def not_in_future(value) -> None:
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."), code="future")


class MovedOnField(forms.DateField):
    """The date money moved: today by default, earlier allowed, never in the future (Asia/Shanghai)."""

    widget = DateInput
    default_validators = [not_in_future]

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("date"))
        kwargs.setdefault("initial", timezone.localdate)
        super().__init__(**kwargs)


def new_form_key() -> str:
    return secrets.token_urlsafe(16)


class LevyCompoundForm(Form):
    """The levy form's first step (a GET): which compound. Its buildings are then the only ones listed."""

    compound = forms.ModelChoiceField(
        label=_("compound"), queryset=Compound.objects.none(), empty_label=_("choose a compound")
    )

    def __init__(self, *args, community, page: str, **kwargs):
        super().__init__(*args, auto_id="step_%s", **kwargs)
        field = self.fields["compound"]
        field.queryset = Compound.objects.filter(community=community).order_by("name")
        # Where JavaScript runs, choosing a compound refreshes the levy form in place (htmx).
        field.widget.attrs.update(
            {
                "hx-get": page,
                "hx-trigger": "change",
                "hx-target": "#levy-form",
                "hx-select": "#levy-form",
                "hx-swap": "outerHTML",
                "hx-push-url": "true",
            }
        )


class LevyForm(Form):
    compound = forms.ModelChoiceField(
        label=_("compound"), queryset=Compound.objects.none(), widget=forms.HiddenInput
    )
    purpose = forms.CharField(
        label=_("purpose"), max_length=200, help_text=_("For example: installing CCTV.")
    )
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    basis = forms.ChoiceField(label=_("basis"), choices=Levy.Basis.choices, widget=forms.RadioSelect)
    amount = AmountField(label=_("amount (yuan per household or per m²)"))
    recurrence = forms.ChoiceField(label=_("recurrence"), choices=Levy.Recurrence.choices)
    starts_on = forms.DateField(
        label=_("first period starts"),
        required=False,
        widget=DateInput,
        help_text=_("Only for a recurring fee."),
    )
    buildings = forms.ModelMultipleChoiceField(
        label=_("buildings"),
        queryset=Building.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("None chosen: the whole compound."),
    )
    renovation = forms.ChoiceField(
        label=_("renovation"), choices=[("", _("any"))] + list(Household.Renovation.choices), required=False
    )
    occupancy = forms.ChoiceField(
        label=_("occupancy"), choices=[("", _("any"))] + list(Household.Occupancy.choices), required=False
    )
    scope_description = forms.CharField(
        label=_("who pays"), max_length=200, required=False, help_text=_("For example: renovated households.")
    )
    due_date = forms.DateField(label=_("due date"), required=False, widget=DateInput)
    fund = forms.ModelChoiceField(
        label=_("fund"),
        queryset=Fund.objects.none(),
        required=False,
        empty_label=_("a new fund of its own"),
        help_text=_("The account the money goes into and is published under; most levies have their own."),
    )
    approval = forms.ModelChoiceField(
        label=_("approval"),
        queryset=Approval.objects.none(),
        required=False,
        help_text=_("The decision that agreed to this levy (a meeting or a vote), published with it."),
    )
    # Shown (as a checkbox) only once the form came back warning of a small scope (scope.SMALL_SCOPE).
    small_scope_ok = forms.BooleanField(
        label=_("save anyway: the scope is this small on purpose"), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, community, compound, **kwargs):
        """`compound`: the one chosen in the first step (LevyCompoundForm); only its buildings are listed."""
        super().__init__(*args, **kwargs)
        self.fields["compound"].queryset = Compound.objects.filter(community=community)
        self.initial.setdefault("compound", compound.pk)
        self.fields["buildings"].queryset = Building.objects.filter(community=community, compound=compound)
        self.fields["buildings"].label_from_instance = lambda b: b.label
        self.fields["fund"].queryset = Fund.objects.filter(community=community)
        self.fields["approval"].queryset = Approval.objects.filter(community=community)
        self.initial.setdefault("basis", Levy.Basis.PER_HOUSEHOLD)

    def clean(self):
        data = super().clean()
        if (
            data.get("recurrence")
            and data["recurrence"] != Levy.Recurrence.ONCE
            and not data.get("starts_on")
        ):
            self.add_error("starts_on", _("Enter when the first period starts."))
        compound = data.get("compound")
        if compound and any(b.compound_id != compound.pk for b in data.get("buildings") or []):
            self.add_error("buildings", _("Choose buildings of this compound."))
        if compound and not self.errors:
            self._check_scope(compound, data)
        return data

    def _check_scope(self, compound, data) -> None:
        """No household in scope: refused (the service refuses it too). Under a tenth of the compound: asked
        once, with the counts, and saved when "save anyway" is ticked."""
        options = {"renovation": data.get("renovation", ""), "occupancy": data.get("occupancy", "")}
        counts = scope_counts(compound=compound, buildings=list(data.get("buildings") or []), **options)
        self.scope = counts
        refusal = scope_refusal(counts, compound=compound, **options)
        if refusal is not None:
            field, message = refusal
            self.add_error(field if field in self.fields else None, message)
        elif counts.small and not data.get("small_scope_ok"):
            self.fields["small_scope_ok"].widget = forms.CheckboxInput()
            self.add_error("small_scope_ok", small_scope_warning(counts, compound=compound))


class PeriodsForm(Form):
    through = forms.DateField(label=_("generate periods up to"), widget=DateInput)


class HouseholdFindForm(Form):
    levy = forms.ModelChoiceField(label=_("levy"), queryset=Levy.objects.none())
    q = forms.CharField(
        label=_("room"),
        max_length=50,
        required=False,
        help_text=_("For example 3栋2单元501, 3-2-501, 3 2 501 or 501."),
    )

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["levy"].queryset = Levy.objects.filter(
            community=community, cancelled_at__isnull=True, closed_at__isnull=True
        ).select_related("compound")
        self.fields["levy"].label_from_instance = lambda levy: f"{levy.compound.name} · {levy.purpose}"


class PaymentForm(Form):
    amount = AmountField(label=_("amount"))
    method = forms.ChoiceField(label=_("payment method"), choices=Method.choices, widget=forms.RadioSelect)
    paid_on = MovedOnField(
        label=_("date paid"),
        required=False,
        help_text=_("When the money was handed over; an earlier date for a paper receipt entered later."),
    )
    paper_receipt_no = forms.CharField(
        label=_("paper receipt number"),
        max_length=20,
        required=False,
        help_text=_("Only if a paper receipt was already handed over: its number, e.g. 0012345."),
    )
    note = forms.CharField(label=_("note"), max_length=200, required=False)
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)


class CollectForm(PaymentForm):
    """The payment form of collection mode, at the door: the amount (the outstanding one, prefilled) and the
    method only; the money moves today, with no paper receipt."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("paid_on", "paper_receipt_no", "note"):
            del self.fields[name]


class ReasonForm(Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class WaiverForm(Form):
    amount = AmountField(label=_("amount waived"))
    reason = forms.CharField(
        label=_("reason (never public)"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class WaiverDecisionForm(Form):
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[("approve", _("approve")), ("refuse", _("refuse"))],
        widget=forms.RadioSelect,
    )


class FundForm(Form):
    name = forms.CharField(label=_("name"), max_length=100)
    kind = forms.ChoiceField(label=_("kind"), choices=Fund.Kind.choices)
    compound = forms.ModelChoiceField(
        label=_("compound"),
        queryset=Compound.objects.none(),
        required=False,
        empty_label=_("the whole community"),
    )
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compound"].queryset = Compound.objects.filter(community=community)


class IncomeForm(Form):
    fund = forms.ModelChoiceField(label=_("into fund"), queryset=Fund.objects.none())
    kind = forms.ChoiceField(label=_("kind"), choices=Income.Kind.choices)
    amount = AmountField(label=_("amount"))
    donor_partner = forms.ModelChoiceField(
        label=_("donor (partner)"),
        queryset=Partner.objects.none(),
        required=False,
        help_text=_("A registered partner: shown publicly only as their consent allows."),
    )
    donor_name = forms.CharField(
        label=_("donor"),
        max_length=100,
        required=False,
        help_text=_("Or a name, if the donor is no partner. Leave both empty for an anonymous donation."),
    )
    source_fund = forms.ModelChoiceField(
        label=_("from fund (transfers)"), queryset=Fund.objects.none(), required=False
    )
    approval = forms.ModelChoiceField(label=_("approval"), queryset=Approval.objects.none(), required=False)
    received_on = MovedOnField()
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        funds = Fund.objects.filter(community=community)
        self.fields["fund"].queryset = funds
        self.fields["source_fund"].queryset = funds
        self.fields["approval"].queryset = Approval.objects.filter(community=community)
        self.fields["donor_partner"].queryset = Partner.objects.filter(
            community=community, merged_into__isnull=True
        ).order_by("name")


class ExpenseForm(Form):
    fund = forms.ModelChoiceField(label=_("from fund"), queryset=Fund.objects.none())
    levy = forms.ModelChoiceField(
        label=_("for the levy"), queryset=Levy.objects.none(), required=False, help_text=_("Optional.")
    )
    payee = forms.CharField(label=_("payee"), max_length=100)
    purpose = forms.CharField(label=_("purpose"), max_length=200)
    amount = AmountField(label=_("amount"))
    spent_on = MovedOnField()
    approval = forms.ModelChoiceField(label=_("approval"), queryset=Approval.objects.none(), required=False)
    receipt_photo = forms.FileField(
        label=_("receipt photo"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,.heic,.heif", "capture": "environment"}),
    )

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = Fund.objects.filter(community=community)
        self.fields["levy"].queryset = Levy.objects.filter(community=community)
        self.fields["approval"].queryset = Approval.objects.filter(community=community)


class ApprovalForm(Form):
    meeting_name = forms.CharField(label=_("meeting"), max_length=200)
    compound = forms.ModelChoiceField(label=_("compound"), queryset=Compound.objects.none(), required=False)
    decided_on = forms.DateField(label=_("date of the decision"), widget=DateInput)
    votes_for = forms.IntegerField(label=_("votes for"), min_value=0, initial=0)
    votes_against = forms.IntegerField(label=_("votes against"), min_value=0, initial=0)
    votes_abstain = forms.IntegerField(label=_("abstentions"), min_value=0, initial=0)
    summary = forms.CharField(
        label=_("what was decided"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    minutes_photo = forms.FileField(
        label=_("photo of the minutes"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,.heic,.heif"}),
    )

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compound"].queryset = Compound.objects.filter(community=community)


class CloseForm(Form):
    fund = forms.ModelChoiceField(
        label=_("fund for the surplus or shortfall"), queryset=Fund.objects.none(), required=False
    )
    approval = forms.ModelChoiceField(label=_("approval"), queryset=Approval.objects.none(), required=False)

    def __init__(self, *args, community, levy, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = Fund.objects.filter(community=community).exclude(pk=levy.fund_id)
        self.fields["approval"].queryset = Approval.objects.filter(community=community)


class SettingsForm(Form):
    expense_approval_threshold = forms.DecimalField(
        label=_("expenses above this amount need an approval"), max_digits=12, decimal_places=2, min_value=0
    )


class HandoverForm(Form):
    """The cash a collector hands over: the payments it covers (the collector's cash not handed over yet, all
    ticked at first) and the amount counted, which must be their total."""

    payments = forms.TypedMultipleChoiceField(
        label=_("payments covered"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    amount = AmountField(label=_("amount counted"))
    handed_on = MovedOnField(label=_("handed over on"))
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, payments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payments"].choices = [
            (
                p.pk,
                f"No. {p.receipt_number:06d} · {p.paid_on:%Y-%m-%d} · {p.household.label} · {p.levy.purpose}"
                f" · {format_yuan(p.amount)}",
            )
            for p in payments
        ]
