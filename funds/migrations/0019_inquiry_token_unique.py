"""Step 3 of 3: the question's token unique and required (see 0020)."""

from django.db import migrations, models

import funds.models


class Migration(migrations.Migration):
    dependencies = [("funds", "0018_inquiry_token_fill")]

    operations = [
        migrations.AlterField(
            model_name="inquiry",
            name="token",
            field=models.CharField(
                default=funds.models.new_inquiry_token, editable=False, max_length=32, unique=True
            ),
        ),
    ]
