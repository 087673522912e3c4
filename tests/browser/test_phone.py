"""Issue 11, "Pages on phones": what an elderly resident or a busy staff member meets on a 390 px (and a
320 px) phone, measured in Chromium: where things are on the first screen, box sizes, computed font sizes and
what `aria-describedby` points at. One test (or a few) per item of the issue, named after it."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_funds_public import cctv_levy

from .conftest import url

pytestmark = pytest.mark.browser

PHONE = pytest.mark.parametrize("viewport", ["phone"], indirect=True)


def on_screen(page, locator) -> bool:
    """Whether the element is wholly inside the screen as it is now (no scrolling needed to see it)."""
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


@PHONE
def test_phone_01_after_asking_the_confirmation_is_on_screen_where_the_form_was(page, live_server, world):
    levy = cctv_levy(world)
    page.goto(url(live_server, "funds_public:levy", world.compound.public_token, levy.pk))
    page.locator("textarea[name=ask-text]").fill("监控什么时候装好？")
    with page.expect_navigation():
        page.locator("#questions form button").click()

    confirmation = page.locator("#questions #asked")
    expect(confirmation).to_be_visible()
    assert on_screen(page, confirmation), "the confirmation is not on the screen after asking"
    expect(page.locator("#questions textarea")).to_have_count(0)  # not an empty form again
    link = confirmation.locator("a[href^='/q/']")
    expect(link).to_have_count(1)
    link.click()
    expect(page.locator("main")).to_contain_text("监控什么时候装好？")
