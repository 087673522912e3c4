"""Consents and joinings/leavings are written once: the database refuses to change or delete them."""

from django.db import migrations

from communities.append_only import AppendOnly


class Migration(migrations.Migration):
    dependencies = [("communities", "0008_append_only_base"), ("partners", "0001_initial")]

    operations = [AppendOnly(tables=["partners_consent", "partners_partnerstatus"])]
