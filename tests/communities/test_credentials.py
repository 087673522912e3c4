"""The 户码 is a credential (issue 10, item 3): only community admins see codes and open or print slips, each slip
page they open is audited with how many slips it holds, and observers (the street office) see phone numbers
masked on staff pages, in the household search and in what they can export."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from communities.audit import action_label
from communities.models import AuditEntry
from tests.factories import HouseholdFactory

pytestmark = pytest.mark.django_db

PHONE = "13812345678"  # tests.factories.HouseholdFactory's
MASKED = "138****5678"
NOT_ADMINS = ["observer", "staff", "treasurer"]


def _url(name, world, **kwargs):
    return reverse(f"communities:{name}", kwargs={"slug": world.home.slug, **kwargs})


def _slip_urls(world):
    return [
        _url("compound_slips", world, pk=world.compound.pk),
        _url("household_slip", world, pk=world.household.pk),
    ]


@pytest.mark.parametrize("persona", NOT_ADMINS)
def test_fix_03_only_community_admins_open_and_print_slips(client, world, persona):
    client.force_login(world.user(persona))
    for url in _slip_urls(world):
        response = client.get(url)
        assert response.status_code == 403, url
        assert world.household.access_code not in response.content.decode()

    client.force_login(world.admin)
    for url in _slip_urls(world):
        response = client.get(url)
        assert response.status_code == 200
        assert world.household.access_code in response.content.decode()


@pytest.mark.parametrize("persona", [*NOT_ADMINS, "admin"])
def test_fix_03_the_household_page_shows_the_code_and_the_slip_link_to_admins_only(client, world, persona):
    client.force_login(world.user(persona))
    html = client.get(_url("household", world, pk=world.household.pk)).content.decode()
    shown = persona == "admin"
    assert (world.household.access_code in html) is shown
    assert (_url("household_slip", world, pk=world.household.pk) in html) is shown


def test_fix_03_every_slip_page_an_admin_opens_is_audited_with_how_many_slips(client, world):
    HouseholdFactory(compound=world.compound, room="502")
    client.force_login(world.admin)
    compound_slips, household_slip = _slip_urls(world)

    client.get(compound_slips)
    client.get(household_slip)
    client.get(household_slip)  # printed again: audited again

    entries = AuditEntry.objects.filter(community=world.home, action="household.slips").order_by("id")
    assert [(e.target_type, e.changes["slips"][1]) for e in entries] == [
        ("compound", 2),
        ("household", 1),
        ("household", 1),
    ]
    assert all(e.actor == world.admin for e in entries)
    audit = client.get(_url("audit", world)).content.decode()
    assert str(action_label("household.slips")) in audit
    assert str(action_label("household.slips")) != "household.slips"  # a label people read, not the code


def test_fix_03_observers_see_phones_masked_on_the_household_page(client, world):
    client.force_login(world.observer)
    html = client.get(_url("household", world, pk=world.household.pk)).content.decode()
    assert MASKED in html and PHONE not in html

    client.force_login(world.staff)
    html = client.get(_url("household", world, pk=world.household.pk)).content.decode()
    assert f'href="tel:{PHONE}"' in html


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx-fragment"])
def test_fix_03_observers_see_phones_masked_in_the_household_search(client, world, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    search = _url("household_search", world)

    client.force_login(world.observer)
    html = client.get(search, {"q": "张三"}, headers=headers).content.decode()
    assert world.household.label in html
    assert MASKED in html and PHONE not in html
    # Nor can an observer find a household by its phone number: the answer would tell them the number.
    html = client.get(search, {"q": PHONE}, headers=headers).content.decode()
    assert world.household.label not in html

    client.force_login(world.staff)
    html = client.get(search, {"q": PHONE}, headers=headers).content.decode()
    assert world.household.label in html and PHONE in html


def test_fix_03_observers_cannot_open_the_roster_export(client, world):
    url = _url("roster_export", world, pk=world.compound.pk)
    client.force_login(world.observer)
    assert client.get(url).status_code == 403
    client.force_login(world.admin)
    assert client.get(url).status_code == 200


def test_fix_03_the_levy_export_an_observer_opens_holds_no_phone_and_no_code(client, world):
    from decimal import Decimal

    from funds import services

    levy = services.levy_create(
        compound=world.compound, purpose="安装监控", amount=Decimal("50"), actor=world.treasurer
    ).levy
    services.payment_record(
        charge=levy.charges.get(),
        amount=Decimal("50"),
        method="cash",
        actor=world.staff,
        idempotency_key="credentials",
    )
    client.force_login(world.observer)
    response = client.get(reverse("funds:levy_export", kwargs={"slug": world.home.slug, "pk": levy.pk}))
    assert response.status_code == 200

    workbook = load_workbook(io.BytesIO(response.content))
    cells = " ".join(
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )
    assert world.household.room in cells  # the export did list the household ...
    assert PHONE not in cells and MASKED not in cells and world.household.access_code not in cells
