"""One access helper per aggregate of the needs app: every object is fetched within request.community, so another
community's need, session or pledge is a 404."""

from django.shortcuts import get_object_or_404

from .models import IntakeSession, Need, Pledge


def need_for(request, pk: int) -> Need:
    return get_object_or_404(
        Need.objects.select_related(
            "compound",
            "building",
            "household__building",
            "partner",
            "session",
            "merged_into",
            "responsible_team",
            "responsible_partner",
            "levy",
        ),
        community=request.community,
        pk=pk,
    )


def session_for(request, pk: int) -> IntakeSession:
    return get_object_or_404(
        IntakeSession.objects.select_related("compound"), community=request.community, pk=pk
    )


def pledge_for(request, need: Need, pk: int) -> Pledge:
    return get_object_or_404(
        Pledge.objects.select_related("partner", "need"), community=request.community, need=need, pk=pk
    )
