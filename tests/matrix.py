"""Building blocks of the permission matrix (see tests/test_permissions.py)."""

from collections.abc import Callable
from dataclasses import dataclass, field

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
