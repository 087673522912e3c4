"""Roster files are processed by the real task queue: django-tasks' database backend and its worker process
(`manage.py db_worker`), never in the web request."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from communities.models import Household, RosterImport
from tests.conftest import skip_unless

from .roster_files import HEADER, xlsx_bytes

ROOT = Path(__file__).resolve().parents[2]
ROWS = [HEADER, ["育才小区", "1栋", "1单元", "101", "王五", "13900001111", "3", "", "", "", ""]]


@pytest.fixture
def database_queue(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


def _upload(client, world):
    client.force_login(world.admin)
    url = reverse("communities:roster", kwargs={"slug": world.home.slug, "pk": world.compound.pk})
    response = client.post(url, {"file": SimpleUploadedFile("r.xlsx", xlsx_bytes({"s": ROWS}))})
    assert response.status_code == 302
    return RosterImport.objects.get()


def _confirm(client, world, roster_import):
    url = reverse(
        "communities:roster_import_confirm", kwargs={"slug": world.home.slug, "pk": roster_import.pk}
    )
    assert client.post(url).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_the_request_only_queues_and_the_db_worker_does_the_work(
    world, client, database_queue, keep_signal_handlers
):
    roster_import = _upload(client, world)
    # The web request returned with the work queued, not done.
    assert roster_import.status == RosterImport.Status.QUEUED
    page = client.get(
        reverse("communities:roster_import", kwargs={"slug": world.home.slug, "pk": roster_import.pk})
    )
    assert 'hx-trigger="every 1s"' in page.content.decode()
    assert DBTaskResult.objects.count() == 1

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.PREVIEW
    assert roster_import.counts["new"] == 1

    _confirm(client, world, roster_import)
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.APPLYING
    assert not Household.objects.filter(head_name="王五").exists()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.DONE and roster_import.progress == 100
    assert Household.objects.get(head_name="王五").phone == "13900001111"


@pytest.mark.django_db(transaction=True)
def test_a_separate_worker_process_imports_the_file(world, client, database_queue):
    skip_unless(
        connection.vendor == "postgresql", "a worker process needs a database it can share (PostgreSQL)"
    )
    roster_import = _upload(client, world)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{connection.settings_dict['NAME']}",
        DJANGO_MEDIA_ROOT=str(database_queue),
        DJANGO_DEBUG="0",
    )
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"]

    def work():
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr

    work()
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.PREVIEW, roster_import.failure
    _confirm(client, world, roster_import)
    work()
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.DONE
    assert Household.objects.filter(head_name="王五", compound=world.compound).exists()
