"""A replaced 户码 (issue 10, item 3) fails at once: on the board's code form, and in a session the old code
opened, for the household's page and for the forms that take their household from that session."""

from communities.services import household_regenerate_access_code
from funds.models import PaymentConfirmation

from .conftest import pay
from .test_public_household import confirm_url, enter, flag_url, household_of, url


def test_fix_03_a_replaced_code_fails_at_once_on_every_public_form_and_in_the_gates_session(
    client, world, ledger
):
    from django.test import Client

    payment = pay(ledger.charges[0], actor=world.staff)
    household = household_of(ledger.charges[0])
    old = household.access_code
    assert enter(client, world, old).redirect_chain[-1][0] == url(world)  # the old code's session

    household_regenerate_access_code(household=household, actor=world.admin)

    # The session the old code opened ends at its next request, whatever it asks for ...
    response = client.post(confirm_url(world, payment))
    assert response.status_code == 302
    response = client.post(flag_url(world, payment), {"note": "金额不对"})
    assert response.status_code == 302
    assert not PaymentConfirmation.objects.exists()
    assert client.get(url(world)).status_code == 302
    assert client.get(flag_url(world, payment)).status_code == 302

    # ... and the old code opens nothing on the board, in this browser or another.
    for browser in (client, Client()):
        response = enter(browser, world, old)
        assert not response.redirect_chain
        assert 'class="error"' in response.content.decode()
        assert browser.get(url(world)).status_code == 302

    # The new code works at once.
    fresh = Client()
    assert enter(fresh, world, household_of(ledger.charges[0]).access_code).redirect_chain[-1][0] == url(
        world
    )
    assert fresh.post(confirm_url(world, payment)).status_code == 302
    assert PaymentConfirmation.objects.get().payment == payment
