"""Existing payments are dated by the local date (Asia/Shanghai) of the moment they were recorded: a payment
recorded at 23:30 on 1 January in Shanghai (15:30 UTC) was paid on 1 January.

funds_payment is append-only: its triggers are dropped, the rows filled in one UPDATE, and the triggers
re-created, all inside this migration's transaction (communities.append_only.AppendOnlySuspended).
"""

from zoneinfo import ZoneInfo

from django.db import migrations
from django.db.models.functions import TruncDate

from communities.append_only import AppendOnlySuspended

SHANGHAI = ZoneInfo("Asia/Shanghai")


def fill_paid_on(apps, schema_editor):
    Payment = apps.get_model("funds", "Payment")
    Payment.objects.filter(paid_on__isnull=True).update(paid_on=TruncDate("recorded_at", tzinfo=SHANGHAI))


class Migration(migrations.Migration):
    dependencies = [
        ("funds", "0010_payment_paid_on_paper_receipt_no"),
        ("communities", "0008_append_only_base"),
    ]

    operations = [
        AppendOnlySuspended(
            tables=["funds_payment"], code=fill_paid_on, reverse_code=migrations.RunPython.noop
        ),
    ]
