from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from communities import services
from communities.errors import DomainError
from communities.models import ACCESS_CODE_ALPHABET, AuditEntry, Building, Household
from tests.conftest import skip_unless

pytestmark = pytest.mark.django_db


def test_create_household_writes_canonical_labels_and_an_audit_entry(world):
    household = services.household_create(
        compound=world.compound,
        building="3号楼",
        unit="2",
        room="501.0",
        actor=world.admin,
        head_name="王五",
        phone="13900001111",
        residents=4,
        floor_area=Decimal("88.50"),
    )
    assert household.label == "3栋2单元501"
    assert household.community == world.home
    entry = AuditEntry.objects.get(action="household.create", target_id=str(household.pk))
    assert entry.community == world.home and entry.actor == world.admin
    # Private fields are masked in the log.
    assert entry.changes["phone"][1] == "139****1111"


def test_duplicate_household_written_differently_is_refused_naming_the_existing_one(world):
    services.household_create(
        compound=world.compound, building="2栋", unit="1单元", room="301", actor=world.admin, head_name="赵六"
    )
    with pytest.raises(DomainError) as error:
        services.household_create(
            compound=world.compound, building="2号楼", unit="1", room="301", actor=world.admin
        )
    assert "2栋1单元301" in error.value.message and "赵六" in error.value.message
    assert Household.objects.filter(compound=world.compound, room="301").count() == 1


def test_database_refuses_a_duplicate_natural_key_even_with_an_empty_unit(world):
    building = Building.objects.create(community=world.home, compound=world.compound, label="9栋")
    Household.objects.create(
        community=world.home,
        compound=world.compound,
        building=building,
        unit="",
        room="101",
        access_code="ABCDEFGH",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Household.objects.create(
            community=world.home,
            compound=world.compound,
            building=building,
            unit="",
            room="101",
            access_code="ABCDEFGJ",
        )


def test_database_refuses_a_household_outside_its_buildings_compound_and_community(world):
    """One composite key (building, compound, community): a row written around the forms cannot put a
    household of one compound or community into another's building."""
    building = Building.objects.create(community=world.home, compound=world.compound, label="9栋")
    for compound, community in ((world.other_compound, world.other), (world.compound, world.other)):
        with pytest.raises(IntegrityError), transaction.atomic():
            Household.objects.create(
                community=community, compound=compound, building=building, room="101", access_code="ABCDEFGH"
            )
            connection.check_constraints()  # PostgreSQL checks the deferred key at commit; check it now
    with pytest.raises(IntegrityError), transaction.atomic():
        Building.objects.create(community=world.other, compound=world.compound, label="8栋")
        connection.check_constraints()
    Household.objects.create(
        community=world.home, compound=world.compound, building=building, room="101", access_code="ABCDEFGH"
    )
    connection.check_constraints()
    assert building.households.count() == 1


def test_database_refuses_to_delete_a_building_that_has_households(world):
    skip_unless(connection.vendor == "postgresql", "the raw DELETE is refused by PostgreSQL's foreign key")
    building = world.household.building
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM communities_building WHERE id = %s", [building.pk])
        connection.check_constraints()
    assert Building.objects.filter(pk=building.pk).exists()


def test_access_code_has_no_look_alikes_and_regenerates(world):
    household = world.household
    household.refresh_from_db()
    old = household.access_code
    assert len(old) >= 8 and set(old) <= set(ACCESS_CODE_ALPHABET)
    assert not set("01OIL") & set(ACCESS_CODE_ALPHABET)
    services.household_regenerate_access_code(household=household, actor=world.admin)
    household.refresh_from_db()
    assert household.access_code != old
    assert AuditEntry.objects.get(action="household.regenerate_code").changes == {
        "access_code": ["***", "***"]
    }


def test_change_of_head_and_occupancy_land_in_the_history(world, login):
    client = login(world.admin)
    url = reverse(
        "communities:household_change_head", kwargs={"slug": world.home.slug, "pk": world.household.pk}
    )
    response = client.post(url, {"head_name": "张小明", "phone": "138 0000 2222"})
    assert response.status_code == 302
    url = reverse(
        "communities:household_change_occupancy", kwargs={"slug": world.home.slug, "pk": world.household.pk}
    )
    client.post(url, {"occupancy": Household.Occupancy.MOVED_OUT})
    world.household.refresh_from_db()
    assert world.household.head_name == "张小明" and world.household.phone == "13800002222"
    page = client.get(
        reverse("communities:household", kwargs={"slug": world.home.slug, "pk": world.household.pk})
    )
    html = page.content.decode()
    assert "张三" in html and "张小明" in html  # before and after, in the history
    assert (
        AuditEntry.objects.filter(action__in=["household.change_head", "household.change_occupancy"]).count()
        == 2
    )


def test_add_household_form_shows_the_duplicate_as_a_form_error(world, login):
    client = login(world.admin)
    url = reverse("communities:household_create", kwargs={"slug": world.home.slug, "pk": world.compound.pk})
    data = {
        "building": "1号楼",
        "unit": "1",
        "room": "501",
        "occupancy": "occupied",
        "renovation": "renovated",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "1栋1单元501" in response.content.decode()
    assert Household.objects.filter(compound=world.compound).count() == 1


def test_bad_phone_and_residents_get_form_errors_in_chinese(world, login):
    client = login(world.admin)
    url = reverse("communities:household_create", kwargs={"slug": world.home.slug, "pk": world.compound.pk})
    data = {
        "building": "5栋",
        "room": "101",
        "phone": "12345",
        "residents": "31",
        "occupancy": "occupied",
        "renovation": "renovated",
    }
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"phone", "residents"}
    assert not Household.objects.filter(building__label="5栋").exists()


def test_edit_household_moves_it_and_refuses_to_collide(world, login):
    other = services.household_create(
        compound=world.compound, building="1栋", unit="1单元", room="502", actor=world.admin
    )
    client = login(world.admin)
    url = reverse("communities:household_edit", kwargs={"slug": world.home.slug, "pk": other.pk})
    data = {
        "building": "1栋",
        "unit": "1单元",
        "room": "501",
        "occupancy": "occupied",
        "renovation": "renovated",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "1栋1单元501" in response.content.decode()
    data["room"] = "503"
    assert client.post(url, data).status_code == 302
    other.refresh_from_db()
    assert other.room == "503"


def test_search_finds_by_label_name_and_phone(world, login):
    client = login(world.observer)
    url = reverse("communities:household_search", kwargs={"slug": world.home.slug})
    for query in ["1栋1单元501", "1号楼1单元501", "张三"]:
        page = client.get(url, {"q": query})
        assert page.context["page"].paginator.count == 1, query
    # By phone for staff and above: an observer's search would tell them the number (test_credentials.py).
    assert login(world.staff).get(url, {"q": "13812345678"}).context["page"].paginator.count == 1
    client = login(world.observer)
    # The other community's 李四 is never found.
    assert client.get(url, {"q": "李四"}).context["page"].paginator.count == 0
