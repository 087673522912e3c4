"""Issue 10, item 7: a payment carries the date the money moved (`paid_on`): today by default, back-dating
allowed, never in the future (Asia/Shanghai). Income and expenses already carry theirs and refuse the future
too. Receipts, ledgers, the household page and the levy export show `paid_on` and sort by it; `recorded_at`
stays the audit time. The migration fills old payments from the local date of `recorded_at`, with the
append-only triggers suspended inside it only."""

import datetime
import io
from decimal import Decimal
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from PIL import Image

from communities.errors import DomainError
from funds import services
from funds.models import Expense, Income, Payment
from tests.test_append_only import (
    _table_triggers,
    assert_refused,
    one_ballot_with_its_void,
    one_handover,
    one_row_in_every_append_only_table,
)

from .conftest import pay

D = Decimal
UTC = datetime.UTC


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


def url(name, world, **kwargs):
    return reverse(f"funds:{name}", kwargs={"slug": world.home.slug, **kwargs})


def _tomorrow() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=1)


def pay_on(charge, day, key, amount="50.00", actor=None):
    return services.payment_record(
        charge=charge, amount=D(amount), method="cash", actor=actor, idempotency_key=key, paid_on=day
    )


def test_fix_07_a_payment_is_dated_today_by_default_and_never_in_the_future(world, ledger):
    today = pay(ledger.charges[0], actor=world.staff)
    assert today.paid_on == timezone.localdate()
    back = pay_on(ledger.charges[1], datetime.date(2026, 3, 5), "back", actor=world.treasurer)
    assert Payment.objects.get(pk=back.pk).paid_on == datetime.date(2026, 3, 5)
    with pytest.raises(DomainError) as refused:
        pay_on(ledger.charges[2], _tomorrow(), "future", actor=world.staff)
    assert refused.value.field == "paid_on"
    assert not Payment.objects.filter(charge=ledger.charges[2]).exists()


def test_fix_07_today_is_the_date_in_shanghai_not_in_utc(world, ledger):
    # 17:00 UTC on 30 November is 01:00 on 1 December in Shanghai.
    late = datetime.datetime(2026, 11, 30, 17, 0, tzinfo=UTC)
    with mock.patch("django.utils.timezone.now", return_value=late):
        payment = pay(ledger.charges[0], actor=world.staff)
        assert payment.paid_on == datetime.date(2026, 12, 1)
        pay_on(ledger.charges[1], datetime.date(2026, 12, 1), "shanghai-today")
        with pytest.raises(DomainError):
            pay_on(ledger.charges[2], datetime.date(2026, 12, 2), "shanghai-tomorrow")


def test_fix_07_income_and_expense_services_refuse_a_future_date(world, happiness_fund):
    with pytest.raises(DomainError) as refused:
        services.income_record(
            fund=happiness_fund,
            kind=Income.Kind.DONATION,
            amount=D("100.00"),
            received_on=_tomorrow(),
            actor=world.treasurer,
        )
    assert refused.value.field == "received_on"
    services.income_record(
        fund=happiness_fund,
        kind=Income.Kind.DONATION,
        amount=D("100.00"),
        received_on=timezone.localdate(),
        actor=world.treasurer,
    )
    with pytest.raises(DomainError) as refused:
        services.expense_record(
            fund=happiness_fund,
            payee="超市",
            purpose="奖品",
            amount=D("10.00"),
            spent_on=_tomorrow(),
            actor=world.treasurer,
        )
    assert refused.value.field == "spent_on"
    assert Income.objects.count() == 1 and not Expense.objects.exists()


def _photo() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, format="JPEG")
    return SimpleUploadedFile("receipt.jpg", out.getvalue(), content_type="image/jpeg")


def test_fix_07_the_forms_refuse_a_future_date(world, ledger, happiness_fund, login):
    tomorrow = _tomorrow().isoformat()
    staff = login(world.staff)
    form_page = staff.get(url("charge_pay", world, pk=ledger.charges[0].pk))
    # The payment form has the date, as an ISO date input, filled with today.
    assert 'type="date" name="paid_on"' in form_page.content.decode()
    assert form_page.context["form"]["paid_on"].value() == timezone.localdate()
    # In the ISO form a date input takes (not the language's 2026/11/30), so the browser shows it.
    assert f'value="{timezone.localdate().isoformat()}"' in form_page.content.decode()
    response = staff.post(
        url("charge_pay", world, pk=ledger.charges[0].pk),
        {"amount": "50.00", "method": "cash", "key": "k-future", "paid_on": tomorrow},
    )
    assert response.status_code == 200 and response.context["form"].errors["paid_on"]
    assert not Payment.objects.exists()

    treasurer = login(world.treasurer)
    response = treasurer.post(
        url("income_create", world),
        {"fund": happiness_fund.pk, "kind": "donation", "amount": "100", "received_on": tomorrow},
    )
    assert response.status_code == 200 and response.context["form"].errors["received_on"]
    response = treasurer.post(
        url("expense_create", world),
        {
            "fund": happiness_fund.pk,
            "payee": "超市",
            "purpose": "奖品",
            "amount": "10",
            "spent_on": tomorrow,
            "receipt_photo": _photo(),
        },
    )
    assert response.status_code == 200 and response.context["form"].errors["spent_on"]
    assert not Income.objects.exists() and not Expense.objects.exists()


