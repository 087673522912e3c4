"""One access helper per aggregate of meetings and decisions: every object is fetched within request.community,
so another community's meeting, decision, ballot or void is a 404."""

from django.shortcuts import get_object_or_404

from .models import Ballot, BallotVoid, Decision, Meeting


def meeting_for(request, pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("compound"), community=request.community, pk=pk)


def decision_for(request, pk: int) -> Decision:
    return get_object_or_404(
        Decision.objects.select_related("meeting", "compound", "need", "approval", "agenda_item"),
        community=request.community,
        pk=pk,
    )


def ballot_for(request, pk: int) -> Ballot:
    return get_object_or_404(
        Ballot.objects.select_related("decision", "household__building"), community=request.community, pk=pk
    )


def void_for(request, pk: int) -> BallotVoid:
    return get_object_or_404(
        BallotVoid.objects.select_related("ballot__decision", "ballot__household__building", "voided_by"),
        community=request.community,
        pk=pk,
    )
