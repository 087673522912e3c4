"""Labour delivered against a pledge as a person's hours: an activity's check-in linked, or new hours recorded
through partners' hours_record; one delivery per hours entry (the service and the database); hours count on the
need once a second member of staff confirms them and not after a reversal; the staff form and the need page."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from communities.errors import DomainError
from needs import queries, services
from needs.models import Delivery, Need
from partners import services as partners_services
from partners.models import HoursEntry
from tests.partners.volunteering import organisation, person, started_slot

from .helpers import need


def counts_once() -> str:
    """The refusal of a second delivery on the same hours, as the (Chinese) user reads it."""
    from needs.services.labour import already_backing

    with override("zh-hans"):
        return already_backing()


def url(name, world, **kwargs):
    return reverse(f"needs:{name}", kwargs={"slug": world.home.slug, **kwargs})


def labour_pledge(world, partner, n=None, hours="6"):
    n = n or need(world, "幸福小屋")
    return services.pledge_create(need=n, partner=partner, kind="labour", hours=hours, actor=world.staff)


def check_in(world, partner, *, confirm=True):
    """The partner's hours from an activity's check-in (3 hours, yesterday), confirmed by a second person."""
    slot = started_slot(world)
    [entry] = partners_services.checkin_record(slot=slot, actor=world.staff, ticked=[(partner, None)])
    if confirm:
        partners_services.hours_confirm(slot=slot, actor=world.admin)
    return entry


def test_labour_delivered_by_linking_a_check_in_of_the_pledging_person(world):
    painter = person(world)
    pledge = labour_pledge(world, painter)
    entry = check_in(world, painter)
    delivery = services.delivery_record(
        pledge=pledge, hours_entry=entry, idempotency_key="k1", actor=world.staff
    )
    assert delivery.hours_entry == entry and delivery.hours == Decimal("3.0")
    assert delivery.delivered_on == entry.date  # the check-in's own day
    assert HoursEntry.objects.count() == 1  # linked, nothing recorded twice
    figures = queries.support_figures(pledge.need)
    assert figures["labour"] == {"pledged": Decimal("6.00"), "delivered": Decimal("3.0")}


def test_labour_recorded_through_hours_record_counts_only_once_confirmed(world):
    painter = person(world)
    pledge = labour_pledge(world, painter)
    day = timezone.localdate() - datetime.timedelta(days=2)
    delivery = services.delivery_record(
        pledge=pledge,
        hours="4.5",
        description="粉刷墙面",
        delivered_on=day,
        idempotency_key="k1",
        actor=world.staff,
    )
    entry = delivery.hours_entry
    assert entry.partner == painter and entry.date == day and entry.hours == Decimal("4.5")
    assert entry.source == f"needs.need:{pledge.need_id}" and entry.recorded_by == world.staff
    # Recorded, waiting for a second member of staff: not delivered yet.
    assert queries.support_figures(pledge.need)["labour"]["delivered"] == Decimal("0")
    assert queries.delivered_by_pledge([pledge]) == {}
    # The same form posted again records once.
    again = services.delivery_record(pledge=pledge, hours="4.5", idempotency_key="k1", actor=world.staff)
    assert again.pk == delivery.pk and HoursEntry.objects.count() == 1
    with pytest.raises(DomainError):  # whoever records does not confirm
        partners_services.hours_confirm(entry=entry, actor=world.staff)
    partners_services.hours_confirm(entry=entry, actor=world.admin)
    assert queries.support_figures(pledge.need)["labour"]["delivered"] == Decimal("4.5")
    assert queries.delivered_by_pledge([pledge]) == {pledge.pk: Decimal("4.5")}
    # Reversed: it stops counting on the need too.
    partners_services.hours_reverse(entry=entry, reason="记错了人", actor=world.admin)
    assert queries.support_figures(pledge.need)["labour"]["delivered"] == Decimal("0")


def test_an_hours_entry_backs_one_delivery_only(world):
    painter = person(world)
    entry = check_in(world, painter)
    first = labour_pledge(world, painter)
    services.delivery_record(pledge=first, hours_entry=entry, idempotency_key="a", actor=world.staff)
    second = labour_pledge(world, painter, need(world, "楼道粉刷"))
    with pytest.raises(DomainError) as refused:
        services.delivery_record(pledge=second, hours_entry=entry, idempotency_key="b", actor=world.staff)
    assert refused.value.field == "hours_entry" and refused.value.message == counts_once()
    assert Delivery.objects.filter(hours_entry=entry).count() == 1
    # The database refuses it too (one-to-one).
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(
            community=world.home,
            need=second.need,
            pledge=second,
            kind="labour",
            hours_entry=entry,
            hours=entry.hours,
            delivered_on=entry.date,
            idempotency_key="c",
        )
    # And a labour delivery always has its entry, only labour has one.
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(
            community=world.home,
            need=second.need,
            pledge=second,
            kind="labour",
            hours=Decimal("2"),
            delivered_on=entry.date,
            idempotency_key="d",
        )


def test_the_database_refusal_of_a_second_delivery_becomes_the_message(world, monkeypatch):
    """Two staff linking the same entry at once: the one-to-one refuses the second, shown as the message."""
    painter = person(world)
    entry = check_in(world, painter)
    services.delivery_record(
        pledge=labour_pledge(world, painter), hours_entry=entry, idempotency_key="a", actor=world.staff
    )
    # The other delivery committed after this one's check looked: the check passes, the database refuses.
    monkeypatch.setattr("needs.services.support.labour_entry", lambda **kwargs: entry)
    second = labour_pledge(world, painter, need(world, "楼道粉刷"))
    with pytest.raises(DomainError) as refused:
        services.delivery_record(pledge=second, hours_entry=entry, idempotency_key="b", actor=world.staff)
    assert refused.value.message == counts_once()
    assert Delivery.objects.filter(pledge=second).count() == 0


def test_another_persons_hours_and_an_organisation_are_refused(world):
    painter, neighbour = person(world), person(world, "吴志强", "13800000002")
    pledge = labour_pledge(world, painter)
    theirs = check_in(world, neighbour)
    with pytest.raises(DomainError) as refused:
        services.delivery_record(pledge=pledge, hours_entry=theirs, idempotency_key="a", actor=world.staff)
    assert refused.value.field == "hours_entry" and "吴志强" in refused.value.message
    unit = organisation(world)
    unit_pledge = labour_pledge(world, unit)
    with pytest.raises(DomainError) as refused:
        services.delivery_record(pledge=unit_pledge, hours="3", idempotency_key="b", actor=world.staff)
    assert unit.name in refused.value.message and refused.value.field == "hours"
    assert not Delivery.objects.exists() and HoursEntry.objects.count() == 1


def test_staff_deliver_labour_on_the_form_and_the_need_shows_the_hours(world, login):
    painter = person(world)
    pledge = labour_pledge(world, painter)
    entry = check_in(world, painter, confirm=False)
    staff = login(world.staff)
    path = url("delivery_create", world, pk=pledge.need_id, pledge_pk=pledge.pk)
    form = staff.get(path).content.decode()
    assert 'name="hours_entry"' in form and f'value="{entry.pk}"' in form and 'name="hours"' in form
    assert 'name="fund"' not in form and 'name="estimated_value"' not in form
    assert staff.post(path, {"key": "f1", "hours_entry": entry.pk}).status_code == 302
    page = staff.get(url("need", world, pk=pledge.need_id)).content.decode()
    assert "data-hours-state" in page and "3 小时" in page
    assert "认领 6 小时 · 已兑现 0" in page  # waiting for confirmation: not counted yet
    # The linked entry is not offered again; new hours are recorded with the form.
    form = staff.get(path).content.decode()
    assert f'value="{entry.pk}"' not in form
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = staff.post(path, {"key": "f2", "delivered_on": yesterday, "hours": "2", "description": "收尾"})
    assert response.status_code == 302
    for waiting in HoursEntry.objects.filter(partner=painter):
        partners_services.hours_confirm(entry=waiting, actor=world.admin)
    page = staff.get(url("need", world, pk=pledge.need_id)).content.decode()
    assert "认领 6 小时 · 已兑现 5" in page
    # Neither hours nor a chosen entry: the form says so.
    response = staff.post(path, {"key": "f3", "delivered_on": yesterday})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert Delivery.objects.filter(pledge=pledge).count() == 2


def test_another_communitys_hours_entry_is_no_choice(world, login):
    painter = person(world)
    pledge = labour_pledge(world, painter)
    stranger = person(
        world,
        "外人",
        "13800000009",
        community=world.other,
        compound=world.other_compound,
        actor=world.outsider,
    )
    foreign = partners_services.hours_record(
        partner=stranger,
        date=timezone.localdate(),
        hours="2",
        description="x",
        source="test",
        actor=world.outsider,
    )
    path = url("delivery_create", world, pk=pledge.need_id, pledge_pk=pledge.pk)
    response = login(world.staff).post(path, {"key": "f1", "hours_entry": foreign.pk})
    assert response.status_code == 200 and not Delivery.objects.exists()
    with pytest.raises(DomainError):
        services.delivery_record(pledge=pledge, hours_entry=foreign, idempotency_key="a", actor=world.staff)


@pytest.mark.django_db
def test_the_demo_hut_shows_residents_labour_delivered_as_confirmed_hours(client):
    call_command("load_demo")
    hut = Need.objects.get(title="把熊爹爹的车库改成幸福小屋")
    labour = hut.deliveries.filter(kind="labour").select_related("hours_entry__confirmation")
    assert labour.count() == 3
    for delivery in labour:
        entry = delivery.hours_entry
        assert entry.recorded_by.username == "sl_staff"
        assert entry.confirmation.confirmed_by.username == "sl_admin"
    assert queries.support_figures(hut)["labour"] == {
        "pledged": Decimal("24.00"),
        "delivered": Decimal("24.0"),
    }
    page = client.get(reverse("needs_public:need", args=[hut.compound.public_token, hut.pk])).content.decode()
    assert "认领 24 小时 · 已兑现 24" in page
