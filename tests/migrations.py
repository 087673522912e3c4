"""Running migrations inside a test, for migrations that change tables holding rows (use with
`@pytest.mark.django_db(transaction=True)`, and `migrate_to_latest()` in a `finally:`)."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(target: tuple[str, str]):
    """Migrate the database to `target` (app, migration name); the historical models of that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


def migrate_to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
