"""Two app servers behind one load balancer (issue 16): two gunicorn processes with production settings on two
ports, one PostgreSQL database, one Redis and one shared media directory. One person's requests may reach
either server: a login on one is valid on the other, a rate limit counted on one holds on the other, and an
upload taken by one is served by the other. (docs/deploy.md says how to run several.)"""

import datetime
import io
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from PIL import Image

from funds import services
from funds.models import Expense, Fund

from .conftest import PASSWORD, REDIS_TEST_URL, redis_forget, redis_reachable, skip_unless, totp_now

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"


# --- a browser whose cookies go to whichever server answers -------------------------------------------------


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person's browser: the same cookies, whichever server the load balancer picks."""

    def __init__(self, language: str = "en"):
        self.cookies: dict[str, str] = {}
        self.language = language
        self.opener = urllib.request.build_opener(_NoRedirects)

    def request(self, url: str, fields: dict | None = None, files: dict | None = None):
        headers = {"Accept-Language": self.language}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if files:
            boundary = uuid.uuid4().hex
            body = _multipart(boundary, fields or {}, files)
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif fields is not None:
            body = urllib.parse.urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310 - 127.0.0.1 only
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:  # 3xx (not followed) and 4xx answers
            response = error
        with response:
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                value = rest.split(";", 1)[0]
                if "max-age=0" in header.lower() or "1970" in header:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = value
            return response.status, response.headers, response.read()

    def form(self, url: str) -> str:
        """GET a page with a form and return its CSRF token."""
        status, _, body = self.request(url)
        assert status == 200, (url, status)
        return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()


def _multipart(boundary: str, fields: dict, files: dict) -> bytes:
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, content, content_type) in files.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
        )
        out.write(content + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue()


# --- two servers --------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _production_env(media: Path, static: Path, prefix: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_", "HEHUO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="two-servers-" + secrets.token_urlsafe(40),
        DJANGO_ALLOWED_HOSTS=HOST,
        DATABASE_URL=f"postgres://postgres@{HOST}:5432/{connection.settings_dict['NAME']}",
        REDIS_URL=REDIS_TEST_URL,
        DJANGO_CACHE_KEY_PREFIX=prefix,
        DJANGO_MEDIA_ROOT=str(media),
        DJANGO_STATIC_ROOT=str(static),
        DJANGO_SECURE_SSL_REDIRECT="0",  # plain HTTP on 127.0.0.1: a TLS proxy's job in production
        DJANGO_SECURE_COOKIES="0",
        DJANGO_LOG_LEVEL="WARNING",
    )
    return env


@pytest.fixture
def two_servers(tmp_path):
    skip_unless(connection.vendor == "postgresql", "two servers need a database they can share (PostgreSQL)")
    skip_unless(redis_reachable(), f"two servers share their cache in Redis ({REDIS_TEST_URL})")
    media, static = tmp_path / "media", tmp_path / "static"
    media.mkdir()
    prefix = f"hehuo-two-servers-{uuid.uuid4().hex[:12]}"
    env = _production_env(media, static, prefix)
    # The production settings serve static files through the manifest: collect them once, as a deploy does.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    servers, bases = [], []
    try:
        for _ in range(2):
            port = _free_port()
            command = [
                gunicorn,
                "config.wsgi",
                "--bind",
                f"{HOST}:{port}",
                "--workers",
                "1",
                "--no-control-socket",
            ]
            servers.append(subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True))
            bases.append(f"http://{HOST}:{port}")
        for base in bases:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(base + "/accounts/login/", timeout=5) as response:  # noqa: S310
                        if response.status == 200:
                            break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.3)
        yield bases[0], bases[1], media
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
        for server in servers:
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        redis_forget(REDIS_TEST_URL, prefix)


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "orange").save(out, format="JPEG")
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_two_app_servers_share_logins_rate_limits_and_uploads(world, two_servers):
    one, other, media = two_servers
    slug, token = world.home.slug, world.compound.public_token
    treasurer = world.treasurer
    # The servers hash passwords with production's hasher (the tests use a fast one).
    treasurer.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    treasurer.save(update_fields=["password"])
    fund = services.fund_create(
        community=world.home, compound=world.compound, name="监控专项", kind=Fund.Kind.LEVY, actor=treasurer
    )
    levy = services.levy_create(
        compound=world.compound, purpose="安装监控", amount=Decimal("50.00"), fund=fund, actor=treasurer
    ).levy
    services.payment_record(
        charge=levy.charges.get(),
        amount=Decimal("50.00"),
        method="cash",
        actor=treasurer,
        idempotency_key="k1",
    )

    # A login begun on one server (password) and finished on the other (two-factor code) is valid on both.
    browser = Browser()
    csrf = browser.form(one + "/accounts/login/")
    status, headers, _ = browser.request(
        one + "/accounts/login/",
        {"csrfmiddlewaretoken": csrf, "login": treasurer.username, "password": PASSWORD},
    )
    assert status == 302 and "/2fa/" in headers["Location"]
    csrf = browser.form(other + "/accounts/2fa/authenticate/")
    status, _, _ = browser.request(
        other + "/accounts/2fa/authenticate/",
        {"csrfmiddlewaretoken": csrf, "code": totp_now(world.totp_secrets["treasurer"])},
    )
    assert status == 302
    for base in (one, other):
        status, _, body = browser.request(base + f"/c/{slug}/funds/")
        assert status == 200 and f"/c/{slug}/funds/levies/{levy.pk}/" in body.decode()
    assert Browser().request(other + f"/c/{slug}/funds/")[0] == 302  # nobody else is signed in

    # An upload through one server is served by the other, from the shared media directory.
    photo = _jpeg()
    csrf = browser.form(one + f"/c/{slug}/funds/expenses/new/")
    fields = {
        "csrfmiddlewaretoken": csrf,
        "fund": fund.pk,
        "levy": levy.pk,
        "payee": "平安电子",
        "purpose": "摄像头",
        "amount": "20.00",
        "spent_on": datetime.date.today().isoformat(),
    }
    status, _, body = browser.request(
        one + f"/c/{slug}/funds/expenses/new/",
        fields,
        {"receipt_photo": ("receipt.jpg", photo, "image/jpeg")},
    )
    assert status == 302, body.decode()[:2000]
    stored = Expense.objects.get().receipt_photo.name
    assert (media / stored).exists()
    status, _, page = Browser().request(other + f"/p/{token}/funds/levies/{levy.pk}/")
    assert status == 200 and f"/media/{stored}" in page.decode()
    status, headers, served = Browser().request(other + f"/media/{stored}")
    assert status == 200 and headers["Content-Type"] == "image/jpeg"
    assert served == (media / stored).read_bytes() and served[:2] == b"\xff\xd8"

    # Guessing 户码 on one server counts on the other: after ten wrong codes, even the right one is refused.
    resident = Browser()
    board = f"/p/{token}/"
    csrf = resident.form(one + board)
    for _ in range(10):
        status, _, _ = resident.request(one + board, {"csrfmiddlewaretoken": csrf, "code": "WRONG234"})
        assert status == 200
    world.household.refresh_from_db()
    status, _, page = resident.request(
        other + board, {"csrfmiddlewaretoken": csrf, "code": world.household.access_code}
    )
    assert status == 200 and "Too many attempts" in page.decode()
