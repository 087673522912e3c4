"""The daily jobs: every app's once-a-day work (purges, retention, rota extension, closing what has ended), run by
`manage.py daily`.

An app registers its jobs in its AppConfig.ready():

    from communities.daily import register_daily
    register_daily("rota_extend", extend_rotas)

A job is a function without arguments that does its work (each in its own transaction) and returns one line
saying what it did ("removed 3 expired sessions"). Jobs are idempotent: a second run the same day finds
nothing left to do and changes nothing. Where something is only hidden after a date, the query decides it
instead, and there is no job.

Who runs them: in production, cron (`manage.py daily` once a day, see README.md). Under `make run`, the task
worker: `manage.py daily --schedule` (scripts/run-local.sh) enqueues `daily_task` for the next 03:00 Asia/Shanghai
unless one is already waiting; each run enqueues the next one.
"""

import datetime
import logging
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.utils import timezone
from django_tasks import TaskResultStatus, task

logger = logging.getLogger(__name__)

DAILY_JOBS: dict[str, Callable[[], str]] = {}

RUN_AT = datetime.time(3, 0)
RUN_AT_ZONE = ZoneInfo("Asia/Shanghai")


def register_daily(name: str, job: Callable[[], str]) -> None:
    if DAILY_JOBS.get(name, job) is not job:
        raise ValueError(f"a daily job named {name!r} is registered already")
    DAILY_JOBS[name] = job


def run_daily() -> list[tuple[str, str, bool]]:
    """Run every registered job; a failing job is logged and reported, and the others still run.

    Returns (name, what it did, succeeded) per job, in registration order."""
    results = []
    for name, job in DAILY_JOBS.items():
        try:
            results.append((name, job(), True))
        except Exception as error:  # one broken job must not stop the others
            logger.exception("daily job %s failed", name)
            results.append((name, f"failed: {error!r}", False))
    return results


# --- the self-rescheduling task of the local worker -----------------------------------------------


def next_run(now: datetime.datetime | None = None) -> datetime.datetime:
    """The next 03:00 in Asia/Shanghai strictly after `now`."""
    local = (now or timezone.now()).astimezone(RUN_AT_ZONE)
    candidate = datetime.datetime.combine(local.date(), RUN_AT, tzinfo=RUN_AT_ZONE)
    if candidate <= local:
        candidate = datetime.datetime.combine(
            local.date() + datetime.timedelta(days=1), RUN_AT, tzinfo=RUN_AT_ZONE
        )
    return candidate


def daily_schedule(*, now: datetime.datetime | None = None) -> datetime.datetime | None:
    """Enqueue the daily task for the next 03:00, unless one is waiting already; the time it runs, or None.

    Needs the database task backend (it can run a task later, and shows what is waiting); ValueError otherwise."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    backend = daily_task.get_backend()
    if not isinstance(backend, DatabaseBackend):
        raise ValueError(
            f"the task backend {type(backend).__name__} cannot run a task later; "
            "run `manage.py daily` from cron instead"
        )
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY,  # not started yet
        task_path=daily_task.module_path,
        backend_name=backend.alias,
    )
    if waiting.exists():
        return None
    run_after = next_run(now)
    daily_task.using(run_after=run_after).enqueue()
    return run_after


@task()
def daily_task() -> list[str]:
    """Run the daily jobs, then enqueue tomorrow's run (also when a job failed)."""
    try:
        return [f"{name}: {summary}" for name, summary, _ok in run_daily()]
    finally:
        daily_schedule()


# --- the jobs of this app ----------------------------------------------------------------------------

# Finished background tasks (roster files, daily runs) are kept this long for the worker's history.
TASK_RESULTS_DAYS = 14


def clear_expired_sessions() -> str:
    """Sessions live in the database (staff sign-ins, a household's short session after its access code)."""
    from django.contrib.sessions.models import Session

    removed, _detail = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return f"removed {removed} expired sessions"


def prune_task_results() -> str:
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - datetime.timedelta(days=TASK_RESULTS_DAYS)
    removed, _detail = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return f"removed {removed} task results finished over {TASK_RESULTS_DAYS} days ago"
