"""Browser journey of collection mode (issue 17) at 390 px: a staff member opens a levy's collection mode and
records 20 households with only "record" and "next room" after the first room, counting screens, taps and wall
time per household.

`collect_households(page, live_server, levy, n)` is the collecting part on its own, for any journey that has a
signed-in member who records payments and an open levy (e.g. import -> levy -> collect -> publish). The figures
are printed (run with -s to see them); the wall time is printed, never asserted.
"""

import time
from dataclasses import dataclass, field

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from funds.models import Payment
from tests.factories import HouseholdFactory

from .conftest import assert_fits_screen, sign_in, url
from .phone import PHONE

pytestmark = pytest.mark.browser

# The allowance for a person: reading one screen, and one tap.
SECONDS_PER_SCREEN = 2
SECONDS_PER_TAP = 1
DEMO_HOUSEHOLDS = 201  # the case's CCTV levy: 201 renovated households of 育才小区


@dataclass
class CollectionFigures:
    """What collecting n households cost. "Screens" are what a person reads anew: full page loads and htmx
    swaps that replace the screen (#collect); the receipt sheet slides over the screen, and its swaps are
    counted apart (`sheets`). `requests` are all the round trips to the server."""

    households: int
    first_screens: int = 0  # from the levy's staff page to the first payment's sheet
    first_taps: int = 0
    steady_screens: list = field(default_factory=list)  # per household after the first
    steady_taps: list = field(default_factory=list)
    steady_sheets: list = field(default_factory=list)
    steady_requests: list = field(default_factory=list)
    seconds: float = 0.0

    @property
    def screens_per_household(self) -> float:
        return max(self.steady_screens, default=0)

    @property
    def taps_per_household(self) -> float:
        return max(self.steady_taps, default=0)

    @property
    def seconds_per_household(self) -> float:
        return self.seconds / self.households if self.households else 0.0

    def human_seconds(self, households: int = DEMO_HOUSEHOLDS) -> float:
        """A person's time for `households`: the first one as measured, the rest at the steady state's cost."""
        first = self.first_screens * SECONDS_PER_SCREEN + self.first_taps * SECONDS_PER_TAP
        each = self.screens_per_household * SECONDS_PER_SCREEN + self.taps_per_household * SECONDS_PER_TAP
        return first + (households - 1) * each

    def report(self) -> str:
        human = self.human_seconds()
        return "\n".join(
            [
                f"collection mode, {self.households} households at 390 px:",
                f"  first household: {self.first_screens} screens, {self.first_taps} taps "
                "(from the levy's staff page: collection mode, building and unit where there are several, "
                "room, record)",
                f"  steady state per household: {self.screens_per_household} screen, "
                f"{self.taps_per_household} taps (record, next room), "
                f"{max(self.steady_sheets, default=0)} sheet swap, "
                f"{max(self.steady_requests, default=0)} requests",
                f"  wall time: {self.seconds:.1f} s in all, {self.seconds_per_household:.2f} s per household",
                f"  human time for {DEMO_HOUSEHOLDS} households at {SECONDS_PER_SCREEN} s a screen and "
                f"{SECONDS_PER_TAP} s a tap: {human:.0f} s = {human / 60:.1f} min",
            ]
        )


class _Counter:
    """Counts what the page asks of the server: document loads, and htmx requests by their target."""

    def __init__(self, page):
        self.screens = self.sheets = self.requests = 0
        page.on("request", self._on_request)

    def _on_request(self, request) -> None:
        if request.resource_type == "document" and request.is_navigation_request():
            self.screens += 1
            self.requests += 1
        elif request.headers.get("hx-request") == "true":
            self.requests += 1
            target = request.headers.get("hx-target", "")
            if target == "sheet":
                self.sheets += 1
            else:
                self.screens += 1

    def snapshot(self) -> tuple[int, int, int]:
        return self.screens, self.sheets, self.requests


