"""Browser journeys of volunteering, on a phone (390 px): a partner signs up for a slot on their personal link;
staff tick who came (with a walk-in added on the spot) and a second member of staff confirms the hours."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from partners import services
from partners.models import HoursConfirmation, HoursEntry, Partner, SignUp
from tests.partners.volunteering import one_off, person, started_slot

from .conftest import assert_fits_screen, sign_in, url
from .phone import PHONE

pytestmark = pytest.mark.browser


@PHONE
def test_a_partner_signs_up_for_a_slot_on_their_link(page, live_server, world):
    chen = person(world)
    token = services.partner_link_issue(partner=chen, actor=world.staff)
    _activity, slot = one_off(world, title="粉刷幸福小屋", capacity=2)
    page.goto(url(live_server, "partners_public:link", token))
    section = page.locator("#volunteering")
    expect(section).to_contain_text("粉刷幸福小屋")
    assert_fits_screen(page, "the personal link with its open slots")
    open_slot = section.locator(f'[data-open="{slot.pk}"]')
    expect(open_slot).to_contain_text("0 / 2")
    with page.expect_navigation():
        open_slot.get_by_role("button", name="报名").click()
    expect(page.locator(".messages")).to_contain_text("报名成功")
    expect(section.locator(f'[data-mine="{slot.pk}"]')).to_contain_text("粉刷幸福小屋")
    assert SignUp.objects.get(slot=slot).partner == chen
    assert_fits_screen(page, "the personal link after signing up")


@PHONE
def test_staff_check_volunteers_in_with_a_walk_in_and_a_second_member_confirms(
    page, new_page, live_server, world
):
    slot = started_slot(world, capacity=4, start=datetime.time(9, 0), end=datetime.time(11, 30))
    chen, wang = person(world), person(world, "王丽", "13800000002")
    for p in (chen, wang):
        SignUp.objects.create(community=world.home, slot=slot, partner=p, via="staff")
    sign_in(page, live_server, "staff_home")
    page.goto(url(live_server, "partners:slot", world.home.slug, slot.pk))
    page.get_by_role("link", name="签到").click()
    expect(page.locator("h1")).to_contain_text("签到")
    assert_fits_screen(page, "the check-in list")
    page.locator('[data-checkin="陈昌秀"] .tick').click()
    page.locator('[data-checkin="王丽"] .tick').click()
    page.locator(f'input[name="hours_{wang.pk}"]').fill("2")
    page.fill('input[name="walk_in_name"]', "熊爹爹")
    page.fill('input[name="walk_in_mobile"]', "138 0000 0009")
    page.locator('input[name="walk_in_consent"]').check()
    with page.expect_navigation():
        page.get_by_role("button", name="保存签到").click()
    expect(page.locator(".messages")).to_contain_text("已签到 3 人")
    expect(page.locator('[data-entry="熊爹爹"]')).to_contain_text("待确认")
    assert Partner.objects.filter(name="熊爹爹", mobile="13800000009").exists()
    assert sorted(HoursEntry.objects.values_list("partner__name", "hours")) == sorted(
        [("陈昌秀", slot.hours), ("王丽", 2), ("熊爹爹", slot.hours)]
    )
    # The one who recorded cannot confirm.
    page.get_by_role("link", name="确认时长").click()
    expect(page.locator("main")).to_contain_text("这些时长是您登记的")
    expect(page.get_by_role("button", name="确认这些时长")).to_have_count(0)

    second = new_page()
    sign_in(second, live_server, "admin_home", totp_secret=world.totp_secrets["admin"])
    second.goto(url(live_server, "partners:slot", world.home.slug, slot.pk))
    second.get_by_role("link", name="确认时长").click()
    expect(second.locator("main")).to_contain_text("共 3 条")
    assert_fits_screen(second, "the confirmation")
    with second.expect_navigation():
        second.get_by_role("button", name="确认这些时长").click()
    expect(second.locator(".messages")).to_contain_text("已确认 3 条")
    expect(second.locator('[data-entry="陈昌秀"]')).to_contain_text("已确认")
    assert HoursConfirmation.objects.filter(confirmed_by=world.admin).count() == 3
    assert timezone.localdate() >= slot.date
