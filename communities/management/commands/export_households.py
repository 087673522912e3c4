"""Export a household roster as .csv or .xlsx with the canonical header row."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from communities.roster.exporting import export_file

from .import_households import community_and_compound


class Command(BaseCommand):
    help = "Export households (the canonical roster columns; an export re-imports with no change)."

    def add_arguments(self, parser):
        parser.add_argument("--community", required=True, help="the community's short name (slug)")
        parser.add_argument("--compound", help="only this compound")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="xlsx")
        parser.add_argument("-o", "--output", required=True, help="the file to write")
        parser.add_argument(
            "--language", default=settings.LANGUAGE_CODE, help="language of the header row (zh-hans or en)"
        )

    def handle(self, *args, **options):
        community, compound = community_and_compound(options["community"], options["compound"])
        with translation.override(options["language"]):
            data = export_file(community=community, compound=compound, fmt=options["format"])
        Path(options["output"]).write_bytes(data)
        self.stdout.write(f"wrote {options['output']}")
