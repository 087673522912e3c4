"""Django's `flush`, which in a test run may empty the append-only tables (see communities/append_only.py)."""

from django.core.management.commands.flush import Command as FlushCommand

from communities.append_only import append_only_purge, test_environment_active


class Command(FlushCommand):
    def handle(self, **options):
        if not test_environment_active():
            return super().handle(**options)
        with append_only_purge(options["database"]):
            return super().handle(**options)
