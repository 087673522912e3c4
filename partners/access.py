"""One access helper per aggregate of the partners app: every object is fetched within request.community, so
another community's partner, call, application, team, activity, slot, sign-up or hours entry is a 404."""

from django.shortcuts import get_object_or_404

from .models import Activity, Application, HoursEntry, Partner, RecruitmentCall, SignUp, Slot, Team


def partner_for(request, pk: int) -> Partner:
    return get_object_or_404(
        Partner.objects.select_related("compound", "building", "household__building", "merged_into"),
        community=request.community,
        pk=pk,
    )


def call_for(request, pk: int) -> RecruitmentCall:
    return get_object_or_404(
        RecruitmentCall.objects.select_related("compound"), community=request.community, pk=pk
    )


def application_for(request, pk: int) -> Application:
    return get_object_or_404(
        Application.objects.select_related(
            "call__compound", "matched_partner", "household__building", "partner"
        ),
        community=request.community,
        pk=pk,
    )


def team_for(request, pk: int) -> Team:
    return get_object_or_404(
        Team.objects.select_related("compound", "leader"), community=request.community, pk=pk
    )


def activity_for(request, pk: int) -> Activity:
    return get_object_or_404(
        Activity.objects.select_related("compound", "team"), community=request.community, pk=pk
    )


def slot_for(request, pk: int) -> Slot:
    return get_object_or_404(
        Slot.objects.select_related("activity__compound", "activity__team"),
        community=request.community,
        pk=pk,
    )


def signup_for(request, pk: int) -> SignUp:
    return get_object_or_404(
        SignUp.objects.select_related("slot__activity", "partner"), community=request.community, pk=pk
    )


def hours_entry_for(request, pk: int) -> HoursEntry:
    return get_object_or_404(
        HoursEntry.objects.select_related("partner", "slot__activity", "recorded_by"),
        community=request.community,
        pk=pk,
    )


def service_record_for(request, pk: int):
    from .models import ServiceRecord

    return get_object_or_404(
        ServiceRecord.objects.select_related("partner", "issued_by"), community=request.community, pk=pk
    )
