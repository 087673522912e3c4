"""Funds' append-only tables move onto the shared base of communities/append_only.py.

Migration 0002 gave funds a trigger function and purge switch of its own (still run first on a new database).
Here every funds entry table gets the shared triggers (same names, on append_only_refuse_change() and the
append_only_purge_switch), is recorded in the registry of append-only tables (so that SQLite's post-migrate
hook restores its triggers after a table rebuild), and funds' own function and switch are dropped. The reverse
restores 0002's objects.
"""

import importlib

from django.db import migrations

from communities.append_only import AppendOnly

TABLES = [
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
]


def drop_funds_own(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS funds_refuse_change()")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS funds_purge_switch")


def restore_funds_own(apps, schema_editor):
    # Runs after AppendOnly's reverse dropped the shared triggers: 0002 creates its own again.
    importlib.import_module("funds.migrations.0002_append_only_triggers").forwards(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("funds", "0003_charge_totals_ledger_version"),
        ("communities", "0008_append_only_base"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, restore_funds_own),
        AppendOnly(tables=TABLES),
        migrations.RunPython(drop_funds_own, migrations.RunPython.noop),
    ]
