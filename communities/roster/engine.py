"""The import engine, in straight steps for any registered kind: reading -> parsing -> plan -> writing.

`import_apply` is what the staff pages (through the task worker), the Django admin and the command line all
run, so the same file gives the same result everywhere:

1. reading: `reading.read_workbook` turns the bytes into sheets of raw cells;
2. parsing: `parsing.parse_sheets` cleans them by the kind's column spec, collecting every problem;
3. plan: the kind's writer resolves the scopes (compounds) and, if it has a review, checks the rows across
   columns and against the database; then `plan.plan_rows` compares row by row;
4. writing: unless it is a dry run or a row has a problem, the writer writes the plan, and the import is
   recorded (RosterImport, with the original file) with one audit entry, all in one transaction.
"""

import functools
import gc
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..audit import audit_record
from ..errors import DomainError
from ..models import Community, Compound, RosterImport
from ..services import community_names_changed
from .kinds import ImportKind
from .parsing import Problem, Skipped, parse_sheets
from .plan import plan_rows
from .reading import read_workbook

Progress = Callable[[int], None] | None
MAX_STORED_FLAGS = 1000
MAX_STORED_SKIPPED = 500


@dataclass
class RosterOutcome:
    """What an import found (dry run) or did: the counts, the problems, the records missing from the file, and
    the rows a kind's review flagged for a look (they do not block)."""

    rows: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    missing_ids: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    flags: list[Problem] = field(default_factory=list)
    compounds_created: list[str] = field(default_factory=list)
    # Rows that are not data (title, blank, totals, a repeated header), and the kind's summary (kinds.Summary).
    skipped: list[Skipped] = field(default_factory=list)
    totals: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    sample: list[dict] = field(default_factory=list)
    unknown_scopes: list[str] = field(default_factory=list)  # compounds the file names that do not exist
    applied: bool = False
    roster_import: RosterImport | None = None

    @property
    def missing(self) -> int:
        return len(self.missing_ids)

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "missing": self.missing,
        }

    def report(self) -> dict:
        """What the preview shows beside the counts, as stored with the import (RosterImport.report)."""
        return {
            "skipped": [s.as_dict() for s in self.skipped[:MAX_STORED_SKIPPED]],
            "skipped_count": len(self.skipped),
            "totals": self.totals,
            "warnings": [str(w) for w in self.warnings],
            "sample": self.sample,
            "unknown_scopes": self.unknown_scopes,
        }

    def as_json(self) -> dict:
        """The shape `import_households --json` prints."""
        return {
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "missing": self.missing,
            "errors": [p.as_dict() for p in self.problems],
            "skipped": [s.as_dict() for s in self.skipped],
            "totals": self.totals,
            "warnings": [str(w) for w in self.warnings],
            "sample": self.sample,
        }


def _cycle_collector_paused(function):
    """Pause Python's cycle collector while `function` runs: a 100k-row file makes millions of small objects
    (cells, rows, tuples), none of them in a cycle, and each full collection walked all of them again
    (measured: about 1.5 s of a 100k-row import). Reference counting still frees them."""

    @functools.wraps(function)
    def run(*args, **kwargs):
        paused = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if paused:
                gc.enable()

    return run


