"""Prepared statements for the hottest public queries: on PostgreSQL each is planned once per connection.

A public page's version stamp or a receipt check is one small query that runs on every visit; planning it (a
few joins) costs more than running it: the levy page's stamp took 5.7-7.3 ms to plan and 0.1 ms to run
prepared (bench/ledger.py), the receipt check's 8-table query 1.7 ms to plan and 0.2 ms to run
(bench/tenants.py). `fetchone` PREPAREs the statement the first time a connection runs it and EXECUTEs it
after; on SQLite it runs the plain query. Write `sql` with `%s` placeholders, in order, and name each
parameter's PostgreSQL type in `types`.
"""

import re

from django.db import connection

_PLACEHOLDER = re.compile(r"%s")


def _numbered(sql: str) -> str:
    counter = iter(range(1, 1000))
    return _PLACEHOLDER.sub(lambda _match: f"${next(counter)}", sql)


def fetchone(name: str, sql: str, params: list, types: list[str]) -> tuple | None:
    """One row of the statement `name` (a constant identifier), prepared on this connection if need be."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(sql, params)
            return cursor.fetchone()
        state = getattr(connection, "_hehuo_prepared", None)
        if state is None or state[0] is not connection.connection:  # a new connection: nothing prepared on it
            state = (connection.connection, set())
            connection._hehuo_prepared = state
        if name not in state[1]:
            cursor.execute(f"PREPARE {name}({', '.join(types)}) AS {_numbered(sql)}")
            state[1].add(name)
        cursor.execute(f"EXECUTE {name}({', '.join(['%s'] * len(params))})", params)
        return cursor.fetchone()
