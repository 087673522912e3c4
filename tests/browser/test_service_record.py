"""Browser journeys of the volunteer service record: staff issue a record and open its printable page; the QR code,
decoded from a screenshot of that page (zxing-cpp), opens the public check page with the name masked; the record
prints on one A4 page, also for a whole year of the daily rota."""

import datetime
import io
import re

import pytest
import zxingcpp
from django.utils import timezone
from django.utils.translation import gettext, override
from PIL import Image
from playwright.sync_api import expect

from partners import services
from partners.models import Activity, ServiceRecord
from tests.partners.records import daily_year, entry
from tests.partners.volunteering import one_off, person, rota

from .conftest import sign_in, url

pytestmark = pytest.mark.browser


def _pages(pdf: bytes) -> int:
    try:
        from pypdf import PdfReader
    except ImportError:
        return len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _zh(text: str) -> str:
    with override("zh-hans"):
        return gettext(text)


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_staff_issue_a_record_and_its_printed_qr_code_opens_the_check_page(
    page, new_page, live_server, world
):
    today = timezone.localdate()
    chen = person(world, name="陈昌秀")
    activity, _slot = one_off(world, day=today - datetime.timedelta(days=20), title="粉刷幸福小屋")
    entry(world, chen, today - datetime.timedelta(days=20), "3.0", activity=activity)
    entry(world, chen, today - datetime.timedelta(days=6), "1.5", description="修理路灯")

    sign_in(page, live_server, "staff_home")
    page.goto(url(live_server, "partners:partner", world.home.slug, chen.pk))
    page.locator('[data-section="partners-records"] a').last.click()
    page.fill('input[name="period_from"]', (today - datetime.timedelta(days=60)).isoformat())
    page.fill('input[name="period_to"]', today.isoformat())
    page.locator("main form button.primary").click()

    expect(page.locator(".service-record h1")).to_have_text(_zh("Volunteer Service Record"))
    expect(page.locator(".service-record .statement")).to_contain_text("陈昌秀")
    expect(page.locator('[data-testid="serial"]')).to_have_text("000001")
    record = ServiceRecord.objects.get()
    shot = Image.open(io.BytesIO(page.locator(".service-record .qr svg").screenshot()))
    decoded = [result.text for result in zxingcpp.read_barcodes(shot)]
    assert decoded, "no QR code found in the screenshot of the printed record"
    assert decoded[0].endswith(f"/v/{record.check_token}/")

    resident = new_page()
    resident.goto(decoded[0])
    expect(resident.locator("h1")).to_have_text(_zh("Service record check"))
    expect(resident.locator('[data-testid="name"]')).to_have_text("陈**")
    expect(resident.locator("main")).to_contain_text("000001")
    expect(resident.locator("main")).to_contain_text("4.5")
    expect(resident.locator('[data-state="valid"]')).to_be_visible()
    assert "陈昌秀" not in resident.content() and chen.mobile not in resident.content()


def test_a_record_of_a_year_of_the_daily_rota_prints_on_one_a4_page(page, live_server, world):
    today = timezone.localdate()
    chen = person(world, name="欧阳娜娜")
    watering = rota(world, starts_on=today - datetime.timedelta(days=400))
    tutoring = rota(
        world, weekdays="24", title="作业辅导", start=datetime.time(19, 0), end=datetime.time(20, 30)
    )
    assert watering.kind == Activity.Kind.ROTA
    daily_year(world, chen, watering, last=today - datetime.timedelta(days=1))
    daily_year(world, chen, tutoring, last=today - datetime.timedelta(days=1), days=365, hours="1.5")
    record = services.service_record_issue(
        partner=chen, period_from=today - datetime.timedelta(days=365), period_to=today, actor=world.staff
    )
    assert record.snapshot["times"] == 730 and len(record.snapshot["rows"]) in (24, 26)

    sign_in(page, live_server, "staff_home")
    page.goto(url(live_server, "partners:record", world.home.slug, record.pk))
    expect(page.locator(".service-record .months li")).to_have_count(len(record.snapshot["rows"]))
    pdf = page.pdf(format="A4")
    assert _pages(pdf) == 1, f"a year's record printed on {_pages(pdf)} pages"


def test_a_short_record_prints_on_one_a4_page(page, live_server, world):
    today = timezone.localdate()
    chen = person(world, name="陈昌秀")
    entry(world, chen, today - datetime.timedelta(days=2), "2.0", description="修理路灯")
    record = services.service_record_issue(
        partner=chen, period_from=today - datetime.timedelta(days=30), period_to=today, actor=world.staff
    )
    sign_in(page, live_server, "staff_home")
    page.goto(url(live_server, "partners:record", world.home.slug, record.pk))
    assert _pages(page.pdf(format="A4")) == 1
