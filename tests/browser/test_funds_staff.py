"""Browser journeys of the funds staff pages: a treasurer creates a levy; a staff member records payments for
several households one after another on a phone and shows each receipt."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from communities.models import Household
from funds.models import Levy, Payment
from tests.factories import HouseholdFactory

from .conftest import BOTH_VIEWPORTS, assert_fits_screen, sign_in, url

pytestmark = pytest.mark.browser


def _renovated_households(world):
    Household.objects.filter(pk=world.household.pk).update(renovation="renovated")  # 1栋1单元501
    building = world.household.building
    HouseholdFactory(compound=world.compound, building=building, room="502", renovation="renovated")
    HouseholdFactory(compound=world.compound, building=building, room="601", renovation="renovated")
    HouseholdFactory(compound=world.compound, building=building, room="602")  # not renovated


@BOTH_VIEWPORTS
def test_treasurer_creates_a_levy_and_sees_every_household_charged(page, live_server, world):
    _renovated_households(world)
    sign_in(page, live_server, "treasurer_home", totp_secret=world.totp_secrets["treasurer"])
    page.goto(url(live_server, "funds:dashboard", world.home.slug))
    page.locator(f'main a[href="{reverse("funds:levy_create", args=[world.home.slug])}"]').first.click()
    # First the compound (a GET step, which htmx refreshes in place: issue 11, item 8), then the levy for it.
    with page.expect_response(lambda response: "compound=" in response.url):
        page.locator("#levy-compound select[name=compound]").select_option(str(world.compound.pk))
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")
    form = page.locator("#levy-form form")
    form.locator("input[name=purpose]").fill("安装监控")
    form.locator("input[name=basis][value=household]").check()
    form.locator("input[name=amount]").fill("50")
    form.locator("select[name=renovation]").select_option("renovated")
    form.locator("input[name=scope_description]").fill("已装修住户")
    assert_fits_screen(page, "the levy form")
    with page.expect_navigation():
        form.locator("button.primary").click()
    levy = Levy.objects.get()
    assert page.url.endswith(reverse("funds:levy", args=[world.home.slug, levy.pk]))
    expect(page.locator("[data-testid=reconciliation]")).to_contain_text("4")
    expect(page.locator("[data-testid=reconciliation]")).to_contain_text("3")
    expect(page.locator("tr[data-room]")).to_have_count(3)
    expect(page.locator("h1")).to_contain_text("安装监控")


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_staff_records_payments_one_household_after_another_on_a_phone(page, live_server, world):
    from funds import services

    _renovated_households(world)
    levy = services.levy_create(
        compound=world.compound,
        purpose="安装监控",
        amount="50.00",
        renovation="renovated",
        actor=world.treasurer,
    ).levy
    sign_in(page, live_server, "staff_home")
    page.goto(url(live_server, "funds:pay", world.home.slug) + f"?levy={levy.pk}")
    for number, room in enumerate(["501", "502", "601"], start=1):
        form = page.locator("main form[role=search]")
        form.locator("input[name=q]").fill(f"1栋1单元{room}")
        with page.expect_navigation():
            form.locator("button").click()
        card = page.locator(f'li[data-room="1栋1单元{room}"]')
        with page.expect_navigation():
            card.locator("a.button").click()
        assert_fits_screen(page, "the payment form")
        page.locator("input[name=method][value=wechat]").check()
        expect(page.locator("input[name=amount]")).to_have_value("50.00")
        with page.expect_navigation():
            page.locator("main form button.primary").click()
        receipt = page.locator("article.receipt")
        expect(receipt).to_have_attribute("data-receipt", str(number))
        expect(receipt.locator("[data-testid=capitals]")).to_have_text("伍拾元整")
        expect(receipt.locator("[data-testid=amount]")).to_have_text("¥50.00")
        expect(receipt.locator(".qr svg")).to_be_visible()
        assert_fits_screen(page, "the receipt")
        with page.expect_navigation():
            page.locator("main .actions a.button.primary").click()  # next household
    assert sorted(Payment.objects.values_list("receipt_number", flat=True)) == [1, 2, 3]
    page.goto(url(live_server, "funds:levy", world.home.slug, levy.pk))
    assert_fits_screen(page, "the levy page")


def test_print_and_copy_buttons_work_under_the_content_security_policy(page, live_server, world):
    """The buttons are bound by our static script (no inline handlers): the receipt prints, the reminder is
    copied. The page fixture also fails the test if the policy refused anything on the way."""
    from funds import services
    from tests.funds.conftest import pay

    _renovated_households(world)
    levy = services.levy_create(
        compound=world.compound,
        purpose="安装监控",
        amount="50.00",
        renovation="renovated",
        actor=world.treasurer,
    ).levy
    payment = pay(levy.charges.first(), actor=world.staff)
    page.add_init_script("window.print = () => { document.documentElement.dataset.printed = 'yes'; };")
    sign_in(page, live_server, "staff_home")
    page.goto(url(live_server, "funds:receipt", world.home.slug, payment.pk))
    page.locator("main button[data-print]").click()
    expect(page.locator("html")).to_have_attribute("data-printed", "yes")
    page.goto(url(live_server, "funds:levy_reminder", world.home.slug, levy.pk))
    button = page.locator("main button[data-copy]")
    button.click()
    expect(button).to_have_text("已复制")
