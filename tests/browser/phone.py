"""What the phone journeys of issue 11 ("Pages on phones") share: the phone viewport, where the screen ends,
大字模式 and a resident's way into their household's page."""

import pytest
from playwright.sync_api import expect

from .conftest import url

PHONE = pytest.mark.parametrize("viewport", ["phone"], indirect=True)


def on_screen(page, locator) -> bool:
    """Whether the element is wholly inside the screen as it is now (no scrolling needed to see it)."""
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def large_text(page, live_server) -> None:
    """大字模式 from now on, as its button sets it: a cookie."""
    page.context.add_cookies([{"name": "hehuo_text", "value": "large", "url": live_server.url}])


def open_household_page(page, live_server, world) -> None:
    """Type the household's 户码 on the compound's board, as a resident does."""
    page.goto(url(live_server, "public_board", world.compound.public_token))
    page.fill("input[name=code]", world.household.access_code)
    with page.expect_navigation():
        page.locator("#household button").click()
    expect(page.locator("h1")).to_contain_text(world.household.label)
