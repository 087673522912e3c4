"""Browser journey: a community admin imports the office's volunteer list from the partner registry. The first
upload has one error (党员 alone); the preview names its row and column and offers no confirmation; the
corrected list previews with a flagged row (no mobile), is confirmed, and the partners are in the registry. On a
desktop and on a phone (390 px)."""

import pytest
from playwright.sync_api import expect

from partners.models import Assignment, Consent, Partner
from tests.communities.roster_files import xlsx_bytes
from tests.factories import BuildingFactory

from .conftest import BOTH_VIEWPORTS, assert_fits_screen, sign_in, url

pytestmark = pytest.mark.browser

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

LIST = [
    ["育才小区志愿者名单"],
    ["姓名", "手机号码", "类别", "小区", "楼栋", "特长"],
    ["刘干部", "138 0000 0001", "下沉干部（市民政局）", "", "", ""],
    ["袁阿姨", "13800000002", "党员", "育才小区", "", "腰鼓"],
    ["王大叔", "13800000003", "楼栋长", "育才小区", "3栋", "象棋"],
    ["熊爹爹", "", "热心居民", "育才小区", "", ""],
]


def volunteer_list(rows) -> dict:
    return {"name": "志愿者名单.xlsx", "mimeType": XLSX, "buffer": xlsx_bytes({"名单": rows})}


def upload(page, rows) -> None:
    page.locator("input[type=file]").set_input_files(volunteer_list(rows))
    page.locator("input[name=consent_on_paper]").check()
    page.locator("main form button.primary").click()


@BOTH_VIEWPORTS
def test_admin_imports_a_volunteer_list_with_one_error_fixes_it_and_confirms(page, live_server, world):
    BuildingFactory(compound=world.compound, label="3栋")
    sign_in(page, live_server, "admin_home", totp_secret=world.totp_secrets["admin"])
    page.goto(url(live_server, "partners:partners", slug=world.home.slug))
    page.locator(f"main a[href$='/c/{world.home.slug}/partners/import/']").click()
    expect(page.locator("h1")).to_be_visible()
    assert_fits_screen(page, "the upload page")

    # One error: 党员 alone. The preview names the row and the column, and offers no confirmation.
    upload(page, LIST)
    problems = page.locator(".problems li")
    expect(problems).to_have_count(1)
    expect(problems.first).to_contain_text("4")
    expect(problems.first).to_contain_text("类别")
    expect(problems.first).to_contain_text("党员中心户")
    expect(page.locator("form[action$='/confirm/']")).to_have_count(0)
    assert_fits_screen(page, "the preview with a problem")
    assert not Partner.objects.exists()

    # The corrected list: four new partners, the one without a mobile flagged for a look.
    page.locator(f"main a.button[href$='/c/{world.home.slug}/partners/import/']").click()
    fixed = [list(row) for row in LIST]
    fixed[3][2] = "党员中心户"
    upload(page, fixed)
    expect(page.locator("#count-new")).to_have_text("4")
    expect(page.locator("#count-changed")).to_have_text("0")
    flags = page.locator("[data-testid=flags] li")
    expect(flags).to_have_count(1)
    expect(flags.first).to_contain_text("熊爹爹")
    assert_fits_screen(page, "the preview")
    assert not Partner.objects.exists()  # a preview writes nothing

    page.locator("form[action$='/confirm/'] button").click()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "done")
    assert Partner.objects.count() == 4
    assert Consent.objects.filter(how="paper", purpose="data_use").count() == 4
    assert Assignment.objects.get().partner.name == "王大叔"

    # The partners are in the registry.
    page.locator(f"main a[href$='/c/{world.home.slug}/partners/']").last.click()
    main = page.locator("main")
    for name in ("刘干部", "袁阿姨", "王大叔", "熊爹爹"):
        expect(main.locator(f"tr[data-partner='{name}']")).to_be_visible()
    assert_fits_screen(page, "the registry")
