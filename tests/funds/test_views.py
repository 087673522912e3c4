"""The staff pages: they work, refuse bad input with a form error, and show what the services wrote."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from openpyxl import load_workbook
from PIL import Image

from funds import services
from funds.models import Expense, Levy, Payment, Reversal, Waiver, WaiverApproval

from .conftest import make_households, pay


def url(name, world, **kwargs):
    return reverse(f"funds:{name}", kwargs={"slug": world.home.slug, **kwargs})


def test_treasurer_creates_a_levy_and_sees_the_scope_reconciled(world, login):
    make_households(world.compound, [502, 503], renovated=True)
    make_households(world.compound, [601], building="2栋", renovated=False)
    client = login(world.treasurer)
    response = client.post(
        url("levy_create", world),
        {
            "compound": world.compound.pk,
            "purpose": "安装监控",
            "basis": "household",
            "amount": "50",
            "recurrence": "once",
            "renovation": "renovated",
        },
        follow=True,
    )
    levy = Levy.objects.get()
    assert response.redirect_chain[-1][0] == url("levy", world, pk=levy.pk)
    assert levy.charges.count() == 2 and levy.scope_total == 4
    text = response.content.decode()
    assert "4" in text and 'data-testid="reconciliation"' in text
    assert "¥50.00" in text


@pytest.mark.parametrize(
    "bad",
    [
        {"amount": "abc"},
        {"amount": "0"},
        {"amount": "-5"},
        {"recurrence": "month"},  # a recurring fee without its first period
        {"purpose": ""},
    ],
)
def test_levy_form_refuses_bad_input_with_a_form_error(world, login, bad):
    data = {
        "compound": world.compound.pk,
        "purpose": "x",
        "basis": "household",
        "amount": "50",
        "recurrence": "once",
    }
    response = login(world.treasurer).post(url("levy_create", world), {**data, **bad})
    assert response.status_code == 200
    assert b'class="error"' in response.content
    assert not Levy.objects.exists()


def test_levy_form_offers_no_other_communitys_compound(world, login):
    response = login(world.treasurer).post(
        url("levy_create", world),
        {
            "compound": world.other_compound.pk,
            "purpose": "x",
            "basis": "household",
            "amount": "5",
            "recurrence": "once",
        },
    )
    assert response.status_code == 200 and not Levy.objects.exists()


def test_staff_finds_a_room_records_a_payment_and_sees_the_receipt(world, ledger, login):
    client = login(world.staff)
    found = client.get(url("pay", world), {"levy": ledger.levy.pk, "q": "1栋1单元501"})
    assert found.status_code == 200
    charge = ledger.charges[0]
    assert charge.household.room == "501"
    assert reverse("funds:charge_pay", args=[world.home.slug, charge.pk]).encode() in found.content
    page = client.get(url("charge_pay", world, pk=charge.pk))
    key = page.context["form"].initial["key"]
    response = client.post(
        url("charge_pay", world, pk=charge.pk),
        {"amount": "50.00", "method": "wechat", "key": key},
        follow=True,
    )
    payment = Payment.objects.get()
    assert response.redirect_chain[-1][0] == url("receipt", world, pk=payment.pk)
    text = response.content.decode()
    assert "No. 000001" in text and "伍拾元整" in text and "¥50.00" in text
    # A double tap sends the same form again: still one payment, same receipt.
    again = client.post(
        url("charge_pay", world, pk=charge.pk), {"amount": "50.00", "method": "wechat", "key": key}
    )
    assert again.status_code == 302 and again["Location"] == url("receipt", world, pk=payment.pk)
    assert Payment.objects.count() == 1


def test_payment_above_outstanding_is_a_form_error(world, ledger, login):
    response = login(world.staff).post(
        url("charge_pay", world, pk=ledger.charges[0].pk), {"amount": "50.01", "method": "cash", "key": "k"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["amount"]
    assert not Payment.objects.exists()


def test_payment_form_refuses_a_missing_method(world, ledger, login):
    response = login(world.staff).post(
        url("charge_pay", world, pk=ledger.charges[0].pk), {"amount": "5", "key": "k"}
    )
    assert response.status_code == 200 and response.context["form"].errors["method"]


def test_receipt_carries_a_qr_code_to_the_public_check_when_that_page_exists(world, ledger, login):
    payment = pay(ledger.charges[0], actor=world.staff)
    response = login(world.observer).get(url("receipt", world, pk=payment.pk))
    try:
        check = reverse("funds_public:receipt_verify", kwargs={"token": payment.verify_token})
    except NoReverseMatch:
        pytest.skip("the public receipt check (funds-public) is not there yet")
    assert check.encode() in response.content and b"<svg" in response.content


def test_treasurer_reverses_a_payment_after_confirming_and_the_receipt_is_marked(world, ledger, login):
    payment = pay(ledger.charges[0], actor=world.staff)
    assert (
        login(world.staff).post(url("payment_reverse", world, pk=payment.pk), {"reason": "x"}).status_code
        == 403
    )
    client = login(world.treasurer)
    confirm = client.get(url("payment_reverse", world, pk=payment.pk))
    assert confirm.status_code == 200 and not Reversal.objects.exists()
    assert client.post(url("payment_reverse", world, pk=payment.pk), {"reason": ""}).status_code == 200
    response = client.post(url("payment_reverse", world, pk=payment.pk), {"reason": "记错户"}, follow=True)
    assert Reversal.objects.get().payment == payment
    assert b'class="stamp"' in response.content


def test_waiver_asked_by_staff_is_approved_by_the_treasurer(world, ledger, login):
    charge = ledger.charges[0]
    login(world.staff).post(url("waiver_request", world, pk=charge.pk), {"amount": "50", "reason": "低保户"})
    waiver = Waiver.objects.get()
    client = login(world.treasurer)
    listing = client.get(url("waivers", world))
    assert "低保户".encode() in listing.content
    client.post(url("waiver_decide", world, pk=waiver.pk), {"decision": "approve"})
    assert WaiverApproval.objects.get().approved
    charge.refresh_from_db()
    assert charge.waived == Decimal("50.00")


def test_a_treasurer_cannot_approve_their_own_waiver(world, ledger, login):
    services.waiver_request(charge=ledger.charges[0], amount=Decimal("10"), reason="r", actor=world.treasurer)
    waiver = Waiver.objects.get()
    login(world.treasurer).post(url("waiver_decide", world, pk=waiver.pk), {"decision": "approve"})
    assert not WaiverApproval.objects.exists()


def _photo():
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(out, format="JPEG")
    return SimpleUploadedFile("r.jpg", out.getvalue(), content_type="image/jpeg")


def test_expense_with_photo_upload_and_the_approval_threshold(world, ledger, login):
    for c in ledger.charges:
        pay(c)
    client = login(world.treasurer)
    data = {
        "fund": ledger.fund.pk,
        "payee": "安装公司",
        "purpose": "摄像头",
        "amount": "1200",
        "spent_on": "2026-05-01",
    }
    too_big = client.post(url("expense_create", world), {**data, "receipt_photo": _photo()})
    assert too_big.status_code == 200 and not Expense.objects.exists()
    no_photo = client.post(url("expense_create", world), {**data, "amount": "100"})
    assert no_photo.context["form"].errors["receipt_photo"]
    bad_photo = client.post(
        url("expense_create", world),
        {**data, "amount": "100", "receipt_photo": SimpleUploadedFile("x.jpg", b"nope")},
    )
    assert bad_photo.context["form"].errors["receipt_photo"]
    client.post(url("expense_create", world), {**data, "amount": "100", "receipt_photo": _photo()})
    assert Expense.objects.get().receipt_photo.name.endswith(".jpg")


def test_reminder_text_names_no_household(world, ledger, login):
    pay(ledger.charges[0])
    response = login(world.observer).get(url("levy_reminder", world, pk=ledger.levy.pk))
    text = response.context["text"]
    assert "1/3" not in text and "1" in text and "3" in text
    for charge in ledger.charges:
        assert charge.household.room not in text
        assert charge.household.head_name not in text


def test_excel_export_lists_every_charge_and_payment(world, ledger, login):
    pay(ledger.charges[0])
    response = login(world.observer).get(url("levy_export", world, pk=ledger.levy.pk))
    workbook = load_workbook(io.BytesIO(response.content))
    charges, payments = workbook.worksheets
    assert charges.max_row == 4 and payments.max_row == 2
    assert payments.cell(row=2, column=3).value == 50


def test_dashboard_shows_collection_and_the_outstanding_households(world, ledger, login):
    pay(ledger.charges[0])
    response = login(world.observer).get(url("dashboard", world))
    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-levy="安装监控"' in text and "1 / 3" in text and "33.3%" in text
    assert len(response.context["outstanding"]) == 2


@pytest.mark.parametrize("name", ["dashboard", "payments", "levy", "fund"])
def test_pages_take_a_constant_number_of_queries(
    world, ledger, login, django_assert_max_num_queries, count_queries, name
):
    client = login(world.observer)
    kwargs = {"levy": {"pk": ledger.levy.pk}, "fund": {"pk": ledger.fund.pk}}.get(name, {})

    def page():
        assert client.get(url(name, world, **kwargs)).status_code == 200

    few = count_queries(page)
    make_households(world.compound, range(900, 930), renovated=True)
    more = services.levy_create(
        compound=world.compound,
        purpose="再来一项",
        amount=Decimal("5"),
        fund=ledger.fund,
        actor=world.treasurer,
    ).levy
    for charge in list(more.charges.all())[:25]:
        pay(charge, "5.00")
    for charge in ledger.charges:
        pay(charge)
    with django_assert_max_num_queries(few + 2):
        assert client.get(url(name, world, **kwargs)).status_code == 200


def test_dashboard_figures_are_cached_but_a_new_payment_shows_at_once(
    world, ledger, login, count_queries, shared_cache
):
    client = login(world.observer)

    def dashboard_shows(figure):
        def get():
            assert figure in client.get(url("dashboard", world)).content.decode()

        return get

    assert "0 / 3" in client.get(url("dashboard", world)).content.decode()
    warm = count_queries(dashboard_shows("0 / 3"))
    pay(ledger.charges[0])
    cold = count_queries(dashboard_shows("1 / 3"))
    assert warm < cold
    assert len(client.get(url("dashboard", world)).context["outstanding"]) == 2


def test_income_form_records_a_donation_and_refuses_a_transfer_from_the_same_fund(world, ledger, login):
    client = login(world.treasurer)
    data = {
        "fund": ledger.fund.pk,
        "kind": "donation",
        "amount": "300",
        "donor_name": "",
        "received_on": "2026-03-01",
    }
    response = client.post(url("income_create", world), data)
    assert response.status_code == 302
    from funds.models import Income

    assert Income.objects.get().donor_name == ""  # anonymous
    bad = client.post(
        url("income_create", world), {**data, "kind": "transfer", "source_fund": ledger.fund.pk}
    )
    assert bad.status_code == 200 and bad.context["form"].errors
    assert Income.objects.count() == 1


def test_approval_form_records_the_votes_and_refuses_negative_votes(world, login):
    from funds.models import Approval

    client = login(world.treasurer)
    data = {
        "meeting_name": "业主大会",
        "decided_on": "2026-03-01",
        "votes_for": "40",
        "votes_against": "2",
        "votes_abstain": "1",
    }
    assert client.post(url("approval_create", world), {**data, "votes_against": "-1"}).status_code == 200
    assert not Approval.objects.exists()
    assert client.post(url("approval_create", world), data).status_code == 302
    assert Approval.objects.get().votes_for == 40
    page = client.get(url("approvals", world))
    assert "业主大会".encode() in page.content


def test_waiver_above_what_is_due_is_a_form_error(world, ledger, login):
    response = login(world.staff).post(
        url("waiver_request", world, pk=ledger.charges[0].pk), {"amount": "50.01", "reason": "困难"}
    )
    assert response.status_code == 200 and response.context["form"].errors["amount"]
    assert not Waiver.objects.exists()


def test_cancelling_a_levy_asks_for_confirmation_then_refunds(world, ledger, login):
    pay(ledger.charges[0])
    client = login(world.treasurer)
    assert client.get(url("levy_cancel", world, pk=ledger.levy.pk)).status_code == 200
    assert client.post(url("levy_cancel", world, pk=ledger.levy.pk), {"reason": ""}).status_code == 200
    ledger.levy.refresh_from_db()
    assert ledger.levy.cancelled_at is None
    client.post(url("levy_cancel", world, pk=ledger.levy.pk), {"reason": "业主大会否决"})
    ledger.levy.refresh_from_db()
    assert ledger.levy.cancelled_at is not None and Reversal.objects.count() == 1


def test_closing_a_levy_with_a_surplus_needs_a_fund_and_an_approval(world, ledger, login):
    pay(ledger.charges[0])
    client = login(world.treasurer)
    response = client.post(url("levy_close", world, pk=ledger.levy.pk), {})
    assert response.status_code == 200 and response.context["form"].errors
    ledger.levy.refresh_from_db()
    assert ledger.levy.closed_at is None


def test_settings_threshold_is_the_admins(world, login):
    """The threshold is the funds section of the community settings page (the route moved from funds)."""
    from funds.queries import fund_settings_for

    settings_url = reverse("communities:settings", args=[world.home.slug])
    good = {"section": "funds", "funds-expense_approval_threshold": "500"}
    assert login(world.admin).post(settings_url, good).status_code == 302
    assert fund_settings_for(world.home).expense_approval_threshold == Decimal("500.00")
    bad = login(world.admin).post(
        settings_url, {"section": "funds", "funds-expense_approval_threshold": "-1"}
    )
    forms = {section.key: form for section, form in bad.context["sections"]}
    assert bad.status_code == 200 and forms["funds"].errors
    assert fund_settings_for(world.home).expense_approval_threshold == Decimal("500.00")
    assert login(world.treasurer).post(settings_url, good).status_code == 403
