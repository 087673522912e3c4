"""Step 3 of 3: the token unique and required (see 0010); and the names version of the community's public
pages' cache keys (communities.public_cache)."""

from django.db import migrations, models

import communities.models


class Migration(migrations.Migration):
    dependencies = [("communities", "0011_community_public_token_fill")]

    operations = [
        migrations.AlterField(
            model_name="community",
            name="public_token",
            field=models.CharField(
                default=communities.models.new_public_token, editable=False, max_length=32, unique=True
            ),
        ),
        migrations.AddField(
            model_name="community",
            name="names_version",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
    ]
