"""The household gate: a 户码 entered on the board keeps the household verified for 30 minutes, bound to its code."""

import time

import pytest
from django.urls import reverse

from communities import public, services

pytestmark = pytest.mark.django_db


def board(world):
    return reverse("public_board", args=[world.compound.public_token])


def own_page(world):
    return reverse("public_household", args=[world.compound.public_token])


def enter(client, world, code=None):
    world.household.refresh_from_db()
    return client.post(board(world), {"code": code or world.household.access_code})


def test_a_valid_code_opens_the_households_own_page_and_it_stays_open(client, world):
    response = enter(client, world)
    assert response.status_code == 302 and response["Location"] == own_page(world)
    for _ in range(2):  # later visits need no code
        page = client.get(own_page(world))
        assert page.status_code == 200
        assert page.context["household"] == world.household
        assert "1栋1单元501" in page.content.decode()
        assert page["X-Robots-Tag"].startswith("noindex")


def test_without_a_code_the_households_page_sends_the_visitor_to_the_board(client, world):
    response = client.get(own_page(world), follow=True)
    assert response.redirect_chain[-1][0] == board(world) + "#household"
    assert "access code" in response.content.decode() or "户码" in response.content.decode()


def test_a_replaced_code_ends_the_verified_household_at_its_next_request(client, world):
    enter(client, world)
    assert client.get(own_page(world)).status_code == 200
    services.household_regenerate_access_code(household=world.household, actor=world.admin)

    response = client.get(own_page(world))

    assert response.status_code == 302 and response["Location"].startswith(board(world))
    # and it stays ended, even with the old code's session cookie
    assert client.get(own_page(world)).status_code == 302


def test_leave_ends_the_verified_household(client, world):
    enter(client, world)
    response = client.post(reverse("public_leave", args=[world.compound.public_token]))
    assert response.status_code == 302 and response["Location"] == board(world)
    assert client.get(own_page(world)).status_code == 302


def test_the_household_stays_verified_for_30_minutes_only(client, world, monkeypatch):
    enter(client, world)
    now = time.time()
    monkeypatch.setattr(public.time, "time", lambda: now + 29 * 60)
    assert client.get(own_page(world)).status_code == 200
    monkeypatch.setattr(public.time, "time", lambda: now + 31 * 60)
    assert client.get(own_page(world)).status_code == 302


def test_a_household_verified_in_one_compound_is_not_verified_in_another(client, world):
    from tests.factories import CompoundFactory

    enter(client, world)
    neighbour = CompoundFactory(community=world.home, name="西新巷小区")
    response = client.get(reverse("public_household", args=[neighbour.public_token]))
    assert response.status_code == 302


def test_the_session_keeps_no_access_code(client, world):
    enter(client, world)
    stored = str(dict(client.session.items()))
    assert world.household.access_code not in stored
