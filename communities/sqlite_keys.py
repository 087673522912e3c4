"""The household's composite key on SQLite (the local demo database), as triggers.

PostgreSQL has real composite foreign keys (migration 0004); SQLite cannot add a constraint to an existing
table, so triggers refuse a household whose building is not in its compound and community, and a building
whose compound is not in its community. Django rebuilds a SQLite table to alter it, which drops the table's
triggers, so `ensure_sqlite_triggers` runs after every migrate (see apps.py) and creates any that are gone.
"""

_HOUSEHOLD_CHECK = (
    "WHEN NOT EXISTS (SELECT 1 FROM communities_building b WHERE b.id = NEW.building_id "
    "AND b.compound_id = NEW.compound_id AND b.community_id = NEW.community_id) "
    "BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: household_building_in_compound'); END"
)
_BUILDING_CHECK = (
    "WHEN NOT EXISTS (SELECT 1 FROM communities_compound c WHERE c.id = NEW.compound_id "
    "AND c.community_id = NEW.community_id) "
    "BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: building_compound_in_community'); END"
)
SQLITE_TRIGGERS = {
    "household_building_in_compound_insert": "BEFORE INSERT ON communities_household " + _HOUSEHOLD_CHECK,
    "household_building_in_compound_update": (
        "BEFORE UPDATE OF building_id, compound_id, community_id ON communities_household " + _HOUSEHOLD_CHECK
    ),
    "building_compound_in_community_insert": "BEFORE INSERT ON communities_building " + _BUILDING_CHECK,
    "building_compound_in_community_update": (
        "BEFORE UPDATE OF compound_id, community_id ON communities_building " + _BUILDING_CHECK
    ),
}


def ensure_sqlite_triggers(using: str = "default", **_kwargs) -> None:
    """post_migrate: on SQLite, create the triggers that a table rebuild dropped (once 0004 has run)."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    applied = MigrationRecorder(connection).applied_migrations()
    if ("communities", "0004_household_one_composite_foreign_key") not in applied:
        return
    with connection.cursor() as cursor:
        for name, body in SQLITE_TRIGGERS.items():
            cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
