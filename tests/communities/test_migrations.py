"""Migrations that change tables holding rows, run against a database that holds them."""

import pytest

from tests.migrations import migrate_to, migrate_to_latest

BEFORE_TOKEN = ("communities", "0009_counter")
WITH_TOKEN = ("communities", "0012_community_public_token_unique_names_version")


@pytest.mark.django_db(transaction=True)
def test_the_community_token_is_added_to_a_table_that_already_holds_two_communities():
    old = migrate_to(BEFORE_TOKEN)
    try:
        Community = old.get_model("communities", "Community")
        Community.objects.create(name="双龙社区", slug="shuanglong")
        Community.objects.create(name="桂花社区", slug="guihua")

        new = migrate_to(WITH_TOKEN)

        tokens = list(
            new.get_model("communities", "Community").objects.values_list("public_token", flat=True)
        )
        assert len(tokens) == 2 and all(tokens) and len(set(tokens)) == 2
        versions = set(
            new.get_model("communities", "Community").objects.values_list("names_version", flat=True)
        )
        assert versions == {0}
    finally:
        migrate_to_latest()
