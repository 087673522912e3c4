"""The database refuses UPDATE and DELETE on the funds entry tables.

PostgreSQL: one plpgsql function raising, row triggers BEFORE UPDATE OR DELETE, a statement trigger BEFORE
TRUNCATE. SQLite: BEFORE UPDATE / BEFORE DELETE triggers raising ABORT.

Both honour a purge switch that only test teardown sets (funds/purge.py, used by the `flush` command of
funds/management/commands/flush.py while Django's test environment is set up):
- PostgreSQL: the session setting `hehuo.purge = 'on'`;
- SQLite: the one-row table `funds_purge_switch` (not a model, so `flush` never empties it) with on = 1.
"""

from django.db import migrations

TABLES = (
    "funds_payment",
    "funds_reversal",
    "funds_income",
    "funds_expense",
    "funds_waiver",
    "funds_waiverapproval",
    "funds_approval",
    "funds_paymentconfirmation",
    "funds_snapshot",
    "funds_snapshotcorrection",
)

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION funds_refuse_change() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('hehuo.purge', true), '') = 'on' THEN
        IF TG_LEVEL = 'ROW' AND TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION USING
        MESSAGE = 'append-only: ' || TG_OP || ' on ' || TG_TABLE_NAME || ' is refused',
        ERRCODE = 'raise_exception';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION)
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION funds_refuse_change();"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION funds_refuse_change();"
            )
    elif vendor == "sqlite":
        schema_editor.execute(
            "CREATE TABLE IF NOT EXISTS funds_purge_switch (id INTEGER PRIMARY KEY, is_on INTEGER NOT NULL)"
        )
        schema_editor.execute("INSERT OR IGNORE INTO funds_purge_switch (id, is_on) VALUES (1, 0)")
        for table in TABLES:
            for op in ("UPDATE", "DELETE"):
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
                    "WHEN (SELECT coalesce(max(is_on), 0) FROM funds_purge_switch) = 0 "
                    f"BEGIN SELECT RAISE(ABORT, 'append-only: {op} on {table} is refused'); END"
                )
    else:  # pragma: no cover - only the two supported databases
        raise RuntimeError(f"append-only triggers are not written for {vendor}")


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        schema_editor.execute("DROP FUNCTION IF EXISTS funds_refuse_change()")
    elif vendor == "sqlite":
        for table in TABLES:
            for op in ("update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{op}")
        schema_editor.execute("DROP TABLE IF EXISTS funds_purge_switch")


class Migration(migrations.Migration):
    dependencies = [("funds", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
