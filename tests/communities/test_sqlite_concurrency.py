"""Ten staff saving at the same moment on the zero-configuration SQLite database (issue 10, item 2).

Why this test starts processes: the bug is in how the SQLite default is set up for a community office (several
staff at once, plus the task worker and the database cache that rate limits write to), so it must be served as
`make run` serves it: a file-backed SQLite database, `manage.py runserver` and `manage.py db_worker` as processes
of their own, DATABASE_URL unset, the local settings. Django's live server on the test suite's in-memory SQLite
shares one connection between its threads, so a test there could not fail. It runs on PostgreSQL CI as well
(always against its own SQLite file), and `.ci/run` runs it once more with DATABASE_URL unset.
"""

import http.client
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
SAVES = 10
ADMINS = 5  # each signed in from two browsers

pytestmark = pytest.mark.served_sqlite

SETUP = """
import json
from django.core.management import call_command
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from communities import services
from communities.models import Membership, Role

call_command("createcachetable")
community = services.community_create(name="双龙社区", slug="shuanglong", actor=None)
compound = services.compound_create(community=community, name="育才小区", actor=None)
services.household_create(compound=compound, building="1栋", unit="1单元", room="100", actor=None)
sessions = []
for n in range(%(admins)d):
    user = get_user_model().objects.create_user(username=f"admin{n}")  # no password: signed in below
    Membership.objects.create(community=community, user=user, role=Role.ADMIN)
    for _browser in range(2):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        sessions.append(session.session_key)
print(json.dumps({"compound": compound.pk, "sessions": sessions}))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def wait_for_server(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert server.poll() is None, f"runserver stopped:\n{log.read_text()[-3000:]}"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", "/accounts/login/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
        finally:
            connection.close()
    pytest.fail(f"runserver did not answer:\n{log.read_text()[-3000:]}")


class Browser:
    """One signed-in browser: its session cookie, the CSRF cookie and token the form page gave it."""

    def __init__(self, port: int, session_key: str) -> None:
        self.port = port
        self.cookies = {"sessionid": session_key}

    def _request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name] = rest.split(";")[0]
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def open_form(self, path: str) -> str:
        status, text = self._request("GET", path)
        assert status == 200, text[:500]
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)

    def post(self, path: str, fields: dict) -> tuple[int, str]:
        """The answer's status and, for an error page, its title (Django's debug page names the exception)."""
        status, text = self._request("POST", path, body=urlencode(fields))
        title = re.search(r"<title>(.*?)</title>", text, re.S)
        return status, " ".join(title.group(1).split()) if title and status != 302 else ""


def test_fix_02_ten_simultaneous_saves_on_the_sqlite_default_all_succeed(tmp_path):
    database = tmp_path / "db.sqlite3"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.local",  # what `make run` uses
        "HEHUO_SQLITE_PATH": str(database),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "HEHUO_REQUIRE_MFA": "0",
        "PYTHONUNBUFFERED": "1",
    }
    # As scripts/run-local.sh: migrate and the cache table; then the office's people, signed in.
    manage(env, "migrate", "--noinput", "-v0", "--skip-checks")
    setup = json.loads(manage(env, "shell", "-c", SETUP % {"admins": ADMINS}).strip().splitlines()[-1])
    assert database.exists()

    port = free_port()
    server_log, worker_log = tmp_path / "runserver.log", tmp_path / "db_worker.log"
    with server_log.open("w") as server_out, worker_log.open("w") as worker_out:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "1"],
            cwd=ROOT,
            env=env,
            stdout=worker_out,
            stderr=subprocess.STDOUT,
        )
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=server_out,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for_server(port, server, server_log)
            form = f"/c/shuanglong/compounds/{setup['compound']}/households/new/"
            browsers = [Browser(port, key) for key in setup["sessions"]]
            tokens = [browser.open_form(form) for browser in browsers]
            start = threading.Barrier(SAVES)
            answers: list = [None] * SAVES

            def save(index: int) -> None:
                fields = {
                    "csrfmiddlewaretoken": tokens[index],
                    "building": "1栋",
                    "unit": "1单元",
                    "room": str(201 + index),
                    "head_name": f"住户{index}",
                    "occupancy": "occupied",
                    "renovation": "renovated",
                }
                start.wait()
                answers[index] = browsers[index].post(form, fields)

            threads = [threading.Thread(target=save, args=(i,)) for i in range(SAVES)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=90)
            worker_ran = worker.poll() is None
        finally:
            server.terminate()
            worker.terminate()
            for process in (server, worker):
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()

    failed = [(i, answer) for i, answer in enumerate(answers) if answer is None or answer[0] != 302]
    locked = server_log.read_text().count("database is locked")
    assert failed == [], (
        f"{len(failed)} of {SAVES} saves failed ({locked} 'database is locked' in the log): {failed}"
    )
    with sqlite3.connect(database) as db:
        rooms = {row[0] for row in db.execute("SELECT room FROM communities_household")}
    assert rooms >= {str(201 + i) for i in range(SAVES)}
    assert worker_ran, f"db_worker stopped:\n{worker_log.read_text()[-3000:]}"  # served as `make run` serves
