"""Drop the single-column community_id indexes that a unique constraint or index leading with community_id
already covers (issue 16): one index fewer to write on every insert, none fewer to read with.

The state learns `db_index=False`; the database only drops the index (DROP INDEX, on both databases: altering
the field would rebuild the table on SQLite, and drop and re-check its foreign key on PostgreSQL).
"""

import django.db.models.deletion
from django.db import migrations, models

# (model, table, index, the index that covers it)
COVERED = [
    ("auditentry", "communities_auditentry", "communities_auditentry_community_id_e4d95610", "(community, created_at)"),
    ("compound", "communities_compound", "communities_compound_community_id_ea131e9a", "unique (community, name)"),
    ("counter", "communities_counter", "communities_counter_community_id_315391ad", "unique (community, name)"),
    ("membership", "communities_membership", "communities_membership_community_id_386202ae", "unique (community, user)"),
    ("namesdecision", "communities_namesdecision", "communities_namesdecision_community_id_ea656559", "(community, recorded_at)"),
    ("rosterimport", "communities_rosterimport", "communities_rosterimport_community_id_21fa03c5", "(community, created_at)"),
]


def field(model: str):
    community = "communities.community"
    if model == "auditentry":
        return models.ForeignKey(
            blank=True,
            db_index=False,
            null=True,
            on_delete=django.db.models.deletion.PROTECT,
            related_name="audit_entries",
            to=community,
        )
    if model == "compound":
        return models.ForeignKey(
            db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name="compounds", to=community
        )
    if model == "membership":
        return models.ForeignKey(
            db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="memberships", to=community
        )
    return models.ForeignKey(
        db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=community
    )


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0013_names_decision"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name=model, name="community", field=field(model))
                for model, _table, _index, _covered in COVERED
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{index}"',
                    reverse_sql=f'CREATE INDEX "{index}" ON "{table}" ("community_id")',
                )
                for _model, table, index, _covered in COVERED
            ],
        )
    ]
