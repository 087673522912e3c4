"""Issue 11, item 1: the private-link token of a question (Inquiry.token) is added as a unique field to a
table that already holds questions: nullable (0020), filled (0021), then unique and required (0022)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_TOKEN = ("funds", "0006_snapshot_compound_nullable")
WITH_TOKEN = ("funds", "0022_inquiry_token_unique")


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


@pytest.mark.django_db(transaction=True)
def test_phone_01_the_question_token_is_added_to_a_table_holding_two_questions(world):
    old = _migrate(BEFORE_TOKEN)
    try:
        Fund = old.get_model("funds", "Fund")
        Levy = old.get_model("funds", "Levy")
        Inquiry = old.get_model("funds", "Inquiry")
        fund = Fund.objects.create(
            community_id=world.home.pk, compound_id=world.compound.pk, name="监控专项", kind="levy"
        )
        levy = Levy.objects.create(
            community_id=world.home.pk,
            compound_id=world.compound.pk,
            fund=fund,
            purpose="安装监控",
            amount=Decimal("50.00"),
        )
        for text in ("监控装在哪里？", "什么时候装好？"):
            Inquiry.objects.create(
                community_id=world.home.pk, compound_id=world.compound.pk, levy=levy, text=text
            )

        new = _migrate(WITH_TOKEN)

        tokens = list(new.get_model("funds", "Inquiry").objects.values_list("token", flat=True))
        assert len(tokens) == 2 and all(tokens) and len(set(tokens)) == 2
        field = new.get_model("funds", "Inquiry")._meta.get_field("token")
        assert field.unique and not field.null
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
