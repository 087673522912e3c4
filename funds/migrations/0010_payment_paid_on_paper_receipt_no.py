"""Payments get the date the money moved (`paid_on`) and the number of a paper receipt already handed over.

`paid_on` is added nullable here; 0011 fills it from the local date of `recorded_at` (with funds_payment's
append-only triggers suspended inside that migration only) and 0012 makes it NOT NULL: three steps, as Django
advises for a table that holds rows, each committed before the next on PostgreSQL.

On SQLite adding `paper_receipt_no` (NOT NULL with a default) rebuilds funds_payment, which drops its triggers:
0011 re-creates them, and the post-migrate hook of communities.append_only after every `migrate`.

Numbered from 0010 to leave room for the other funds migrations of issue 10.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("funds", "0007_private_minutes_random_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="payment",
            name="paid_on",
            field=models.DateField(null=True, verbose_name="date paid"),
        ),
        migrations.AddField(
            model_name="payment",
            name="paper_receipt_no",
            field=models.CharField(blank=True, default="", max_length=20, verbose_name="paper receipt number"),
        ),
        migrations.AddIndex(
            model_name="payment",
            index=models.Index(
                condition=models.Q(("paper_receipt_no", ""), _negated=True),
                fields=["community", "paper_receipt_no"],
                name="payment_paper_receipt",
            ),
        ),
    ]
