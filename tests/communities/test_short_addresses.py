"""Typed household search takes the short forms staff type at a door: 1-1-501 and 1 1 501 (issue 17)."""

import pytest
from django.urls import reverse

from communities.queries import household_search
from tests.factories import BuildingFactory, HouseholdFactory


@pytest.fixture
def neighbours(world):
    """Rooms that a loose match would confuse with 1栋1单元501: another unit, another building, room 1501."""
    second = BuildingFactory(compound=world.compound, label="2栋")
    HouseholdFactory(compound=world.compound, building=world.household.building, unit="2单元", room="501")
    HouseholdFactory(compound=world.compound, building=second, unit="1单元", room="501")
    HouseholdFactory(compound=world.compound, building=world.household.building, unit="1单元", room="1501")
    return world


@pytest.mark.parametrize(
    "query", ["1栋1单元501", "1-1-501", "1 1 501", "1－1－501", " 1  1  501 ", "1号楼1单元501室", "1/1/501"]
)
def test_short_forms_find_exactly_the_room(neighbours, query):
    found = list(household_search(neighbours.home, query))
    assert [h.pk for h in found] == [neighbours.household.pk], query


def test_building_and_room_without_a_unit(neighbours):
    """'1 501' and '1-501' are building 1, room 501, in any unit."""
    for query in ["1 501", "1-501"]:
        labels = sorted(h.label for h in household_search(neighbours.home, query))
        assert labels == ["1栋1单元501", "1栋2单元501"], query


def test_a_name_with_a_space_is_still_a_name(neighbours):
    assert [h.pk for h in household_search(neighbours.home, "张 三")][:1] == [neighbours.household.pk]


def test_the_search_hint_names_the_short_forms(world, login):
    page = login(world.staff).get(reverse("communities:household_search", args=[world.home.slug]))
    assert "1-1-101" in page.content.decode()
