"""Shared fixtures: the named personas every test uses, TOTP helpers, CI-aware skips."""

import os
import uuid
from dataclasses import dataclass

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.cache import cache

from communities.models import Role

from .factories import CommunityFactory, CompoundFactory, HouseholdFactory, MembershipFactory, UserFactory
from .on_commit import on_commit_as_in_production  # noqa: F401  (an autouse fixture: on_commit as in production)

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
PASSWORD = "correct-horse-battery-9"


def skip_unless(condition: bool, reason: str):
    """Outside CI a test that needs PostgreSQL or a browser may skip, saying why; in CI it fails instead."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


# Redis for the tests of the shared cache: its own database number, and a key prefix per test process.
REDIS_TEST_URL = os.environ.get("HEHUO_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_reachable(url: str = REDIS_TEST_URL) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def redis_forget(url: str, prefix: str) -> None:
    """Delete this test's keys only (the cache's clear() would flush the whole Redis database)."""
    import redis

    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture(params=["database", "redis"])
def shared_cache(request, settings, db):
    """The test runs twice: on the database cache and on Redis, the two shared caches production uses
    (config/settings/base.py cache_settings). Tests of the page cache and the rate limits take it."""
    from django.core.management import call_command

    from communities import public_cache
    from config.settings.base import cache_settings

    prefix = f"hehuo-test-{os.getpid()}-{uuid.uuid4().hex[:12]}"
    if request.param == "redis":
        skip_unless(redis_reachable(), f"Redis is not reachable at {REDIS_TEST_URL}")
        settings.CACHES = cache_settings(REDIS_TEST_URL, prefix)
        redis_forget(REDIS_TEST_URL, prefix)
    else:
        settings.CACHES = cache_settings(None, prefix)
        call_command("createcachetable", verbosity=0)
        cache.clear()
    public_cache.clear_local()
    yield request.param
    if request.param == "redis":
        redis_forget(REDIS_TEST_URL, prefix)
    public_cache.clear_local()


@pytest.fixture(autouse=True)
def _empty_cache():
    from communities import public_cache

    cache.clear()
    public_cache.clear_local()
    yield
    cache.clear()
    public_cache.clear_local()


def give_totp(user) -> str:
    """Activate TOTP for the user and return the secret, so a test can compute codes like a phone app."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_now(secret: str) -> str:
    return pyotp.TOTP(secret).now()


@dataclass
class World:
    """Two communities. `home` has one member of each role; `other` has its own staff (the outsider)."""

    home: object
    other: object
    compound: object
    other_compound: object
    household: object
    other_household: object
    admin: object
    treasurer: object
    staff: object
    observer: object
    outsider: object
    totp_secrets: dict

    def user(self, persona: str):
        return {
            "admin": self.admin,
            "treasurer": self.treasurer,
            "staff": self.staff,
            "observer": self.observer,
            "outsider": self.outsider,
        }[persona]


@pytest.fixture
def world(db) -> World:
    home = CommunityFactory(name="双龙社区", slug="shuanglong")
    other = CommunityFactory(name="桂花社区", slug="guihua")
    compound = CompoundFactory(community=home, name="育才小区")
    other_compound = CompoundFactory(community=other, name="桂花苑小区")
    household = HouseholdFactory(compound=compound, room="501", head_name="张三")
    other_household = HouseholdFactory(compound=other_compound, room="601", head_name="李四")
    users = {}
    secrets = {}
    for role, name in [
        (Role.ADMIN, "admin"),
        (Role.TREASURER, "treasurer"),
        (Role.STAFF, "staff"),
        (Role.OBSERVER, "observer"),
    ]:
        user = UserFactory(username=f"{name}_home")
        MembershipFactory(community=home, user=user, role=role)
        users[name] = user
        if role in (Role.ADMIN, Role.TREASURER):
            secrets[name] = give_totp(user)
    outsider = UserFactory(username="staff_other")
    MembershipFactory(community=other, user=outsider, role=Role.STAFF)
    return World(
        home=home,
        other=other,
        compound=compound,
        other_compound=other_compound,
        household=household,
        other_household=other_household,
        outsider=outsider,
        totp_secrets=secrets,
        **users,
    )


@pytest.fixture
def count_queries():
    """count_queries(action) calls action() and returns how many database queries it made.

    For the pages that must not grow with the data: measure, add rows, measure again and compare; the action
    asserts what it needs (e.g. the status code)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def _count(action) -> int:
        with CaptureQueriesContext(connection) as captured:
            action()
        return len(captured.captured_queries)

    return _count


@pytest.fixture
def keep_signal_handlers():
    """db_worker installs its own SIGINT/SIGTERM handlers; give pytest its own back afterwards."""
    import signal

    signals = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    saved = {number: signal.getsignal(number) for number in signals}
    yield
    for number, handler in saved.items():
        signal.signal(number, handler)


@pytest.fixture
def login(client):
    """login('admin') signs the client in as that persona (already past two-factor)."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


__all__ = [
    "Authenticator",
    "PASSWORD",
    "IN_CI",
    "REDIS_TEST_URL",
    "skip_unless",
    "give_totp",
    "totp_now",
    "redis_reachable",
    "World",
]
