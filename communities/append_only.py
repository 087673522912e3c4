"""Append-only tables: the database itself refuses UPDATE and DELETE of their rows (and TRUNCATE on PostgreSQL).

Money entries today (funds), volunteer hours, ballots and points later: rows written once, corrected only by a
new row that names them. This module is the one place that knows how the database enforces it, for any app.

Making a new table append-only is one operation in the migration that follows its CreateModel:

    from communities.append_only import AppendOnly

    class Migration(migrations.Migration):
        dependencies = [("communities", "0008_append_only_base"), ("partners", "0003_hoursentry")]
        operations = [AppendOnly(tables=["partners_hoursentry", "partners_hoursreversal"])]

It creates the table's triggers on both databases and records the table in the registry (the table
`append_only_table`, read by `registered_tables()`); its reverse drops them again. `sqlmigrate` shows the SQL.

A data migration that must change existing rows of such a table (filling a new column) runs as
`AppendOnlySuspended(tables=[...], code=..., reverse_code=...)`, a RunPython that drops the tables' triggers,
runs the code and re-creates them, inside its migration's transaction only: no other session ever sees the
tables without them (DROP TRIGGER holds the table's lock until the commit on PostgreSQL; SQLite writes one
transaction at a time), and a failure rolls the drop back too. On PostgreSQL put the data step in a migration
of its own, between the one adding the column and the one making it NOT NULL (Django's advice for tables with
rows: the update commits before the ALTER).

- PostgreSQL: the plpgsql function `append_only_refuse_change()` raises; each table has a row trigger
  `<table>_append_only` BEFORE UPDATE OR DELETE and a statement trigger `<table>_no_truncate` BEFORE TRUNCATE.
- SQLite: triggers `<table>_no_update` and `<table>_no_delete` raise ABORT. Django rebuilds a SQLite table to
  alter it (a changed column, a column added with a default, a changed upload_to), which drops the table's
  triggers: `ensure_sqlite_triggers` runs after every `migrate` (see apps.py) and re-creates every registered
  table's missing triggers.

The purge switch, for test teardown only: tests that empty every table between runs call Django's `flush`,
which communities/management/commands/flush.py wraps in `append_only_purge()` while Django's test environment
is set up, and nowhere else. While it is on, the triggers let changes through:
- PostgreSQL: the session setting `hehuo.purge = 'on'`;
- SQLite: the one-row table `append_only_purge_switch` (not a model, so `flush` never empties it) with is_on = 1.
In production `flush` is refused by the triggers like any other deletion.
"""

# SQL here is built from this module's constants and table names written in migrations, never from input.
# ruff: noqa: S608

from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.operations.base import Operation
from django.db.migrations.operations.special import RunPython

REGISTRY_TABLE = "append_only_table"
SWITCH_TABLE = "append_only_purge_switch"
PG_FUNCTION_NAME = "append_only_refuse_change"

PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {PG_FUNCTION_NAME}() RETURNS trigger AS $$
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
$$ LANGUAGE plpgsql
"""


def _unsupported(vendor: str) -> RuntimeError:  # pragma: no cover - only the two supported databases
    return RuntimeError(f"append-only triggers are not written for {vendor}")


def base_sql(vendor: str) -> list[str]:
    """The shared function (PostgreSQL) or purge switch (SQLite), and the registry; safe to run again."""
    if vendor == "postgresql":
        return [PG_FUNCTION, f"CREATE TABLE IF NOT EXISTS {REGISTRY_TABLE} (name varchar(63) PRIMARY KEY)"]
    if vendor == "sqlite":
        return [
            f"CREATE TABLE IF NOT EXISTS {SWITCH_TABLE} (id INTEGER PRIMARY KEY, is_on INTEGER NOT NULL)",
            f"INSERT OR IGNORE INTO {SWITCH_TABLE} (id, is_on) VALUES (1, 0)",
            f"CREATE TABLE IF NOT EXISTS {REGISTRY_TABLE} (name TEXT PRIMARY KEY)",
        ]
    raise _unsupported(vendor)


def _sqlite_triggers(table: str) -> dict[str, str]:
    return {
        f"{table}_no_{op.lower()}": (
            f"BEFORE {op} ON {table} "
            f"WHEN (SELECT coalesce(max(is_on), 0) FROM {SWITCH_TABLE}) = 0 "
            f"BEGIN SELECT RAISE(ABORT, 'append-only: {op} on {table} is refused'); END"
        )
        for op in ("UPDATE", "DELETE")
    }


def trigger_sql(vendor: str, table: str) -> list[str]:
    """Drop any trigger of the same name (an app's own older one), then create the shared ones."""
    if vendor == "postgresql":
        return [
            *drop_trigger_sql(vendor, table),
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION_NAME}()",
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION_NAME}()",
        ]
    if vendor == "sqlite":
        return [
            *drop_trigger_sql(vendor, table),
            *(f"CREATE TRIGGER {name} {body}" for name, body in _sqlite_triggers(table).items()),
        ]
    raise _unsupported(vendor)


