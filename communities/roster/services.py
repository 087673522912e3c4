"""The staff flow of an import, for any registered kind (households, and the kinds higher apps register):

upload (`roster_import_start`) -> the worker's preview (`roster_import_preview`, a dry run) -> the admin
confirms (`roster_import_confirm`) -> the worker's import (`roster_import_run`) -> the history, and the records
"missing from the file" (`roster_mark_missing`). A crash in the worker marks the import failed
(`roster_import_fail`).

The services enqueue their own background work, once their transaction commits: the tasks below run in the task
worker (`manage.py db_worker`), never in a web request, so a caller (a view, an admin action) only calls the
service. The engine they run is `engine.import_apply`; `roster_import_apply` and `roster_mark_moved_out` are the
household roster's names for it, kept here for the command line and older callers.
"""

import functools
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from ..audit import audit_record
from ..errors import DomainError
from ..models import Community, Compound, RosterImport
from ..text import strip_bidi
from .engine import MAX_STORED_FLAGS, RosterOutcome, import_apply
from .households import HOUSEHOLDS, roster_import_apply
from .kinds import import_kind_get

__all__ = [
    "MAX_STORED_PROBLEMS",
    "RosterOutcome",
    "roster_apply",
    "roster_import_apply",
    "roster_import_confirm",
    "roster_import_fail",
    "roster_import_preview",
    "roster_import_run",
    "roster_import_start",
    "roster_mark_missing",
    "roster_mark_moved_out",
    "roster_preview",
]

logger = logging.getLogger(__name__)

MAX_STORED_PROBLEMS = 1000


def _enqueue_on_commit(work, roster_import: RosterImport) -> None:
    """Hand the import to the task worker once the transaction that recorded it commits (a worker never sees
    an import its request rolled back, nor one not yet committed)."""
    transaction.on_commit(functools.partial(work.enqueue, roster_import.pk))


# --- upload and confirm (in the request) -----------------------------------------------------


def roster_import_start(
    *,
    community: Community,
    actor,
    filename: str,
    data: bytes,
    compound: Compound | None = None,
    create_compounds: bool = False,
    language: str = "",
    kind: str = HOUSEHOLDS.name,
) -> RosterImport:
    """Keep the uploaded file and queue its preview. The import itself is audited when it is applied."""
    import_kind_get(kind)  # an unknown kind is a programming error, raised here rather than in the worker
    if compound is not None and compound.community_id != community.pk:
        raise DomainError(_("Choose a compound of this community."))
    if not data:
        raise DomainError(_("The file is empty."), field="file")
    filename = strip_bidi(filename)  # shown on the history page, where it must read as it is
    with transaction.atomic():
        roster_import = RosterImport(
            community=community,
            kind=kind,
            compound=compound,
            filename=filename[:200],
            create_compounds=create_compounds,
            language=language,
            created_by=actor,
        )
        roster_import.file.save(filename, ContentFile(data), save=False)
        roster_import.save()
        _enqueue_on_commit(roster_preview, roster_import)
    return roster_import


@transaction.atomic
def roster_import_confirm(*, roster_import: RosterImport, actor) -> RosterImport:
    """The admin confirmed the preview: queue the import itself."""
    roster_import = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
    if roster_import.status != RosterImport.Status.PREVIEW:
        raise DomainError(_("This import is not waiting for confirmation any more."))
    if roster_import.error_count:
        raise DomainError(_("Correct the problems in the file and upload it again: nothing was imported."))
    roster_import.status = RosterImport.Status.APPLYING
    roster_import.progress = 0
    roster_import.applied_by = actor
    roster_import.queued_at = timezone.now()
    roster_import.save(update_fields=["status", "progress", "applied_by", "queued_at"])
    _enqueue_on_commit(roster_apply, roster_import)
    return roster_import


# --- the worker's steps --------------------------------------------------------------------
# They write their status and progress as they go (each its own short transaction, so the page polling the
# progress sees it); the import itself is written by the engine in one transaction.


def _set_progress(roster_import: RosterImport) -> Callable[[int], None]:
    last = [-1]

    def update(percent: int) -> None:
        if percent != last[0]:
            last[0] = percent
            RosterImport.objects.filter(pk=roster_import.pk).update(progress=percent)

    return update


def _apply_stored(roster_import: RosterImport, *, actor, dry_run: bool) -> RosterOutcome:
    """The engine on a stored upload, with its kind and the options chosen when it was uploaded."""
    with roster_import.file.open("rb") as handle:
        data = handle.read()
    return import_apply(
        kind=import_kind_get(roster_import.kind),
        community=roster_import.community,
        actor=actor,
        data=data,
        filename=roster_import.filename,
        compound=roster_import.compound,
        create_compounds=roster_import.create_compounds,
        dry_run=dry_run,
        roster_import=None if dry_run else roster_import,
        progress=_set_progress(roster_import),
    )


