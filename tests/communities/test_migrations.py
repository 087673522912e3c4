"""Migrations that change tables holding rows, run against a database that holds them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_TOKEN = ("communities", "0009_counter")
WITH_TOKEN = ("communities", "0012_community_public_token_unique_names_version")


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


@pytest.mark.django_db(transaction=True)
def test_the_community_token_is_added_to_a_table_that_already_holds_two_communities():
    old = _migrate(BEFORE_TOKEN)
    try:
        Community = old.get_model("communities", "Community")
        Community.objects.create(name="双龙社区", slug="shuanglong")
        Community.objects.create(name="桂花社区", slug="guihua")

        new = _migrate(WITH_TOKEN)

        tokens = list(
            new.get_model("communities", "Community").objects.values_list("public_token", flat=True)
        )
        assert len(tokens) == 2 and all(tokens) and len(set(tokens)) == 2
        versions = set(
            new.get_model("communities", "Community").objects.values_list("names_version", flat=True)
        )
        assert versions == {0}
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
