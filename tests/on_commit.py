"""transaction.on_commit in tests as in production.

In production a request runs in autocommit, so a service's on_commit callbacks (queueing the task worker's
steps) run as soon as its own atomic block commits. A pytest-django test wraps itself in a transaction that
never commits, so without help they would never run. This runs them when the outermost atomic block that is
not the test's own ends without an error (and, as Django does, drops those of a block that rolled back).
Tests with `transaction=True` need none of this: their blocks commit for real.
"""

import pytest
from django.db import transaction
from django.db.transaction import Atomic


def _only_test_blocks_open(connection) -> bool:
    return connection.in_atomic_block and all(block._from_testcase for block in connection.atomic_blocks)


@pytest.fixture(autouse=True)
def on_commit_as_in_production(monkeypatch):
    exit_block = Atomic.__exit__

    def exit_and_run(self, exc_type, exc_value, traceback):
        result = exit_block(self, exc_type, exc_value, traceback)
        connection = transaction.get_connection(self.using)
        if exc_type is None and not self._from_testcase and _only_test_blocks_open(connection):
            while connection.run_on_commit:
                _sids, callback, _robust = connection.run_on_commit.pop(0)
                callback()
        return result

    monkeypatch.setattr(Atomic, "__exit__", exit_and_run)
