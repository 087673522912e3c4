"""Browser journeys of the boards: a resident on a phone reads the compound's board (levies with progress bars,
funds with balances), prints its A4 notice, opens the household's own page with the 户码, confirms a payment and
leaves; the community board leads to each compound's board."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from funds import services
from funds.models import Fund, PaymentConfirmation
from tests.factories import CompoundFactory, HouseholdFactory

from .conftest import assert_fits_screen, url

pytestmark = pytest.mark.browser


def published(world):
    """A levy of 3 households, 2 paid; the compound's happiness fund with a donation."""
    world.household.refresh_from_db()
    HouseholdFactory(compound=world.compound, building=world.household.building, room="502")
    HouseholdFactory(compound=world.compound, building=world.household.building, room="601")
    levy = services.levy_create(
        compound=world.compound,
        purpose="安装监控",
        amount=Decimal("50.00"),
        due_date=datetime.date(2026, 12, 31),
        actor=world.treasurer,
    ).levy
    payments = [
        services.payment_record(
            charge=charge, amount=Decimal("50.00"), method="cash", actor=world.staff, idempotency_key=f"b{n}"
        )
        for n, charge in enumerate(levy.charges.order_by("household__room")[:2])
    ]
    fund = services.fund_create(
        community=world.home,
        compound=world.compound,
        name="育才小区幸福基金",
        kind=Fund.Kind.HAPPINESS,
        actor=world.treasurer,
    )
    services.income_record(
        fund=fund,
        kind="donation",
        amount=Decimal("1000.00"),
        received_on=datetime.date(2026, 2, 1),
        actor=world.treasurer,
    )
    return levy, payments


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_compound_board_on_a_phone_and_its_one_page_notice(page, live_server, world):
    published(world)
    token = world.compound.public_token

    page.goto(url(live_server, "public_board", token))

    levy = page.locator('[data-levy="安装监控"]')
    expect(levy).to_contain_text("¥100.00")
    bar = levy.locator("progress.bar")
    expect(bar).to_have_attribute("value", "2")
    expect(bar).to_have_attribute("max", "3")
    assert bar.bounding_box()["width"] > 200  # a bar, not a dot
    expect(page.locator('[data-fund="育才小区幸福基金"]')).to_contain_text("¥1,000.00")
    assert_fits_screen(page, "the compound board")

    page.locator("main a", has_text=re.compile("Printable notice|打印")).click()
    expect(page.locator(".board-notice h1")).to_have_text("育才小区")
    qr = page.locator(".board-notice .qr svg")
    assert qr.bounding_box()["width"] >= 250  # large enough to scan from a notice board
    assert_fits_screen(page, "the notice")
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == 1, f"the A4 notice printed on {pages} pages"


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_a_resident_opens_their_households_page_with_the_code_confirms_and_leaves(page, live_server, world):
    levy, payments = published(world)
    mine = payments[0]
    household = mine.household
    token = world.compound.public_token

    page.goto(url(live_server, "public_board", token))
    page.fill('input[name="code"]', household.access_code.lower())
    page.locator("#household button").click()

    expect(page.locator("h1")).to_contain_text(household.label)
    card = page.locator(f"#payment-{mine.pk}")
    expect(card).to_contain_text("¥50.00")
    assert_fits_screen(page, "the household's page")
    card.locator("form button").click()
    expect(page.locator(".messages")).to_be_visible()
    assert PaymentConfirmation.objects.filter(payment=mine).count() == 1

    page.locator("form.leave button").click()
    expect(page.locator("#household input[name=code]")).to_be_visible()
    page.goto(url(live_server, "public_household", token))
    expect(page.locator("#household input[name=code]")).to_be_visible()  # the code is needed again


def test_the_community_board_lists_its_compound_boards(page, live_server, world):
    CompoundFactory(community=world.home, name="西新巷小区")
    page.goto(url(live_server, "public_board", world.home.public_token))
    expect(page.locator("[data-board]")).to_have_count(2)
    page.locator('[data-board="育才小区"]').click()
    expect(page.locator("h1")).to_contain_text("育才小区")
    expect(page.locator('input[name="code"]')).to_be_visible()
