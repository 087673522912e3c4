"""Django's `flush`, which in a test run may empty the append-only funds tables (see funds/purge.py)."""

from django.core.management.commands.flush import Command as FlushCommand

from funds.purge import ledger_purge, test_environment_active


class Command(FlushCommand):
    def handle(self, **options):
        if not test_environment_active():
            return super().handle(**options)
        with ledger_purge(options["database"]):
            return super().handle(**options)
