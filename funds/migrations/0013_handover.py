"""Cash handovers (funds/models_handover.py): what a collector handed to the treasurer, and the cash payments
it covers, each at most once. Both tables are append-only (communities.append_only.AppendOnly).
"""

import django.db.models.deletion
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models

from communities.append_only import AppendOnly


class Migration(migrations.Migration):

    dependencies = [
        ('communities', '0012_community_public_token_unique_names_version'),
        ('funds', '0012_payment_paid_on_not_null'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Handover',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='amount')),
                ('handed_on', models.DateField(verbose_name='handed over on')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='note')),
                ('recorded_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded')),
                ('collector', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='collector')),
                ('community', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='communities.community')),
                ('received_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='received by')),
            ],
            options={
                'verbose_name': 'cash handover',
                'verbose_name_plural': 'cash handovers',
                'ordering': ['-handed_on', '-id'],
            },
        ),
        migrations.CreateModel(
            name='HandoverItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('community', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='communities.community')),
                ('handover', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='items', to='funds.handover')),
                ('payment', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='handover_item', to='funds.payment')),
            ],
            options={
                'verbose_name': 'handed-over payment',
                'verbose_name_plural': 'handed-over payments',
            },
        ),
        migrations.AddConstraint(
            model_name='handover',
            constraint=models.CheckConstraint(condition=models.Q(('amount__gt', Decimal('0'))), name='handover_amount_positive'),
        ),
        migrations.AddConstraint(
            model_name='handover',
            constraint=models.CheckConstraint(condition=models.Q(('collector', models.F('received_by')), _negated=True), name='handover_second_person'),
        ),
        AppendOnly(tables=["funds_handover", "funds_handoveritem"]),
    ]
