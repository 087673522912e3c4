"""The queue of hours waiting for a confirmation (partners.HoursWaiting): after any sequence of check-ins, hours
recorded without a slot, confirmations and reversals, what the staff see waiting is exactly the entries neither
confirmed nor reversed (the definition, as an anti-join over every entry); the migration fills the queue with
the entries recorded before it; the count on staff pages does not grow with the history."""

import contextlib
import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communities.errors import DomainError
from partners import queries, services
from partners.models import HoursConfirmation, HoursEntry, HoursWaiting
from partners.verify import verify_hours_queue

from .records import entry as confirmed_entry
from .volunteering import person, started_slot

pytestmark = pytest.mark.django_db

BEFORE = [("partners", "0003_volunteering")]
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _defined_waiting(community) -> set[int]:
    """The entries neither confirmed nor reversed, by the definition (no queue)."""
    return set(
        HoursEntry.objects.filter(
            community=community, confirmation__isnull=True, reversal__isnull=True
        ).values_list("pk", flat=True)
    )


def _shown_waiting(community) -> set[int]:
    return set(queries.waiting_entries(community).values_list("pk", flat=True))


def _assert_queue_is_the_definition(world):
    for community in (world.home, world.other):
        assert _shown_waiting(community) == _defined_waiting(community)
        assert queries.waiting_queue(community).count() == len(_defined_waiting(community))  # the nav's count
    # One queue row per waiting entry, nothing left over from a confirmed or reversed one.
    assert HoursWaiting.objects.count() == len(_defined_waiting(world.home)) + len(
        _defined_waiting(world.other)
    )


operations = st.lists(
    st.one_of(
        st.tuples(
            st.just("checkin"), st.integers(0, 1), st.sets(st.integers(0, 2), min_size=1), st.integers(0, 1)
        ),
        st.tuples(st.just("record"), st.integers(0, 2), st.integers(1, 30), st.integers(0, 1)),
        st.tuples(st.just("confirm_slot"), st.integers(0, 1), st.just(0), st.integers(0, 1)),
        st.tuples(st.just("confirm_entry"), st.integers(0, 40), st.just(0), st.integers(0, 1)),
        st.tuples(st.just("reverse"), st.integers(0, 40), st.just(0), st.integers(0, 1)),
    ),
    max_size=20,
)


def _apply(op, world, slots, people):
    kind, index, arg, who = op
    actor = (world.staff, world.admin)[who]
    if kind == "checkin":
        services.checkin_record(
            slot=slots[index], actor=actor, ticked=[(people[i], None) for i in sorted(arg)]
        )
    elif kind == "record":
        services.hours_record(
            partner=people[index],
            date=timezone.localdate() - datetime.timedelta(days=3),
            hours=f"{arg / 10:.1f}",
            description="修理路灯",
            source="needs.delivery",
            actor=actor,
        )
    elif kind == "confirm_slot":
        services.hours_confirm(slot=slots[index], actor=actor)
    else:
        entries = list(HoursEntry.objects.filter(community=world.home).order_by("pk"))
        if not entries:
            return
        entry = entries[index % len(entries)]
        if kind == "confirm_entry":
            services.hours_confirm(entry=entry, actor=actor)
        else:
            services.hours_reverse(entry=entry, reason="记错了", actor=actor)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_after_any_records_confirmations_and_reversals_the_waiting_hours_are_those_neither_confirmed_nor_reversed(
    world, ops
):
    with transaction.atomic(), translation.override("en"):
        slots = [started_slot(world, days_ago=1), started_slot(world, days_ago=2, title="清理楼道")]
        people = [person(world, f"志愿者{n}", f"1380000020{n}") for n in range(3)]
        # Another community's waiting hours never show, nor change, here.
        services.hours_record(
            partner=person(
                world,
                "邻社区",
                "13800000299",
                community=world.other,
                compound=world.other_compound,
                actor=world.outsider,
            ),
            date=timezone.localdate(),
            hours="1.0",
            description="",
            source="needs.delivery",
            actor=world.outsider,
        )
        for op in ops:
            with contextlib.suppress(DomainError):
                _apply(op, world, slots, people)
            _assert_queue_is_the_definition(world)
        transaction.set_rollback(True)


def test_a_refused_check_in_leaves_nothing_waiting(world):
    slot = started_slot(world)
    chen = person(world)
    with translation.override("en"), pytest.raises(DomainError, match="24 hours"):
        services.checkin_record(slot=slot, actor=world.staff, ticked=[(chen, "30")])
    assert not HoursWaiting.objects.exists() and not HoursEntry.objects.exists()


