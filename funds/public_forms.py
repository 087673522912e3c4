"""Forms of the published ledgers: residents' question and access-code forms; staff moderation and publishing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.forms import Form

from .models import Expense


class FindRoomForm(Form):
    room = forms.CharField(
        label=_("Find my room"),
        max_length=40,
        required=False,
        help_text=_("For example 501 or 3栋2单元501."),
        widget=forms.TextInput(attrs={"inputmode": "text", "autocomplete": "off", "type": "search"}),
    )


class InquiryForm(Form):
    expense = forms.ModelChoiceField(
        label=_("About which line (optional)"), queryset=Expense.objects.none(), required=False
    )
    text = forms.CharField(
        label=_("Your question"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4, "maxlength": 1000})
    )
    contact = forms.CharField(
        label=_("How to reach you (optional, never published)"),
        max_length=100,
        required=False,
        help_text=_("A phone number or WeChat ID, if you want staff to get back to you in person."),
    )

    def __init__(self, *args, expenses=None, **kwargs):
        super().__init__(*args, **kwargs)
        if expenses is not None and expenses.exists():
            self.fields["expense"].queryset = expenses
            self.fields["expense"].label_from_instance = lambda e: f"{e.spent_on:%Y-%m-%d} {e.purpose}"
        else:
            del self.fields["expense"]


class FlagForm(Form):
    note = forms.CharField(
        label=_("What is wrong?"), max_length=500, widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500})
    )


class AnswerForm(Form):
    text = forms.CharField(
        label=_("Public answer"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5, "maxlength": 4000})
    )


class PublishForm(Form):
    period = forms.CharField(
        label=_("Period"),
        max_length=50,
        help_text=_("As printed on the notice, e.g. 2026年11月 or 第三季度."),
    )
    confirm = forms.BooleanField(
        label=_("I have checked the preview above. Publish it: this cannot be undone."),
        error_messages={"required": _("Tick the box to confirm: a published issue cannot be withdrawn.")},
    )


class CorrectionForm(Form):
    text = forms.CharField(
        label=_("Correction"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4, "maxlength": 2000})
    )