def test_fix_07_a_back_dated_payment_shows_its_date_on_the_receipt_and_sorts_by_it(world, ledger, login):
    first = pay(ledger.charges[0], actor=world.staff)  # No. 000001, paid today
    client = login(world.treasurer)
    for charge, key, day in [
        (ledger.charges[1], "k-march", "2026-03-05"),
        (ledger.charges[2], "k-june", "2026-06-01"),
    ]:
        response = client.post(
            url("charge_pay", world, pk=charge.pk),
            {"amount": "50.00", "method": "cash", "key": key, "paid_on": day},
        )
        assert response.status_code == 302, response.context["form"].errors
    march = Payment.objects.get(charge=ledger.charges[1])
    june = Payment.objects.get(charge=ledger.charges[2])
    assert (march.receipt_number, march.paid_on) == (2, datetime.date(2026, 3, 5))
    assert (june.receipt_number, june.paid_on) == (3, datetime.date(2026, 6, 1))

    receipt = client.get(url("receipt", world, pk=march.pk)).content.decode()
    assert 'data-testid="paid-on">2026-03-05<' in receipt
    # The time it was recorded stays on the receipt as the audit time.
    recorded = timezone.localtime(march.recorded_at).strftime("%Y-%m-%d %H:%M")
    assert f'data-testid="recorded">{recorded}' in receipt
    check = client.get(reverse("funds_public:receipt_verify", args=[march.verify_token])).content.decode()
    assert "2026-03-05" in check

    # Newest money first: today's No. 1, then June's No. 3, then March's No. 2.
    def order(html: str) -> list[str]:
        numbers = ["No. 000001", "No. 000002", "No. 000003"]
        return sorted(numbers, key=html.index)

    assert order(client.get(url("payments", world)).content.decode()) == [
        "No. 000001",
        "No. 000003",
        "No. 000002",
    ]
    page = client.get(url("payments", world)).content.decode()
    assert "2026-03-05" in page and "2026-06-01" in page
    for charge in ledger.charges[1:]:
        household_page = client.get(url("household", world, pk=charge.household_id)).content.decode()
        assert Payment.objects.get(charge=charge).paid_on.isoformat() in household_page

    # The export lists payments by the date paid, oldest first, with that date.
    export = client.get(url("levy_export", world, pk=ledger.levy.pk), HTTP_ACCEPT_LANGUAGE="en")
    sheet = load_workbook(io.BytesIO(export.content)).worksheets[1]
    header, *rows = list(sheet.values)
    assert "date paid" in header
    column = header.index("date paid")
    assert [row[0] for row in rows] == [2, 3, first.receipt_number]
    assert str(rows[0][column])[:10] == "2026-03-05"


def test_fix_07_the_household_pages_list_payments_by_the_date_paid(world, ledger):
    from funds import sections

    recorded_first = pay_on(ledger.charges[0], datetime.date(2026, 5, 1), "h-1", amount="20.00")
    paid_first = pay_on(ledger.charges[0], datetime.date(2026, 1, 1), "h-2", amount="10.00")
    context = sections._household_context(None, ledger.charges[0].household)
    assert [p.pk for p in context["payments"]] == [recorded_first.pk, paid_first.pk]


# --- the migration ------------------------------------------------------------------------------------

BEFORE_FILL = [("funds", "0010_payment_paid_on_paper_receipt_no")]
FILLED = [("funds", "0011_payment_paid_on_fill")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_fix_07_the_migration_fills_paid_on_from_the_local_date_of_recorded_at_and_the_triggers_are_back(
    world,
):
    one_row_in_every_append_only_table(world)
    try:
        old = _migrate(BEFORE_FILL)
        OldPayment = old.get_model("funds", "Payment")
        existing = OldPayment.objects.get()

        def recorded_at(moment, number: int, key: str):
            with mock.patch("django.utils.timezone.now", return_value=moment):
                return OldPayment.objects.create(
                    community_id=world.home.pk,
                    charge_id=existing.charge_id,
                    levy_id=existing.levy_id,
                    household_id=existing.household_id,
                    amount=D("0.01"),
                    method="cash",
                    receipt_number=number,
                    idempotency_key=key,
                    verify_token=f"{key}-token",
                )

        # 2026-01-01 23:30 in Shanghai is 15:30 UTC: the money moved on 1 January, not on the UTC date.
        late = datetime.datetime(2026, 1, 1, 15, 30, tzinfo=UTC)
        evening = recorded_at(late, 2, "evening")
        # 16:30 UTC is already 2 January in Shanghai.
        after_midnight = recorded_at(late + datetime.timedelta(hours=1), 3, "after-midnight")
        # (The row written before migrating back keeps the date it had; only the empty ones are filled.)
        assert set(
            OldPayment.objects.filter(pk__in=[evening.pk, after_midnight.pk]).values_list(
                "paid_on", flat=True
            )
        ) == {None}

        # The data step alone (no post-migrate hook runs here): it puts the triggers back itself.
        filled = _migrate(FILLED).get_model("funds", "Payment")
        assert filled.objects.get(pk=evening.pk).paid_on == datetime.date(2026, 1, 1)
        assert filled.objects.get(pk=after_midnight.pk).paid_on == datetime.date(2026, 1, 2)
        assert filled.objects.get(pk=existing.pk).paid_on == timezone.localdate(existing.recorded_at)
        assert_refused("funds_payment")
    finally:
        call_command("migrate", verbosity=0)
    assert Payment.objects.get(idempotency_key="evening").paid_on == datetime.date(2026, 1, 1)
    assert Payment._meta.get_field("paid_on").null is False
    expected = {"postgresql": ("_append_only", "_no_truncate"), "sqlite": ("_no_update", "_no_delete")}
    suffixes = expected[connection.vendor]
    assert {f"funds_payment{suffix}" for suffix in suffixes} <= _table_triggers("funds_payment")
    from communities.append_only import registered_tables

    # Migrating back and forth made the later tables anew (empty): give them their row again.
    one_handover(world, Payment.objects.get(idempotency_key="k1"))
    one_ballot_with_its_void(world)
    for table in registered_tables():
        assert_refused(table)
