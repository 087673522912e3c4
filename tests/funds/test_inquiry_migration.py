"""Issue 11, item 1: the private-link token of a question (Inquiry.token) is added as a unique field to a
table that already holds questions: nullable (0020), filled (0021), then unique and required (0022)."""

from decimal import Decimal

import pytest

from tests.migrations import migrate_to, migrate_to_latest

BEFORE_TOKEN = ("funds", "0016_income_donor_partner")
WITH_TOKEN = ("funds", "0019_inquiry_token_unique")


@pytest.mark.django_db(transaction=True)
def test_phone_01_the_question_token_is_added_to_a_table_holding_two_questions(world):
    old = migrate_to(BEFORE_TOKEN)
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

        new = migrate_to(WITH_TOKEN)

        tokens = list(new.get_model("funds", "Inquiry").objects.values_list("token", flat=True))
        assert len(tokens) == 2 and all(tokens) and len(set(tokens)) == 2
        field = new.get_model("funds", "Inquiry")._meta.get_field("token")
        assert field.unique and not field.null
    finally:
        migrate_to_latest()
