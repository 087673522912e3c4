"""Issue 10, item 9: the publish page lists the entries recorded after a snapshot was published but dated on
or before its publication day (a paper receipt entered late, an expense entered late): the published issue
missed them. Each shows as "entered after issue N", with a link to add a dated correction to that issue."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse

from funds import queries, services
from funds.models import Income

D = Decimal
# 10:00 on 1 October 2026 in Shanghai.
PUBLISHED = datetime.datetime(2026, 10, 1, 2, 0, tzinfo=datetime.UTC)


def publish_on(moment, **ledger):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        return services.snapshot_publish(period="2026年9月", actor=None, **ledger)


def record(charge, key, day):
    return services.payment_record(
        charge=charge, amount=D("50.00"), method="cash", actor=None, idempotency_key=key, paid_on=day
    )


def section(html: str, start: str) -> str:
    """The page from the heading `start` to the next heading (h2 or h3)."""
    begin = html.index(start)
    ends = [end for end in (html.find("<h2", begin), html.find("<h3", begin)) if end != -1]
    return html[begin : min(ends) if ends else None]


@pytest.fixture
def en(login):
    def _get(user, url):
        return login(user).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    return _get


def test_fix_09_the_levy_publish_page_lists_entries_dated_before_an_issue_but_entered_after_it(
    world, ledger, en
):
    with mock.patch("django.utils.timezone.now", return_value=PUBLISHED - datetime.timedelta(days=1)):
        before = record(ledger.charges[0], "in-issue", datetime.date(2026, 9, 20))
    issue_1 = publish_on(PUBLISHED, levy=ledger.levy)
    # Entered now (30 November), dated on or before 1 October: issue 1 missed them.
    late = record(ledger.charges[1], "late", datetime.date(2026, 9, 30))
    same_day = record(ledger.charges[2], "same-day", datetime.date(2026, 10, 1))
    late_expense = services.expense_record(
        fund=ledger.fund,
        levy=ledger.levy,
        payee="安防公司",
        purpose="摄像头定金",
        amount=D("30.00"),
        spent_on=datetime.date(2026, 9, 28),
        actor=world.treasurer,
    )
    # Dated after the publication day: it belongs to a later issue, nothing was missed.
    services.expense_record(
        fund=ledger.fund,
        levy=ledger.levy,
        payee="广告部",
        purpose="提示牌",
        amount=D("10.00"),
        spent_on=datetime.date(2026, 10, 2),
        actor=world.treasurer,
    )

    html = en(world.treasurer, reverse("funds:publish_levy", args=[world.home.slug, ledger.levy.pk]))
    listed = section(html, "entered after issue 1")
    for payment in (late, same_day):
        assert f"No. {payment.receipt_number:06d}" in listed
    assert f"No. {before.receipt_number:06d}" not in listed
    assert "2026-09-30" in listed and "2026-10-01" in listed
    assert "摄像头定金" in listed and "2026-09-28" in listed and "提示牌" not in listed
    assert late_expense.purpose in listed
    assert reverse("funds:snapshot_correct", args=[world.home.slug, issue_1.pk]) in listed

    # Issue 2, published now, holds them all: nothing is listed after it.
    services.snapshot_publish(levy=ledger.levy, period="2026年11月", actor=world.treasurer)
    html = en(world.treasurer, reverse("funds:publish_levy", args=[world.home.slug, ledger.levy.pk]))
    assert "entered after issue 2" not in html
    assert "entered after issue 1" in html


def test_fix_09_a_fund_ledger_lists_late_income_and_expenses(world, happiness_fund, en):
    with mock.patch("django.utils.timezone.now", return_value=PUBLISHED - datetime.timedelta(days=1)):
        services.income_record(
            fund=happiness_fund,
            kind=Income.Kind.DONATION,
            amount=D("500.00"),
            received_on=datetime.date(2026, 9, 1),
            actor=world.treasurer,
        )
    issue = publish_on(PUBLISHED, fund=happiness_fund)
    late_income = services.income_record(
        fund=happiness_fund,
        kind=Income.Kind.DONATION,
        amount=D("200.00"),
        donor_name="便民超市",
        received_on=datetime.date(2026, 9, 15),
        actor=world.treasurer,
    )
    services.expense_record(
        fund=happiness_fund,
        payee="超市",
        purpose="重阳节慰问品",
        amount=D("80.00"),
        spent_on=datetime.date(2026, 10, 1),
        actor=world.treasurer,
    )
    services.income_record(
        fund=happiness_fund,
        kind=Income.Kind.CONTRIBUTION,
        amount=D("70.00"),
        received_on=datetime.date(2026, 11, 1),
        actor=world.treasurer,
    )

    groups = queries.entered_after_publication(fund=happiness_fund)
    assert [group.snapshot.pk for group in groups] == [issue.pk]
    assert sorted(entry.amount for entry in groups[0].entries) == [D("80.00"), D("200.00")]
    assert {entry.day for entry in groups[0].entries} == {
        datetime.date(2026, 9, 15),
        datetime.date(2026, 10, 1),
    }

    html = en(world.treasurer, reverse("funds:publish_fund", args=[world.home.slug, happiness_fund.pk]))
    listed = section(html, "entered after issue 1")
    assert "¥200.00" in listed and "重阳节慰问品" in listed and "¥70.00" not in listed
    assert late_income.received_on.isoformat() in listed
    assert reverse("funds:snapshot_correct", args=[world.home.slug, issue.pk]) in listed


def test_fix_09_the_list_takes_a_constant_number_of_queries(world, ledger, count_queries, login):
    publish_on(PUBLISHED, levy=ledger.levy)
    publish_on(PUBLISHED + datetime.timedelta(days=7), levy=ledger.levy)
    url = reverse("funds:publish_levy", args=[world.home.slug, ledger.levy.pk])
    client = login(world.treasurer)
    shown = {}

    def page():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        shown["html"] = response.content.decode()

    record(ledger.charges[0], "one", datetime.date(2026, 9, 30))
    few = count_queries(page)
    record(ledger.charges[1], "two", datetime.date(2026, 9, 29))
    record(ledger.charges[2], "three", datetime.date(2026, 10, 3))
    assert count_queries(page) <= few
    # Both issues missed the first two; the third (dated after issue 1's day) only issue 2.
    assert section(shown["html"], "entered after issue 2").count("No. 00000") == 3
    assert section(shown["html"], "entered after issue 1").count("No. 00000") == 2
