"""Residents' pages of the partners app (no account): a partner's personal link (/l/<token>/), and the sign-ups
and cancellations a partner makes on it (rate-limited, POST only)."""

from allauth.core import ratelimit
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from communities import public
from communities.errors import DomainError

from .. import services
from ..models import Assignment, SignUp, Slot, TeamMembership


@require_GET
def partner_link(request, token):
    """What a partner sees on their personal link: their teams and assignments, then what the apps above put
    in the `partner_link` slot (sign-ups, hours, donations). No phone; the page says it is private."""
    partner = services.partner_by_link(token=token)
    if partner is None:
        raise Http404
    context = {
        "partner": partner,
        "memberships": list(
            TeamMembership.objects.filter(partner=partner, left_on__isnull=True).select_related("team")
        ),
        "assignments": list(
            Assignment.objects.filter(partner=partner, ends_on__isnull=True).select_related(
                "compound", "building"
            )
        ),
    }
    response = render(request, "partners/public/link.html", context)
    # The token is in the address: never sent to another site ("same-origin", not "no-referrer", under which
    # Chromium posts forms with Origin: null and Django's CSRF check refuses them).
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return public.noindex(response)


def _link_partner(token):
    partner = services.partner_by_link(token=token)
    if partner is None:
        raise Http404
    return partner


def _back_to_link(token):
    response = redirect(reverse("partners_public:link", args=[token]) + "#volunteering")
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return public.noindex(response)


def _limited(request, partner) -> bool:
    """Sign-ups and cancellations on a link: a few a minute per client address and link."""
    if ratelimit.consume(request, action="volunteer_signup", key=str(partner.pk)):
        return False
    messages.error(request, _("Too many sign-ups from here. Wait a few minutes and try again."))
    return True


@require_POST
def link_signup(request, token, pk):
    """The partner signs up for an open slot of their compound (or a community-wide one) on their link."""
    partner = _link_partner(token)
    slot = get_object_or_404(Slot, community_id=partner.community_id, pk=pk)
    if not _limited(request, partner):
        try:
            services.signup_create(slot=slot, partner=partner, via=SignUp.Via.LINK)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("You are signed up. Thank you!"))
    return _back_to_link(token)


@require_POST
def link_cancel(request, token, pk):
    """The partner cancels their own sign-up, until the slot starts."""
    partner = _link_partner(token)
    signup = get_object_or_404(SignUp, community_id=partner.community_id, partner=partner, pk=pk)
    if not _limited(request, partner):
        try:
            services.signup_cancel(signup=signup)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your sign-up is cancelled."))
    return _back_to_link(token)
