"""Browser journeys of meetings and decisions at 390 px: staff build a monthly agenda, record who came and paper
ballots (an unknown room is an error next to the field); a household votes online through the gate; the decision
closes and its result shows; a treasurer opens the levy from the decision."""

import datetime

import pytest
from django.utils import timezone
from django.utils.translation import gettext, override, pgettext
from playwright.sync_api import expect

from needs import services
from needs.models import Ballot, Decision, Meeting
from tests.needs.helpers import need
from tests.needs.meetings_helpers import estate

from .conftest import sign_in, url
from .phone import PHONE


def zh(text: str) -> str:
    with override("zh-hans"):
        return gettext(text)


def zh_vote(text: str) -> str:
    """A vote's words (for, against) have their own context: "for" is also a receipt's purpose in funds."""
    with override("zh-hans"):
        return pgettext("vote", text)


@pytest.fixture
def compound_in_deliberation(world):
    compound, homes = estate(world)
    n = need(world, title="装监控", compound=compound)
    services.need_set_status(need=n, state="deliberation", actor=world.staff)
    return compound, homes


@pytest.mark.browser
@PHONE
def test_staff_build_a_monthly_agenda_record_attendance_and_paper_ballots(
    page, live_server, world, compound_in_deliberation
):
    compound, homes = compound_in_deliberation
    sign_in(page, live_server, "staff_home")
    page.goto(url(live_server, "needs:meeting_create", world.home.slug))
    page.select_option("select[name=kind]", "monthly")
    page.select_option("select[name=compound]", str(compound.pk))
    page.fill("input[name=held_on]", f"{timezone.localdate():%Y-%m-%d}")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Save")).click()
    expect(page.locator("#agenda")).to_contain_text("装监控")
    meeting = Meeting.objects.get(compound=compound)

    page.get_by_role("link", name=zh("Record who came")).click()
    page.fill("textarea[name=rooms]", "1栋1单元101\n1栋1单元102")
    page.fill("input[name=head_count]", "15")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Save")).click()
    expect(page.locator("[data-attendance]")).to_contain_text("1栋1单元102")

    page.get_by_role("link", name=zh("Open a decision")).first.click()
    page.get_by_label(zh("double majority (Civil Code Art. 278)")).check()
    closes = timezone.localdate() + datetime.timedelta(days=15)
    page.fill("input[name=closes_on]", f"{closes:%Y-%m-%d}")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Save")).click()
    decision = Decision.objects.get(meeting=meeting)
    expect(page.locator("[data-not-closed]")).to_be_visible()

    page.get_by_role("link", name=zh("Enter paper ballots")).click()
    page.fill("input[name=room]", "8栋8单元808")
    page.get_by_label(zh_vote("for")).check()
    page.get_by_role("button", name=zh("Record the ballot")).click()
    expect(page.locator("#field-room .error")).to_contain_text("8栋8单元808")
    page.fill("input[name=room]", "1栋1单元101")
    page.get_by_label(zh_vote("for")).check()
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Record the ballot")).click()
    expect(page.locator("[data-paper-count]")).to_contain_text("1")
    assert Ballot.objects.get(decision=decision).channel == "paper"


@pytest.mark.browser
@PHONE
def test_a_household_votes_online_the_decision_closes_and_a_treasurer_opens_the_levy(
    page, new_page, live_server, world, compound_in_deliberation
):
    compound, homes = compound_in_deliberation
    meeting = Meeting.objects.create(
        community=world.home,
        compound=compound,
        kind="monthly",
        title="电大小区议事会",
        held_on=timezone.localdate(),
    )
    decision = services.decision_open(
        meeting=meeting,
        motion="安装监控，每户50元",
        rule="double_majority",
        closes_on=timezone.localdate() + datetime.timedelta(days=15),
        actor=world.staff,
    )
    for home in homes[1:]:
        services.ballot_cast(decision=decision, household=home, choice="for")

    # A household votes through the gate, as the owner.
    page.goto(url(live_server, "public_board", compound.public_token))
    expect(page.locator("[data-section=decisions]")).to_contain_text("安装监控")
    page.fill("input[name=code]", homes[0].access_code)
    with page.expect_navigation():
        page.locator("#household button").click()
    section = page.locator("[data-section=decisions-household]")
    expect(section).to_contain_text(zh("Your household votes once, as the owner."))
    section.get_by_label(zh("against")).check()
    with page.expect_navigation():
        section.get_by_role("button", name=zh("Vote")).click()
    expect(page.locator("[data-voted]")).to_be_visible()
    assert Ballot.objects.get(decision=decision, household=homes[0]).channel == "online"

    # Staff close it; the result shows.
    staff = new_page()
    sign_in(staff, live_server, "staff_home")
    staff.goto(url(live_server, "needs:decision", world.home.slug, decision.pk))
    with staff.expect_navigation():
        staff.get_by_role("button", name=zh("Close the decision")).click()
    expect(staff.locator("[data-closed=yes]")).to_be_visible()
    expect(staff.locator("[data-passed=yes]")).to_contain_text(zh("Passed"))
    expect(staff.locator('[data-threshold="agreement-area"]')).to_have_attribute("data-met", "yes")
    expect(staff.get_by_role("link", name=zh("Open the levy"))).to_have_count(0)

    # A treasurer opens the levy from the decision.
    treasurer = new_page()
    sign_in(treasurer, live_server, "treasurer_home", totp_secret=world.totp_secrets["treasurer"])
    treasurer.goto(url(live_server, "needs:decision", world.home.slug, decision.pk))
    treasurer.get_by_role("link", name=zh("Open the levy")).click()
    expect(treasurer.locator("input[name=purpose]")).to_have_value("安装监控，每户50元")
    treasurer.get_by_label(zh("per household")).check()
    treasurer.fill("input[name=amount]", "50")
    with treasurer.expect_navigation():
        treasurer.get_by_role("button", name=zh("Create the levy")).click()
    decision.refresh_from_db()
    levy = decision.approval.levies.get()
    assert levy.charges.count() == 10
    expect(treasurer.locator("h1")).to_contain_text("安装监控")
