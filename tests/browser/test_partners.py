"""Browser journeys of partners: a resident answers a recruitment call on a phone from the board, follows it on
the application's link; staff accept them into a team; the call's A4 poster prints on one page."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from partners import services
from partners.models import Application, Partner

from .conftest import assert_fits_screen, sign_in, url

pytestmark = pytest.mark.browser


@pytest.fixture
def call(world):
    return services.call_create(
        community=world.home,
        compound=world.compound,
        title="幸福合伙人招募令",
        wanted="楼栋长 × 8\n会修水电的师傅",
        until=timezone.localdate() + datetime.timedelta(days=30),
        actor=world.staff,
    )


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_a_resident_answers_a_call_on_a_phone_and_staff_accept_them(page, new_page, live_server, world, call):
    team = services.team_create(
        community=world.home,
        name="育才小区合伙人队伍",
        kind="governance",
        formed_on=datetime.date(2022, 3, 1),
        actor=world.staff,
    )
    page.goto(url(live_server, "public_board", world.compound.public_token))
    page.locator('[data-call="幸福合伙人招募令"]').click()
    expect(page.locator("h1")).to_contain_text("幸福合伙人招募令")
    assert_fits_screen(page, "the call's page")
    page.fill('input[name="name"]', "袁阿姨")
    page.fill('input[name="mobile"]', "139 0000 0001")
    page.select_option('select[name="kind"]', "active_resident")
    page.locator('input[name="offers"][value="labour"]').check()
    page.fill('input[name="skill_tags"]', "腰鼓")
    page.locator('input[name="consent_data_use"]').check()
    page.locator("main form button").click()

    expect(page.locator("h1")).to_have_text(re.compile("Thank you|谢谢"))
    link = page.locator("#application-link").input_value()
    assert "/a/" in link
    page.goto(link)
    expect(page.locator('main .card[role="status"]')).to_contain_text(re.compile("waiting|待审核|等待"))
    application = Application.objects.get()

    staff = new_page()
    sign_in(staff, live_server, "staff_home")
    staff.goto(url(live_server, "partners:application", world.home.slug, application.pk))
    staff.select_option('select[name="team"]', str(team.pk))
    staff.locator("form:has(input[value=accept]) button").click()
    expect(staff.locator("h1")).to_contain_text("袁阿姨")
    partner = Partner.objects.get(name="袁阿姨")
    assert team.memberships.get().partner == partner

    page.reload()
    expect(page.locator('main .card[role="status"]')).to_contain_text(re.compile("accepted|已接纳"))


def test_the_calls_poster_prints_on_one_a4_page(page, live_server, world, call):
    sign_in(page, live_server, "staff_home")
    page.goto(url(live_server, "partners:call_poster", world.home.slug, call.pk))
    expect(page.locator(".call-poster h1")).to_have_text("幸福合伙人招募令")
    assert page.locator(".call-poster .qr svg").bounding_box()["width"] >= 250
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == 1, f"the poster printed on {pages} pages"