def collect_households(page, live_server, levy, n: int) -> CollectionFigures:
    """With `page` signed in as a member who records payments, record n unpaid households of `levy` (open, with
    at least n unpaid) in collection mode, as a person would: from the levy's staff page, tap "collection mode",
    the first building and unit with unpaid rooms and the first unpaid room, then "record"; after that only
    "next room" and "record". Each payment is the amount prefilled, by the method already chosen."""
    figures = CollectionFigures(households=n)
    counter = _Counter(page)
    taps = 0

    def tap(locator) -> None:
        nonlocal taps
        taps += 1
        locator.click()

    def record() -> str:
        room = page.locator("[data-testid=room]").inner_text()
        tap(page.locator("[data-record]"))
        expect(page.locator(".sheet h2")).to_be_visible()
        expect(page.locator(".sheet")).to_contain_text(room)
        return room

    started = time.perf_counter()
    page.goto(url(live_server, "funds:levy", levy.community.slug, levy.pk))
    tap(page.locator("[data-testid=collect]"))
    expect(page.locator("[data-testid=buildings]")).to_be_visible()
    # The first building, then unit, that still has unpaid rooms (a single one is chosen already).
    if not page.locator("[data-testid=rooms], [data-testid=units]").first.is_visible():
        tap(page.locator("[data-testid=buildings] a").filter(has_not_text=" 0 ").first)
        expect(page.locator("[data-testid=rooms], [data-testid=units]").first).to_be_visible()
    if not page.locator("[data-testid=rooms]").is_visible():
        tap(page.locator("[data-testid=units] a").filter(has_not_text=" 0 ").first)
    expect(page.locator("[data-testid=rooms]")).to_be_visible()
    tap(page.locator("[data-testid=rooms] [data-state=unpaid]").first)
    expect(page.locator("[data-record]")).to_be_visible()
    record()
    figures.first_screens, _sheets, _requests = counter.snapshot()
    figures.first_taps = taps

    for _ in range(n - 1):
        before, taps = counter.snapshot(), 0
        previous = page.locator("[data-testid=room]").inner_text()
        tap(page.locator("[data-next-room]"))
        expect(page.locator("[data-testid=room]")).not_to_have_text(previous)
        expect(page.locator("[data-record]")).to_be_enabled()
        record()
        after = counter.snapshot()
        figures.steady_screens.append(after[0] - before[0])
        figures.steady_sheets.append(after[1] - before[1])
        figures.steady_requests.append(after[2] - before[2])
        figures.steady_taps.append(taps)
    figures.seconds = time.perf_counter() - started
    return figures


@PHONE
def test_staff_records_20_households_in_two_taps_each(page, live_server, world):
    from funds import services

    building = world.household.building
    for unit, floors in [("1单元", (1, 2, 3, 4, 6, 7)), ("2单元", (1, 2, 3, 4, 5, 6))]:  # and 1单元501
        for floor in floors:
            for door in (1, 2):
                HouseholdFactory(
                    compound=world.compound, building=building, unit=unit, room=f"{floor}0{door}"
                )
    levy = services.levy_create(
        compound=world.compound, purpose="安装监控", amount="50.00", actor=world.treasurer
    ).levy
    sign_in(page, live_server, "staff_home")

    figures = collect_households(page, live_server, levy, 20)
    print()
    print(figures.report())

    assert Payment.objects.filter(levy=levy, recorded_by=world.staff).count() == 20
    assert len(figures.steady_taps) == 19
    assert figures.screens_per_household <= 1
    assert figures.taps_per_household <= 2
    # Crossing from one unit to the next: 1单元 has 13 rooms, so "next room" went on into 2单元.
    assert Payment.objects.filter(levy=levy, household__unit="2单元").count() == 7
    # The collector's day at the top counts them.
    expect(page.locator("[data-testid=today-total]")).to_have_text("¥1,000.00")
    assert_fits_screen(page, "a room's charge with the receipt sheet")

    # The pages as they load without an htmx swap: the receipt sheet's page and the grid, read at 390 px.
    last = Payment.objects.filter(levy=levy).order_by("-receipt_number").first()
    page.goto(url(live_server, "funds:collect_receipt", world.home.slug, last.pk))
    expect(page.locator("[data-next-room]")).to_be_visible()
    grid = reverse("funds:collect", args=[world.home.slug, levy.pk])
    page.goto(f"{live_server.url}{grid}?building={building.pk}&unit=1单元")
    expect(page.locator("[data-testid=rooms] [data-state=paid]")).to_have_count(13)
    assert_fits_screen(page, "the rooms grid")
    for target in page.locator("[data-testid=rooms] a, [data-testid=buildings] a").all():
        assert target.bounding_box()["height"] >= 44
