"""The shared base of append-only tables (communities/append_only.py): the PostgreSQL function
append_only_refuse_change(), the SQLite purge switch and the registry of append-only tables."""

from django.db import migrations

from communities.append_only import AppendOnlyBase


class Migration(migrations.Migration):
    dependencies = [("communities", "0007_rosterimport_kind")]

    operations = [AppendOnlyBase()]
