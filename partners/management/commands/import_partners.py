"""Import a volunteer list from the command line, with the engine the staff page uses (partners.roster)."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from communities.errors import DomainError
from communities.models import Community
from partners.roster import partners_import_apply


class Command(BaseCommand):
    help = (
        "Import partners from an office's volunteer list (.xlsx, .xls or .csv). Rows are matched on their "
        "mobile, or else on name and household (flagged). Nothing is written if any row has a problem; exit "
        "status 1 then."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the volunteer list")
        parser.add_argument("--community", required=True, help="the community's short name (slug)")
        parser.add_argument("--dry-run", action="store_true", help="check and count only; write nothing")
        parser.add_argument("--json", action="store_true", help="print the outcome as JSON")
        parser.add_argument(
            "--consent-on-paper",
            action="store_true",
            help="everyone on the list signed the data-use consent form (required to import, as on the page)",
        )
        parser.add_argument(
            "--language", default=settings.LANGUAGE_CODE, help="language of the messages (zh-hans or en)"
        )

    def _fail(self, options, message: str) -> None:
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "new": 0,
                        "changed": 0,
                        "unchanged": 0,
                        "missing": 0,
                        "errors": [{"row": None, "sheet": "", "column": "", "message": message}],
                        "flagged": [],
                    },
                    ensure_ascii=False,
                )
            )
            raise SystemExit(1)
        raise CommandError(message)

    def handle(self, *args, **options):
        community = Community.objects.filter(slug=options["community"]).first()
        if community is None:
            raise CommandError(f"No community with the short name {options['community']!r}.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if not options["dry_run"] and not options["consent_on_paper"]:
            self._fail(
                options,
                "New partners need their signed data-use consent: pass --consent-on-paper once everyone on the "
                "list signed the form (or --dry-run to check the list only).",
            )
        with translation.override(options["language"]):
            try:
                outcome = partners_import_apply(
                    community=community,
                    actor=None,
                    data=path.read_bytes(),
                    filename=path.name,
                    dry_run=options["dry_run"],
                )
            except DomainError as error:
                self._fail(options, str(error.message))
            if options["json"]:
                data = outcome.as_json()
                data["flagged"] = [flag.as_dict() for flag in outcome.flags]
                self.stdout.write(json.dumps(data, ensure_ascii=False))
            else:
                verb = "would be" if options["dry_run"] or outcome.problems else "were"
                self.stdout.write(
                    f"{outcome.rows} rows: {outcome.new} new, {outcome.changed} changed, "
                    f"{outcome.unchanged} unchanged, {outcome.missing} missing from the list ({verb} applied)"
                )
                for label, items in (("", outcome.problems), ("flagged: ", outcome.flags)):
                    for problem in items:
                        where = f"{problem.sheet} " if problem.sheet else ""
                        row = f"row {problem.row} " if problem.row else ""
                        column = f"[{problem.column}] " if problem.column else ""
                        self.stderr.write(f"{label}{where}{row}{column}{problem.message}")
        if outcome.problems:
            raise SystemExit(1)