def drop_trigger_sql(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
            f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
        ]
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}" for name in _sqlite_triggers(table)]
    raise _unsupported(vendor)


class AppendOnlyBase(Operation):
    """Creates the shared function, purge switch and registry (communities migration 0008)."""

    reversible = True

    def deconstruct(self):
        return (self.__class__.__qualname__, [], {})

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        for sql in base_sql(schema_editor.connection.vendor):
            schema_editor.execute(sql)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        vendor = schema_editor.connection.vendor
        schema_editor.execute(f"DROP TABLE IF EXISTS {REGISTRY_TABLE}")
        if vendor == "postgresql":
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {PG_FUNCTION_NAME}()")
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TABLE IF EXISTS {SWITCH_TABLE}")

    def describe(self):
        return "Create the shared base of append-only tables"

    @property
    def migration_name_fragment(self):
        return "append_only_base"


class AppendOnly(Operation):
    """Makes the named tables append-only on PostgreSQL and SQLite, and registers them (see the module docs)."""

    reversible = True

    def __init__(self, tables):
        self.tables = list(tables)

    def deconstruct(self):
        return (self.__class__.__qualname__, [], {"tables": self.tables})

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        vendor = schema_editor.connection.vendor
        # The base again (idempotent), so the triggers never depend on the migration order alone.
        for sql in base_sql(vendor):
            schema_editor.execute(sql)
        insert = (
            f"INSERT INTO {REGISTRY_TABLE} (name) VALUES (%s) ON CONFLICT DO NOTHING"
            if vendor == "postgresql"
            else f"INSERT OR IGNORE INTO {REGISTRY_TABLE} (name) VALUES (%s)"
        )
        for table in self.tables:
            for sql in trigger_sql(vendor, table):
                schema_editor.execute(sql)
            schema_editor.execute(insert, [table])

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        vendor = schema_editor.connection.vendor
        for table in self.tables:
            for sql in drop_trigger_sql(vendor, table):
                schema_editor.execute(sql)
            schema_editor.execute(f"DELETE FROM {REGISTRY_TABLE} WHERE name = %s", [table])

    def describe(self):
        return f"Make {', '.join(self.tables)} append-only"

    @property
    def migration_name_fragment(self):
        return "append_only"


class AppendOnlySuspended(RunPython):
    """A RunPython that may change rows of the named append-only tables: their triggers are dropped before
    the code runs and re-created after it, in the migration's transaction (see the module docs)."""

    def __init__(self, tables, code, reverse_code=None, **kwargs):
        super().__init__(code, reverse_code, **kwargs)
        self.tables = list(tables)

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return (self.__class__.__qualname__, args, {"tables": self.tables, **kwargs})

    def _suspended(self, run, app_label, schema_editor, from_state, to_state):
        connection = schema_editor.connection
        if not connection.in_atomic_block:
            raise RuntimeError("append-only triggers are suspended only inside the migration's transaction")
        vendor = connection.vendor
        for table in self.tables:
            for sql in drop_trigger_sql(vendor, table):
                schema_editor.execute(sql)
        run(app_label, schema_editor, from_state, to_state)
        for table in self.tables:
            for sql in trigger_sql(vendor, table):
                schema_editor.execute(sql)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._suspended(super().database_forwards, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._suspended(super().database_backwards, app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"Change rows of {', '.join(self.tables)} with their append-only triggers suspended"

    @property
    def migration_name_fragment(self):
        return "append_only_suspended"


def registered_tables(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Every table an AppendOnly operation has made append-only in this database."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if REGISTRY_TABLE not in connection.introspection.table_names(cursor):
            return []
        cursor.execute(f"SELECT name FROM {REGISTRY_TABLE} ORDER BY name")
        return [name for (name,) in cursor.fetchall()]


def ensure_sqlite_triggers(using: str = DEFAULT_DB_ALIAS, **_kwargs) -> None:
    """post_migrate: on SQLite, re-create the triggers that a table rebuild dropped, for every registered table."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        if REGISTRY_TABLE not in tables:
            return
        cursor.execute(f"SELECT name FROM {REGISTRY_TABLE}")
        for (table,) in cursor.fetchall():
            if table in tables:
                for name, body in _sqlite_triggers(table).items():
                    cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")


# --- the purge switch (test teardown only) ------------------------------------------------------------


def test_environment_active() -> bool:
    from django.test.utils import _TestState

    return getattr(_TestState, "saved_data", None) is not None


def _set_purge(using: str, on: bool) -> None:
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET hehuo.purge = 'on'" if on else "RESET hehuo.purge")
        elif connection.vendor == "sqlite" and SWITCH_TABLE in connection.introspection.table_names(cursor):
            cursor.execute(f"UPDATE {SWITCH_TABLE} SET is_on = %s", [1 if on else 0])


@contextmanager
def append_only_purge(using: str = DEFAULT_DB_ALIAS):
    """Lets the triggers through for the duration; refused outside Django's test environment."""
    if not test_environment_active():
        raise RuntimeError("the append-only purge switch is for test teardown only")
    _set_purge(using, True)
    try:
        yield
    finally:
        _set_purge(using, False)
