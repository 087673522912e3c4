"""The residents' decisions on showing masked names (NamesDecision), append-only from the start."""

import communities.uploads
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from communities.append_only import AppendOnly


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0012_community_public_token_unique_names_version"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="NamesDecision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("names_shown", models.BooleanField(verbose_name="masked names shown on public pages")),
                (
                    "meeting_name",
                    models.CharField(blank=True, max_length=200, verbose_name="residents' meeting"),
                ),
                ("decided_on", models.DateField(blank=True, null=True, verbose_name="date of the meeting")),
                (
                    "minutes_photo",
                    models.ImageField(
                        blank=True,
                        storage=communities.uploads.private_storage,
                        upload_to=communities.uploads.RandomName("communities/names"),
                        verbose_name="photo of the minutes",
                    ),
                ),
                ("recorded_at", models.DateTimeField(auto_now_add=True, verbose_name="recorded")),
                (
                    "community",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="communities.community",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "decision on names",
                "verbose_name_plural": "decisions on names",
                "ordering": ["-recorded_at", "-id"],
                "indexes": [
                    models.Index(fields=["community", "-recorded_at"], name="communities_communi_6c91ba_idx")
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("names_shown", False),
                            models.Q(
                                models.Q(("meeting_name", ""), _negated=True),
                                ("decided_on__isnull", False),
                                models.Q(("minutes_photo", ""), _negated=True),
                            ),
                            _connector="OR",
                        ),
                        name="namesdecision_on_names_its_meeting",
                    )
                ],
            },
        ),
        AppendOnly(tables=["communities_namesdecision"]),
    ]
