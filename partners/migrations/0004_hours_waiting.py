"""The queue of hours waiting for a confirmation (partners.HoursWaiting), filled with the entries recorded before
it: those with neither a confirmation nor a reversal. One set-based INSERT ... SELECT (the same SQL on SQLite and
PostgreSQL); migrating back empties the queue before its table is dropped."""

import django.db.models.deletion
from django.db import migrations, models


FILL = """
INSERT INTO partners_hourswaiting (community_id, entry_id)
SELECT e.community_id, e.id FROM partners_hoursentry e
WHERE NOT EXISTS (SELECT 1 FROM partners_hoursconfirmation c WHERE c.entry_id = e.id)
  AND NOT EXISTS (SELECT 1 FROM partners_hoursreversal r WHERE r.entry_id = e.id)
"""


class Migration(migrations.Migration):

    dependencies = [
        ('communities', '0016_rosterimport_report'),
        ('partners', '0003_volunteering'),
    ]

    operations = [
        migrations.CreateModel(
            name='HoursWaiting',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('community', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='communities.community')),
                ('entry', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='waiting', to='partners.hoursentry')),
            ],
            options={
                'verbose_name': 'hours waiting for confirmation',
                'verbose_name_plural': 'hours waiting for confirmation',
                'indexes': [models.Index(fields=['community', 'entry'], name='hourswaiting_community_entry')],
            },
        ),
        migrations.RunSQL(
            sql=FILL,
            reverse_sql="DELETE FROM partners_hourswaiting",
        ),
    ]
