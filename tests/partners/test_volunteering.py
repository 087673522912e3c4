"""Volunteering services: activities and rotas, sign-ups with their capacity, check-in with the 24-hour rule,
confirmation by a second staff member, reversals, and what counts (confirmed minus reversed)."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone, translation

from communities.errors import DomainError
from partners import queries, services
from partners.models import (
    Activity,
    HoursConfirmation,
    HoursEntry,
    HoursReversal,
    Partner,
    SignUp,
    Slot,
)
from partners.services.volunteering import ROTA_DAYS
from tests.funds.test_append_only import _raw

from .volunteering import one_off, organisation, person, rota, started_slot

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The services' messages in English (the source strings), whatever the default language."""
    with translation.override("en"):
        yield


# --- activities and rotas --------------------------------------------------------------------------


def test_a_one_off_activity_has_one_slot_of_its_length_with_aware_times(world):
    activity, slot = one_off(world, start=datetime.time(9, 0), end=datetime.time(12, 0), capacity=6)
    assert slot.capacity == 6 and slot.hours == Decimal("3.0")
    local = timezone.localtime(slot.starts_at)
    assert (local.hour, str(local.tzinfo)) == (9, "Asia/Shanghai")
    assert slot.date == activity.date


def test_a_rota_makes_four_weeks_of_slots_on_its_weekdays(world):
    tutoring = rota(
        world, weekdays="24", start=datetime.time(19, 0), end=datetime.time(20, 30), title="作业辅导"
    )
    slots = list(Slot.objects.filter(activity=tutoring))
    today = timezone.localdate()
    expected = [today + datetime.timedelta(n) for n in range(ROTA_DAYS)]
    assert [s.date for s in slots] == [d for d in expected if d.isoweekday() in (2, 4)]
    assert len(slots) == 8 and all(s.hours == Decimal("1.5") for s in slots)


def test_manage_py_daily_extends_a_rota_and_a_second_run_changes_nothing(world, monkeypatch):
    osmanthus = rota(world)
    assert Slot.objects.filter(activity=osmanthus).count() == ROTA_DAYS
    week_later = timezone.localdate() + datetime.timedelta(days=7)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: week_later)
    call_command("daily")
    last = week_later + datetime.timedelta(days=ROTA_DAYS - 1)
    assert Slot.objects.filter(activity=osmanthus).count() == ROTA_DAYS + 7
    assert Slot.objects.filter(activity=osmanthus).latest("date").date == last
    call_command("daily")
    assert Slot.objects.filter(activity=osmanthus).count() == ROTA_DAYS + 7


def test_editing_a_rota_changes_only_future_slots_nobody_signed_up_for(world):
    osmanthus = rota(world, weekdays="1234567")
    chen = person(world)
    kept = Slot.objects.filter(activity=osmanthus).order_by("date")[3]
    services.signup_create(slot=kept, partner=chen, actor=world.staff)
    services.activity_update(
        activity=osmanthus,
        actor=world.staff,
        start_time=datetime.time(19, 0),
        end_time=datetime.time(19, 30),
        capacity=4,
    )
    slots = Slot.objects.filter(activity=osmanthus)
    assert slots.count() == ROTA_DAYS  # one slot a day still, the signed-up day keeps its own
    kept.refresh_from_db()
    assert timezone.localtime(kept.starts_at).hour == 18 and kept.capacity == 2
    assert SignUp.objects.filter(slot=kept, partner=chen).exists()
    # Today's slot keeps its time once it has started; every other future one moved.
    others = slots.exclude(pk=kept.pk).exclude(date=timezone.localdate(), starts_at__lte=timezone.now())
    assert {timezone.localtime(s.starts_at).hour for s in others} == {19}
    assert {s.capacity for s in others} == {4}


