"""Browser journey: a community admin uploads the office's roster, reads the preview, confirms, and sees the
households, on a desktop and on a phone."""

import pytest
from playwright.sync_api import expect

from communities.models import Household, RosterImport
from tests.communities.roster_files import HEADER, xlsx_bytes

from .conftest import BOTH_VIEWPORTS, sign_in, url

pytestmark = pytest.mark.browser

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def roster_file(rows) -> dict:
    return {
        "name": "育才小区花名册.xlsx",
        "mimeType": XLSX,
        "buffer": xlsx_bytes({"一期": rows}, {"一期": ["B4:B5"]}),
    }


GOOD = [
    ["育才小区住户花名册"],
    [],
    HEADER,
    ["育才小区", "7号楼", "1", "701", "钱七", "13900007777", "三", "70", "已装修", "已入住", ""],
    ["育才小区", None, "1", "702", "孙八", "139 0000 8888", "2", "", "否", "空置", ""],
    ["合计", None, None, None, None, None, "5", None, None, None, None],
]


@BOTH_VIEWPORTS
def test_admin_uploads_previews_confirms_and_sees_the_households(page, live_server, world):
    sign_in(page, live_server, "admin_home", totp_secret=world.totp_secrets["admin"])
    page.goto(url(live_server, "communities:compound", slug=world.home.slug, pk=world.compound.pk))
    page.locator(f"main a[href$='/compounds/{world.compound.pk}/roster/']").click()

    # A file with a problem first: the preview names the row and the column, and offers no confirmation.
    bad = [list(r) for r in GOOD]
    bad[4][5] = "12345"
    page.locator("input[type=file]").set_input_files(roster_file(bad))
    page.locator("main form button.primary").click()
    problems = page.locator(".problems li")
    expect(problems).to_have_count(1)
    expect(problems.first).to_contain_text("5")
    expect(problems.first).to_contain_text("联系电话")
    expect(problems.first).to_contain_text("12345")
    expect(page.locator("form[action$='/confirm/']")).to_have_count(0)
    assert not Household.objects.filter(head_name="钱七").exists()

    # The corrected file: 2 new households, the fixture's household is missing from it.
    page.goto(url(live_server, "communities:roster", slug=world.home.slug, pk=world.compound.pk))
    page.locator("input[type=file]").set_input_files(roster_file(GOOD))
    page.locator("main form button.primary").click()
    expect(page.locator("#count-new")).to_have_text("2")
    expect(page.locator("#count-changed")).to_have_text("0")
    expect(page.locator("#count-missing")).to_have_text("1")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"] + 1
    assert not Household.objects.filter(head_name="钱七").exists()  # a preview writes nothing

    page.locator("form[action$='/confirm/'] button").click()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "done")
    assert RosterImport.objects.filter(status="done").count() == 1

    # The households are on the compound's page, under the building written 7号楼 in the file.
    page.locator(f"main a[href$='/compounds/{world.compound.pk}/']").last.click()
    main = page.locator("main")
    expect(main).to_contain_text("7栋")
    expect(main).to_contain_text("钱七")
    expect(main).to_contain_text("孙八")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, "the page must fit the screen"

    # The household missing from the file: listed unticked, "tick all" ticks it, and it is marked moved out.
    page.goto(
        url(
            live_server,
            "communities:roster_import",
            slug=world.home.slug,
            pk=RosterImport.objects.get(status="done").pk,
        )
    )
    page.locator("main a[href$='/moved-out/']").click()
    boxes = page.locator("input[name=household]")
    expect(boxes).to_have_count(1)
    expect(boxes.first).not_to_be_checked()
    page.locator("[data-check-all]").check()
    expect(boxes.first).to_be_checked()
    page.locator("form button.danger").click()
    expect(page.locator("main")).to_contain_text("1")
    world.household.refresh_from_db()
    assert world.household.occupancy == Household.Occupancy.MOVED_OUT


def test_platform_admin_opens_the_household_import_and_export_in_the_django_admin(page, live_server, world):
    """The platform admin reaches the household list, export and import of the Django admin in a browser (the
    admin is left out of the Content-Security-Policy: django-import-export's export page has an inline
    handler, and its "select all" box must keep working)."""
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("platform_b", "platform_b@example.org", "hehuo-test-pass-2026")
    sign_in(page, live_server, "platform_b", password="hehuo-test-pass-2026")
    page.goto(url(live_server, "admin:communities_household_changelist"))
    expect(page.locator("#result_list")).to_contain_text(world.household.head_name)
    page.goto(url(live_server, "admin:communities_household_export"))
    page.locator("select[name=format]").select_option("2")
    field = page.locator("input[name=householdresource_id]")
    expect(field).to_be_checked()
    page.locator("input[name=select-all-toggle]").uncheck()  # django-import-export's inline handler
    expect(field).not_to_be_checked()
    page.goto(url(live_server, "admin:communities_household_import"))
    expect(page.locator("input[type=file]")).to_be_visible()
