"""Browser journeys of the published ledger: a resident on a phone finds their room and asks a question; the
treasurer answers it and the answer appears publicly."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from communities.models import Household
from funds import services
from tests.factories import BuildingFactory, HouseholdFactory

from .conftest import sign_in, url

pytestmark = pytest.mark.browser


def cctv_levy(world):
    """育才小区's CCTV levy in miniature: 50 yuan from 4 renovated households in 2 buildings, 2 paid."""
    Household.objects.filter(pk=world.household.pk).update(renovation="renovated")  # 1栋1单元501
    one = world.household.building
    two = BuildingFactory(compound=world.compound, label="2栋")
    HouseholdFactory(compound=world.compound, building=one, room="502", renovation="renovated")
    HouseholdFactory(compound=world.compound, building=two, room="301", renovation="renovated")
    HouseholdFactory(compound=world.compound, building=two, room="302", renovation="renovated")
    HouseholdFactory(compound=world.compound, building=two, room="303")  # not renovated: not charged
    levy = services.levy_create(
        compound=world.compound,
        purpose="安装监控",
        amount=Decimal("50.00"),
        renovation="renovated",
        due_date=datetime.date(2026, 12, 31),
        actor=world.treasurer,
    ).levy
    for n, charge in enumerate(levy.charges.filter(household__room__in=["501", "301"])):
        services.payment_record(
            charge=charge, amount=Decimal("50.00"), method="cash", actor=world.staff, idempotency_key=f"b{n}"
        )
    return levy


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_resident_finds_their_room_paid_and_asks_a_question_the_treasurer_answers(
    page, new_page, live_server, world
):
    levy = cctv_levy(world)
    token = world.compound.public_token
    board = reverse("funds_public:board", args=[token])
    levy_path = reverse("funds_public:levy", args=[token, levy.pk])

    # The resident opens the compound's public board from the WeChat link, then its published ledgers.
    page.goto(url(live_server, "public_board", token=token))
    page.locator(f'main a[href="{board}"]').click()
    page.locator(f'main a[href="{levy_path}"]').click()
    expect(page.locator("h1")).to_contain_text("安装监控")
    expect(page.locator('[data-figure="households"]')).to_have_text("2/4")
    expect(page.locator('[data-figure="collected"]')).to_have_text("¥100.00")
    # Readable at phone width: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # "Find my room": typing the room number shows it paid.
    page.locator("input[name=room]").fill("501")
    page.locator("form[role=search] button").click()
    found = page.locator('[data-found="1栋1单元501"]')
    expect(found).to_be_visible()
    expect(found).not_to_have_class("card found open")
    expect(page.locator('li[data-room="1栋1单元501"]')).to_have_class("settled")
    expect(page.locator('li[data-room="1栋1单元502"]')).to_have_class("open")

    # The resident asks about the ledger; the question waits for moderation.
    question = "监控什么时候装好？"
    page.locator("textarea[name=ask-text]").fill(question)
    page.locator("#questions form button").click()
    # The confirmation stands where the form was (issue 11, item 1; it was a message at the top before).
    expect(page.locator("#questions #asked")).to_be_visible()
    expect(page.locator("#questions")).not_to_contain_text(question)

    # The treasurer answers it from the questions page (on their own phone).
    staff = new_page()
    sign_in(staff, live_server, "treasurer_home", totp_secret=world.totp_secrets["treasurer"])
    staff.goto(url(live_server, "funds:questions", slug=world.home.slug))
    staff.get_by_text(question).click()
    staff.locator("textarea[name=text]").fill("本月底前装好，届时公示验收照片。")
    staff.locator("button[name=action][value=answer]").click()
    expect(staff.locator(".messages")).to_be_visible()

    # The answer appears publicly under the question.
    page.goto(url(live_server, levy_path))
    questions = page.locator("#questions")
    expect(questions).to_contain_text(question)
    expect(questions.locator(".answer")).to_contain_text("本月底前装好，届时公示验收照片。")
