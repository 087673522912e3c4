"""The one place that resolves the community from the URL and checks membership and role.

Every staff view is wrapped in `community_view(...)`; every object is fetched through an access helper
that filters by `request.community`, so another community's object is a 404, never a 403.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from .models import (
    ROLES_REQUIRING_MFA,
    AuditEntry,
    Community,
    Compound,
    Household,
    Invitation,
    Membership,
    Role,
)


def has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def community_view(min_role: str = Role.OBSERVER):
    """Decorate a view taking `slug`: sets request.community and request.membership."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, slug, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse(settings.LOGIN_URL))
            membership = (
                Membership.objects.select_related("community")
                .filter(community__slug=slug, user=request.user)
                .first()
            )
            if membership is None:
                # Unknown community and someone else's community look the same.
                raise Http404
            if (
                settings.HEHUO_REQUIRE_MFA
                and membership.role in ROLES_REQUIRING_MFA
                and not has_totp(request.user)
            ):
                return redirect(f"{reverse('mfa_activate_totp')}?next={request.get_full_path()}")
            if not membership.has_role(min_role):
                raise PermissionDenied
            request.community = membership.community
            request.membership = membership
            return view(request, *args, **kwargs)

        wrapped.min_role = min_role
        return wrapped

    return decorator


def community_for(request) -> Community:
    return request.community


def compound_for(request, pk: int) -> Compound:
    return get_object_or_404(Compound.objects.select_related("community"), community=request.community, pk=pk)


def household_for(request, pk: int) -> Household:
    return get_object_or_404(
        Household.objects.select_related("building", "compound"), community=request.community, pk=pk
    )


def membership_for(request, pk: int) -> Membership:
    return get_object_or_404(Membership.objects.select_related("user"), community=request.community, pk=pk)


def invitation_for(request, pk: int) -> Invitation:
    return get_object_or_404(Invitation, community=request.community, pk=pk)


def audit_entries_for(request):
    return AuditEntry.objects.filter(community=request.community)