def test_confirming_a_slot_empties_its_queue_and_the_nav_count_follows(world, login):
    slot = started_slot(world)
    people = [person(world, f"志愿者{n}", f"1380000030{n}") for n in range(3)]
    entries = services.checkin_record(slot=slot, actor=world.staff, ticked=[(p, None) for p in people])
    assert set(HoursWaiting.objects.values_list("entry_id", flat=True)) == {e.pk for e in entries}
    client = login(world.admin)
    home = reverse("communities:home", args=[world.home.slug])
    assert "Volunteer hours to confirm: 3" in client.get(home, **EN).content.decode()
    services.hours_reverse(entry=entries[0], reason="记错了人", actor=world.admin)
    assert "Volunteer hours to confirm: 2" in client.get(home, **EN).content.decode()
    services.hours_confirm(slot=slot, actor=world.admin)
    assert not HoursWaiting.objects.exists()
    assert "Volunteer hours to confirm" not in client.get(home, **EN).content.decode()


def test_the_staff_pages_count_what_waits_in_the_same_queries_whatever_the_history(
    world, login, count_queries
):
    chen = person(world)
    client = login(world.staff)
    page = reverse("communities:home", args=[world.home.slug])
    confirmed_entry(world, chen, timezone.localdate() - datetime.timedelta(days=40))
    before = count_queries(lambda: client.get(page).status_code == 200)
    for days in range(41, 61):
        confirmed_entry(world, chen, timezone.localdate() - datetime.timedelta(days=days))
    services.checkin_record(slot=started_slot(world), actor=world.admin, ticked=[(chen, None)])
    assert count_queries(lambda: client.get(page).status_code == 200) == before
    assert "Volunteer hours to confirm: 1" in client.get(page, **EN).content.decode()


def test_verify_ledgers_checks_the_queue_against_the_entries(world):
    slot = started_slot(world)
    chen, wang = person(world), person(world, "王芳", "13800000009")
    first, second = services.checkin_record(slot=slot, actor=world.staff, ticked=[(chen, None), (wang, None)])
    services.hours_reverse(entry=first, reason="记错了人", actor=world.admin)
    call_command("verify_ledgers")  # the services kept the queue
    HoursConfirmation.objects.create(
        community=world.home, entry=second, confirmed_by=world.admin
    )  # not the service
    assert verify_hours_queue(world.home) == [
        f"hours entry {second.pk}: in the queue but confirmed or reversed"
    ]
    with pytest.raises(CommandError, match="1 ledger mismatch"):
        call_command("verify_ledgers")
    assert verify_hours_queue(world.other) == []


# --- the migration ------------------------------------------------------------------------------


def _migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


@pytest.mark.django_db(transaction=True)
def test_the_migration_queues_the_entries_recorded_before_it_that_wait(world):
    executor = _migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        Entry, Confirmation, Reversal = (
            old.get_model("partners", name) for name in ("HoursEntry", "HoursConfirmation", "HoursReversal")
        )
        Partner = old.get_model("partners", "Partner")
        made = {}
        for community, compound in ((world.home, world.compound), (world.other, world.other_compound)):
            partner = Partner.objects.create(
                community_id=community.pk,
                compound_id=compound.pk,
                form="person",
                name="陈昌秀",
                kind="volunteer",
            )
            for state in ("waiting", "confirmed", "reversed", "confirmed_reversed"):
                entry = Entry.objects.create(
                    community_id=community.pk,
                    partner=partner,
                    date=datetime.date(2026, 5, 1),
                    hours="1.5",
                    source="slot",
                    recorded_by_id=world.staff.pk,
                )
                if "confirmed" in state:
                    Confirmation.objects.create(
                        community_id=community.pk, entry=entry, confirmed_by_id=world.admin.pk
                    )
                if "reversed" in state:
                    Reversal.objects.create(
                        community_id=community.pk, entry=entry, reason="记错了", reversed_by_id=world.admin.pk
                    )
                made[(community.pk, state)] = entry.pk
    finally:
        _migrate()
    assert set(HoursWaiting.objects.values_list("community_id", "entry_id")) == {
        (world.home.pk, made[(world.home.pk, "waiting")]),
        (world.other.pk, made[(world.other.pk, "waiting")]),
    }
    assert _shown_waiting(world.home) == _defined_waiting(world.home) == {made[(world.home.pk, "waiting")]}
    # Migrating back and forth again gives the same queue.
    _migrate(BEFORE)
    _migrate()
    assert HoursWaiting.objects.count() == 2
