"""A household's own page by its access code (户码): charges, payments, receipts; confirm or flag a payment.

The code is entered once on the compound's board (communities' public gate); the household's page and its
forms then take the household from the session, never from the form."""

import pytest
from django.db import connection
from django.urls import reverse

from communities.errors import DomainError
from funds import services
from funds.models import PaymentConfirmation
from funds.queries import flagged_payments

from .conftest import pay


def url(world):
    """The household's own page (communities' `household` slot, filled by funds)."""
    return reverse("public_household", args=[world.compound.public_token])


def enter(client, world, code):
    """Enter a 户码 on the board, as a resident does: the page of the household opens when it is right."""
    return client.post(
        reverse("public_board", args=[world.compound.public_token]), {"code": code}, follow=True
    )


def confirm_url(world, payment):
    return reverse("funds_public:payment_confirm", args=[world.compound.public_token, payment.pk])


def flag_url(world, payment):
    return reverse("funds_public:payment_flag", args=[world.compound.public_token, payment.pk])


def household_of(charge):
    charge.household.refresh_from_db()
    return charge.household


def test_the_code_shows_the_households_own_charges_payments_and_receipts(client, world, ledger):
    mine, other = ledger.charges[0], ledger.charges[1]
    payment = pay(mine, actor=world.staff)
    pay(other, actor=world.staff)
    code = household_of(mine).access_code

    response = enter(client, world, code.lower())

    html = response.content.decode()
    assert response.status_code == 200
    assert household_of(mine).label in html
    assert "安装监控" in html
    assert reverse("funds_public:receipt_verify", args=[payment.verify_token]) in html
    assert f"{payment.receipt_number:06d}" in html
    assert household_of(other).label not in html  # only its own
    assert response["X-Robots-Tag"].startswith("noindex")


def test_a_wrong_code_is_a_form_error(client, world, ledger):
    response = enter(client, world, "WRONG234")
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert not response.redirect_chain
    assert 'data-section="funds-household"' not in response.content.decode()  # no household's money shown


def test_a_code_of_another_compound_is_refused(client, world, ledger):
    response = enter(client, world, world.other_household.access_code)
    assert 'class="error"' in response.content.decode()


def test_codes_are_rate_limited(client, world, ledger, shared_cache):
    for _ in range(10):
        enter(client, world, "WRONG234")
    code = household_of(ledger.charges[0]).access_code
    response = enter(client, world, code)
    assert not response.redirect_chain
    assert 'data-section="funds-household"' not in response.content.decode()
    assert 'class="error"' in response.content.decode()


def test_confirm_adds_a_row_and_never_changes_the_payment(client, world, ledger):
    payment = pay(ledger.charges[0], actor=world.staff)
    code = household_of(ledger.charges[0]).access_code
    with connection.cursor() as cursor:
        cursor.execute("SELECT amount, receipt_number FROM funds_payment WHERE id = %s", [payment.pk])
        before = cursor.fetchone()

    enter(client, world, code)
    response = client.post(confirm_url(world, payment), follow=True)

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

    enter(client, world, code)
    response = client.post(flag_url(world, payment), {"note": "我们交的是现金 50 元，日期不对"}, follow=True)

    assert response.status_code == 200
    flag = PaymentConfirmation.objects.get(kind=PaymentConfirmation.Kind.FLAG)
    assert flag.note.startswith("我们交的是现金")
    assert list(flagged_payments(world.home)) == [payment]


def test_flag_needs_a_note(client, world, ledger):
    payment = pay(ledger.charges[0], actor=world.staff)
    code = household_of(ledger.charges[0]).access_code
    enter(client, world, code)
    response = client.post(flag_url(world, payment), {"note": ""})
    assert 'class="error"' in response.content.decode()
    assert not PaymentConfirmation.objects.exists()


def test_a_household_cannot_confirm_anothers_payment(client, world, ledger):
    theirs = pay(ledger.charges[1], actor=world.staff)
    code = household_of(ledger.charges[0]).access_code
    enter(client, world, code)
    assert client.post(confirm_url(world, theirs)).status_code == 404
    assert not PaymentConfirmation.objects.exists()
    with pytest.raises(DomainError):
        services.payment_confirm(household=household_of(ledger.charges[0]), payment=theirs)


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

    enter(client, world, code)

    def page():
        assert client.get(url(world)).status_code == 200

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


def test_one_answer_per_household_forms_ignore_a_posted_household(client, world, ledger):
    """The household comes from the gate: a household id (or code) in the form changes nothing."""
    mine, theirs = ledger.charges[0], ledger.charges[1]
    payment = pay(mine, actor=world.staff)
    enter(client, world, household_of(mine).access_code)

    client.post(
        confirm_url(world, payment),
        {"household": household_of(theirs).pk, "code": household_of(theirs).access_code},
    )

    confirmation = PaymentConfirmation.objects.get()
    assert confirmation.payment == payment
    entry = world.home.audit_entries.get(action="payment.confirm")
    assert entry.target_id == str(payment.pk)


def test_without_the_code_a_payment_cannot_be_confirmed_or_flagged(client, world, ledger):
    payment = pay(ledger.charges[0], actor=world.staff)
    board = reverse("public_board", args=[world.compound.public_token])
    assert client.post(confirm_url(world, payment))["Location"].startswith(url(world))
    follow = client.post(confirm_url(world, payment), follow=True)
    assert follow.redirect_chain[-1][0].startswith(board)
    assert (
        client.post(flag_url(world, payment), {"note": "错了"}, follow=True)
        .redirect_chain[-1][0]
        .startswith(board)
    )
    assert not PaymentConfirmation.objects.exists()