@_cycle_collector_paused
def import_apply(
    *,
    kind: ImportKind,
    community: Community,
    actor,
    data: bytes,
    filename: str,
    compound: Compound | None = None,
    create_compounds: bool = False,
    dry_run: bool = False,
    roster_import: RosterImport | None = None,
    progress: Progress = None,
) -> RosterOutcome:
    """Read, check and (unless `dry_run` or a row has a problem) apply a file of this kind to a community.

    Nothing is written when any row has a problem. A real import writes in one transaction, records the import
    in the history (a new RosterImport with the original file, unless one is given) and one audit entry with
    the counts. Records missing from the file are reported, never deleted."""
    if compound is not None and compound.community_id != community.pk:
        raise DomainError(_("Choose a compound of this community."))

    def report(percent: int) -> None:
        if progress:
            progress(percent)

    # 1. reading
    sheets = read_workbook(data, filename)
    report(5)
    # 2. parsing
    parsed = parse_sheets(
        sheets, spec=kind.columns, progress=lambda done, total: report(5 + int(55 * done / total))
    )
    del sheets
    outcome = RosterOutcome(
        rows=len(parsed.rows), problems=list(parsed.problems), skipped=list(parsed.skipped)
    )
    writer = kind.writer

    with transaction.atomic():
        # 3. plan
        scopes = writer.scopes(
            community=community, parsed=parsed, compound=compound, create_compounds=create_compounds
        )
        outcome.problems += scopes.problems
        outcome.unknown_scopes = scopes.unknown
        if scopes.keys and not scopes.problems:
            if not dry_run:
                writer.lock(scopes=scopes)
            review = getattr(writer, "review", None)
            if review is not None:
                found = review(community=community, parsed=parsed, scopes=scopes, actor=actor)
                outcome.problems += found.problems
                outcome.flags += found.flags
            plan = plan_rows(parsed=parsed, scopes=scopes, spec=kind.columns, writer=writer)
            outcome.problems += plan.problems
            outcome.new, outcome.changed, outcome.unchanged = len(plan.new), len(plan.changed), plan.unchanged
            outcome.missing_ids = plan.missing_ids
            summarize = getattr(writer, "summary", None)
            if summarize is not None:
                summary = summarize(parsed=parsed, plan=plan, spec=kind.columns)
                outcome.totals, outcome.warnings, outcome.sample = (
                    summary.totals,
                    summary.warnings,
                    summary.sample,
                )
            report(70)
            # 4. writing
            if not dry_run and not outcome.problems:
                outcome.compounds_created = writer.write(community=community, plan=plan, scopes=scopes)
                outcome.applied = True
                if plan.new or plan.changed:
                    # Rows of a list may carry names public pages show (heads of household, masked).
                    community_names_changed(community=community)
        order = {name: index for index, name in enumerate(parsed.sheets_read)}
        outcome.problems.sort(key=lambda p: (order.get(p.sheet, -1), p.row or 0))
        outcome.flags.sort(key=lambda p: (order.get(p.sheet, -1), p.row or 0))
        if outcome.applied:
            outcome.roster_import = _record(
                kind=kind,
                community=community,
                actor=actor,
                data=data,
                filename=filename,
                compound=compound,
                create_compounds=create_compounds,
                roster_import=roster_import,
                outcome=outcome,
            )
    report(100)
    return outcome


def _record(
    *,
    kind: ImportKind,
    community: Community,
    actor,
    data: bytes,
    filename: str,
    compound: Compound | None,
    create_compounds: bool,
    roster_import: RosterImport | None,
    outcome: RosterOutcome,
) -> RosterImport:
    """The applied import in the history (with the original file) and its one audit entry with the counts."""
    user = actor if getattr(actor, "pk", None) else None
    if roster_import is None:
        roster_import = RosterImport(
            community=community,
            kind=kind.name,
            compound=compound,
            filename=filename[:200],
            create_compounds=create_compounds,
            created_by=user,
        )
        roster_import.file.save(filename, ContentFile(data), save=False)
    roster_import.status = RosterImport.Status.DONE
    roster_import.progress = 100
    roster_import.counts = outcome.counts()
    roster_import.missing = outcome.missing_ids
    roster_import.errors, roster_import.error_count = [], 0
    roster_import.flags = [p.as_dict() for p in outcome.flags[:MAX_STORED_FLAGS]]
    roster_import.report = outcome.report()
    roster_import.applied_by = user
    roster_import.applied_at = timezone.now()
    roster_import.save()
    audit_record(
        community=community,
        actor=actor,
        action=kind.audit_action,
        target=roster_import,
        changes={
            "file": [None, roster_import.filename],
            **{name: [None, value] for name, value in outcome.counts().items()},
            **(
                {"compounds_created": [None, ", ".join(outcome.compounds_created)]}
                if outcome.compounds_created
                else {}
            ),
        },
    )
    return roster_import
