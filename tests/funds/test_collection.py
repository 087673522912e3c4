"""Collection mode (issue 17): a levy's buildings, units and rooms as tap targets; a room's charge recorded in
one tap; the receipt sheet with "next room"; the collector's day; observers read with masked names."""

import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.urls import reverse

from funds import services
from funds.models import Payment
from tests.factories import BuildingFactory, HouseholdFactory

from .conftest import pay


@dataclass
class Doors:
    levy: object
    b1: object
    b2: object
    rooms: dict  # label -> charge


@pytest.fixture
def doors(world):
    """育才小区 charged 50 yuan a household: 1栋1单元 101, 102, 201, 501 (张三, the world's household);
    1栋2单元101; 2栋1单元101."""
    b1 = world.household.building
    b2 = BuildingFactory(compound=world.compound, label="2栋")
    for building, unit, room in [(b1, "1单元", "101"), (b1, "1单元", "102"), (b1, "1单元", "201")]:
        HouseholdFactory(compound=world.compound, building=building, unit=unit, room=room, head_name="王五")
    HouseholdFactory(compound=world.compound, building=b1, unit="2单元", room="101")
    HouseholdFactory(compound=world.compound, building=b2, unit="1单元", room="101")
    levy = services.levy_create(
        compound=world.compound, purpose="安装监控", amount=Decimal("50"), actor=world.treasurer
    ).levy
    rooms = {c.household.label: c for c in levy.charges.select_related("household__building")}
    assert len(rooms) == 6
    return Doors(levy=levy, b1=b1, b2=b2, rooms=rooms)


