"""Issue 10, item 10: cash handover. Staff collect cash door to door; a page shows the payments each staff
member recorded, per day and method, with totals (staff see their own, the treasurer all). The treasurer
records a handover of what a collector gave them: an append-only row covering those cash payments, each
handed over at most once, for exactly their amount. Cash not yet handed over shows on the funds dashboard and,
for treasurers, in the `waiting` slot."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation

from communities.errors import DomainError
from communities.models import AuditEntry, Role
from funds import services
from funds.models import Handover, HandoverItem, Payment
from tests.conftest import skip_unless
from tests.factories import MembershipFactory, UserFactory

from .test_concurrency import _race

D = Decimal
MARCH_5 = datetime.date(2026, 3, 5)
MARCH_6 = datetime.date(2026, 3, 6)


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def collector2(world):
    """A second staff member who collects too."""
    user = UserFactory(username="collector_two")
    MembershipFactory(community=world.home, user=user, role=Role.STAFF)
    return user


def record(charge, *, actor, amount="50.00", method="cash", day=MARCH_5, key=None):
    return services.payment_record(
        charge=charge,
        amount=D(amount),
        method=method,
        actor=actor,
        idempotency_key=key or f"{actor.pk}-{charge.pk}-{amount}-{method}-{day}",
        paid_on=day,
    )


def url(name, world, **kwargs):
    return reverse(f"funds:{name}", kwargs={"slug": world.home.slug, **kwargs})


def row(html: str, key: str) -> str:
    """The table row of the cash page for `collector|day|method`."""
    match = re.search(rf'<tr data-collected="{re.escape(key)}">(.*?)</tr>', html, re.S)
    assert match, f"no row {key}"
    return match.group(1)


def get(client, address) -> str:
    response = client.get(address, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def test_fix_10_the_cash_page_shows_each_collectors_payments_per_day_and_method(
    world, ledger, collector2, login
):
    record(ledger.charges[0], actor=world.staff, amount="30.00")
    record(ledger.charges[0], actor=world.staff, amount="20.00", key="second")
    record(ledger.charges[1], actor=world.staff, method="wechat")
    record(ledger.charges[2], actor=world.staff, amount="10.00", day=MARCH_6)
    record(ledger.charges[2], actor=collector2, amount="40.00")

    # Staff see their own collection only.
    html = get(login(world.staff), url("cash", world))
    cash = row(html, "staff_home|2026-03-05|cash")
    assert ">2<" in cash and "¥50.00" in cash  # two payments, ¥50.00
    assert "¥50.00" in row(html, "staff_home|2026-03-05|wechat")
    assert "¥10.00" in row(html, "staff_home|2026-03-06|cash")
    assert "collector_two" not in html
    assert 'data-total="cash">¥60.00<' in html and 'data-total="all">¥110.00<' in html

    # The treasurer sees every collector, and what each has not handed over yet.
    html = get(login(world.treasurer), url("cash", world))
    assert "¥40.00" in row(html, "collector_two|2026-03-05|cash")
    assert 'data-total="all">¥150.00<' in html
    assert re.search(r'data-waiting-cash="staff_home">[^<]*¥60\.00', html)
    assert re.search(r'data-waiting-cash="collector_two">[^<]*¥40\.00', html)


def test_fix_10_the_treasurer_records_a_handover_and_the_cash_is_settled(world, ledger, login):
    first = record(ledger.charges[0], actor=world.staff, amount="50.00")
    second = record(ledger.charges[1], actor=world.staff, amount="20.00")
    record(ledger.charges[2], actor=world.staff, method="wechat")
    client = login(world.treasurer)
    # The collector is named by their user id (one who has left the community can still hand over).
    address = url("handover_create", world, pk=world.staff.pk)

    page = get(client, address)
    for payment in (first, second):
        assert f"No. {payment.receipt_number:06d}" in page
    assert page.count('name="payments"') == 2  # the WeChat payment is no cash to hand over

    wrong = client.post(
        address,
        {"payments": [first.pk, second.pk], "amount": "60.00", "handed_on": timezone.localdate().isoformat()},
    )
    assert wrong.status_code == 200 and wrong.context["form"].errors["amount"]
    assert not Handover.objects.exists()

    response = client.post(
        address,
        {
            "payments": [first.pk, second.pk],
            "amount": "70.00",
            "handed_on": timezone.localdate().isoformat(),
            "note": "现金",
        },
    )
    assert response.status_code == 302 and response["Location"] == url("cash", world)
    handover = Handover.objects.get()
    assert (handover.collector, handover.received_by, handover.amount) == (
        world.staff,
        world.treasurer,
        D("70.00"),
    )
    assert handover.community == world.home
    assert set(handover.items.values_list("payment_id", flat=True)) == {first.pk, second.pk}
    assert AuditEntry.objects.filter(action="handover.record", community=world.home).exists()

    html = get(client, url("cash", world))
    assert 'data-waiting-cash="staff_home"' not in html
    assert "¥70.00" in html  # the handover is listed
    assert get(client, address).count('name="payments"') == 0


def test_fix_10_the_service_refuses_what_is_not_this_collectors_cash_to_hand_over(world, ledger):
    cash = record(ledger.charges[0], actor=world.staff, amount="20.00")
    wechat = record(ledger.charges[0], actor=world.staff, method="wechat", amount="10.00")
    others = record(ledger.charges[1], actor=world.observer, amount="50.00")
    reversed_ = record(ledger.charges[2], actor=world.staff, amount="50.00")
    services.payment_reverse(payment=reversed_, reason="记错", actor=world.treasurer)
    today = timezone.localdate()

    def hand_over(payments, amount, **kwargs):
        options = {"collector": world.staff, "handed_on": today, "actor": world.treasurer, **kwargs}
        return services.handover_record(community=world.home, payments=payments, amount=D(amount), **options)

    refusals = [
        ([cash, wechat], "30.00", {}),  # not cash
        ([cash, others], "70.00", {}),  # recorded by someone else
        ([cash, reversed_], "70.00", {}),  # reversed
        ([cash], "25.00", {}),  # not the amount of the payments
        ([], "0.01", {}),  # nothing chosen
        ([cash], "20.00", {"handed_on": today + datetime.timedelta(days=1)}),  # in the future
        ([cash], "20.00", {"handed_on": MARCH_5 - datetime.timedelta(days=1)}),  # before the money came in
        ([cash], "20.00", {"actor": world.staff}),  # a collector cannot receive their own cash
    ]
    for payments, amount, kwargs in refusals:
        with pytest.raises(DomainError):
            hand_over(payments, amount, **kwargs)
    assert not Handover.objects.exists()

    hand_over([cash], "20.00")
    with pytest.raises(DomainError):
        hand_over([cash], "20.00")  # handed over already
    assert Handover.objects.count() == 1


def test_fix_10_a_payment_is_handed_over_at_most_once_and_handovers_are_append_only(world, ledger):
    cash = record(ledger.charges[0], actor=world.staff)
    handover = services.handover_record(
        community=world.home,
        collector=world.staff,
        payments=[cash],
        amount=D("50.00"),
        handed_on=MARCH_5,
        actor=world.treasurer,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        HandoverItem.objects.create(community=world.home, handover=handover, payment=cash)
    for table in ("funds_handover", "funds_handoveritem"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - a constant table name
    assert Handover.objects.count() == 1 and HandoverItem.objects.count() == 1


def test_fix_10_cash_not_handed_over_shows_on_the_dashboard_and_in_the_treasurers_waiting_list(
    world, ledger, login
):
    cash = record(ledger.charges[0], actor=world.staff, amount="50.00")
    treasurer = login(world.treasurer)
    dashboard = get(treasurer, url("dashboard", world))
    assert re.search(r'data-waiting-cash="staff_home">[^<]*¥50\.00', dashboard)
    home = get(treasurer, reverse("communities:home", args=[world.home.slug]))
    assert 'data-waiting="funds.cash"' in home and "¥50.00" in home
    assert url("cash", world) in home

    staff_home = get(login(world.staff), reverse("communities:home", args=[world.home.slug]))
    assert 'data-waiting="funds.cash"' not in staff_home

    services.handover_record(
        community=world.home,
        collector=world.staff,
        payments=[cash],
        amount=D("50.00"),
        handed_on=timezone.localdate(),
        actor=world.treasurer,
    )
    treasurer = login(world.treasurer)
    assert 'data-waiting="funds.cash"' not in get(
        treasurer, reverse("communities:home", args=[world.home.slug])
    )
    assert "data-waiting-cash" not in get(treasurer, url("dashboard", world))


def test_fix_10_the_cash_page_takes_a_constant_number_of_queries(world, ledger, login, count_queries):
    client = login(world.treasurer)
    record(ledger.charges[0], actor=world.staff, amount="10.00")

    def page():
        assert client.get(url("cash", world)).status_code == 200

    few = count_queries(page)
    for i, charge in enumerate(ledger.charges):
        record(
            charge, actor=world.staff, amount="5.00", day=MARCH_5 + datetime.timedelta(days=i), key=f"m{i}"
        )
        record(charge, actor=world.admin, amount="5.00", method="alipay", key=f"a{i}")
    assert count_queries(page) <= few


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fix_10_two_handovers_of_the_same_cash_at_once_record_one(world, ledger):
    skip_unless(connection.vendor == "postgresql", "row locks need PostgreSQL")
    payments = [record(charge, actor=world.staff, amount="50.00") for charge in ledger.charges]
    n = 4
    done, refused = _race(
        lambda i: services.handover_record(
            community=world.home,
            collector=world.staff,
            payments=payments,
            amount=D("150.00"),
            handed_on=MARCH_5,
            actor=world.treasurer,
        ),
        n,
    )
    assert len(done) == 1 and len(refused) == n - 1
    assert HandoverItem.objects.count() == 3
    assert Payment.objects.filter(handover_item__isnull=True).count() == 0
