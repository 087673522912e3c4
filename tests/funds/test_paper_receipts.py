"""Issue 10, item 8: a back-dated payment may carry the number of the paper receipt already handed over
(`paper_receipt_no`). It is unique per community among payments that are not reversed, across charges; a
payment recorded again after a reversal may repeat it. The system receipt shows it."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from communities.errors import DomainError
from funds import services
from funds.models import Payment
from tests.conftest import skip_unless

from .test_concurrency import _race

D = Decimal
MARCH = datetime.date(2026, 3, 5)


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


def record(charge, paper: str, key: str, actor=None, amount="50.00"):
    return services.payment_record(
        charge=charge,
        amount=D(amount),
        method="cash",
        actor=actor,
        idempotency_key=key,
        paid_on=MARCH,
        paper_receipt_no=paper,
    )


def test_fix_08_a_paper_receipt_number_is_refused_again_on_another_charge_of_the_community(world, ledger):
    first = record(ledger.charges[0], " 0012345 ", "a", actor=world.treasurer)
    assert Payment.objects.get(pk=first.pk).paper_receipt_no == "0012345"
    with pytest.raises(DomainError) as refused:
        record(ledger.charges[1], "0012345", "b", actor=world.treasurer)
    assert refused.value.field == "paper_receipt_no"
    assert "0012345" in refused.value.message
    # The same charge, paid in two parts, cannot carry one number twice either.
    second_part = record(ledger.charges[2], "0012346", "c", amount="20.00")
    with pytest.raises(DomainError):
        record(ledger.charges[2], "0012346", "d", amount="30.00")
    assert Payment.objects.count() == 2 and second_part.paper_receipt_no == "0012346"
    # Payments without a paper receipt are never in each other's way.
    record(ledger.charges[1], "", "e")
    record(ledger.charges[2], "", "f", amount="30.00")


def test_fix_08_another_community_may_use_the_same_number(world, ledger):
    from tests.funds.conftest import make_households

    record(ledger.charges[0], "0012345", "home")
    make_households(world.other_compound, [701])
    levy = services.levy_create(
        compound=world.other_compound, purpose="路灯", amount=D("50.00"), actor=world.outsider
    ).levy
    theirs = record(levy.charges.first(), "0012345", "other")
    assert theirs.community == world.other


def test_fix_08_after_a_reversal_the_payment_may_be_recorded_again_with_its_number(world, ledger):
    wrong = record(ledger.charges[0], "0012345", "wrong", amount="40.00")
    services.payment_reverse(payment=wrong, reason="记错金额", actor=world.treasurer)
    again = record(ledger.charges[0], "0012345", "again", amount="50.00")
    assert again.paper_receipt_no == "0012345" and again.pk != wrong.pk
    # The new payment is not reversed: the number is taken again.
    with pytest.raises(DomainError):
        record(ledger.charges[1], "0012345", "third")


def test_fix_08_the_form_takes_the_number_and_the_receipt_shows_it(world, ledger, login):
    client = login(world.treasurer)
    url = reverse("funds:charge_pay", args=[world.home.slug, ledger.charges[0].pk])
    response = client.post(
        url,
        {
            "amount": "50.00",
            "method": "cash",
            "key": "form-1",
            "paid_on": "2026-03-05",
            "paper_receipt_no": "0012345",
        },
        follow=True,
    )
    payment = Payment.objects.get()
    assert response.redirect_chain[-1][0] == reverse("funds:receipt", args=[world.home.slug, payment.pk])
    assert 'data-testid="paper-receipt">0012345<' in response.content.decode()
    # The same number on another household is a form error on its field.
    refused = client.post(
        reverse("funds:charge_pay", args=[world.home.slug, ledger.charges[1].pk]),
        {"amount": "50.00", "method": "cash", "key": "form-2", "paper_receipt_no": "0012345"},
    )
    assert refused.status_code == 200 and refused.context["form"].errors["paper_receipt_no"]
    assert Payment.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fix_08_two_charges_recorded_at_once_with_one_number_record_it_once(world, ledger):
    skip_unless(connection.vendor == "postgresql", "row locks need PostgreSQL")
    n = 6
    recorded, refused = _race(
        lambda i: record(ledger.charges[i % 3], "0099999", f"race-{i}", amount="10.00"), n
    )
    assert len(recorded) == 1 and len(refused) == n - 1
    assert Payment.objects.filter(paper_receipt_no="0099999").count() == 1
