"""Browser journeys of the foundation: sign-in with two-factor, tenancy, households, invitations, language."""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from communities.access import has_totp
from communities.models import Household, Role
from tests.factories import BuildingFactory, HouseholdFactory, MembershipFactory, UserFactory

from .conftest import BOTH_VIEWPORTS, assert_fits_screen, sign_in, totp_code, url

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
    assert_fits_screen(page)


def _in_chinese(text: str) -> str:
    """What the page should show for an English source string in the Chinese UI (the catalogue may lag)."""
    with translation.override("zh-hans"):
        return gettext(text)


def test_admin_without_two_factor_sets_it_up_before_any_community_page(page, live_server, world):
    newcomer = UserFactory(username="admin_new")
    MembershipFactory(community=world.home, user=newcomer, role=Role.ADMIN)

    sign_in(page, live_server, "admin_new")

    # Sent straight to the TOTP set-up (the password just typed is not asked again): no community page (and
    # none of its figures) before it.
    assert urlsplit(page.url).path == reverse("mfa_activate_totp")
    expect(page.locator("main")).not_to_contain_text("育才小区")
    page.goto(url(live_server, "communities:compound", "shuanglong", world.compound.pk))
    assert urlsplit(page.url).path == reverse("mfa_activate_totp")

    # The person copies the secret shown on the page into their phone app and types the code it shows.
    secret = page.locator("#authenticator_secret").input_value()
    assert len(secret) >= 16
    form = page.locator("main form").filter(has=page.locator("input[name=code]"))
    form.locator("input[name=code]").fill(totp_code(secret))
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert urlsplit(page.url).path != reverse("mfa_activate_totp"), page.locator("main").inner_text()
    assert has_totp(newcomer)

    page.locator("header .brand").click()
    expect(page.locator("h1")).to_contain_text("双龙社区")
    expect(page.locator(".compound", has_text="育才小区")).to_be_visible()
    assert urlsplit(page.url).path == reverse("communities:home", args=["shuanglong"])


def test_staff_of_another_community_gets_the_404_page(page, live_server, world):
    sign_in(page, live_server, "staff_other")
    expect(page.locator(".compound", has_text="桂花苑小区")).to_be_visible()

    for target in (
        url(live_server, "communities:home", "shuanglong"),
        url(live_server, "communities:compound", "shuanglong", world.compound.pk),
        url(live_server, "communities:household", "shuanglong", world.household.pk),
        # the right community in the URL does not open the other community's objects either
        url(live_server, "communities:compound", "guihua", world.compound.pk),
        url(live_server, "communities:household", "guihua", world.household.pk),
    ):
        response = page.goto(target)
        assert response.status == 404, target
        expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
        expect(page.locator("h1")).to_have_text(_in_chinese("Page not found"))
        expect(page.locator("main")).not_to_contain_text("育才小区")
        expect(page.locator("main")).not_to_contain_text("张三")


def _fill_household(page, *, building: str, unit: str, room: str, head: str = "") -> None:
    form = page.locator("main form.form")
    form.locator("[name=building]").fill(building)
    form.locator("[name=unit]").fill(unit)
    form.locator("[name=room]").fill(room)
    form.locator("[name=head_name]").fill(head)
    form.locator("[name=residents]").fill("2")
    with page.expect_navigation():
        form.locator("button.primary").click()


