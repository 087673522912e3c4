"""The Django admin writes no tenant row by itself: every model admin of a model with a `community` (and of the
Community itself) offers no add, change or delete, or it saves through the services and leaves an audit entry
(communities/admin_base.py). A new admin class that does neither fails here."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from communities.admin_base import ServiceAdmin
from communities.models import AuditEntry, Community, Compound, Membership, Role
from funds.models import FundSettings


def _is_tenant_model(model) -> bool:
    return model is Community or any(field.name == "community" for field in model._meta.get_fields())


def writable_tenant_admins(site, request) -> dict:
    """The tenant model admins of `site` that offer the platform admin an add, change or delete."""
    found = {}
    for model, model_admin in site._registry.items():
        if not _is_tenant_model(model):
            continue
        offered = {
            "add": model_admin.has_add_permission(request),
            "change": model_admin.has_change_permission(request),
            "delete": model_admin.has_delete_permission(request),
        }
        if any(offered.values()):
            found[model] = (model_admin, {name for name, yes in offered.items() if yes})
    return found


@pytest.fixture
def platform(db):
    return get_user_model().objects.create_superuser("platform_w", "", "x")


@pytest.fixture
def platform_client(client, platform):
    client.force_login(platform)
    return client


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _audit(action):
    return AuditEntry.objects.filter(action=action, actor_name="platform_w")


# One admin save (and delete, where offered) per writable tenant admin: each must leave its audit entry.


def _community(client, world):
    response = client.post(
        _url(Community, "add"), {"name": "桂花社区二", "slug": "guihua2", "street": "温泉街道", "_save": "1"}
    )
    assert response.status_code == 302
    created = Community.objects.get(slug="guihua2")
    assert _audit("community.create").get().community == created
    client.post(
        _url(Community, "change", world.home.pk),
        {
            "name": world.home.name,
            "slug": world.home.slug,
            "street": "温泉街道",
            # Ignored: masked names are switched on the settings page with the meeting's decision.
            "public_names_masked": "on",
        },
    )
    entry = _audit("community.update").get()
    assert entry.changes == {"street": [world.home.street, "温泉街道"]}
    assert Community.objects.get(pk=world.home.pk).public_names_masked is False
    return {"add", "change"}


def _compound(client, world):
    client.post(_url(Compound, "add"), {"community": world.home.pk, "name": "温泉小区", "notes": ""})
    created = Compound.objects.get(community=world.home, name="温泉小区")
    assert _audit("compound.create").get().target_id == str(created.pk)
    client.post(_url(Compound, "change", created.pk), {"name": "温泉新村", "built_year": "1998", "notes": ""})
    assert _audit("compound.update").get().changes["name"] == ["温泉小区", "温泉新村"]
    return {"add", "change"}


def _membership(client, world):
    membership = Membership.objects.get(community=world.home, user=world.staff)
    client.post(_url(Membership, "change", membership.pk), {"role": Role.TREASURER})
    assert _audit("membership.role").get().changes == {"role": [Role.STAFF, Role.TREASURER]}
    client.post(_url(Membership, "delete", membership.pk), {"post": "yes"})
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert _audit("membership.remove").exists()
    return {"change", "delete"}


def _fund_settings(client, world):
    client.post(
        _url(FundSettings, "add"), {"community": world.home.pk, "expense_approval_threshold": "500.00"}
    )
    settings = FundSettings.objects.get(community=world.home)
    assert settings.expense_approval_threshold == Decimal("500.00")
    client.post(_url(FundSettings, "change", settings.pk), {"expense_approval_threshold": "800.00"})
    assert [e.changes for e in _audit("funds.settings").order_by("id")] == [
        {"expense_approval_threshold": ["1000.00", "500.00"]},
        {"expense_approval_threshold": ["500.00", "800.00"]},
    ]
    return {"add", "change"}


SAVES = {Community: _community, Compound: _compound, Membership: _membership, FundSettings: _fund_settings}


def test_every_tenant_admin_is_read_only_or_saves_through_services(rf, platform):
    request = rf.get("/")
    request.user = platform
    writable = writable_tenant_admins(admin.site, request)
    for model, (model_admin, _offered) in writable.items():
        assert isinstance(model_admin, ServiceAdmin) and model in SAVES, (
            f"{type(model_admin).__name__} lets the platform admin write {model.__name__} rows directly: make "
            "it a ReadOnlyAdmin, or a ServiceAdmin saving through the services, and add its save to SAVES"
        )
    assert set(writable) == set(SAVES)


@pytest.mark.parametrize("model", list(SAVES), ids=lambda model: model.__name__)
def test_each_admin_save_writes_an_audit_entry(platform_client, world, rf, platform, model):
    request = rf.get("/")
    request.user = platform
    offered = writable_tenant_admins(admin.site, request)[model][1]
    exercised = SAVES[model](platform_client, world)
    assert exercised == offered  # every write the admin offers is exercised above


def test_an_admin_that_saves_directly_is_found(rf, platform):
    """The walk above notices a plain ModelAdmin (a direct save, no audit entry)."""
    site = admin.AdminSite(name="check")
    site.register(Compound, admin.ModelAdmin)
    site.register(Community, ServiceAdmin)
    request = rf.get("/")
    request.user = platform
    writable = writable_tenant_admins(site, request)
    assert Compound in writable and not isinstance(writable[Compound][0], ServiceAdmin)


def test_the_last_community_admin_cannot_be_demoted_or_removed_in_the_admin(platform_client, world):
    membership = Membership.objects.get(community=world.home, user=world.admin)
    change = _url(Membership, "change", membership.pk)
    english = {"Accept-Language": "en"}
    response = platform_client.post(change, {"role": Role.STAFF}, follow=True, headers=english)
    assert "A community needs at least one community admin." in response.content.decode()
    response = platform_client.post(
        _url(Membership, "delete", membership.pk), {"post": "yes"}, follow=True, headers=english
    )
    assert "A community needs at least one community admin." in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN
    assert not AuditEntry.objects.filter(action__startswith="membership.").exists()


def test_households_and_buildings_are_not_edited_in_the_admin(platform_client, world):
    household = world.household
    page = platform_client.get(_url(type(household), "change", household.pk))
    assert page.status_code == 200  # shown ...
    assert b'name="_save"' not in page.content
    response = platform_client.post(_url(type(household), "change", household.pk), {"head_name": "王五"})
    assert response.status_code == 403  # ... never saved
    household.refresh_from_db()
    assert household.head_name == "张三"
    assert platform_client.get(_url(type(household), "add")).status_code == 403
    assert platform_client.get(_url(type(household.building), "add")).status_code == 403


def test_an_invitation_is_withdrawn_through_the_service(platform_client, world):
    from communities import services
    from communities.models import Invitation

    invitation, _token = services.invitation_create(community=world.home, role=Role.STAFF, actor=world.admin)
    platform_client.post(
        _url(Invitation, "changelist"), {"action": "revoke", "_selected_action": [invitation.pk]}
    )
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert _audit("invitation.revoke").get().target_id == str(invitation.pk)
