"""Every registered append-only table refuses UPDATE and DELETE in the database itself, on SQLite and PostgreSQL,
after `migrate` and after a migration that rebuilds the table (communities/append_only.py)."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, models

from communities.append_only import registered_tables
from funds.models import (
    APPEND_ONLY_MODELS,
    Expense,
    Handover,
    HandoverItem,
    Payment,
    Snapshot,
    SnapshotCorrection,
)
from partners.models import (
    APPEND_ONLY_MODELS as PARTNERS_APPEND_ONLY_MODELS,
)
from partners.models import (
    Consent,
    HoursConfirmation,
    HoursEntry,
    HoursReversal,
    Partner,
    PartnerStatus,
    ServiceRecord,
)
from tests.funds.conftest import raw_entry_ledger
from tests.funds.test_append_only import _all_entries, _raw


def one_row_in_every_append_only_table(world) -> None:
    """A row in each append-only table, written straight to the database (no services). A new app that
    registers a table adds its row here."""
    fund, levy, charge, payment = raw_entry_ledger(world)
    _all_entries(world, fund, levy, charge, payment)
    snapshot = Snapshot.objects.create(
        community=world.home,
        compound=world.compound,
        levy=levy,
        period="2026年5月",
        version=1,
        short_hash="abc123",
        content={},
    )
    SnapshotCorrection.objects.create(community=world.home, snapshot=snapshot, text="更正")
    partner = Partner.objects.create(community=world.home, form="person", name="陈昌秀", kind="branch_member")
    PartnerStatus.objects.create(community=world.home, partner=partner, change="joined", on="2022-03-01")
    Consent.objects.create(
        community=world.home, partner=partner, purpose="data_use", given=True, text_version="1", how="paper"
    )
    from communities.models import NamesDecision

    NamesDecision.objects.create(community=world.home, names_shown=False, recorded_by=world.admin)
    one_handover(world, payment)
    one_hours_entry_and_record(world, partner)
    one_ballot_with_its_void(world)


def one_hours_entry_and_record(world, partner) -> None:
    """Hours with a confirmation and a reversal, and a service record (partners), straight to the database."""
    entry = HoursEntry.objects.create(
        community=world.home,
        partner=partner,
        date="2026-05-01",
        hours="1.5",
        source="slot",
        recorded_by=world.staff,
    )
    HoursConfirmation.objects.create(community=world.home, entry=entry, confirmed_by=world.admin)
    HoursReversal.objects.create(community=world.home, entry=entry, reason="记错了", reversed_by=world.admin)
    ServiceRecord.objects.create(
        community=world.home,
        partner=partner,
        period_from="2026-05-01",
        period_to="2026-05-31",
        serial=1,
        snapshot={"total": "1.5"},
        snapshot_hash="0" * 64,
        issued_by=world.admin,
    )


def one_ballot_with_its_void(world) -> None:
    """A decision's ballot, its void and the void's confirmation, written straight to the database."""
    import datetime

    from needs.models import Ballot, BallotVoid, BallotVoidConfirmation, Decision, Meeting

    meeting = Meeting.objects.create(
        community=world.home,
        compound=world.compound,
        kind="monthly",
        title="议事会",
        held_on=datetime.date(2026, 5, 1),
    )
    decision = Decision.objects.create(
        community=world.home,
        meeting=meeting,
        compound=world.compound,
        motion="安装监控",
        rule="double_majority",
        closes_on=datetime.date(2026, 5, 20),
    )
    ballot = Ballot.objects.create(
        community=world.home,
        decision=decision,
        household=world.household,
        choice="for",
        channel="paper",
        recorded_by=world.staff,
    )
    void = BallotVoid.objects.create(
        community=world.home, ballot=ballot, reason="填错", voided_by=world.admin
    )
    BallotVoidConfirmation.objects.create(community=world.home, void=void, confirmed_by=world.staff)


def one_handover(world, payment) -> None:
    """A cash handover of the payment (and its item), written straight to the database."""
    handover = Handover.objects.create(
        community=world.home,
        collector=world.staff,
        received_by=world.treasurer,
        amount=payment.amount,
        handed_on=payment.paid_on,
    )
    HandoverItem.objects.create(community=world.home, handover=handover, payment=payment)


def _table_triggers(table: str) -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table])
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [table]
            )
        return {name for (name,) in cursor.fetchall()}


def assert_refused(table: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - a registered table name
        assert cursor.fetchone()[0] > 0, f"add a row of {table} to one_row_in_every_append_only_table"
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(f"UPDATE {table} SET id = id")  # noqa: S608
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(f"DELETE FROM {table}")  # noqa: S608
    if connection.vendor == "postgresql":
        # (the test's own rows leave deferred foreign key checks pending, which would refuse TRUNCATE first)
        _raw("SET CONSTRAINTS ALL IMMEDIATE")
        with pytest.raises(DatabaseError, match="append-only"):
            _raw(f"TRUNCATE {table} CASCADE")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
        assert cursor.fetchone()[0] > 0


def test_every_funds_entry_table_is_registered_with_its_triggers(db):
    tables = registered_tables()
    assert {model._meta.db_table for model in APPEND_ONLY_MODELS} <= set(tables)
    assert {model._meta.db_table for model in PARTNERS_APPEND_ONLY_MODELS} <= set(tables)
    expected = {"postgresql": ("_append_only", "_no_truncate"), "sqlite": ("_no_update", "_no_delete")}
    for table in tables:
        assert {table + suffix for suffix in expected[connection.vendor]} <= _table_triggers(table), table


def test_funds_own_trigger_function_and_switch_are_gone(db):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_proc WHERE proname = 'funds_refuse_change'")
            assert cursor.fetchone()[0] == 0
            cursor.execute(
                "SELECT DISTINCT p.proname FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
                "WHERE NOT t.tgisinternal AND t.tgname LIKE 'funds_%%'"
            )
            assert {name for (name,) in cursor.fetchall()} == {"append_only_refuse_change"}
        else:
            assert "funds_purge_switch" not in connection.introspection.table_names(cursor)
            assert "append_only_purge_switch" in connection.introspection.table_names(cursor)


def test_after_migrate_every_registered_table_refuses_update_and_delete(world):
    one_row_in_every_append_only_table(world)
    tables = registered_tables()
    assert tables
    for table in tables:
        assert_refused(table)


def _rebuilt_fields():
    """Field changes that make Django rebuild a SQLite table: a longer column, another upload_to."""
    note = Payment._meta.get_field("note")
    longer = models.CharField(max_length=250, blank=True)
    longer.set_attributes_from_name("note")
    photo = Expense._meta.get_field("receipt_photo")
    moved = models.ImageField(upload_to="funds/receipts-moved/", blank=True)
    moved.set_attributes_from_name("receipt_photo")
    return [(Payment, note, longer), (Expense, photo, moved)]


@pytest.mark.django_db(transaction=True)
def test_a_table_rebuilt_by_a_migration_stays_append_only(world):
    one_row_in_every_append_only_table(world)
    changes = _rebuilt_fields()
    try:
        with connection.schema_editor() as editor:
            for model, old, new in changes:
                editor.alter_field(model, old, new)
        if connection.vendor == "sqlite":
            # The rebuild dropped the triggers (why the post-migrate hook exists) ...
            assert not _table_triggers("funds_payment") and not _table_triggers("funds_expense")
        # ... and the post-migrate hook of the next `migrate` puts them back.
        call_command("migrate", verbosity=0)
        for table in registered_tables():
            assert_refused(table)
    finally:
        with connection.schema_editor() as editor:
            for model, old, new in changes:
                editor.alter_field(model, new, old)
        call_command("migrate", verbosity=0)
    for table in ("funds_payment", "funds_expense"):
        assert_refused(table)
