"""The purge switch of the append-only triggers (migration 0002), for test teardown only.

Tests that empty every table between runs (TransactionTestCase, live-server browser tests) call Django's
`flush`; funds/management/commands/flush.py wraps it in `ledger_purge()` while Django's test environment
is set up, and nowhere else. In production `flush` is refused by the triggers like any other deletion.
"""

from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections


def test_environment_active() -> bool:
    from django.test.utils import _TestState

    return getattr(_TestState, "saved_data", None) is not None


def _set(using: str, on: bool) -> None:
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET hehuo.purge = 'on'" if on else "RESET hehuo.purge")
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'funds_purge_switch'")
            if cursor.fetchone():
                cursor.execute("UPDATE funds_purge_switch SET is_on = %s", [1 if on else 0])


@contextmanager
def ledger_purge(using: str = DEFAULT_DB_ALIAS):
    if not test_environment_active():
        raise RuntimeError("the ledger purge switch is for test teardown only")
    _set(using, True)
    try:
        yield
    finally:
        _set(using, False)
