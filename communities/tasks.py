"""Background work of the communities app, run by the task worker (`manage.py db_worker`), never in a web
request: a roster file's preview and its import."""

import logging

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from .models import RosterImport
from .roster import services as roster

logger = logging.getLogger(__name__)


def _run(import_id: int, step) -> str:
    roster_import = RosterImport.objects.select_related("community", "compound", "applied_by").get(
        pk=import_id
    )
    with translation.override(roster_import.language or settings.LANGUAGE_CODE):
        try:
            return step(roster_import=roster_import).status
        except Exception:
            logger.exception("roster import %s failed", import_id)
            RosterImport.objects.filter(pk=import_id).update(
                status=RosterImport.Status.FAILED,
                failure=_(
                    "The file could not be processed. Nothing was imported. Try again or ask for help."
                ),
            )
            raise


@task()
def roster_preview(import_id: int) -> str:
    """Read and check the file; store the counts and problems the preview shows."""
    return _run(import_id, roster.roster_import_preview)


@task()
def roster_apply(import_id: int) -> str:
    """Apply a confirmed import."""
    return _run(import_id, roster.roster_import_run)
