"""Two sign-ups racing for the last place of a slot: one wins (PostgreSQL row locks on the slot)."""

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext

from partners import services
from partners.models import SignUp
from tests.conftest import skip_unless
from tests.funds.test_concurrency import _race

from .volunteering import one_off, person


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sign_ups_for_the_last_place_one_wins(world):
    skip_unless(connection.vendor == "postgresql", "row locks need PostgreSQL")
    _activity, slot = one_off(world, capacity=2)
    services.signup_create(slot=slot, partner=person(world, "先来的", "13800000100"), actor=world.staff)
    racers = [person(world, "陈昌秀", "13800000101"), person(world, "王丽", "13800000102")]

    def sign_up(i):
        return services.signup_create(slot=slot, partner=racers[i], via=SignUp.Via.LINK)

    results, errors = _race(sign_up, 2)
    assert len(results) == 1 and len(errors) == 1
    # (the threads speak the default language)
    with translation.override(settings.LANGUAGE_CODE):
        full = gettext("This slot is full: all %(n)s places are taken. Choose another slot.") % {"n": 2}
    assert str(errors[0]) == full
    assert SignUp.objects.filter(slot=slot).count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_check_ins_of_one_person_on_one_day_never_pass_24_hours_together(world):
    skip_unless(connection.vendor == "postgresql", "row locks need PostgreSQL")
    import datetime

    from .volunteering import started_slot

    chen = person(world)
    slots = [
        started_slot(world, start=datetime.time(0, 0), end=datetime.time(13, 0), title="上午"),
        started_slot(world, start=datetime.time(11, 0), end=datetime.time(23, 59), title="下午"),
    ]
    users = [world.staff, world.admin]

    def check_in(i):
        return services.checkin_record(slot=slots[i], actor=users[i], ticked=[(chen, "13")])

    results, errors = _race(check_in, 2)
    assert len(results) == 1 and len(errors) == 1 and "24" in str(errors[0])