def test_an_activity_refuses_a_wrong_pattern_and_the_database_refuses_no_capacity(world):
    with pytest.raises(DomainError) as error:
        rota(world, weekdays="")
    assert error.value.field == "weekdays"
    with pytest.raises(DomainError) as error:
        one_off(world, start=datetime.time(12, 0), end=datetime.time(9, 0))
    assert error.value.field == "end_time"
    with pytest.raises(DomainError) as error:
        one_off(world, capacity=0)
    assert error.value.field == "capacity"
    activity, slot = one_off(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.objects.filter(pk=slot.pk).update(capacity=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=activity.pk).update(capacity=0)


# --- sign-ups --------------------------------------------------------------------------------------


def test_a_full_slot_refuses_another_sign_up_with_a_clear_message(world):
    _activity, slot = one_off(world, capacity=1)
    services.signup_create(slot=slot, partner=person(world), actor=world.staff)
    with pytest.raises(DomainError, match="full"):
        services.signup_create(slot=slot, partner=person(world, "王丽", "13800000002"), actor=world.staff)
    assert SignUp.objects.filter(slot=slot).count() == 1


def test_a_partner_signs_up_once_and_cancels_until_the_slot_starts(world):
    _activity, slot = one_off(world)
    chen = person(world)
    signup = services.signup_create(slot=slot, partner=chen, via=SignUp.Via.LINK)
    with pytest.raises(DomainError, match="already"):
        services.signup_create(slot=slot, partner=chen, via=SignUp.Via.LINK)
    services.signup_cancel(signup=signup)
    assert not SignUp.objects.filter(slot=slot).exists()
    past = started_slot(world)
    with pytest.raises(DomainError, match="started"):
        services.signup_create(slot=past, partner=chen, actor=world.staff)
    late = SignUp.objects.create(community=world.home, slot=past, partner=chen, via="staff")
    with pytest.raises(DomainError, match="started"):
        services.signup_cancel(signup=late)
    assert SignUp.objects.filter(pk=late.pk).exists()


def test_the_link_shows_and_signs_up_for_the_own_compound_only(world):
    from tests.factories import CompoundFactory

    elsewhere = CompoundFactory(community=world.home, name="嫦娥小区")
    _activity, theirs = one_off(world, compound=elsewhere, title="别的小区")
    _activity, community_wide = one_off(world, compound=None, title="社区大扫除")
    _activity, own = one_off(world)
    chen = person(world)
    assert [s.pk for s in queries.open_slots_for(chen)] == sorted([own.pk, community_wide.pk])
    with pytest.raises(DomainError, match="another compound"):
        services.signup_create(slot=theirs, partner=chen, via=SignUp.Via.LINK)


def test_an_organisation_signs_up_nobody_and_gets_no_hours(world):
    _activity, slot = one_off(world)
    unit = organisation(world)
    with pytest.raises(DomainError, match="organisation"):
        services.signup_create(slot=slot, partner=unit, actor=world.staff)
    with pytest.raises(DomainError, match="organisation"):
        services.checkin_record(slot=started_slot(world), actor=world.staff, ticked=[(unit, None)])
    with pytest.raises(DomainError, match="organisation"):
        services.hours_record(
            partner=unit,
            date=timezone.localdate(),
            hours="2",
            description="",
            source="needs",
            actor=world.staff,
        )
    assert not HoursEntry.objects.exists()


# --- check-in and hours ----------------------------------------------------------------------------


def test_check_in_records_the_slots_length_or_adjusted_hours_and_a_walk_in(world):
    slot = started_slot(world)
    chen, wang = person(world), person(world, "王丽", "13800000002")
    entries = services.checkin_record(
        slot=slot,
        actor=world.staff,
        ticked=[(chen, None), (wang, "1.5")],
        walk_ins=[services.WalkIn(name="熊爹爹", mobile="138 0000 0009", hours="2", consent_on_paper=True)],
    )
    assert [(e.partner.name, e.hours) for e in entries] == [
        ("陈昌秀", Decimal("3.0")),
        ("王丽", Decimal("1.5")),
        ("熊爹爹", Decimal("2.0")),
    ]
    xiong = Partner.objects.get(name="熊爹爹")
    assert xiong.mobile == "13800000009" and xiong.compound == world.compound
    assert xiong.consents.get().how == "paper"
    assert all(e.slot == slot and e.recorded_by == world.staff for e in entries)


def test_a_walk_in_needs_the_paper_consent_and_nothing_is_written_without_it(world):
    slot = started_slot(world)
    with pytest.raises(DomainError) as error:
        services.checkin_record(
            slot=slot,
            actor=world.staff,
            ticked=[(person(world), None)],
            walk_ins=[services.WalkIn(name="熊爹爹", mobile="13800000009")],
        )
    assert error.value.field == "walk_in_consent"
    assert not HoursEntry.objects.exists() and not Partner.objects.filter(name="熊爹爹").exists()


def test_check_in_before_the_slot_starts_or_on_a_future_day_is_refused(world):
    _activity, tomorrow = one_off(world)
    with pytest.raises(DomainError, match="future"):
        services.checkin_record(slot=tomorrow, actor=world.staff, ticked=[(person(world), None)])
    now = timezone.localtime()
    if now.hour < 23:
        later = one_off(
            world,
            day=now.date(),
            start=datetime.time(now.hour + 1, 0),
            end=datetime.time(now.hour + 1, 30),
            title="今晚",
        )[1]
        with pytest.raises(DomainError, match="starts"):
            services.checkin_record(slot=later, actor=world.staff, ticked=[(Partner.objects.first(), None)])
    with pytest.raises(DomainError, match="future"):
        services.hours_record(
            partner=Partner.objects.first(),
            date=timezone.localdate() + datetime.timedelta(days=1),
            hours="1",
            description="",
            source="needs",
            actor=world.staff,
        )
    assert not HoursEntry.objects.exists()


def test_a_second_check_in_the_same_day_passing_24_hours_is_refused(world):
    chen = person(world)
    morning = started_slot(world, start=datetime.time(0, 0), end=datetime.time(14, 0), title="上午")
    evening = started_slot(world, start=datetime.time(14, 0), end=datetime.time(23, 59), title="下午")
    services.checkin_record(slot=morning, actor=world.staff, ticked=[(chen, "14")])
    with pytest.raises(DomainError, match="24"):
        services.checkin_record(slot=evening, actor=world.staff, ticked=[(chen, "10.5")])
    services.checkin_record(slot=evening, actor=world.staff, ticked=[(chen, "10")])
    assert HoursEntry.objects.filter(partner=chen).count() == 2


def test_bad_hours_are_refused_with_a_message_and_the_database_refuses_them_too(world):
    slot = started_slot(world)
    chen = person(world)
    for bad, words in [
        ("0", "more than 0"),
        ("-1", "more than 0"),
        ("25", "24"),
        ("1.25", "decimal"),
        ("x", "number"),
    ]:
        with pytest.raises(DomainError, match=words):
            services.checkin_record(slot=slot, actor=world.staff, ticked=[(chen, bad)])
    for bad in (Decimal("0"), Decimal("24.5")):
        with pytest.raises(IntegrityError), transaction.atomic():
            HoursEntry.objects.create(
                community=world.home,
                partner=chen,
                date=slot.date,
                hours=bad,
                source="x",
                recorded_by=world.staff,
            )


def test_a_partner_is_checked_in_once_per_slot(world):
    slot = started_slot(world)
    chen = person(world)
    services.checkin_record(slot=slot, actor=world.staff, ticked=[(chen, None)])
    with pytest.raises(DomainError, match="already"):
        services.checkin_record(slot=slot, actor=world.staff, ticked=[(chen, None)])


# --- confirmation, reversal, what counts ---------------------------------------------------------


def test_unconfirmed_hours_do_not_count_until_a_second_staff_member_confirms(world):
    slot = started_slot(world)
    chen = person(world)
    services.checkin_record(slot=slot, actor=world.staff, ticked=[(chen, None)])
    assert queries.counted_hours(chen) == Decimal("0")
    assert queries.hours_by_month(chen) == []
    assert queries.waiting_entries(world.home).count() == 1
    with pytest.raises(DomainError, match="another member of staff"):
        services.hours_confirm(slot=slot, actor=world.staff)
    assert not HoursConfirmation.objects.exists()
    [confirmation] = services.hours_confirm(slot=slot, actor=world.admin)
    assert confirmation.confirmed_by == world.admin
    assert queries.counted_hours(chen) == Decimal("3.0")
    [month] = queries.hours_by_month(chen)
    assert (month["hours"], month["times"]) == (Decimal("3.0"), 1)
    assert not queries.waiting_entries(world.home).exists()
    with pytest.raises(DomainError, match="No hours are waiting"):
        services.hours_confirm(slot=slot, actor=world.admin)


def test_a_confirmation_of_a_slot_confirms_every_entry_at_once_one_row_each(world):
    slot = started_slot(world)
    people = [person(world, f"志愿者{n}", f"1380000010{n}") for n in range(3)]
    services.checkin_record(slot=slot, actor=world.staff, ticked=[(p, None) for p in people])
    assert len(services.hours_confirm(slot=slot, actor=world.admin)) == 3
    assert HoursConfirmation.objects.count() == 3
    entry = HoursEntry.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        HoursConfirmation.objects.create(community=world.home, entry=entry, confirmed_by=world.treasurer)


def test_a_reversal_is_whole_and_once_and_the_hours_stop_counting(world):
    slot = started_slot(world)
    chen = person(world)
    [entry] = services.checkin_record(slot=slot, actor=world.staff, ticked=[(chen, "2")])
    services.hours_confirm(slot=slot, actor=world.admin)
    assert queries.counted_hours(chen) == Decimal("2.0")
    with pytest.raises(DomainError, match="reason"):
        services.hours_reverse(entry=entry, reason=" ", actor=world.admin)
    reversal = services.hours_reverse(entry=entry, reason="记错了人", actor=world.admin)
    assert (reversal.reason, reversal.reversed_by) == ("记错了人", world.admin)
    assert queries.counted_hours(chen) == Decimal("0")
    with pytest.raises(DomainError, match="reversed already"):
        services.hours_reverse(entry=entry, reason="又一次", actor=world.admin)
    with pytest.raises(IntegrityError), transaction.atomic():
        HoursReversal.objects.create(community=world.home, entry=entry, reason="x", reversed_by=world.admin)
    # Whole: the entry itself is untouched, the reversal names all of it; the day's hours are free again.
    entry.refresh_from_db()
    assert entry.hours == Decimal("2.0")
    services.checkin_record(slot=slot, actor=world.staff, ticked=[(chen, "2.5")])
    assert HoursEntry.objects.filter(partner=chen).count() == 2


@pytest.mark.parametrize("model", ["entry", "confirmation", "reversal"])
def test_hours_rows_cannot_be_changed_or_deleted_in_the_database(world, model):
    slot = started_slot(world)
    [entry] = services.checkin_record(slot=slot, actor=world.staff, ticked=[(person(world), None)])
    services.hours_confirm(slot=slot, actor=world.admin)
    services.hours_reverse(entry=entry, reason="记错", actor=world.admin)
    row = {"entry": entry, "confirmation": entry.confirmation, "reversal": HoursReversal.objects.get()}[model]
    table = type(row)._meta.db_table
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        type(row).objects.filter(pk=row.pk).update(community=world.home)
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(f"DELETE FROM {table} WHERE id = %s", [row.pk])  # noqa: S608 - a model's table
    assert type(row).objects.filter(pk=row.pk).exists()


def test_every_volunteering_change_is_in_the_audit_log(world):
    from communities.models import AuditEntry

    _activity, slot = one_off(world)
    chen = person(world)
    signup = services.signup_create(slot=slot, partner=chen, actor=world.staff)
    services.signup_cancel(signup=signup, actor=world.staff)
    past = started_slot(world)
    [entry] = services.checkin_record(slot=past, actor=world.staff, ticked=[(chen, None)])
    services.hours_confirm(slot=past, actor=world.admin)
    services.hours_reverse(entry=entry, reason="记错", actor=world.admin)
    actions = set(AuditEntry.objects.filter(community=world.home).values_list("action", flat=True))
    assert {
        "activity.create",
        "signup.create",
        "signup.cancel",
        "hours.record",
        "hours.confirm",
        "hours.reverse",
    } <= actions
