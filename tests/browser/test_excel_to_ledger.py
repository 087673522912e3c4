"""Browser journey of issue 17, at 390 px: from the office's own Excel roster to a published levy that a
resident checks from the printed notice's QR code.

A community admin imports a roster with a title row, no renovation column and a 合计 row and is warned what
that means; creates a levy for all households; collects 20 households at the door in collection mode; publishes it through the confirmation; then a resident without
an account opens the board as the notice's QR code does (decoded from a screenshot of the printed notice) and
finds room 101, paid or not.
"""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from communities.models import Compound, Household
from funds.models import Levy, Payment, Snapshot
from tests.communities.roster_files import xlsx_bytes
from tests.qr import decode_png

from .conftest import sign_in, url
from .phone import PHONE, on_screen
from .test_collection import collect_households

pytestmark = pytest.mark.browser

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def zh(text: str) -> str:
    with translation.override("zh-hans"):
        return gettext(text)


def office_roster() -> bytes:
    """The office's own file: a title row, the column names without a renovation column, 24 households in two
    buildings (rooms 101-602 of 1栋 and 2栋), a 合计 row at the bottom."""
    rows = [["新城小区住户花名册（2026年）"], ["楼栋", "单元", "门牌号", "户主姓名", "联系电话", "家庭人口"]]
    number = 0
    for building in ("1栋", "2栋"):
        for floor in range(1, 7):
            for door in (1, 2):
                number += 1
                rows.append([building, "1", f"{floor}0{door}", f"住户{number}", f"139{number:08d}", "3"])
    rows.append(["合计", None, None, None, None, str(3 * number)])
    return xlsx_bytes({"花名册": rows})


@PHONE
def test_from_the_offices_excel_to_a_published_levy_a_resident_checks(page, new_page, live_server, world):
    compound = Compound.objects.create(community=world.home, name="新城小区")

    # 1. The admin opens the new, empty compound: its page leads to the roster import first.
    sign_in(page, live_server, "admin_home", totp_secret=world.totp_secrets["admin"])
    page.goto(url(live_server, "communities:compound", slug=world.home.slug, pk=compound.pk))
    page.locator("[data-testid=import-roster]").click()

    # 2. The roster file: the preview lists the skipped title and 合计 rows and warns that without a
    #    renovation column all 24 households will be 未装修.
    page.locator("input[type=file]").set_input_files(
        {"name": "新城小区花名册.xlsx", "mimeType": XLSX, "buffer": office_roster()}
    )
    page.locator("main form button.primary").click()
    expect(page.locator("#count-new")).to_have_text("24")
    warnings = page.locator("[data-testid=import-warnings]")
    expect(warnings).to_contain_text("未装修")
    expect(warnings).to_contain_text("24")
    expect(page.locator("[data-skipped=title]")).to_contain_text("新城小区住户花名册")
    expect(page.locator("[data-skipped=total]")).to_contain_text("合计")
    expect(page.locator("#total-residents")).to_have_text("72")
    expect(page.locator("[data-testid=import-sample] tbody tr")).to_have_count(5)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"] + 1
    page.locator("form[action$='/confirm/'] button").click()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "done")
    assert Household.objects.filter(compound=compound).count() == 24

    # 3. A levy for all households of the compound (renovation "any": the roster has no renovation status).
    page.goto(url(live_server, "funds:levy_create", slug=world.home.slug) + f"?compound={compound.pk}")
    page.fill("input[name=purpose]", "安装监控")
    page.fill("input[name=amount]", "50")
    page.locator("#levy-form button.primary").click()
    levy = Levy.objects.get(compound=compound)
    expect(page).to_have_url(url(live_server, "funds:levy", slug=world.home.slug, pk=levy.pk))
    assert levy.charges.count() == 24

    # 4a. Collecting at the door: 20 households in collection mode, each after the first one screen and two taps.
    figures = collect_households(page, live_server, levy, 20)
    print(figures.report())
    assert figures.screens_per_household <= 1 and figures.taps_per_household <= 2, figures.report()
    assert figures.human_seconds() <= 15 * 60, figures.report()
    assert Payment.objects.filter(levy=levy).count() == 20

    # 4b. Publish through the confirmation: the page names the compound and the levy, the preview comes
    #    first, and the box must be ticked; afterwards the treasurer is back on the levy's page.
    page.goto(url(live_server, "funds:publish_levy", slug=world.home.slug, pk=levy.pk))
    expect(page.locator("h1")).to_contain_text("新城小区")
    expect(page.locator("h1")).to_contain_text("安装监控")
    page.fill("input[name=period]", "2026年11月")
    page.locator("#publish-form button.primary").click()
    # Not ticked: the browser holds the form back on the box (the server refuses it too), nothing published.
    expect(page).to_have_url(url(live_server, "funds:publish_levy", slug=world.home.slug, pk=levy.pk))
    assert page.locator("input[name=confirm]").evaluate("box => !box.validity.valid")
    assert not Snapshot.objects.exists()
    page.locator("input[name=confirm]").check()
    page.locator("#publish-form button.primary").click()
    expect(page).to_have_url(url(live_server, "funds:levy", slug=world.home.slug, pk=levy.pk))
    snapshot = Snapshot.objects.get(levy=levy)
    expect(page.locator("[data-testid=published-link]")).to_be_visible()

    # 5. A resident, no account: the printed notice's QR code, read from the page as a camera would, opens the
    #    compound's board, where "find my room" is on the first screen.
    resident = new_page()
    resident.goto(url(live_server, "funds_public:snapshot_print", compound.public_token, snapshot.pk))
    scanned = decode_png(resident.locator(".notice .qr svg").screenshot())
    assert scanned == url(live_server, "public_board", compound.public_token)
    resident.goto(scanned)
    room = resident.locator("[data-section=find-room] input[name=room]")
    assert on_screen(resident, room), "find my room must be on the board's first screen"
    room.fill("101")
    resident.locator("[data-section=find-room] button").click()
    found = resident.locator("[data-found='1栋1单元101']")
    expect(found).to_be_visible()
    # Paid or not (the lead's collection step may have collected it): either way the resident reads which.
    charge = levy.charges.get(household__building__label="1栋", household__room="101")
    settled = charge.amount <= charge.paid + charge.waived
    expect(found).to_contain_text(zh("has paid (settled).") if settled else zh("has not paid yet."))
    # The published notice is one tap away from the board.
    resident.goto(scanned)
    resident.locator(f"a[data-snapshot='{levy.purpose}']").click()
    expect(resident.locator("[data-hash]").first).to_contain_text(snapshot.short_hash)
