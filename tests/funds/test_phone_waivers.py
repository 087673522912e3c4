"""Issue 11, item 6: a staff member who asks for a waiver goes back to the household's charge (they may not
open the treasurer's list of waivers), where the waiver is shown waiting for a second person."""

import pytest
from django.urls import reverse

from funds.models import Waiver


@pytest.mark.parametrize("persona", ["staff", "treasurer"])
def test_phone_06_asking_for_a_waiver_leads_back_to_the_households_charge(
    client, world, ledger, login, persona
):
    charge = ledger.charges[0]
    login(world.user(persona))
    response = client.post(
        reverse("funds:waiver_request", args=[world.home.slug, charge.pk]),
        {"amount": "50.00", "reason": "低保户"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("funds:charge_pay", args=[world.home.slug, charge.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200  # not the treasurer-only waiver list (a 403 for staff)
    html = page.content.decode()
    assert Waiver.objects.filter(charge=charge, decision__isnull=True).count() == 1
    assert 'data-waiver-waiting="50.00"' in html  # the charge says a waiver waits for approval
