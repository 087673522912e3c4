"""A levy cannot go quietly wrong: a scope of no household is refused with the counts, a scope under a tenth
of the compound is asked about once, and the form explains its fund and approval (issue 17)."""

import pytest
from django.urls import reverse
from django.utils import translation

from communities.errors import DomainError
from communities.models import AuditEntry, Household
from funds import services
from funds.models import Fund, Levy

from .conftest import make_households

pytestmark = pytest.mark.django_db


def url(name, world, **kwargs):
    return reverse(f"funds:{name}", kwargs={"slug": world.home.slug, **kwargs})


@pytest.fixture
def treasurer(client, world):
    client.force_login(world.treasurer)
    client.cookies["django_language"] = "en"
    return client


def levy_data(world, **extra):
    return {
        "compound": world.compound.pk,
        "purpose": "安装监控",
        "basis": "household",
        "amount": "50",
        "recurrence": "once",
        **extra,
    }


def test_a_levy_for_renovated_households_where_none_is_renovated_is_refused_with_the_counts(world, treasurer):
    # As after a roster imported without a renovation column: every household "not renovated".
    make_households(world.compound, range(101, 111), renovated=False)
    Household.objects.filter(compound=world.compound).update(renovation=Household.Renovation.UNRENOVATED)
    response = treasurer.post(url("levy_create", world), levy_data(world, renovation="renovated"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "None of the 11 households in scope is renovated, so this levy would charge no one." in page
    assert "or choose “any”" in page
    # Nothing half-written: no levy, no fund of its own, no audit entry.
    assert not Levy.objects.exists()
    assert not Fund.objects.exists()
    assert not AuditEntry.objects.filter(action__in=["levy.create", "fund.create"]).exists()


def test_the_service_refuses_a_scope_of_no_household_too(world):
    empty = world.compound.__class__.objects.create(community=world.home, name="新小区")
    with translation.override("en"), pytest.raises(DomainError) as refused:
        services.levy_create(compound=empty, purpose="监控", amount="50", actor=world.treasurer)
    assert refused.value.field == "compound"
    assert str(refused.value.message) == "新小区 has no households yet. Import its roster first."
    make_households(world.compound, [102, 103], renovated=True)
    with pytest.raises(DomainError) as refused:
        services.levy_create(
            compound=world.compound,
            purpose="监控",
            amount="50",
            renovation=Household.Renovation.RENOVATED,
            occupancy=Household.Occupancy.VACANT,
            actor=world.treasurer,
        )
    assert refused.value.field == "occupancy"
    assert not Levy.objects.exists() and not Fund.objects.exists()


def test_a_scope_under_a_tenth_of_the_compound_is_asked_about_then_saved_when_confirmed(world, treasurer):
    make_households(world.compound, range(101, 121), renovated=False)  # 21 households with world's own
    few = make_households(world.compound, [901], building="9栋", renovated=True)
    data = levy_data(world, buildings=[few[0].building_id])
    first = treasurer.post(url("levy_create", world), data)
    page = first.content.decode()
    assert first.status_code == 200
    assert "This levy charges only 1 of the 22 households of 育才小区 (under a tenth)." in page
    assert 'type="checkbox" name="small_scope_ok"' in page
    assert not Levy.objects.exists() and not Fund.objects.exists()

    second = treasurer.post(url("levy_create", world), {**data, "small_scope_ok": "on"}, follow=True)
    levy = Levy.objects.get()
    assert second.redirect_chain[-1][0] == url("levy", world, pk=levy.pk)
    assert levy.scope_charged == 1 and levy.scope_total == 22


def test_a_scope_of_a_tenth_or_more_saves_at_once(world, treasurer):
    make_households(world.compound, range(101, 109), renovated=False)
    one = make_households(world.compound, [901], building="9栋", renovated=True)
    response = treasurer.post(url("levy_create", world), levy_data(world, buildings=[one[0].building_id]))
    assert response.status_code == 302  # 1 of 10 households: a tenth, not under
    assert Levy.objects.get().scope_charged == 1


def test_the_form_starts_from_the_compound_and_explains_fund_and_approval(world, treasurer):
    make_households(world.compound, [102], building="2栋")
    other = world.compound.__class__.objects.create(community=world.home, name="二小区")
    make_households(other, [301], building="7栋")
    page = treasurer.get(url("levy_create", world)).content.decode()
    assert "Choose the compound first" in page and 'name="purpose"' not in page
    page = treasurer.get(url("levy_create", world) + f"?compound={world.compound.pk}").content.decode()
    assert ">2栋</option>" in page and ">7栋</option>" not in page
    assert "The account the money goes into and is published under; most levies have their own." in page
    assert "The decision that agreed to this levy (a meeting or a vote), published with it." in page
    # The checkbox to save a small scope anyway is not offered before the form asks.
    assert 'type="checkbox" name="small_scope_ok"' not in page
