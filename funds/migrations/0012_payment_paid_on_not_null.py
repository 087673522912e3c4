"""`paid_on` is filled (0011): it becomes NOT NULL, today by default, and lists sort by it.

On SQLite this rebuilds funds_payment, which drops its append-only triggers; the post-migrate hook of
communities.append_only re-creates them after `migrate` (tests/funds/test_paid_on.py checks both databases).
"""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("funds", "0011_payment_paid_on_fill"),
    ]

    operations = [
        migrations.AlterField(
            model_name="payment",
            name="paid_on",
            field=models.DateField(default=django.utils.timezone.localdate, verbose_name="date paid"),
        ),
        migrations.AlterModelOptions(
            name="payment",
            options={
                "ordering": ["-paid_on", "-receipt_number"],
                "verbose_name": "payment",
                "verbose_name_plural": "payments",
            },
        ),
        migrations.AddIndex(
            model_name="payment",
            index=models.Index(fields=["community", "-paid_on"], name="payment_paid_on"),
        ),
    ]
