"""Step 2 of 3: a fresh token for every existing question (see 0020). Nobody holds a link to these yet."""

from django.db import migrations

import funds.models


def fill_tokens(apps, schema_editor):
    Inquiry = apps.get_model("funds", "Inquiry")
    for inquiry in Inquiry.objects.filter(token__isnull=True).only("pk"):
        inquiry.token = funds.models.new_inquiry_token()
        inquiry.save(update_fields=["token"])


class Migration(migrations.Migration):
    dependencies = [("funds", "0017_inquiry_token")]

    operations = [migrations.RunPython(fill_tokens, migrations.RunPython.noop)]
