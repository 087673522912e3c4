"""The receipts list searched by room, naming the compound; a receipt leads back to the list (issue 17)."""

import re
from decimal import Decimal

from django.urls import reverse

from funds import services
from tests.factories import HouseholdFactory

from .conftest import pay


def _receipts(world):
    building = world.household.building
    other = HouseholdFactory(compound=world.compound, building=building, unit="2单元", room="501")
    HouseholdFactory(compound=world.compound, building=building, unit="1单元", room="1501")
    levy = services.levy_create(
        compound=world.compound, purpose="安装监控", amount=Decimal("50"), actor=world.treasurer
    ).levy
    charges = {c.household_id: c for c in levy.charges.all()}
    mine = pay(charges[world.household.pk], actor=world.staff)
    pay(charges[other.pk], actor=world.staff)
    return mine


def _rooms(html: str) -> list[str]:
    return re.findall(r'<td data-room="([^"]+)"', html)


def test_the_receipts_list_finds_a_room_by_its_short_forms_and_names_the_compound(world, login):
    _receipts(world)
    client = login(world.observer)
    url = reverse("funds:payments", args=[world.home.slug])
    everything = client.get(url).content.decode()
    assert sorted(_rooms(everything)) == ["1栋1单元501", "1栋2单元501"]
    assert "育才小区 1栋1单元501" in everything
    for query in ["1-1-501", "1 1 501", "1栋1单元501"]:
        html = client.get(url, {"q": query}).content.decode()
        assert _rooms(html) == ["1栋1单元501"], query
        assert 'data-testid="found-count"' in html
    assert _rooms(client.get(url, {"q": "9-9-999"}).content.decode()) == []
    assert "1-1-101" in everything or "3-2-501" in everything  # the hint names the short forms


def test_the_receipts_lists_queries_do_not_grow_with_the_receipts(world, login, count_queries):
    _receipts(world)
    client = login(world.staff)
    url = reverse("funds:payments", args=[world.home.slug])

    def load():
        assert client.get(url, {"q": "501"}).status_code == 200

    load()
    before = count_queries(load)
    levy = services.levy_create(
        compound=world.compound, purpose="楼道照明", amount=Decimal("20"), actor=world.treasurer
    ).levy
    for charge in levy.charges.all():
        pay(charge, amount="20.00", actor=world.staff)
    assert count_queries(load) == before


def test_a_receipt_links_back_to_the_receipts_list(world, login):
    payment = _receipts(world)
    html = login(world.observer).get(reverse("funds:receipt", args=[world.home.slug, payment.pk])).content
    assert f'href="{reverse("funds:payments", args=[world.home.slug])}"' in html.decode()
