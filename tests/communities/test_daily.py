"""`manage.py daily` runs every app's daily jobs, says what each did, and changes nothing on a second run; under
`make run` the task worker runs it every day at 03:00 Asia/Shanghai through a task that enqueues the next one."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from communities import daily

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _daily(*args) -> str:
    out = io.StringIO()
    call_command("daily", *args, stdout=out)
    return out.getvalue()


def _session(expires_in: datetime.timedelta) -> str:
    store = SessionStore()
    store["household"] = 1
    store.save()
    Session.objects.filter(pk=store.session_key).update(expire_date=timezone.now() + expires_in)
    return store.session_key


def _task_result(finished_days_ago: int) -> DBTaskResult:
    finished = timezone.now() - datetime.timedelta(days=finished_days_ago)
    return DBTaskResult.objects.create(
        status=TaskResultStatus.SUCCESSFUL,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="communities.tasks.roster_preview",
        backend_name="default",
        run_after=finished,
        started_at=finished,
        finished_at=finished,
        exception_class_path="",
        traceback="",
    )


def _state():
    return set(Session.objects.values_list("pk", flat=True)), set(
        DBTaskResult.objects.values_list("pk", flat=True)
    )


def test_daily_runs_every_job_says_what_it_did_and_a_second_run_changes_nothing(db):
    expired, live = _session(-datetime.timedelta(hours=1)), _session(datetime.timedelta(days=1))
    old, recent = _task_result(finished_days_ago=30), _task_result(finished_days_ago=2)

    first = _daily()
    assert "sessions: removed 1 expired sessions" in first
    assert "task_results: removed 1 task results finished over 14 days ago" in first
    after_first = _state()
    assert after_first == ({live}, {recent.pk})
    assert expired not in after_first[0] and old.pk not in after_first[1]

    second = _daily()
    assert "sessions: removed 0 expired sessions" in second
    assert "task_results: removed 0 task results" in second
    assert _state() == after_first


def test_a_failing_job_is_reported_and_the_others_still_run(db, monkeypatch):
    expired = _session(-datetime.timedelta(hours=1))

    def broken():
        raise RuntimeError("disk full")

    monkeypatch.setattr(daily, "DAILY_JOBS", {"broken": broken, "sessions": daily.clear_expired_sessions})
    out = io.StringIO()
    with pytest.raises(CommandError, match="broken"):
        call_command("daily", stdout=out)
    assert "broken: failed: RuntimeError('disk full')" in out.getvalue()
    assert not Session.objects.filter(pk=expired).exists()


def test_a_job_name_is_registered_once():
    with pytest.raises(ValueError, match="sessions"):
        daily.register_daily("sessions", lambda: "another job")


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (
            datetime.datetime(2026, 5, 1, 2, 59, tzinfo=SHANGHAI),
            datetime.datetime(2026, 5, 1, 3, 0, tzinfo=SHANGHAI),
        ),
        (
            datetime.datetime(2026, 5, 1, 3, 0, tzinfo=SHANGHAI),
            datetime.datetime(2026, 5, 2, 3, 0, tzinfo=SHANGHAI),
        ),
        # 20:00 UTC is 04:00 the next day in Shanghai
        (
            datetime.datetime(2026, 5, 1, 20, 0, tzinfo=datetime.UTC),
            datetime.datetime(2026, 5, 3, 3, 0, tzinfo=SHANGHAI),
        ),
    ],
)
def test_the_next_run_is_at_three_in_the_morning_shanghai_time(now, expected):
    assert daily.next_run(now) == expected


def test_scheduling_needs_a_backend_that_runs_tasks_later(db):
    # The tests' immediate backend runs a task at once and refuses run_after.
    with pytest.raises(CommandError, match="cron"):
        _daily("--schedule")


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _waiting():
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path="communities.daily.daily_task"
    )


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_daily_task_which_enqueues_the_next_one(db, database_queue, keep_signal_handlers):
    assert "the task worker runs them at" in _daily("--schedule")
    assert "already waiting" in _daily("--schedule")  # make run started twice: still one waiting
    first = _waiting().get()
    assert first.run_after == daily.next_run()

    expired = _session(-datetime.timedelta(hours=1))
    # 03:00 has come.
    DBTaskResult.objects.filter(pk=first.pk).update(run_after=timezone.now() - datetime.timedelta(minutes=1))
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    first.refresh_from_db()
    assert first.status == TaskResultStatus.SUCCESSFUL
    assert "sessions: removed 1 expired sessions" in first.return_value
    assert not Session.objects.filter(pk=expired).exists()
    following = _waiting().get()  # the chain goes on: tomorrow's run is waiting, and only one
    assert following.pk != first.pk
    assert following.run_after == daily.next_run()
    assert following.run_after > timezone.now()
