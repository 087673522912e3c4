"""Meetings, agenda items, attendance, decisions with their electorate, ballots and voids (issue 15)."""

import communities.uploads
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from communities.append_only import AppendOnly


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0015_rosterimport_flags"),
        ("funds", "0019_inquiry_token_unique"),
        ("needs", "0001_initial"),
        ("partners", "0002_append_only"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AgendaItem",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="item")),
                ("position", models.PositiveIntegerField(default=0)),
                ("dropped", models.BooleanField(default=False, verbose_name="dropped")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "community",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="communities.community",
                    ),
                ),
                (
                    "need",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="agenda_items",
                        to="needs.need",
                    ),
                ),
            ],
            options={
                "verbose_name": "agenda item",
                "verbose_name_plural": "agenda items",
                "ordering": ["dropped", "position", "id"],
            },
        ),
        migrations.CreateModel(
            name="Ballot",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "choice",
                    models.CharField(
                        choices=[("for", "for"), ("against", "against"), ("abstain", "abstain")],
                        max_length=10,
                        verbose_name="vote",
                    ),
                ),
                (
                    "channel",
                    models.CharField(
                        choices=[("online", "online, with the household code"), ("paper", "paper ballot")],
                        max_length=10,
                        verbose_name="how",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "community",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="communities.community",
                    ),
                ),
                (
                    "household",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="communities.household",
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
                "verbose_name": "ballot",
                "verbose_name_plural": "ballots",
                "ordering": ["id"],
            },
        ),
        migrations.CreateModel(
            name="BallotVoid",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("reason", models.CharField(max_length=300, verbose_name="reason")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "ballot",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT, related_name="void", to="needs.ballot"
                    ),
                ),
                (
                    "community",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="communities.community",
                    ),
                ),
                (
                    "voided_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "voided ballot",
                "verbose_name_plural": "voided ballots",
            },
        ),
        migrations.AddField(
            model_name="ballot",
            name="follows",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="recast",
                to="needs.ballotvoid",
            ),
        ),
        migrations.CreateModel(
            name="BallotVoidConfirmation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "community",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="communities.community",
                    ),
                ),
                (
                    "confirmed_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "void",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="confirmation",
                        to="needs.ballotvoid",
                    ),
                ),
            ],
            options={
                "verbose_name": "confirmation of a void",
                "verbose_name_plural": "confirmations of voids",
            },
        ),
        migrations.CreateModel(
            name="Decision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("motion", models.TextField(verbose_name="motion")),
                (
                    "rule",
                    models.CharField(
                        choices=[
                            ("simple", "simple majority of those present"),
                            ("double_majority", "double majority (Civil Code Art. 278)"),
                            ("three_quarters", "double three quarters (Civil Code Art. 278)"),
                        ],
                        max_length=20,
                        verbose_name="rule",
                    ),
                ),
                ("plan", models.TextField(blank=True, verbose_name="plan")),
                (
                    "estimated_cost",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=12, null=True, verbose_name="estimated cost"
                    ),
                ),
                (
                    "responsible_note",
                    models.CharField(blank=True, max_length=200, verbose_name="who carries it out"),
                ),
                ("tally_for", models.PositiveIntegerField(blank=True, null=True, verbose_name="for")),
                ("tally_against", models.PositiveIntegerField(blank=True, null=True, verbose_name="against")),
                (
                    "tally_abstain",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="abstentions"),
                ),
                (
                    "opened_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="announced"),
                ),
                ("closes_on", models.DateField(blank=True, null=True, verbose_name="voting ends")),
                ("closed_at", models.DateTimeField(blank=True, null=True, verbose_name="closed")),
                ("passed", models.BooleanField(blank=True, null=True)),
                ("result", models.JSONField(blank=True, default=dict, editable=False)),
                (
                    "agenda_item",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="decision",
                        to="needs.agendaitem",
                    ),
                ),
                (
                    "approval",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="decision",
                        to="funds.approval",
                    ),
                ),
                (
                    "closed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "community",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="communities.community",
                    ),
                ),
                (
                    "compound",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="communities.compound",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "need",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="decisions",
                        to="needs.need",
                    ),
                ),
            ],
            options={
                "verbose_name": "decision",
                "verbose_name_plural": "decisions",
                "ordering": ["-opened_at", "-id"],
            },
        ),
        migrations.AddField(
            model_name="ballot",
            name="decision",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="ballots", to="needs.decision"
            ),
        ),
        migrations.CreateModel(
            name="DecisionBuilding",
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
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="communities.building",
                    ),
                ),
                (
                    "community",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="communities.community",
                    ),
                ),
                (
                    "decision",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="buildings",
                        to="needs.decision",
                    ),
                ),
            ],
            options={
                "verbose_name": "building of the electorate",
                "verbose_name_plural": "buildings of the electorate",
            },
        ),
        migrations.CreateModel(
            name="Meeting",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("bench", "bench meeting"),
                            ("coplanning", "co-planning meeting"),
                            ("monthly", "monthly deliberation"),
                            ("owners", "owners' meeting"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="name")),
                ("held_on", models.DateField(verbose_name="date")),
                ("place", models.CharField(blank=True, max_length=100, verbose_name="place")),
                (
                    "head_count",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="how many came"),
                ),
                ("minutes", models.TextField(blank=True, verbose_name="minutes")),
                (
                    "minutes_photo",
                    models.ImageField(
                        blank=True,
                        storage=communities.uploads.private_storage,
                        upload_to=communities.uploads.RandomName("needs/minutes"),
                        verbose_name="photo of the minutes",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "community",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="communities.community",
                    ),
                ),
                (
                    "compound",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="communities.compound",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "meeting",
                "verbose_name_plural": "meetings",
                "ordering": ["-held_on", "-id"],
            },
        ),
        migrations.AddField(
            model_name="decision",
            name="meeting",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="decisions", to="needs.meeting"
            ),
        ),
        migrations.CreateModel(
            name="Attendance",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "community",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="communities.community",
                    ),
                ),
                (
                    "household",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="communities.household",
                    ),
                ),
                (
                    "partner",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="partners.partner",
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="attendance",
                        to="needs.meeting",
                    ),
                ),
            ],
            options={
                "verbose_name": "attendance",
                "verbose_name_plural": "attendance",
                "ordering": ["id"],
            },
        ),
        migrations.AddField(
            model_name="agendaitem",
            name="meeting",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="agenda", to="needs.meeting"
            ),
        ),
        migrations.AddIndex(
            model_name="ballotvoid",
            index=models.Index(fields=["community", "created_at"], name="ballotvoid_community"),
        ),
        migrations.AddConstraint(
            model_name="ballotvoid",
            constraint=models.CheckConstraint(
                condition=models.Q(("reason", ""), _negated=True), name="ballotvoid_has_reason"
            ),
        ),
        migrations.AddIndex(
            model_name="ballotvoidconfirmation",
            index=models.Index(fields=["community", "created_at"], name="ballotvoidconf_community"),
        ),
        migrations.AddIndex(
            model_name="ballot",
            index=models.Index(
                fields=["community", "decision", "household"], name="ballot_community_decision"
            ),
        ),
        migrations.AddConstraint(
            model_name="ballot",
            constraint=models.UniqueConstraint(
                condition=models.Q(("follows__isnull", True)),
                fields=("decision", "household"),
                name="ballot_one_first_per_household",
            ),
        ),
        migrations.AddConstraint(
            model_name="ballot",
            constraint=models.CheckConstraint(
                condition=models.Q(("channel", "online"), ("recorded_by__isnull", False), _connector="OR"),
                name="ballot_paper_has_recorder",
            ),
        ),
        migrations.AddIndex(
            model_name="decisionbuilding",
            index=models.Index(fields=["community", "decision"], name="decisionbuilding_community"),
        ),
        migrations.AddConstraint(
            model_name="decisionbuilding",
            constraint=models.UniqueConstraint(
                fields=("decision", "building"), name="decision_building_once"
            ),
        ),
        migrations.AddIndex(
            model_name="meeting",
            index=models.Index(fields=["community", "-held_on"], name="meeting_community_held"),
        ),
        migrations.AddIndex(
            model_name="decision",
            index=models.Index(
                fields=["community", "compound", "-opened_at"], name="decision_community_compound"
            ),
        ),
        migrations.AddIndex(
            model_name="decision",
            index=models.Index(
                fields=["community", "closed_at", "closes_on"], name="decision_community_open"
            ),
        ),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.CheckConstraint(
                condition=models.Q(("motion", ""), _negated=True), name="decision_has_a_motion"
            ),
        ),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.CheckConstraint(
                condition=models.Q(("rule", "simple"), ("closes_on__isnull", False), _connector="OR"),
                name="decision_ballots_have_a_window",
            ),
        ),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.CheckConstraint(
                condition=models.Q(("closed_at__isnull", True), ("passed__isnull", False), _connector="OR"),
                name="decision_closed_has_result",
            ),
        ),
        migrations.AddIndex(
            model_name="attendance",
            index=models.Index(fields=["community", "meeting"], name="attendance_community_meeting"),
        ),
        migrations.AddConstraint(
            model_name="attendance",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("household__isnull", True), ("partner__isnull", False)),
                    models.Q(("household__isnull", False), ("partner__isnull", True)),
                    _connector="OR",
                ),
                name="attendance_household_or_partner",
            ),
        ),
        migrations.AddConstraint(
            model_name="attendance",
            constraint=models.UniqueConstraint(
                condition=models.Q(("household__isnull", False)),
                fields=("meeting", "household"),
                name="attendance_household_once",
            ),
        ),
        migrations.AddConstraint(
            model_name="attendance",
            constraint=models.UniqueConstraint(
                condition=models.Q(("partner__isnull", False)),
                fields=("meeting", "partner"),
                name="attendance_partner_once",
            ),
        ),
        migrations.AddIndex(
            model_name="agendaitem",
            index=models.Index(fields=["community", "meeting", "position"], name="agenda_community_meeting"),
        ),
        migrations.AddConstraint(
            model_name="agendaitem",
            constraint=models.UniqueConstraint(
                condition=models.Q(("need__isnull", False)),
                fields=("meeting", "need"),
                name="agenda_need_once",
            ),
        ),
        # Ballots, their voids and the voids' confirmations are written once (communities/append_only.py).
        AppendOnly(tables=["needs_ballot", "needs_ballotvoid", "needs_ballotvoidconfirmation"]),
    ]
