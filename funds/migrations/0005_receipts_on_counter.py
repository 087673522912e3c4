"""Receipt numbers move from funds.ReceiptCounter to the shared communities.Counter (name "receipt").

Each community's last receipt number is copied, so the next receipt continues the sequence; then the old
model goes. The reverse copies the numbers back.
"""

from django.db import migrations

RECEIPT = "receipt"


def to_counter(apps, schema_editor):
    ReceiptCounter = apps.get_model("funds", "ReceiptCounter")
    Counter = apps.get_model("communities", "Counter")
    for old in ReceiptCounter.objects.all():
        counter, created = Counter.objects.get_or_create(
            community_id=old.community_id, name=RECEIPT, defaults={"last_number": old.last_number}
        )
        if not created and counter.last_number < old.last_number:
            counter.last_number = old.last_number
            counter.save(update_fields=["last_number"])


def to_receipt_counter(apps, schema_editor):
    ReceiptCounter = apps.get_model("funds", "ReceiptCounter")
    Counter = apps.get_model("communities", "Counter")
    for counter in Counter.objects.filter(name=RECEIPT):
        ReceiptCounter.objects.update_or_create(
            community_id=counter.community_id, defaults={"last_number": counter.last_number}
        )
    Counter.objects.filter(name=RECEIPT).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("funds", "0004_append_only_on_the_shared_base"),
        ("communities", "0009_counter"),
    ]

    operations = [
        migrations.RunPython(to_counter, to_receipt_counter),
        migrations.DeleteModel(name="ReceiptCounter"),
    ]
