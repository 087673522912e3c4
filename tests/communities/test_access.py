import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from communities.models import Role
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_admin_without_two_factor_is_sent_to_set_it_up_before_any_page(world, login):
    Authenticator.objects.filter(user=world.admin).delete()
    client = login(world.admin)
    home = reverse("communities:home", kwargs={"slug": world.home.slug})
    response = client.get(home)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_two_factor_is_asked_only_where_the_user_is_admin_or_treasurer(world, login):
    """A treasurer in one community may be plain staff in another: no TOTP needed there."""
    user = UserFactory(username="mixed")
    MembershipFactory(community=world.home, user=user, role=Role.TREASURER)
    MembershipFactory(community=world.other, user=user, role=Role.STAFF)
    client = login(user)
    assert client.get(reverse("communities:home", kwargs={"slug": world.other.slug})).status_code == 200
    assert client.get(reverse("communities:home", kwargs={"slug": world.home.slug})).status_code == 302


def test_unknown_community_and_malformed_ids_are_404_in_the_users_language(world, login):
    client = login(world.staff)
    for url in [
        "/c/no-such-place/",
        f"/c/{world.home.slug}/households/abc/",
        f"/c/{world.home.slug}/compounds/0/",
        f"/c/{world.home.slug}/compounds/{world.compound.pk}/?building=999999",
    ]:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 404, url
    response = client.get("/c/no-such-place/", HTTP_ACCEPT_LANGUAGE="en")
    assert b"Page not found" in response.content


def test_home_counts_compounds_in_a_constant_number_of_queries(world, login, django_assert_max_num_queries):
    from tests.factories import CompoundFactory, HouseholdFactory

    client = login(world.staff)
    url = reverse("communities:home", kwargs={"slug": world.home.slug})
    # 9: the 8 of the home and its sections before issue 13, and the one of partners' volunteering figures.
    with django_assert_max_num_queries(9):
        client.get(url)
    for n in range(5):
        compound = CompoundFactory(community=world.home, name=f"小区{n}")
        HouseholdFactory(compound=compound, renovation="renovated")
    with django_assert_max_num_queries(9):
        page = client.get(url)
    assert len(page.context["compounds"]) == 6


def test_compound_page_queries_do_not_grow_with_households(world, login, django_assert_max_num_queries):
    from tests.factories import HouseholdFactory

    client = login(world.staff)
    url = reverse("communities:compound", kwargs={"slug": world.home.slug, "pk": world.compound.pk})
    with django_assert_max_num_queries(10):
        client.get(url)
    for n in range(30):
        HouseholdFactory(compound=world.compound, room=f"{200 + n}")
    with django_assert_max_num_queries(10):
        page = client.get(url)
    assert page.context["page"].paginator.count == 31


def test_observer_reads_but_cannot_write(world, login):
    client = login(world.observer)
    url = reverse("communities:household_edit", kwargs={"slug": world.home.slug, "pk": world.household.pk})
    response = client.post(
        url, {"building": "1栋", "room": "999", "occupancy": "occupied", "renovation": "renovated"}
    )
    assert response.status_code == 403
    world.household.refresh_from_db()
    assert world.household.room == "501"
