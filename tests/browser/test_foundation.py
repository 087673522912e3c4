"""Browser journeys of the foundation: sign-in with two-factor, tenancy, households, invitations, language."""

import re

import pytest
from playwright.sync_api import expect

from communities.models import Household
from tests.factories import BuildingFactory, HouseholdFactory

from .conftest import BOTH_VIEWPORTS, sign_in, url

pytestmark = pytest.mark.browser


def _numbers(text: str) -> list[int]:
    """The figures of a text in the order shown, whatever the language around them."""
    return [int(n) for n in re.findall(r"\d+", text)]


@BOTH_VIEWPORTS
def test_treasurer_signs_in_with_totp_and_sees_the_compounds(page, live_server, world):
    # 育才小区 has 4 households in 2 buildings: 2 renovated, 3 occupied (one vacant).
    second = BuildingFactory(compound=world.compound, label="2栋")
    HouseholdFactory(compound=world.compound, room="101", renovation=Household.Renovation.RENOVATED)
    HouseholdFactory(compound=world.compound, building=second, room="102", renovation="renovated")
    HouseholdFactory(compound=world.compound, building=second, room="201", occupancy="vacant")

    sign_in(page, live_server, "treasurer_home", totp_secret=world.totp_secrets["treasurer"])

    assert page.url == url(live_server, "communities:home", "shuanglong")
    expect(page.locator("h1")).to_contain_text("双龙社区")
    card = page.locator(".compound", has_text="育才小区")
    expect(card).to_be_visible()
    # buildings, households, renovated, occupied
    assert _numbers(card.inner_text()) == [2, 4, 2, 3]
    assert "桂花苑小区" not in page.locator("main").inner_text()
