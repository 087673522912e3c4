"""Browser journeys of the needs list: a resident sends a need from the board on a phone and follows it on their
private link; staff review it, sort it and move it through planned to done with photos; a second household says
"me too" through the 户码 gate; the needs notice prints on one A4 page."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from needs import services
from needs.models import MeToo, Need, State
from tests.factories import HouseholdFactory

from .conftest import assert_fits_screen, sign_in, url
from .phone import PHONE

pytestmark = pytest.mark.browser


def _jpeg() -> dict:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "green").save(out, format="JPEG")
    return {"name": "after.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}


@PHONE
def test_a_resident_sends_a_need_staff_carry_it_to_done_and_a_neighbour_says_me_too(
    page, new_page, live_server, world
):
    board = url(live_server, "public_board", world.compound.public_token)
    page.goto(board)
    with page.expect_navigation():
        page.locator('[data-section="needs"] a[href$="/needs/new/"]').click()
    assert_fits_screen(page, "the form to send a need")
    page.fill('input[name="title"]', "小区门口下雨积水")
    page.select_option('select[name="category"]', "environment")
    page.fill('textarea[name="description"]', "一下雨就没过脚踝")
    page.fill('input[name="contact"]', "13900001111")
    expect(page.locator('input[name="show_name_masked"]')).not_to_be_checked()
    with page.expect_navigation():
        page.locator("main form button").click()
    link = page.locator("[data-follow-link]").inner_text()
    assert "/n/" in link
    expect(page.locator("[data-contact]")).to_have_text("13900001111")
    expect(page.locator("[data-state]")).to_contain_text(re.compile("审核|review"))
    need = Need.objects.get(title="小区门口下雨积水")

    staff = new_page()
    sign_in(staff, live_server, "staff_home")
    staff.goto(url(live_server, "needs:review_queue", world.home.slug))
    with staff.expect_navigation():
        staff.locator("main a", has_text="小区门口下雨积水").click()
    staff.locator('input[name="publish"][value="1"]').check()
    with staff.expect_navigation():
        staff.locator('form[action$="/review/"] button').click()
    staff.locator('input[name="urgent"][value="1"]').check()
    staff.locator('input[name="important"][value="1"]').check()
    staff.fill('input[name="rationale"]', "老人出门不便")
    with staff.expect_navigation():
        staff.locator('form[action$="/triage/"] button').click()
    for step in ("deliberation", "planned", "in_progress"):
        staff.select_option('form[action$="/status/"] select[name="state"]', step)
        if step == "planned":
            staff.fill('textarea[name="plan"]', "疏通下水道，加装排水沟")
            staff.fill('input[name="estimated_cost"]', "3200")
            staff.fill('input[name="responsible_note"]', "育才小区合伙人队伍")
        with staff.expect_navigation():
            staff.locator('form[action$="/status/"] button').click()
        expect(staff.locator("[data-state]")).to_have_attribute("data-state", step)
    staff.select_option('form[action$="/status/"] select[name="state"]', "done")
    staff.fill('textarea[name="result"]', "排水沟建好，不再积水")
    staff.set_input_files('form[action$="/status/"] input[name="after_photos"]', [_jpeg()])
    with staff.expect_navigation():
        staff.locator('form[action$="/status/"] button').click()
    expect(staff.locator("[data-state]")).to_have_attribute("data-state", "done")
    need.refresh_from_db()
    assert need.state == State.DONE and need.photos.filter(stage="after").count() == 1

    page.goto(link)
    expect(page.locator("[data-state]")).to_contain_text(re.compile("已办结|done"))
    expect(page.locator("main")).to_contain_text("排水沟建好")


@PHONE
def test_a_second_household_says_me_too_through_the_gate(page, new_page, live_server, world):
    need = services.need_create(
        compound=world.compound, title="车辆乱停乱放", category="parking", channel="wechat", actor=world.staff
    )
    services.metoo_add(need=need, household=world.household)
    second = HouseholdFactory(compound=world.compound, room="502")
    board = url(live_server, "public_board", world.compound.public_token)
    page.goto(board)
    page.fill("input[name=code]", second.access_code)
    with page.expect_navigation():
        page.locator("#household button").click()
    page.goto(board)
    card = page.locator('[data-need="车辆乱停乱放"]')
    expect(card.locator("[data-metoo]")).to_have_attribute("data-metoo", "1")
    with page.expect_navigation():
        card.locator("button").click()
    expect(page.locator('[data-need="车辆乱停乱放"] [data-metoo]')).to_have_attribute("data-metoo", "2")
    with page.expect_navigation():
        page.locator('[data-need="车辆乱停乱放"] button').click()  # twice: still one for this household
    expect(page.locator('[data-need="车辆乱停乱放"] [data-metoo]')).to_have_attribute("data-metoo", "2")
    assert MeToo.objects.filter(need=need, household=second).count() == 1


def test_the_needs_notice_prints_on_one_a4_page(page, live_server, world):
    for i in range(30):
        services.need_create(
            compound=world.compound,
            title=f"需求清单上的第{i}项：楼道灯和扶手",
            category="facilities",
            channel="bench",
            actor=world.staff,
        )
    page.goto(url(live_server, "needs_public:notice", world.compound.public_token))
    expect(page.locator(".needs-notice .more")).to_contain_text("18")
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == 1, f"the notice printed on {pages} pages"


@PHONE
def test_the_needs_pages_have_44px_targets_and_fit_a_phone(page, live_server, world):
    from .test_phone_reading import _small_targets

    need = services.need_create(
        compound=world.compound, title="楼道灯不亮", category="safety", channel="doorstep", actor=world.staff
    )
    services.need_triage(need=need, urgent=True, important=False, rationale="换灯泡即可", actor=world.staff)
    done = services.need_create(
        compound=world.compound, title="修好的扶手", category="elderly", channel="bench", actor=world.staff
    )
    services.need_set_status(need=done, state=State.IN_PROGRESS, actor=world.staff)
    services.need_set_status(
        need=done, state=State.DONE, result="已安装", after_photos=[_upload()], actor=world.staff
    )
    _sent, token = services.need_submit(
        compound=world.compound, title="积水", category="environment", contact="139"
    )
    compound = world.compound.public_token
    pages = [
        url(live_server, "public_board", compound),
        url(live_server, "needs_public:list", compound),
        url(live_server, "needs_public:list", compound) + "?show=done",
        url(live_server, "needs_public:need", compound, need.pk),
        url(live_server, "needs_public:need", compound, done.pk),
        url(live_server, "needs_public:submit", compound),
        url(live_server, "needs_public:follow", token),
    ]
    assert _small_targets(page, pages) == []
    for target in pages:
        page.goto(target)
        assert_fits_screen(page, target)


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = _jpeg()
    return SimpleUploadedFile(data["name"], data["buffer"], content_type=data["mimeType"])


@PHONE
def test_staff_deliver_a_residents_labour_by_picking_her_check_in_on_a_phone(page, live_server, world):
    from partners import services as partners_services
    from tests.partners.volunteering import person, started_slot

    painter = person(world)
    n = services.need_create(
        compound=world.compound, title="幸福小屋", category="elderly", channel="doorstep", actor=world.staff
    )
    pledge = services.pledge_create(need=n, partner=painter, kind="labour", hours="6", actor=world.staff)
    slot = started_slot(world)
    partners_services.checkin_record(slot=slot, actor=world.staff, ticked=[(painter, None)])
    partners_services.hours_confirm(slot=slot, actor=world.admin)

    sign_in(page, live_server, world.staff.username)
    page.goto(url(live_server, "needs:delivery_create", world.home.slug, n.pk, pledge.pk))
    assert_fits_screen(page, "the labour delivery form")
    choice = page.get_by_label(re.compile(r"3\.0 小时 · 粉刷幸福小屋 · 已确认"))
    choice.check()
    with page.expect_navigation():
        page.locator("main form button.primary").click()
    expect(page.locator('[data-kind="labour"]')).to_contain_text("认领 6 小时 · 已兑现 3")
    expect(page.locator("[data-hours-state]")).to_have_text("已确认")
