"""Minutes photos go to the private storage, and new minutes and receipt photos get random names
(communities/uploads.py). Receipt photos stay in the public storage.

- The fields change only in Python (storage, upload_to), but Django rebuilds funds_approval and funds_expense
  on SQLite to alter them, which drops their append-only triggers: this migration puts them back itself, in
  both directions (communities.append_only.trigger_sql; the post-migrate hook would too, at the end of
  `migrate`).
- Each existing minutes photo is moved as a file, under the same name: copied from the public storage to the
  private one, then deleted from the public one. No row changes (the rows are append-only). A file that is
  missing is left be; running it again does no harm. The reverse moves them back.
"""

from django.core.files.storage import storages
from django.db import migrations, models

import communities.uploads
from communities.append_only import trigger_sql

TABLES = ["funds_approval", "funds_expense"]


def restore_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for table in TABLES:
            for sql in trigger_sql("sqlite", table):
                schema_editor.execute(sql)


def _move(name: str, source, target) -> None:
    if not source.exists(name):
        return
    if not target.exists(name):
        with source.open(name, "rb") as handle:
            saved = target.save(name, handle)
        if saved != name:
            raise RuntimeError(f"{name} was stored as {saved}; the rows name {name}")
    source.delete(name)


def _minutes_photos(apps) -> list[str]:
    Approval = apps.get_model("funds", "Approval")
    return sorted(set(Approval.objects.exclude(minutes_photo="").values_list("minutes_photo", flat=True)))


def to_private(apps, schema_editor):
    for name in _minutes_photos(apps):
        _move(name, storages["default"], storages["private"])


def to_public(apps, schema_editor):
    for name in _minutes_photos(apps):
        _move(name, storages["private"], storages["default"])


class Migration(migrations.Migration):
    dependencies = [
        ("funds", "0006_snapshot_compound_nullable"),
        ("communities", "0008_append_only_base"),
    ]

    operations = [
        # (backwards only: after the fields are altered back, the last step of the reverse)
        migrations.RunPython(migrations.RunPython.noop, restore_triggers),
        migrations.AlterField(
            model_name="approval",
            name="minutes_photo",
            field=models.ImageField(
                blank=True,
                storage=communities.uploads.private_storage,
                upload_to=communities.uploads.RandomName("funds/minutes"),
                verbose_name="photo of the minutes",
            ),
        ),
        migrations.AlterField(
            model_name="expense",
            name="receipt_photo",
            field=models.ImageField(
                blank=True,
                upload_to=communities.uploads.RandomName("funds/receipts"),
                verbose_name="receipt photo",
            ),
        ),
        migrations.RunPython(restore_triggers, migrations.RunPython.noop),
        migrations.RunPython(to_private, to_public),
    ]
