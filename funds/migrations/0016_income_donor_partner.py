"""A donation may name its donor as a registered partner (funds -> partners, as the layering allows); old
rows keep their text. (On SQLite a rebuild of funds_income drops its triggers: the post-migrate hook of
communities.append_only re-creates them.)"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('funds', '0015_drop_community_indexes_covered_by_composites'),
        ('partners', '0002_append_only'),
    ]

    operations = [
        migrations.AddField(
            model_name='income',
            name='donor_partner',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='donations', to='partners.partner', verbose_name='donor (partner)'),
        ),
    ]
