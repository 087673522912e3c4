"""Forms of the communities pages, and the base every form of the app inherits (`Form`, `ModelForm`)."""

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .labels import canonical_phone
from .models import Household, Role
from .text import refuse_bidi


class BidiGuard:
    """Every text field of the form refuses bidirectional-override characters (communities/text.py).

    Applied when the form is cleaned, so it also covers fields a form adds or changes in its __init__. A test
    (tests/communities/test_bidi.py) fails when a form of ours does not inherit it."""

    def full_clean(self):
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and refuse_bidi not in field.validators:
                field.validators.append(refuse_bidi)  # the form's own copy of the field: nothing leaks
        super().full_clean()


class Form(BidiGuard, forms.Form):
    """The base of every form of ours."""


class ModelForm(BidiGuard, forms.ModelForm):
    """The base of every model form of ours."""


class DateInput(forms.DateInput):
    """A browser's date picker. Its value is always an ISO date: a date input refuses the localised form
    (2026/11/30 on Chinese pages) and would start empty."""

    input_type = "date"

    def __init__(self, attrs=None, format=None):  # noqa: A002 - Django's own argument name
        super().__init__(attrs, format=format or "%Y-%m-%d")


def clean_phone_value(value: str) -> str:
    """Spaces and dashes are dropped from mobiles; landlines keep their area-code dash."""
    phone = canonical_phone(value)
    if phone is not None:
        return phone
    raise forms.ValidationError(
        _("Enter an 11-digit mobile number starting with 1, or a landline such as 0715-8123456.")
    )


class CompoundForm(Form):
    name = forms.CharField(label=_("name"), max_length=100)
    built_year = forms.IntegerField(label=_("year built"), required=False, min_value=1900, max_value=2100)
    built_month = forms.IntegerField(label=_("month built"), required=False, min_value=1, max_value=12)
    notes = forms.CharField(label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class HouseholdForm(Form):
    building = forms.CharField(label=_("building"), max_length=50, help_text=_("For example 3栋 or 3号楼."))
    unit = forms.CharField(
        label=_("unit"), max_length=20, required=False, help_text=_("Leave empty if none.")
    )
    room = forms.CharField(label=pgettext_lazy("household", "room"), max_length=20)
    head_name = forms.CharField(label=_("head of household"), max_length=50, required=False)
    phone = forms.CharField(label=_("phone"), max_length=20, required=False)
    residents = forms.IntegerField(label=_("residents"), required=False, min_value=0, max_value=30)
    floor_area = forms.DecimalField(
        label=_("floor area (m²)"), required=False, max_digits=8, decimal_places=2, min_value=Decimal("0.01")
    )
    occupancy = forms.ChoiceField(label=_("occupancy"), choices=Household.Occupancy.choices)
    renovation = forms.ChoiceField(label=_("renovation"), choices=Household.Renovation.choices)
    is_low_income = forms.BooleanField(label=_("subsistence allowance (低保户)"), required=False)
    is_elderly_alone = forms.BooleanField(label=_("elderly living alone (独居老人)"), required=False)
    notes = forms.CharField(label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_phone(self):
        return clean_phone_value(self.cleaned_data["phone"])

    @classmethod
    def initial_for(cls, household: Household) -> dict:
        return {
            "building": household.building.label,
            **{f: getattr(household, f) for f in cls.base_fields if f != "building"},
        }


class ChangeHeadForm(Form):
    head_name = forms.CharField(label=_("new head of household"), max_length=50)
    phone = forms.CharField(label=_("phone"), max_length=20, required=False)

    def clean_phone(self):
        return clean_phone_value(self.cleaned_data["phone"])


class ChangeOccupancyForm(Form):
    occupancy = forms.ChoiceField(label=_("occupancy"), choices=Household.Occupancy.choices)


class InvitationForm(Form):
    role = forms.ChoiceField(label=_("role"), choices=Role.choices, initial=Role.STAFF)
    note = forms.CharField(
        label=_("for whom"),
        max_length=100,
        required=False,
        help_text=_("A name to recognise the invitation by, e.g. 王红 (volunteer)."),
    )


class RoleForm(Form):
    role = forms.ChoiceField(label=_("role"), choices=Role.choices)


class AcceptInvitationForm(Form):
    username = forms.CharField(label=_("username"), max_length=150)
    email = forms.EmailField(label=_("email (optional)"), required=False)
    password1 = forms.CharField(label=_("password"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("password again"), widget=forms.PasswordInput)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken. Choose another one."))
        return username

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        elif data.get("password1"):
            user = get_user_model()(username=data.get("username", ""))
            try:
                password_validation.validate_password(data["password1"], user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class AuditFilterForm(Form):
    actor = forms.CharField(label=_("person"), required=False)
    target = forms.CharField(label=_("object"), required=False)
    date_from = forms.DateField(label=_("from"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("to"), required=False, widget=DateInput)


class AccessCodeForm(Form):
    code = forms.CharField(
        label=_("household access code"),
        max_length=20,
        help_text=_("Printed on your household's slip."),
    )


class CommunitySettingsForm(Form):
    """Masked names on public pages. Switching them on asks for the residents' meeting that decided it."""

    public_names_masked = forms.BooleanField(
        label=_("show masked names on public pages"),
        required=False,
        help_text=_(
            "Only where a residents' meeting decided so. Heads of household then appear as 张* on public "
            "pages; phone numbers never do."
        ),
    )
    meeting_name = forms.CharField(
        label=_("residents' meeting"),
        max_length=200,
        required=False,
        help_text=_("To switch masked names on: the meeting that decided it, e.g. 育才小区居民大会."),
    )
    decided_on = forms.DateField(
        label=_("date of the meeting"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    minutes_photo = forms.FileField(
        label=_("photo of the minutes"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,.heic,.heif"}),
    )

    def clean(self):
        data = super().clean()
        switching_on = data.get("public_names_masked") and not self.initial.get("public_names_masked")
        if switching_on:
            required = {
                "meeting_name": _("Enter the residents' meeting that decided it."),
                "decided_on": _("Enter the date of the meeting."),
                "minutes_photo": _("Add a photo of the meeting's minutes."),
            }
            for field, message in required.items():
                if not data.get(field) and field not in self.errors:
                    self.add_error(field, message)
        decided_on = data.get("decided_on")
        if decided_on and decided_on > timezone.localdate():
            self.add_error("decided_on", _("The meeting cannot be in the future."))
        return data
