"""The permission matrix: every URL of ours, with the answer each persona gets.

A new URL that is not listed here fails `test_every_url_is_in_the_matrix`. Each app adds its rows to MATRIX
(see the helpers below): a staff page names its minimum role, a public page says so, and a page showing one
object names how to reach another community's object (which must be a 404).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from communities.models import ROLE_RANK, Role

PERSONAS = ["anon", "outsider", "observer", "staff", "treasurer", "admin"]


@dataclass
class Case:
    kwargs: Callable = lambda w: {}
    expect: dict = field(default_factory=dict)
    # kwargs that name another community's object from inside the home community: must be 404 for everyone.
    cross: Callable | None = None
    # Anonymous visitors are sent to the sign-in page.
    login_required: bool = False


def staff_page(min_role: str, kwargs: Callable = lambda w: {"slug": w.home.slug}, cross=None) -> Case:
    expect = {"anon": 302, "outsider": 404}
    for persona in ["observer", "staff", "treasurer", "admin"]:
        expect[persona] = 200 if ROLE_RANK[Role(persona)] >= ROLE_RANK[Role(min_role)] else 403
    return Case(kwargs=kwargs, expect=expect, cross=cross, login_required=True)


def public_page(kwargs: Callable = lambda w: {}, status: int = 200) -> Case:
    return Case(kwargs=kwargs, expect=dict.fromkeys(PERSONAS, status))


def slug(w):
    return {"slug": w.home.slug}


def compound(w):
    return {"slug": w.home.slug, "pk": w.compound.pk}


def other_compound(w):
    return {"slug": w.home.slug, "pk": w.other_compound.pk}


def household(w):
    return {"slug": w.home.slug, "pk": w.household.pk}


def other_household(w):
    return {"slug": w.home.slug, "pk": w.other_household.pk}


def membership(w):
    return {"slug": w.home.slug, "pk": w.home.memberships.get(user=w.staff).pk}


def other_membership(w):
    return {"slug": w.home.slug, "pk": w.other.memberships.get(user=w.outsider).pk}


def invitation(w):
    from communities.services import invitation_create

    inv, _token = invitation_create(community=w.home, role=Role.STAFF, actor=w.admin)
    return {"slug": w.home.slug, "pk": inv.pk}


def other_invitation(w):
    from communities.services import invitation_create

    inv, _token = invitation_create(community=w.other, role=Role.STAFF, actor=w.outsider)
    return {"slug": w.home.slug, "pk": inv.pk}


MATRIX: dict[str, Case] = {
    # The landing page for visitors; a member of one community is taken straight to it.
    "home": Case(expect={"anon": 200, **dict.fromkeys(PERSONAS[1:], 302)}),
    "set_language": public_page(status=302),  # GET redirects back without changing anything
    "text_size": public_page(status=405),  # POST only
    "invitation_accept": public_page(kwargs=lambda w: {"token": "not-a-real-token"}, status=404),
    "public_compound": public_page(kwargs=lambda w: {"token": w.compound.public_token}),
    "communities:home": staff_page(Role.OBSERVER),
    "communities:compound": staff_page(Role.OBSERVER, compound, cross=other_compound),
    "communities:compound_create": staff_page(Role.ADMIN),
    "communities:compound_edit": staff_page(Role.ADMIN, compound, cross=other_compound),
    "communities:compound_slips": staff_page(Role.OBSERVER, compound, cross=other_compound),
    "communities:household_create": staff_page(Role.ADMIN, compound, cross=other_compound),
    "communities:household_search": staff_page(Role.OBSERVER),
    "communities:household": staff_page(Role.OBSERVER, household, cross=other_household),
    "communities:household_edit": staff_page(Role.ADMIN, household, cross=other_household),
    "communities:household_change_head": staff_page(Role.ADMIN, household, cross=other_household),
    "communities:household_change_occupancy": staff_page(Role.ADMIN, household, cross=other_household),
    "communities:household_regenerate_code": staff_page(Role.ADMIN, household, cross=other_household),
    "communities:household_slip": staff_page(Role.OBSERVER, household, cross=other_household),
    "communities:staff": staff_page(Role.ADMIN),
    "communities:invitation_create": staff_page(Role.ADMIN),
    "communities:invitation_revoke": staff_page(Role.ADMIN, invitation, cross=other_invitation),
    "communities:membership_edit": staff_page(Role.ADMIN, membership, cross=other_membership),
    "communities:membership_remove": staff_page(Role.ADMIN, membership, cross=other_membership),
    "communities:membership_password_link": staff_page(Role.ADMIN, membership, cross=other_membership),
    "communities:membership_reset_mfa": staff_page(Role.ADMIN, membership, cross=other_membership),
    "communities:audit": staff_page(Role.ADMIN),
}

# Third-party URL sets with permissions of their own (allauth's sign-in pages; the Django admin is tested
# separately in test_admin.py).
FOREIGN_MODULES = ("allauth.", "django.contrib.admin")


def our_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                module = getattr(p.urlconf_module, "__name__", "") or ""
                if module.startswith(FOREIGN_MODULES) or (p.app_name or "") in {"admin"}:
                    continue
                walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and p.name:
                if p.callback.__module__.startswith(FOREIGN_MODULES) and p.name != "set_language":
                    continue
                names.add(f"{namespace}{p.name}")

    walk(get_resolver().url_patterns)
    return names


def test_every_url_is_in_the_matrix():
    missing = our_url_names() - set(MATRIX)
    assert not missing, f"add these URLs to the permission matrix: {sorted(missing)}"
    stale = set(MATRIX) - our_url_names()
    assert not stale, f"these matrix rows name no URL: {sorted(stale)}"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_persona_answers(name, world, client):
    case = MATRIX[name]
    url = reverse(name, kwargs=case.kwargs(world))
    for persona in PERSONAS:
        client.logout()
        if persona != "anon":
            client.force_login(world.user(persona))
        response = client.get(url)
        assert response.status_code == case.expect[persona], (persona, url, response.status_code)
        if case.login_required and persona == "anon":
            assert response["Location"].startswith(reverse("account_login")), response["Location"]


@pytest.mark.parametrize("name", sorted(n for n, c in MATRIX.items() if c.cross))
def test_another_communitys_object_is_404(name, world, client):
    case = MATRIX[name]
    url = reverse(name, kwargs=case.cross(world))
    client.force_login(world.admin)
    assert client.get(url).status_code == 404
