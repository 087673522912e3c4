"""Import a household roster from the command line, with the engine the staff page and the admin use."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from communities.errors import DomainError
from communities.models import Community, Compound
from communities.roster.services import roster_import_apply


def community_and_compound(slug: str, compound_name: str | None) -> tuple[Community, Compound | None]:
    community = Community.objects.filter(slug=slug).first()
    if community is None:
        raise CommandError(f"No community with the short name {slug!r}.")
    compound = None
    if compound_name:
        compound = Compound.objects.filter(community=community, name=compound_name.strip()).first()
        if compound is None:
            raise CommandError(f"No compound named {compound_name!r} in {community.name}.")
    return community, compound


class Command(BaseCommand):
    help = (
        "Import households from a roster file (.xlsx, .xls or .csv). Nothing is written if any row has a "
        "problem; exit status 1 then."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the roster file")
        parser.add_argument("--community", required=True, help="the community's short name (slug)")
        parser.add_argument("--compound", help="the compound for rows without a 小区 column")
        parser.add_argument("--dry-run", action="store_true", help="check and count only; write nothing")
        parser.add_argument("--json", action="store_true", help="print the outcome as JSON")
        parser.add_argument(
            "--create-compounds",
            action="store_true",
            help="create compounds the file names that do not exist",
        )
        parser.add_argument(
            "--language", default=settings.LANGUAGE_CODE, help="language of the messages (zh-hans or en)"
        )

    def handle(self, *args, **options):
        community, compound = community_and_compound(options["community"], options["compound"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        with translation.override(options["language"]):
            try:
                outcome = roster_import_apply(
                    community=community,
                    actor=None,
                    data=path.read_bytes(),
                    filename=path.name,
                    compound=compound,
                    create_compounds=options["create_compounds"],
                    dry_run=options["dry_run"],
                )
            except DomainError as error:
                if options["json"]:
                    self.stdout.write(
                        json.dumps(
                            {
                                "new": 0,
                                "changed": 0,
                                "unchanged": 0,
                                "missing": 0,
                                "errors": [
                                    {"row": None, "sheet": "", "column": "", "message": str(error.message)}
                                ],
                            },
                            ensure_ascii=False,
                        )
                    )
                    raise SystemExit(1) from None
                raise CommandError(str(error.message)) from None
            if options["json"]:
                self.stdout.write(json.dumps(outcome.as_json(), ensure_ascii=False))
            else:
                verb = "would be" if options["dry_run"] or outcome.problems else "were"
                self.stdout.write(
                    f"{outcome.rows} rows: {outcome.new} new, {outcome.changed} changed, "
                    f"{outcome.unchanged} unchanged, {outcome.missing} missing from the file ({verb} applied)"
                )
                for problem in outcome.problems:
                    where = f"{problem.sheet} " if problem.sheet else ""
                    row = f"row {problem.row} " if problem.row else ""
                    column = f"[{problem.column}] " if problem.column else ""
                    self.stderr.write(f"{where}{row}{column}{problem.message}")
        if outcome.problems:
            raise SystemExit(1)