def roster_import_preview(*, roster_import: RosterImport) -> RosterImport:
    """The dry run: counts, problems, flags and missing records, stored for the preview page."""
    roster_import.status = RosterImport.Status.ANALYSING
    roster_import.save(update_fields=["status"])
    try:
        outcome = _apply_stored(roster_import, actor=None, dry_run=True)
    except DomainError as error:
        roster_import.status = RosterImport.Status.FAILED
        roster_import.failure = str(error.message)
        roster_import.save(update_fields=["status", "failure"])
        return roster_import
    roster_import.status = RosterImport.Status.PREVIEW
    roster_import.progress = 100
    roster_import.counts = outcome.counts()
    roster_import.errors = [p.as_dict() for p in outcome.problems[:MAX_STORED_PROBLEMS]]
    roster_import.error_count = len(outcome.problems)
    roster_import.missing = outcome.missing_ids
    roster_import.flags = [p.as_dict() for p in outcome.flags[:MAX_STORED_FLAGS]]
    roster_import.report = outcome.report()
    roster_import.save(
        update_fields=["status", "progress", "counts", "errors", "error_count", "missing", "flags", "report"]
    )
    return roster_import


def roster_import_run(*, roster_import: RosterImport) -> RosterImport:
    """Apply a confirmed import (in the worker). The file is read again: the result counts what was written."""
    actor = roster_import.applied_by
    try:
        outcome = _apply_stored(roster_import, actor=actor, dry_run=False)
    except DomainError as error:
        outcome = None
        failure = str(error.message)
    except IntegrityError:
        # Someone added the same household by hand while the import ran: the natural key refused the
        # import's row and the transaction rolled back whole. Say so instead of staying "applying".
        outcome = None
        failure = _("A household in the file was added by someone else meanwhile. Upload the file again.")
    else:
        failure = ""
    if outcome is None or not outcome.applied:
        roster_import.refresh_from_db()
        roster_import.status = RosterImport.Status.FAILED
        if outcome is not None:
            roster_import.errors = [p.as_dict() for p in outcome.problems[:MAX_STORED_PROBLEMS]]
            roster_import.error_count = len(outcome.problems)
            failure = _("The households changed since the preview, and the file now has problems.")
        roster_import.failure = failure
        roster_import.save(update_fields=["status", "failure", "errors", "error_count"])
        return roster_import
    return outcome.roster_import


@transaction.atomic
def roster_import_fail(*, roster_import: RosterImport, failure: str) -> bool:
    """The worker crashed on this import: mark it failed with `failure`, unless it finished meanwhile (an
    import that was written stays done). Whether it was marked. Not audited: no one acted, and nothing was
    written; the failure shows on the import's page and in the history."""
    return bool(
        RosterImport.objects.filter(
            pk=roster_import.pk,
            status__in=[
                RosterImport.Status.QUEUED,
                RosterImport.Status.ANALYSING,
                RosterImport.Status.APPLYING,
            ],
        ).update(status=RosterImport.Status.FAILED, failure=failure)
    )


def _work(import_id: int, step) -> str:
    roster_import = RosterImport.objects.select_related("community", "compound", "applied_by").get(
        pk=import_id
    )
    with translation.override(roster_import.language or settings.LANGUAGE_CODE):
        try:
            return step(roster_import=roster_import).status
        except Exception:
            logger.exception("roster import %s failed", import_id)
            roster_import_fail(
                roster_import=roster_import,
                failure=_(
                    "The file could not be processed. Nothing was imported. Try again or ask for help."
                ),
            )
            raise


@task()
def roster_preview(import_id: int) -> str:
    """Read and check the file; store the counts and problems the preview shows."""
    return _work(import_id, roster_import_preview)


@task()
def roster_apply(import_id: int) -> str:
    """Apply a confirmed import."""
    return _work(import_id, roster_import_run)


# --- records missing from the file ---------------------------------------------------------


@transaction.atomic
def roster_mark_missing(*, roster_import: RosterImport, ids: list[int], actor) -> int:
    """Mark records that the import found missing from the file as gone (households: moved out), with one audit
    entry for all of them."""
    kind = import_kind_get(roster_import.kind)
    if not kind.missing_action:
        raise ImproperlyConfigured(f"The import kind {kind.name!r} offers no marking of missing records.")
    allowed = set(roster_import.missing) & {int(pk) for pk in ids}
    if not allowed:
        raise DomainError(_("Choose at least one household from the list."))
    count = kind.writer.mark_missing(community=roster_import.community, ids=allowed)
    audit_record(
        community=roster_import.community,
        actor=actor,
        action=kind.missing_action,
        target=roster_import,
        changes={"moved_out": [None, count]},
    )
    return count


def roster_mark_moved_out(*, roster_import: RosterImport, household_ids: list[int], actor) -> int:
    """Mark households that the import found missing as moved out (one audit entry for all of them)."""
    return roster_mark_missing(roster_import=roster_import, ids=household_ids, actor=actor)