def grid_url(world, levy, **params):
    url = reverse("funds:collect", args=[world.home.slug, levy.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def charge_url(world, charge):
    return reverse("funds:collect_charge", args=[world.home.slug, charge.pk])


def key_of(page) -> str:
    return re.search(r'name="key" value="([^"]+)"', page.content.decode()).group(1)


def room_cell(html: str, label: str) -> str:
    match = re.search(rf'<a class="room [^"]*" data-room="{label}"[^>]*>(.*?)</a>', html, re.S)
    assert match, label
    return match.group(0)


def test_the_grid_shows_paid_part_paid_waived_and_unpaid_in_words(world, doors, login):
    pay(doors.rooms["1栋1单元101"], actor=world.staff)
    pay(doors.rooms["1栋1单元102"], amount="20.00", actor=world.staff)
    waiver = services.waiver_request(
        charge=doors.rooms["1栋1单元201"], amount=Decimal("50"), reason="低保", actor=world.staff
    )
    services.waiver_approve(waiver=waiver, actor=world.treasurer)

    page = login(world.staff).get(grid_url(world, doors.levy, building=doors.b1.pk, unit="1单元"))
    assert page.status_code == 200
    html = page.content.decode()
    expected = {
        "1栋1单元101": ("paid", "已缴"),
        "1栋1单元102": ("part", "部分已缴"),
        "1栋1单元201": ("waived", "已减免"),
        "1栋1单元501": ("unpaid", "未缴"),
    }
    for label, (state, word) in expected.items():
        cell = room_cell(html, label)
        assert f'data-state="{state}"' in cell and word in cell, (label, cell)
    # The other unit's room is not in this grid.
    assert 'data-room="1栋2单元101"' not in html


def test_buildings_and_units_are_links_to_tap(world, doors, login):
    client = login(world.staff)
    html = client.get(grid_url(world, doors.levy)).content.decode()
    assert f'href="?building={doors.b1.pk}"' in html and f'href="?building={doors.b2.pk}"' in html
    assert "1栋 · 5 户未缴" in html and "2栋 · 1 户未缴" in html
    assert 'data-testid="rooms"' not in html  # two buildings: choose one first

    html = client.get(grid_url(world, doors.levy, building=doors.b1.pk)).content.decode()
    assert f"?building={doors.b1.pk}&amp;unit=1%E5%8D%95%E5%85%83" in html  # 1单元
    assert 'data-testid="rooms"' not in html  # two units: choose one first

    # 2栋 has one unit: its rooms show at once.
    html = client.get(grid_url(world, doors.levy, building=doors.b2.pk)).content.decode()
    assert 'data-room="2栋1单元101"' in html


def test_a_building_or_unit_the_levy_does_not_charge_is_404(world, doors, login):
    client = login(world.staff)
    other = BuildingFactory(compound=world.other_compound, label="1栋")
    assert client.get(grid_url(world, doors.levy, building=other.pk)).status_code == 404
    assert client.get(grid_url(world, doors.levy, building=doors.b1.pk, unit="9单元")).status_code == 404
    assert client.get(grid_url(world, doors.levy, building="x")).status_code == 404


def test_a_room_opens_its_charge_with_the_head_and_the_amount_prefilled(world, doors, login):
    page = login(world.staff).get(charge_url(world, doors.rooms["1栋1单元501"]))
    html = page.content.decode()
    assert '<h1 class="room-title" data-testid="room">1栋1单元501</h1>' in html
    assert '<dd data-testid="head">张三</dd>' in html
    assert 'name="amount" value="50.00"' in html
    assert re.search(r'value="cash"[^>]*checked', html)  # cash until another method is chosen
    grid = grid_url(world, doors.levy, building=doors.b1.pk, unit="1%E5%8D%95%E5%85%83").replace("&", "&amp;")
    assert f'href="{grid}"' in html  # "grid": back to this unit's rooms


def test_recording_from_the_grid_then_next_room_without_javascript(world, doors, login):
    client = login(world.staff)
    grid = client.get(grid_url(world, doors.levy, building=doors.b1.pk, unit="1单元")).content.decode()
    first = re.search(r'data-room="1栋1单元101"[^>]*href="([^"]+)"', grid).group(1)
    page = client.get(first)
    response = client.post(first, {"amount": "50.00", "method": "wechat", "key": key_of(page)})
    assert response.status_code == 302
    payment = Payment.objects.get()
    assert response["Location"] == reverse("funds:collect_receipt", args=[world.home.slug, payment.pk])
    assert payment.household.label == "1栋1单元101" and payment.recorded_by == world.staff

    sheet = client.get(response["Location"]).content.decode()
    assert f'data-receipt="{payment.receipt_number}"' in sheet
    next_room = re.search(r'data-next-room autofocus href="([^"]+)"', sheet).group(1)
    assert next_room == charge_url(world, doors.rooms["1栋1单元102"])
    assert 'name="amount"' not in sheet  # the sheet is over the screen, not a second form

    page = client.get(next_room)
    html = page.content.decode()
    assert "1栋1单元102" in html
    assert re.search(r'value="wechat"[^>]*checked', html), "the last method stays chosen"


def test_next_room_walks_on_to_the_next_unit_and_building_skipping_settled_rooms(world, doors, login):
    pay(doors.rooms["1栋1单元501"], actor=world.staff)
    pay(doors.rooms["1栋2单元101"], actor=world.staff)
    client = login(world.staff)
    page = client.get(charge_url(world, doors.rooms["1栋1单元201"]))
    response = client.post(
        charge_url(world, doors.rooms["1栋1单元201"]),
        {"amount": "50.00", "method": "cash", "key": key_of(page)},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    next_room = re.search(r'data-next-room autofocus href="([^"]+)"', html).group(1)
    assert next_room == charge_url(world, doors.rooms["2栋1单元101"])

    page = client.get(next_room)
    response = client.post(next_room, {"amount": "50.00", "method": "cash", "key": key_of(page)})
    sheet = client.get(response["Location"]).content.decode()
    assert "data-no-next-room" in sheet and "data-next-room" not in sheet


def test_with_htmx_record_answers_with_the_sheet_and_the_day_out_of_band(world, doors, login):
    client = login(world.staff)
    url = charge_url(world, doors.rooms["1栋1单元101"])
    response = client.post(
        url,
        {"amount": "50.00", "method": "cash", "key": key_of(client.get(url))},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert '<section class="sheet"' in html
    assert 'id="today"' in html and 'hx-swap-oob="true"' in html and "¥50.00" in html
    assert 'href="' + charge_url(world, doors.rooms["1栋1单元102"]) + '"' in html


def test_a_double_tap_records_once(world, doors, login):
    client = login(world.staff)
    url = charge_url(world, doors.rooms["1栋1单元101"])
    data = {"amount": "50.00", "method": "cash", "key": key_of(client.get(url))}
    first = client.post(url, data, headers={"HX-Request": "true"})
    second = client.post(url, data, headers={"HX-Request": "true"})
    assert Payment.objects.count() == 1
    number = Payment.objects.get().receipt_number
    for response in (first, second):
        assert f'data-receipt="{number}"' in response.content.decode()
    doors.rooms["1栋1单元101"].refresh_from_db()
    assert doors.rooms["1栋1单元101"].paid == Decimal("50.00")


def test_a_part_payment_leaves_the_room_part_paid_and_too_much_is_refused(world, doors, login):
    client = login(world.staff)
    url = charge_url(world, doors.rooms["1栋1单元101"])
    response = client.post(
        url,
        {"amount": "80.00", "method": "cash", "key": key_of(client.get(url))},
        headers={"HX-Request": "true"},
    )
    # Refused: the form with its error takes the whole screen.
    assert response["HX-Retarget"] == "#collect" and response["HX-Reselect"] == "#collect"
    assert "¥50.00" in response.content.decode() and Payment.objects.count() == 0
    client.post(url, {"amount": "20.00", "method": "cash", "key": key_of(client.get(url))})
    grid = client.get(grid_url(world, doors.levy, building=doors.b1.pk, unit="1单元")).content.decode()
    assert 'data-state="part"' in room_cell(grid, "1栋1单元101")
    assert 'name="amount" value="30.00"' in client.get(url).content.decode()


def test_the_collectors_day_is_at_the_top(world, doors, login):
    pay(doors.rooms["1栋1单元101"], actor=world.staff, method="cash")
    pay(doors.rooms["1栋1单元102"], actor=world.staff, method="wechat")
    pay(doors.rooms["1栋1单元201"], actor=world.treasurer, method="cash")  # someone else's
    html = login(world.staff).get(grid_url(world, doors.levy)).content.decode()
    assert re.search(r'data-testid="today-total">¥100.00<', html)
    assert re.search(r'data-testid="today-cash">¥50.00<', html)
    assert "2 笔" in html


def test_typed_search_takes_the_short_forms_and_opens_the_room(world, doors, login):
    client = login(world.staff)
    for query in ["1-1-102", "1 1 102", "1栋1单元102"]:
        response = client.get(grid_url(world, doors.levy, q=query))
        assert response.status_code == 302, query
        assert response["Location"] == charge_url(world, doors.rooms["1栋1单元102"])
    html = client.get(grid_url(world, doors.levy, q="101")).content.decode()
    assert html.count('<li><a href="/c/') == 3  # 101 of three units: a list to tap


def test_the_grids_queries_do_not_grow_with_its_rooms(world, doors, login, count_queries):
    client = login(world.staff)
    url = grid_url(world, doors.levy, building=doors.b1.pk, unit="1单元")

    def load():
        assert client.get(url).status_code == 200

    load()
    before = count_queries(load)
    for room in range(301, 331):
        HouseholdFactory(compound=world.compound, building=doors.b1, unit="1单元", room=str(room))
    levy = services.levy_create(
        compound=world.compound, purpose="楼道照明", amount=Decimal("20"), actor=world.treasurer
    ).levy
    url = grid_url(world, levy, building=doors.b1.pk, unit="1单元")
    load()
    html = client.get(url).content.decode()
    assert html.count('class="room ') == 34
    assert count_queries(load) == before


def test_an_observer_reads_masked_names_and_cannot_record(world, doors, login):
    client = login(world.observer)
    url = charge_url(world, doors.rooms["1栋1单元501"])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert '<dd data-testid="head">张*</dd>' in html and "张三" not in html
    assert 'name="amount"' not in html and 'data-testid="today"' not in html
    response = client.post(url, {"amount": "50.00", "method": "cash", "key": "observer-key"})
    assert response.status_code == 403
    assert Payment.objects.count() == 0
    assert client.get(grid_url(world, doors.levy, building=doors.b1.pk, unit="1单元")).status_code == 200


def test_another_communitys_levy_charge_and_receipt_are_404(world, doors, login):
    theirs = services.levy_create(
        compound=world.other_compound, purpose="安装监控", amount=Decimal("50"), actor=world.outsider
    ).levy
    charge = theirs.charges.get()
    payment = pay(charge, actor=world.outsider)
    client = login(world.admin)
    assert client.get(grid_url(world, theirs)).status_code == 404
    assert client.get(charge_url(world, charge)).status_code == 404
    assert (
        client.post(charge_url(world, charge), {"amount": "50", "method": "cash", "key": "x"}).status_code
        == 404
    )
    receipt = reverse("funds:collect_receipt", args=[world.home.slug, payment.pk])
    assert client.get(receipt).status_code == 404
    assert Payment.objects.count() == 1


def test_a_closed_levy_is_read_not_recorded(world, doors, login):
    services.levy_close(levy=doors.levy, actor=world.treasurer)
    client = login(world.staff)
    url = charge_url(world, doors.rooms["1栋1单元101"])
    assert 'name="amount"' not in client.get(url).content.decode()
    response = client.post(url, {"amount": "50.00", "method": "cash", "key": "closed"})
    assert response.status_code == 200 and Payment.objects.count() == 0


def test_the_levys_page_leads_to_collection_mode(world, doors, login):
    html = (
        login(world.staff).get(reverse("funds:levy", args=[world.home.slug, doors.levy.pk])).content.decode()
    )
    assert f'href="{grid_url(world, doors.levy)}"' in html
