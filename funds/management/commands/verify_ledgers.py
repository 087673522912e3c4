"""Recompute every ledger from its entries; exit non-zero on any mismatch.

Runs every check registered in communities' `ledger_checks` slot: funds' own (funds.verify) and those of the
apps above it (later: volunteer hours, points), none of which this command names."""

from django.core.management.base import BaseCommand, CommandError

from communities import slots
from communities.models import Community


class Command(BaseCommand):
    help = "Recompute every balance and invariant of the funds ledgers; exits non-zero on a mismatch."

    def add_arguments(self, parser):
        parser.add_argument("--community", help="short name (slug) of one community; all when omitted")

    def handle(self, *args, **options):
        community = None
        if options["community"]:
            community = Community.objects.filter(slug=options["community"]).first()
            if community is None:
                raise CommandError(f"no community {options['community']!r}")
        problems = [problem for check in slots.entries("ledger_checks") for problem in check(community)]
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} ledger mismatch(es)")
        self.stdout.write(self.style.SUCCESS("All ledgers verified."))
