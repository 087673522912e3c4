"""A household's three foreign keys (community, compound, building) become one composite key
(building, compound, community) -> Building, and a building's (compound, community) must be its compound's.

Django has no composite foreign keys, so the model fields say db_constraint=False and this migration adds the
constraints itself: on PostgreSQL as real foreign keys, on SQLite (the local demo database) as triggers that
refuse a household whose building is not in its compound and community (communities.sqlite_keys, which also
puts them back after every migrate: SQLite drops a table's triggers when Django rebuilds the table).
Deleting a building that still has households is refused by PostgreSQL's key and, on both databases, by the
fields' on_delete=PROTECT.
"""

import django.db.models.deletion
from django.db import migrations, models

from communities.sqlite_keys import SQLITE_TRIGGERS

PG_FORWARD = [
    "ALTER TABLE communities_building ADD CONSTRAINT building_compound_in_community "
    "FOREIGN KEY (compound_id, community_id) REFERENCES communities_compound (id, community_id) "
    "DEFERRABLE INITIALLY DEFERRED",
    "ALTER TABLE communities_household ADD CONSTRAINT household_building_in_compound "
    "FOREIGN KEY (building_id, compound_id, community_id) "
    "REFERENCES communities_building (id, compound_id, community_id) DEFERRABLE INITIALLY DEFERRED",
]
PG_BACKWARD = [
    "ALTER TABLE communities_household DROP CONSTRAINT IF EXISTS household_building_in_compound",
    "ALTER TABLE communities_building DROP CONSTRAINT IF EXISTS building_compound_in_community",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for statement in PG_FORWARD:
            schema_editor.execute(statement)
    elif vendor == "sqlite":
        for name, body in SQLITE_TRIGGERS.items():
            schema_editor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
    else:  # pragma: no cover - only the two supported databases
        raise RuntimeError(f"the household foreign key is not written for {vendor}")


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for statement in PG_BACKWARD:
            schema_editor.execute(statement)
    elif vendor == "sqlite":
        for name in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0003_household_fewer_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="household",
            name="building",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="households",
                to="communities.building",
            ),
        ),
        migrations.AlterField(
            model_name="household",
            name="community",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="communities.community",
            ),
        ),
        migrations.AlterField(
            model_name="household",
            name="compound",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="households",
                to="communities.compound",
            ),
        ),
        migrations.AddConstraint(
            model_name="building",
            constraint=models.UniqueConstraint(
                fields=("id", "compound", "community"), name="building_key_with_compound"
            ),
        ),
        migrations.AddConstraint(
            model_name="compound",
            constraint=models.UniqueConstraint(
                fields=("id", "community"), name="compound_key_with_community"
            ),
        ),
        # After the fields and unique keys above: the keys are what the foreign keys point at.
        migrations.RunPython(forwards, backwards),
    ]
