"""Me too, pledges and deliveries, coverage and the daily erasure of residents' contacts."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from communities.errors import DomainError
from communities.models import AuditEntry
from funds.models import Income
from needs import queries, services
from needs.models import CoverageMark, Delivery, MeToo, Need, State
from tests.factories import HouseholdFactory

from .helpers import fund, need, partner


def test_one_me_too_per_household_across_gate_and_browser_and_taking_it_back(world):
    n = need(world)
    browser = "a" * 64
    services.metoo_add(need=n, browser=browser)
    with pytest.raises(DomainError):
        services.metoo_add(need=n, browser=browser)
    # The same browser passes the gate: its row becomes the household's, still one.
    services.metoo_add(need=n, household=world.household, browser=browser)
    assert MeToo.objects.filter(need=n).count() == 1
    assert MeToo.objects.get(need=n).household == world.household
    # Through the gate on another phone: the household has said it already.
    with pytest.raises(DomainError):
        services.metoo_add(need=n, household=world.household, browser="z" * 64)
    # The browser alone cannot take back its household's me-too; the household can.
    with pytest.raises(DomainError):
        services.metoo_withdraw(need=n, browser=browser)
    services.metoo_withdraw(need=n, household=world.household)
    assert not MeToo.objects.filter(need=n).exists()
    other = HouseholdFactory(compound=world.compound, room="702")
    services.metoo_add(need=n, household=other)
    services.metoo_add(need=n, household=world.household)
    assert MeToo.objects.filter(need=n).count() == 2


def test_a_household_of_another_compound_and_unpublished_needs_take_no_me_too(world):
    n = need(world)
    with pytest.raises(DomainError):
        services.metoo_add(need=n, household=world.other_household)
    sent, _token = services.need_submit(compound=world.compound, title="路灯", category="safety")
    with pytest.raises(DomainError):
        services.metoo_add(need=sent, browser="q" * 64)


def test_money_is_delivered_as_a_donation_naming_the_partner_once_per_form(world):
    n = need(world, "幸福小屋")
    unit = partner(world, "咸宁市某局", form="organisation", public_naming=True)
    pledge = services.pledge_create(need=n, partner=unit, kind="money", amount="2000", actor=world.staff)
    happiness = fund(world)
    delivery = services.delivery_record(
        pledge=pledge, fund=happiness, amount=Decimal("2000"), idempotency_key="k1", actor=world.treasurer
    )
    income = delivery.income
    assert income.kind == Income.Kind.DONATION and income.donor_partner == unit and income.fund == happiness
    assert income.amount == Decimal("2000.00")
    # The same form posted twice records once.
    again = services.delivery_record(
        pledge=pledge, fund=happiness, amount=Decimal("2000"), idempotency_key="k1", actor=world.treasurer
    )
    assert again.pk == delivery.pk and Income.objects.count() == 1
    with pytest.raises(DomainError):
        services.delivery_record(
            pledge=pledge, amount=Decimal("1"), idempotency_key="k2", actor=world.treasurer
        )
    figures = queries.support_figures(n)
    assert figures["money"] == {"pledged": Decimal("2000.00"), "delivered": Decimal("2000.00")}


def test_one_delivery_per_income_line_in_the_database(world):
    from django.db import IntegrityError, transaction

    n = need(world)
    p = services.pledge_create(need=n, partner=partner(world), kind="money", amount="100", actor=world.staff)
    d = services.delivery_record(
        pledge=p, fund=fund(world), amount="100", idempotency_key="x", actor=world.treasurer
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(
            community=world.home,
            need=n,
            pledge=p,
            kind="money",
            income=d.income,
            amount=Decimal("100"),
            delivered_on=datetime.date.today(),
            idempotency_key="y",
        )


def test_materials_and_space_carry_quantity_and_value(world):
    n = need(world, "幸福小屋")
    paint = services.pledge_create(
        need=n,
        partner=partner(world, "某单位", form="organisation"),
        kind="materials",
        item="油漆",
        quantity="10",
        unit="桶",
        estimated_value="1500",
        note_private="私下备注",
        actor=world.staff,
    )
    with pytest.raises(DomainError) as refused:
        services.pledge_create(need=n, partner=partner(world, "张师傅"), kind="materials", actor=world.staff)
    assert refused.value.field == "item"
    services.delivery_record(
        pledge=paint, quantity="10", estimated_value="1500", idempotency_key="p", actor=world.staff
    )
    figures = queries.support_figures(n)
    assert figures["materials"] == {"pledged": Decimal("1500.00"), "delivered": Decimal("1500.00")}


def test_coverage_counts_households_and_people_with_unknown_sizes(world):
    n = need(world, "通天然气")
    sized = [HouseholdFactory(compound=world.compound, room=f"{600 + i}", residents=3) for i in range(3)]
    unknown = [HouseholdFactory(compound=world.compound, room=f"{700 + i}", residents=None) for i in range(2)]
    assert services.coverage_mark(need=n, households=sized + unknown + [sized[0]], actor=world.staff) == 5
    figures = queries.coverage_of([n])[n.pk]
    # 6 households in the compound (the world's own one, residents 3, is not reached)
    assert (figures.reached, figures.total, figures.people, figures.unknown) == (5, 6, 9, 2)
    services.coverage_unmark(need=n, household=unknown[0], actor=world.staff)
    assert CoverageMark.objects.filter(need=n).count() == 4
    assert AuditEntry.objects.filter(action="coverage.unmark").count() == 1
    with pytest.raises(DomainError):
        services.coverage_mark(need=n, households=[world.other_household], actor=world.staff)


def test_the_daily_job_erases_contacts_of_needs_closed_long_ago(world, settings):
    settings.HEHUO_NEED_CONTACT_DAYS = 90
    old, _t = services.need_submit(
        compound=world.compound, title="旧", category="other", name="王五", contact="13900001111"
    )
    recent, _t = services.need_submit(
        compound=world.compound, title="新", category="other", contact="13900002222"
    )
    still_open, _t = services.need_submit(
        compound=world.compound, title="开", category="other", contact="13900003333"
    )
    for n in (old, recent):
        services.need_review(need=n, publish=True, actor=world.staff)
        services.need_set_status(need=n, state=State.DECLINED, reason="重复", actor=world.staff)
    Need.objects.filter(pk=old.pk).update(state_since=timezone.now() - datetime.timedelta(days=91))
    Need.objects.filter(pk=still_open.pk).update(state_since=timezone.now() - datetime.timedelta(days=200))
    call_command("daily")
    old.refresh_from_db(), recent.refresh_from_db(), still_open.refresh_from_db()
    assert (old.contact_private, old.submitter_name) == ("", "") and old.contact_erased_at
    assert recent.contact_private == "13900002222"
    assert still_open.contact_private == "13900003333"
    assert old.title == "旧" and old.state == State.DECLINED
    assert services.needs_contacts_erase().startswith("erased the contact of 0")