@BOTH_VIEWPORTS
def test_admin_adds_a_household_and_a_second_spelling_of_it_is_refused(page, live_server, world):
    sign_in(page, live_server, "admin_home", totp_secret=world.totp_secrets["admin"])
    page.locator(".compound", has_text="育才小区").click()
    expect(page.locator("h1")).to_have_text("育才小区")
    add_link = page.locator(f"main a[href$='/compounds/{world.compound.pk}/households/new/']")

    add_link.click()
    _fill_household(page, building="3号楼", unit="2", room="502", head="王五")
    expect(page.locator("h1")).to_contain_text("3栋")
    expect(page.locator("h1")).to_contain_text("502")
    expect(page.locator("main .facts")).to_contain_text("王五")

    page.locator("main .crumbs a", has_text="育才小区").click()
    expect(page.locator("main table")).to_contain_text("王五")
    add_link.click()
    _fill_household(page, building="3栋", unit="2单元", room="502", head="赵六")
    error = page.locator("main .field.has-error .error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("502")
    expect(error).to_contain_text("王五")
    expect(page.locator("main [name=head_name]")).to_have_value("赵六")
    assert Household.objects.filter(compound=world.compound, room="502").count() == 1


def test_invited_person_picks_a_password_and_reaches_the_community(page, new_page, live_server, world):
    sign_in(page, live_server, "admin_home", totp_secret=world.totp_secrets["admin"])
    page.locator("header a[href$='/staff/']").click()
    expect(page.locator("main")).to_contain_text("staff_home")
    page.locator("main a[href$='/staff/invite/']").click()
    page.locator("main form [name=role]").select_option("staff")
    page.locator("main form [name=note]").fill("王红 (志愿者)")
    with page.expect_navigation():
        page.locator("main form button.primary").click()
    link = page.locator("#once-link").input_value()
    assert link.startswith(live_server.url + "/invite/")

    newcomer = new_page()
    newcomer.goto(link)
    expect(newcomer.locator("h1")).to_contain_text("双龙社区")
    newcomer.locator("main form [name=username]").fill("wanghong")
    newcomer.locator("main form [name=password1]").fill("qingshan-lushui-2026")
    newcomer.locator("main form [name=password2]").fill("qingshan-lushui-2026")
    with newcomer.expect_navigation():
        newcomer.locator("main form button.primary").click()
    assert urlsplit(newcomer.url).path == reverse("account_login")

    sign_in(newcomer, live_server, "wanghong", "qingshan-lushui-2026")
    assert urlsplit(newcomer.url).path == reverse("communities:home", args=["shuanglong"])
    expect(newcomer.locator(".compound", has_text="育才小区")).to_be_visible()

    # The link worked once: opened again, it is no longer valid.
    assert new_page().goto(link).status == 404


def test_language_switch_in_the_footer(page, live_server, world):
    sign_in(page, live_server, "staff_home")
    home = urlsplit(page.url).path
    search = page.locator("header a[href$='/households/']")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(search).to_have_text(_in_chinese("Find a household"))

    with page.expect_navigation():
        page.locator("footer button[lang=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(search).to_have_text("Find a household")
    expect(page.locator("h1")).to_contain_text("双龙社区")
    assert urlsplit(page.url).path == home

    with page.expect_navigation():
        page.locator("footer button[lang=zh-hans]").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(search).to_have_text(_in_chinese("Find a household"))
    assert urlsplit(page.url).path == home


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_staff_pages_fit_a_phone_screen_also_in_large_text(page, live_server, world):
    """No page makes a person scroll sideways on a 390px phone, with normal or large text."""
    long_name = UserFactory(username="volunteer_with_a_rather_long_name", first_name="欧阳")
    MembershipFactory(community=world.home, user=long_name, role=Role.OBSERVER)
    HouseholdFactory(compound=world.compound, room="1502", head_name="欧阳娜娜", notes="拆迁还建，老人独居")
    sign_in(page, live_server, "admin_home", totp_secret=world.totp_secrets["admin"])
    slug, compound, household = "shuanglong", world.compound.pk, world.household.pk
    pages = [
        url(live_server, "communities:home", slug),
        url(live_server, "communities:compound", slug, compound),
        url(live_server, "communities:household", slug, household),
        url(live_server, "communities:household_create", slug, compound),
        url(live_server, "communities:household_search", slug) + "?q=501",
        url(live_server, "communities:staff", slug),
        url(live_server, "communities:invitation_create", slug),
        url(live_server, "communities:audit", slug),
        url(live_server, "public_board", world.compound.public_token),
    ]
    for large_text in (False, True):
        if large_text:
            with page.expect_navigation():
                page.locator(
                    "header button[name=size][value=large]"
                ).click()  # moved to the top bar (issue 11)
            expect(page.locator("body")).to_have_class(re.compile(r"\blarge-text\b"))
        for target in pages:
            assert page.goto(target).status == 200, target
            assert_fits_screen(page, f"{target} (large text: {large_text})")
