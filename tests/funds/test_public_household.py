"""A household's own page by its access code (户码): charges, payments, receipts; confirm or flag a payment."""

import pytest
from django.db import connection
from django.urls import reverse

from communities.errors import DomainError
from funds import publication, services
from funds.models import PaymentConfirmation
from funds.queries import flagged_payments

from .conftest import pay


def url(world):
    return reverse("funds_public:household", args=[world.compound.public_token])


def household_of(charge):
    charge.household.refresh_from_db()
    return charge.household


def test_the_code_shows_the_households_own_charges_payments_and_receipts(client, world, ledger):
    mine, other = ledger.charges[0], ledger.charges[1]
    payment = pay(mine, actor=world.staff)
    pay(other, actor=world.staff)
    code = household_of(mine).access_code

    response = client.post(url(world), {"code": code.lower()})

    html = response.content.decode()
    assert response.status_code == 200
    assert household_of(mine).label in html
    assert "安装监控" in html
    assert reverse("funds_public:receipt_verify", args=[payment.verify_token]) in html
    assert f"{payment.receipt_number:06d}" in html
    assert household_of(other).label not in html  # only its own
    assert response["X-Robots-Tag"].startswith("noindex")


def test_a_wrong_code_is_a_form_error(client, world, ledger):
    response = client.post(url(world), {"code": "WRONG234"})
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert "安装监控" not in response.content.decode()


def test_a_code_of_another_compound_is_refused(client, world, ledger):
    response = client.post(url(world), {"code": world.other_household.access_code})
    assert 'class="error"' in response.content.decode()


def test_codes_are_rate_limited(client, world, ledger):
    for _ in range(10):
        client.post(url(world), {"code": "WRONG234"})
    code = household_of(ledger.charges[0]).access_code
    response = client.post(url(world), {"code": code})
    assert "安装监控" not in response.content.decode()
    assert 'class="error"' in response.content.decode()


def test_confirm_adds_a_row_and_never_changes_the_payment(client, world, ledger):
    payment = pay(ledger.charges[0], actor=world.staff)
    code = household_of(ledger.charges[0]).access_code
    with connection.cursor() as cursor:
        cursor.execute("SELECT amount, receipt_number FROM funds_payment WHERE id = %s", [payment.pk])
        before = cursor.fetchone()

    response = client.post(url(world), {"code": code, "payment": payment.pk, "action": "confirm"})

    assert response.status_code == 200
    confirmation = PaymentConfirmation.objects.get()
    assert confirmation.payment == payment and confirmation.kind == PaymentConfirmation.Kind.CONFIRM
    with connection.cursor() as cursor:
        cursor.execute("SELECT amount, receipt_number FROM funds_payment WHERE id = %s", [payment.pk])
        assert cursor.fetchone() == before
    assert payment not in flagged_payments(world.home)


def test_flag_shows_on_the_treasurers_dashboard_query(client, world, ledger):
    payment = pay(ledger.charges[0], actor=world.staff)
    code = household_of(ledger.charges[0]).access_code

    response = client.post(
        url(world),
        {"code": code, "payment": payment.pk, "action": "flag", "note": "我们交的是现金 50 元，日期不对"},
    )

    assert response.status_code == 200
    flag = PaymentConfirmation.objects.get(kind=PaymentConfirmation.Kind.FLAG)
    assert flag.note.startswith("我们交的是现金")
    assert list(flagged_payments(world.home)) == [payment]


def test_flag_needs_a_note(client, world, ledger):
    payment = pay(ledger.charges[0], actor=world.staff)
    code = household_of(ledger.charges[0]).access_code
    response = client.post(url(world), {"code": code, "payment": payment.pk, "action": "flag", "note": ""})
    assert 'class="error"' in response.content.decode()
    assert not PaymentConfirmation.objects.exists()


def test_a_household_cannot_confirm_anothers_payment(client, world, ledger):
    theirs = pay(ledger.charges[1], actor=world.staff)
    code = household_of(ledger.charges[0]).access_code
    client.post(url(world), {"code": code, "payment": theirs.pk, "action": "confirm"})
    assert not PaymentConfirmation.objects.exists()
    with pytest.raises(DomainError):
        publication.payment_confirm(compound=world.compound, payment=theirs, access_code=code)


def test_receipt_check_shows_number_room_amount_date_and_reversal(client, world, ledger):
    payment = pay(ledger.charges[0], actor=world.staff)
    response = client.get(reverse("funds_public:receipt_verify", args=[payment.verify_token]))
    html = response.content.decode()
    assert f"{payment.receipt_number:06d}" in html
    assert household_of(ledger.charges[0]).label in html
    assert "¥50.00" in html and "伍拾元整" in html
    assert payment.recorded_at.strftime("%Y") in html
    assert 'data-state="valid"' in html
    assert response["X-Robots-Tag"].startswith("noindex")

    services.payment_reverse(payment=payment, reason="记错户", actor=world.treasurer)
    html = client.get(reverse("funds_public:receipt_verify", args=[payment.verify_token])).content.decode()
    assert 'data-state="reversed"' in html
    assert "记错户" not in html  # the reason stays with staff


def test_unknown_receipt_token_is_404(client, db):
    assert client.get(reverse("funds_public:receipt_verify", args=["nope"])).status_code == 404


def test_household_page_queries_do_not_grow_with_payments(client, world, ledger, count_queries):
    from funds.models import Fund, Levy

    charge = ledger.charges[0]
    code = household_of(charge).access_code

    def page():
        assert client.post(url(world), {"code": code}).status_code == 200

    pay(charge, amount="10.00", actor=world.staff)
    few = count_queries(page)
    for _ in range(4):
        pay(charge, amount="10.00", actor=world.staff)
    fund = Fund.objects.get(pk=ledger.fund.pk)
    for n in range(3):
        more = services.levy_create(
            compound=world.compound, purpose=f"维修{n}", amount="20.00", fund=fund, actor=world.treasurer
        ).levy
        pay(Levy.objects.get(pk=more.pk).charges.get(household=charge.household), amount="20.00")
    assert count_queries(page) == few
