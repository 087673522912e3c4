"""Another app records hours through one service, without a slot, and nothing else of the partners app: this
module imports `hours_record` and `hours_confirm` only (as needs will, for a delivery's labour)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from communities.errors import DomainError
from partners.services import hours_confirm, hours_record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def chen(world):
    from .volunteering import person

    return person(world)


def test_hours_recorded_from_another_app_wait_for_a_second_person_and_then_count(world, chen):
    day = timezone.localdate() - datetime.timedelta(days=2)
    entry = hours_record(
        partner=chen,
        date=day,
        hours="2.5",
        description="修好了2栋的楼道灯",
        source="needs.delivery",
        actor=world.staff,
    )
    assert (entry.slot, entry.activity, entry.source, entry.hours) == (
        None,
        None,
        "needs.delivery",
        Decimal("2.5"),
    )
    assert chen.hours_entries.filter(confirmation__isnull=False).count() == 0
    with pytest.raises(DomainError):
        hours_confirm(entry=entry, actor=world.staff)
    hours_confirm(entry=entry, actor=world.admin)
    assert chen.hours_entries.filter(confirmation__isnull=False).get() == entry


def test_hours_from_another_app_keep_the_24_hours_a_day_rule(world, chen):
    day = timezone.localdate()
    hours_record(
        partner=chen, date=day, hours="20", description="", source="needs.delivery", actor=world.staff
    )
    with pytest.raises(DomainError, match="24"):
        hours_record(
            partner=chen, date=day, hours="4.5", description="", source="needs.delivery", actor=world.staff
        )
