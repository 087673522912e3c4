"""Residents' pages of the partners app (no account): a partner's personal link (/l/<token>/)."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from communities import public

from .. import services
from ..models import Assignment, TeamMembership


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
