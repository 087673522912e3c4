"""The table of a levy's scope buildings (funds_levy_scope_buildings) gets `community_id`, like every tenant
table (issue 16; tests/test_tenancy.py): Levy.scope_buildings now goes through the LevyScopeBuilding model.

The table itself is kept (same name, columns, indexes and keys): the state learns the model, then the column is
added, filled from the levy and made NOT NULL, with its foreign key and index.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_community(apps, schema_editor):
    """One UPDATE: each row takes its levy's community."""
    LevyScopeBuilding = apps.get_model("funds", "LevyScopeBuilding")
    Levy = apps.get_model("funds", "Levy")
    LevyScopeBuilding.objects.filter(community__isnull=True).update(
        community_id=Subquery(Levy.objects.filter(pk=OuterRef("levy_id")).values("community_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0014_drop_community_indexes_covered_by_composites"),
        ("funds", "0013_handover"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="LevyScopeBuilding",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "building",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="communities.building",
                            ),
                        ),
                        (
                            "levy",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="funds.levy"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "building in scope",
                        "verbose_name_plural": "buildings in scope",
                        "db_table": "funds_levy_scope_buildings",
                        "unique_together": {("levy", "building")},
                    },
                ),
                migrations.AlterField(
                    model_name="levy",
                    name="scope_buildings",
                    field=models.ManyToManyField(
                        blank=True, related_name="+", through="funds.LevyScopeBuilding", to="communities.building"
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="levyscopebuilding",
            name="community",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="communities.community",
            ),
        ),
        migrations.RunPython(fill_community, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="levyscopebuilding",
            name="community",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="communities.community"
            ),
        ),
    ]
