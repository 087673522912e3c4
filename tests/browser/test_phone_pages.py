"""Issue 11, "Pages on phones", the residents' pages and staff tables, measured in Chromium on a 390 px (and a
320 px) phone: the confirmation after a question (item 1), figures that keep their labels (item 3) and the levy
page of a whole compound (item 4), with the first screens of "Done when". One test (or a few) per item, named
after it; items 9 to 14 are in test_phone_reading.py."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from funds import services
from tests.browser.test_funds_public import cctv_levy
from tests.factories import HouseholdFactory

from .conftest import sign_in, url
from .phone import PHONE, large_text, on_screen, open_household_page

pytestmark = pytest.mark.browser


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


# --- item 3: every figure of a stacked table keeps its label -------------------------------------------

UNLABELLED_CELLS = r"""() => {
  // The figures (amounts, counts, rates) of tables that stack on this screen (their header row is hidden, or
  // they have none) that show no label of their own. A row's first cell names the row; text needs no label.
  const visible = (el) => { const s = getComputedStyle(el); const r = el.getBoundingClientRect();
                            return s.display !== "none" && s.visibility !== "hidden" && r.width > 0 && r.height > 0; };
  const missing = [];
  for (const table of document.querySelectorAll("main table.stack")) {
    const head = table.querySelector("thead");
    if (head && visible(head)) continue;  // not stacked here: the column headers say it
    for (const row of table.querySelectorAll("tbody tr")) {
      [...row.cells].forEach((cell, i) => {
        const text = cell.textContent.trim();
        if (i === 0 || cell.classList.contains("actions") || !/[\d¥%–]/.test(text) || !visible(cell)) return;
        const label = cell.querySelector(".label-sm");
        if (!label || !visible(label)) missing.push(cell.textContent.trim());
      });
    }
  }
  return missing;
}"""


def _waived_and_paid(world):
    """world.household: its property fee waived in full, its CCTV levy paid."""
    fee = services.levy_create(
        compound=world.compound, purpose="物业费（自管）", amount=Decimal("180.00"), actor=world.treasurer
    ).levy
    waiver = services.waiver_request(
        charge=fee.charges.get(household=world.household),
        amount=Decimal("180.00"),
        reason="低保户",
        actor=world.staff,
    )
    services.waiver_approve(waiver=waiver, actor=world.treasurer)
    cctv = services.levy_create(
        compound=world.compound, purpose="安装监控", amount=Decimal("50.00"), actor=world.treasurer
    ).levy
    services.payment_record(
        charge=cctv.charges.get(household=world.household),
        amount=Decimal("50.00"),
        method="cash",
        actor=world.staff,
        idempotency_key="p3",
    )
    return fee, cctv


@PHONE
def test_phone_03_the_households_first_charge_shows_due_paid_and_waived_on_the_first_screen(
    page, live_server, world
):
    """Done when: at 390 x 844 the household's page shows its first charge with its due, paid and waived
    labels within the first screen; a waiver is named 已减免 (at 320 px too)."""
    _waived_and_paid(world)
    world.household.refresh_from_db()
    open_household_page(page, live_server, world)
    for width in (390, 320):
        page.set_viewport_size({"width": width, "height": 844})
        page.evaluate("window.scrollTo(0, 0)")
        first = page.locator("[data-section=funds-household] .charge").first
        assert on_screen(page, first), f"the first charge is not on the first screen at {width} px"
        text = " ".join(first.inner_text().split())
        for label in ("应缴", "已缴", "已减免"):
            assert re.search(rf"{label}\s*:?\s*¥[\d,]+\.\d\d", text), (
                f"no {label} with its amount in {text!r}"
            )
        waived = page.locator("[data-section=funds-household] [data-charge='物业费（自管）']")
        text = " ".join(waived.inner_text().split())
        for label, amount in (("应缴", "¥180.00"), ("已缴", "¥0.00"), ("已减免", "¥180.00")):
            assert re.search(rf"{label}\s*:?\s*{re.escape(amount)}", text), (
                f"{label} {amount} not in {text!r}"
            )
        expect(waived.locator(".badge")).to_have_text("已减免")  # not just "settled"


@PHONE
def test_phone_03_stacked_tables_label_every_figure_on_staff_pages(page, live_server, world):
    HouseholdFactory(compound=world.compound, room="502")  # owes both levies: on the dashboard's list
    fee, _cctv = _waived_and_paid(world)
    sign_in(page, live_server, "treasurer_home", totp_secret=world.totp_secrets["treasurer"])
    slug = world.home.slug
    pages = [
        url(live_server, "funds:dashboard", slug),
        url(live_server, "funds:household", slug, world.household.pk),
        url(live_server, "funds:levy", slug, fee.pk),
    ]
    for width in (390, 320):
        page.set_viewport_size({"width": width, "height": 844})
        for target in pages:
            page.goto(target)
            missing = page.evaluate(UNLABELLED_CELLS)
            assert not missing, f"{target} at {width} px: figures without a label: {missing}"


# --- item 4: the levy page of a whole compound ---------------------------------------------------------


def _big_levy(world, buildings: int = 8, rooms: int = 32):
    """A levy of 256 households in 8 buildings (as 育才小区's CCTV levy), a third of them paid, one expense."""
    from tests.factories import BuildingFactory

    world.household.delete()
    for b in range(1, buildings + 1):
        building = BuildingFactory(compound=world.compound, label=f"{b}栋")
        for r in range(rooms):
            HouseholdFactory(compound=world.compound, building=building, room=f"{r // 4 + 1}0{r % 4 + 1}")
    levy = services.levy_create(
        compound=world.compound, purpose="安装监控", amount=Decimal("50.00"), actor=world.treasurer
    ).levy
    for n, charge in enumerate(levy.charges.order_by("pk")[::3]):
        services.payment_record(
            charge=charge,
            amount=Decimal("50.00"),
            method="cash",
            actor=world.staff,
            idempotency_key=f"big{n}",
        )
    return levy


@PHONE
def test_phone_04_the_levy_pages_first_screen_answers(page, live_server, world):
    """Done when: at 390 x 844 the levy page shows, within the first 844 px, the progress bar, the amount
    collected, the balance and the find-my-room box; with 大字模式 too."""
    levy = _big_levy(world)
    levy_page = url(live_server, "funds_public:levy", world.compound.public_token, levy.pk)
    for large in (False, True):
        if large:
            large_text(page, live_server)
        page.goto(levy_page)
        for what, locator in (
            ("the progress bar", page.locator("main .ledger .bar").first),
            ("the amount collected", page.locator("[data-figure=collected]").first),
            ("the balance", page.locator("[data-figure=balance]").first),
            ("the find-my-room box", page.locator("form[role=search]")),
        ):
            expect(locator).to_be_visible()
            assert on_screen(page, locator), f"{what} is not within the first screen (large text: {large})"


@PHONE
def test_phone_04_summary_expenses_and_questions_come_before_the_rooms_collapsed_by_building(
    page, live_server, world
):
    levy = _big_levy(world)
    services.expense_record(
        fund=levy.fund,
        levy=levy,
        payee="天网安防",
        purpose="摄像头",
        amount=Decimal("800.00"),
        spent_on=datetime.date(2026, 11, 1),
        actor=world.treasurer,
    )
    page.goto(url(live_server, "funds_public:levy", world.compound.public_token, levy.pk))
    for width in (390, 320):
        page.set_viewport_size({"width": width, "height": 844})

        def top(selector: str) -> float:
            return page.locator(selector).first.evaluate(
                "e => e.getBoundingClientRect().top + window.scrollY"
            )

        assert top("form[role=search]") < top("#spent-title") < top("#questions") < top("#rooms-title")
        assert top("#questions") < 2 * 844, f"the questions start {top('#questions')} px down at {width} px"
        # Each building is one line until it is opened; the rooms of a closed building are not shown.
        buildings = page.locator("#rooms details")
        expect(buildings).to_have_count(8)
        expect(page.locator("#rooms li[data-room]").first).to_be_hidden()
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height < 4 * 844, f"the levy page is {height} px tall at {width} px"
        buildings.first.locator("summary").click()
        expect(buildings.first.locator("li[data-room]").first).to_be_visible()
        buildings.first.locator("summary").click()
