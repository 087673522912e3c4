"""Drop the single-column community_id indexes that a unique constraint or index leading with community_id
already covers (issue 16): one index fewer to write on every insert (a payment writes four tables), none fewer
to read with.

The state learns `db_index=False`; the database only drops the index (DROP INDEX, on both databases: altering
the field would rebuild the append-only tables on SQLite, and drop and re-check their foreign key on
PostgreSQL).
"""

import django.db.models.deletion
from django.db import migrations, models

# (model, table, index, the index that covers it)
COVERED = [
    ("charge", "funds_charge", "funds_charge_community_id_e5b9c2b6", "(community, household)"),
    ("fund", "funds_fund", "funds_fund_community_id_faf42676", "unique (community, name)"),
    ("inquiry", "funds_inquiry", "funds_inquiry_community_id_f7607d76", "(community, state)"),
    ("payment", "funds_payment", "funds_payment_community_id_a4dafe7f", "unique (community, receipt_number)"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0014_drop_community_indexes_covered_by_composites"),
        ("funds", "0014_levy_scope_buildings_community"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name=model,
                    name="community",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="communities.community",
                    ),
                )
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
