"""Issue 11, item 5: a date input gets its value as an ISO date (2026-11-30) on Chinese pages too; Chinese
formatting (2026/11/30) is refused by the browser's date input, which then starts empty."""

import datetime
import re

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone, translation

from communities.forms import AuditFilterForm
from funds.forms import ApprovalForm, ExpenseForm, IncomeForm, LevyForm, PeriodsForm


def _date_values(html: str) -> dict[str, str]:
    return {
        name: value for name, value in re.findall(r'<input type="date" name="(\w+)" value="([^"]*)"', html)
    }


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_phone_05_todays_date_starts_filled_in_on_the_expense_and_income_forms(
    client, world, login, language
):
    login(world.treasurer)
    today = timezone.localdate().isoformat()
    for name, field in (("funds:expense_create", "spent_on"), ("funds:income_create", "received_on")):
        html = client.get(
            reverse(name, args=[world.home.slug]), HTTP_ACCEPT_LANGUAGE=language
        ).content.decode()
        assert _date_values(html).get(field) == today, (name, language, _date_values(html))


def test_phone_05_every_date_input_renders_an_iso_date_in_chinese(world):
    day = datetime.date(2026, 11, 30)
    cases = [
        (
            LevyForm(
                community=world.home, compound=world.compound, initial={"due_date": day, "starts_on": day}
            ),
            ["due_date", "starts_on"],
        ),
        (PeriodsForm(initial={"through": day}), ["through"]),
        (IncomeForm(community=world.home, initial={"received_on": day}), ["received_on"]),
        (ExpenseForm(community=world.home, initial={"spent_on": day}), ["spent_on"]),
        (ApprovalForm(community=world.home, initial={"decided_on": day}), ["decided_on"]),
        (AuditFilterForm({"date_from": "2026-11-30", "date_to": "2026-11-30"}), ["date_from", "date_to"]),
    ]
    with translation.override("zh-hans"):
        for form, names in cases:
            for name in names:
                assert isinstance(form.fields[name].widget, forms.DateInput)
                html = str(form[name])
                assert 'value="2026-11-30"' in html, (type(form).__name__, name, html)
