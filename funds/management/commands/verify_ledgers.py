"""Recompute every ledger from its entries; exit non-zero on any mismatch."""

from django.core.management.base import BaseCommand, CommandError

from communities.models import Community
from funds.verify import verify


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
        problems = verify(community)
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} ledger mismatch(es)")
        self.stdout.write(self.style.SUCCESS("All ledgers verified."))
