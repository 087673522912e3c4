"""Backups (docs/backup.md): the database with pg_dump and the media directory with tar, restored into a fresh
database and directory, and `verify_ledgers` passes there. The commands are the documented ones."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from communities.models import Household
from funds.models import Expense, Payment

from .conftest import skip_unless

ROOT = Path(__file__).resolve().parents[1]


def _url(name: str) -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def _run(*command: str, env=None) -> str:
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, env=env, cwd=ROOT)
    assert result.returncode == 0, f"{' '.join(command)}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.mark.django_db(transaction=True)
def test_the_demo_dumped_and_restored_into_a_fresh_database_verifies(settings, tmp_path):
    skip_unless(connection.vendor == "postgresql", "pg_dump and pg_restore back up PostgreSQL")
    skip_unless(bool(shutil.which("pg_dump") and shutil.which("pg_restore")), "pg_dump and pg_restore")
    from communities import demo as communities_demo
    from funds import demo as funds_demo

    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    communities_demo.load()
    funds_demo.load()
    photos = [e.receipt_photo.name for e in Expense.objects.exclude(receipt_photo="")]
    assert photos

    # Back up (docs/backup.md): the database in pg_dump's custom format, the media directory as a tarball.
    source = connection.settings_dict["NAME"]
    dump, archive = tmp_path / "hehuo.dump", tmp_path / "media.tar.gz"
    _run("pg_dump", "--format=custom", "--no-owner", f"--file={dump}", _url(source))
    _run("tar", "-C", str(media), "-czf", str(archive), ".")

    # Restore into a fresh database and an empty directory.
    fresh = f"{source}_restored_{os.getpid()}"
    restored_media = tmp_path / "restored-media"
    restored_media.mkdir()
    _run("psql", "-q", _url("postgres"), "-c", f'DROP DATABASE IF EXISTS "{fresh}"')
    _run("psql", "-q", _url("postgres"), "-c", f'CREATE DATABASE "{fresh}"')
    try:
        _run("pg_restore", "--no-owner", "--exit-on-error", f"--dbname={_url(fresh)}", str(dump))
        _run("tar", "-C", str(restored_media), "-xzf", str(archive))
        env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        env.update(DATABASE_URL=_url(fresh), DJANGO_SETTINGS_MODULE="config.settings.test")
        out = _run(sys.executable, "manage.py", "verify_ledgers", env=env)
        assert "All ledgers verified" in out
        counts = _run(
            "psql", "-At", _url(fresh), "-c",
            "SELECT (SELECT count(*) FROM communities_household) || ' ' || (SELECT count(*) FROM funds_payment)",
        )  # fmt: skip
        assert counts.split() == [str(Household.objects.count()), str(Payment.objects.count())]
        for name in photos:
            assert (restored_media / name).read_bytes() == (media / name).read_bytes()
        # The restored database still refuses to edit money (its append-only triggers came along).
        refused = subprocess.run(
            ["psql", "-At", _url(fresh), "-c", "UPDATE funds_payment SET amount = amount + 1"],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert refused.returncode != 0 and "append-only" in refused.stderr
    finally:
        _run("psql", "-q", _url("postgres"), "-c", f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
