import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.urls import reverse

from communities import services
from communities.errors import DomainError
from communities.models import AuditEntry, Membership, Role

pytestmark = pytest.mark.django_db


def _invite(client, world, role="staff", note="王红"):
    response = client.post(
        reverse("communities:invitation_create", kwargs={"slug": world.home.slug}),
        {"role": role, "note": note},
    )
    assert response.status_code == 200
    return response.context["link"]


def test_invitation_link_makes_a_member_once(world, login, client):
    link = _invite(login(world.admin), world)
    path = link.split("testserver", 1)[1]
    client.logout()
    response = client.post(
        path, {"username": "wanghong", "password1": "Xianning-2022!", "password2": "Xianning-2022!"}
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(username="wanghong")
    assert Membership.objects.get(user=user, community=world.home).role == Role.STAFF
    # The same link does not work twice.
    again = client.get(path)
    assert again.status_code == 404
    assert AuditEntry.objects.filter(action="invitation.accept", community=world.home).exists()


def test_invitation_form_errors(world, login, client):
    link = _invite(login(world.admin), world)
    client.logout()
    path = link.split("testserver", 1)[1]
    response = client.post(path, {"username": "admin_home", "password1": "a", "password2": "b"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"username", "password2"}


def test_the_last_community_admin_cannot_be_demoted_or_removed(world):
    admin_membership = Membership.objects.get(user=world.admin, community=world.home)
    with pytest.raises(DomainError):
        services.membership_set_role(membership=admin_membership, role=Role.STAFF, actor=world.admin)
    with pytest.raises(DomainError):
        services.membership_remove(membership=admin_membership, actor=world.admin)


def test_admin_changes_a_role_and_it_is_audited(world, login):
    client = login(world.admin)
    membership = Membership.objects.get(user=world.staff, community=world.home)
    url = reverse("communities:membership_edit", kwargs={"slug": world.home.slug, "pk": membership.pk})
    assert client.post(url, {"role": "observer"}).status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.OBSERVER
    entry = AuditEntry.objects.get(action="membership.role")
    assert entry.changes == {"role": ["staff", "observer"]} and entry.actor == world.admin


def test_password_link_sets_a_new_password_once(world, login, client):
    membership = Membership.objects.get(user=world.staff, community=world.home)
    admin_client = login(world.admin)
    url = reverse(
        "communities:membership_password_link", kwargs={"slug": world.home.slug, "pk": membership.pk}
    )
    link = admin_client.post(url).context["link"]
    path = link.split("testserver", 1)[1]
    client.logout()
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    post_to = form_page.redirect_chain[-1][0] if form_page.redirect_chain else path
    done = client.post(post_to, {"password1": "New-Password-2026", "password2": "New-Password-2026"})
    assert done.status_code == 302
    world.staff.refresh_from_db()
    assert world.staff.check_password("New-Password-2026")
    # Used once: the same link no longer offers the form.
    client.logout()
    reused = client.get(path, follow=True)
    assert "password1" not in reused.content.decode()
    assert AuditEntry.objects.filter(action="membership.password_link").exists()


def test_admin_resets_a_lost_two_factor_device(world, login):
    membership = Membership.objects.get(user=world.treasurer, community=world.home)
    client = login(world.admin)
    url = reverse("communities:membership_reset_mfa", kwargs={"slug": world.home.slug, "pk": membership.pk})
    assert client.get(url).status_code == 200  # a confirmation first
    assert Authenticator.objects.filter(user=world.treasurer).exists()
    assert client.post(url).status_code == 302
    assert not Authenticator.objects.filter(user=world.treasurer).exists()
    assert AuditEntry.objects.filter(action="membership.reset_mfa", community=world.home).exists()


def test_audit_log_filters_by_person_object_and_date(world, login):
    services.household_change_head(household=world.household, head_name="新户主", phone="", actor=world.admin)
    services.household_change_occupancy(household=world.household, occupancy="vacant", actor=world.staff)
    client = login(world.admin)
    url = reverse("communities:audit", kwargs={"slug": world.home.slug})
    assert client.get(url, {"actor": "staff_home"}).context["page"].paginator.count == 1
    assert client.get(url, {"target": "household"}).context["page"].paginator.count == 2
    assert (
        client.get(url, {"date_from": "2000-01-01", "date_to": "2000-01-02"}).context["page"].paginator.count
        == 0
    )
    # The other community's entries never show.
    services.household_change_head(
        household=world.other_household, head_name="x", phone="", actor=world.outsider
    )
    assert client.get(url).context["page"].paginator.count == 2
