"""Browser journey of the cash handover (issue 10, item 10): a staff member collects cash door to door with a
back-dated paper receipt; the treasurer sees the cash waiting, counts it and records the handover."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from funds.models import Handover

from .conftest import BOTH_VIEWPORTS, assert_fits_screen, sign_in, url

pytestmark = pytest.mark.browser


@BOTH_VIEWPORTS
def test_treasurer_receives_the_cash_a_collector_recorded(page, live_server, world):
    from funds import services

    levy = services.levy_create(
        compound=world.compound, purpose="安装监控", amount="50.00", actor=world.treasurer
    ).levy
    charge = levy.charges.get()

    sign_in(page, live_server, "staff_home")
    page.goto(url(live_server, "funds:charge_pay", world.home.slug, charge.pk))
    form = page.locator("main form")
    form.locator("input[name=amount]").fill("50.00")
    form.locator("input[name=method][value=cash]").check()
    form.locator("input[name=paid_on]").fill("2026-03-05")
    form.locator("input[name=paper_receipt_no]").fill("0012345")
    assert_fits_screen(page, "the payment form")
    with page.expect_navigation():
        form.locator("button.primary").click()
    expect(page.locator("[data-testid=paid-on]")).to_have_text("2026-03-05")
    expect(page.locator("[data-testid=paper-receipt]")).to_have_text("0012345")

    page.context.clear_cookies()
    sign_in(page, live_server, "treasurer_home", totp_secret=world.totp_secrets["treasurer"])
    page.goto(url(live_server, "communities:home", world.home.slug))
    waiting = page.locator('[data-waiting="funds.cash"]')
    expect(waiting).to_contain_text("¥50.00")
    with page.expect_navigation():
        waiting.locator("a").click()
    assert page.url.endswith(reverse("funds:cash", args=[world.home.slug]))
    expect(page.locator('tr[data-collected="staff_home|2026-03-05|cash"]')).to_contain_text("¥50.00")
    assert_fits_screen(page, "the cash page")
    with page.expect_navigation():
        page.locator('[data-waiting-cash="staff_home"] a').click()
    form = page.locator("main form")
    expect(form.locator("input[name=payments]")).to_be_checked()
    expect(form.locator("input[name=amount]")).to_have_value("50.00")
    assert_fits_screen(page, "the handover form")
    with page.expect_navigation():
        form.locator("button.primary").click()
    expect(page.locator("#handovers + ul")).to_contain_text("¥50.00")
    expect(page.locator("[data-waiting-cash]")).to_have_count(0)
    assert Handover.objects.get().collector == world.staff
