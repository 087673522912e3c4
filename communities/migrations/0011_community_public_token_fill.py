"""Step 2 of 3: a fresh token for every existing community (see 0010)."""

from django.db import migrations

import communities.models


def fill_tokens(apps, schema_editor):
    Community = apps.get_model("communities", "Community")
    for community in Community.objects.filter(public_token__isnull=True).only("pk"):
        community.public_token = communities.models.new_public_token()
        community.save(update_fields=["public_token"])


class Migration(migrations.Migration):
    dependencies = [("communities", "0010_community_public_token")]

    operations = [migrations.RunPython(fill_tokens, migrations.RunPython.noop)]
