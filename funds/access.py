"""One access helper per aggregate: every object is fetched within request.community (else 404)."""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404

from .models import Approval, Charge, Expense, Fund, Income, Levy, Payment, Waiver


def levy_for(request, pk: int) -> Levy:
    return get_object_or_404(
        Levy.objects.select_related("compound", "fund", "approval"), community=request.community, pk=pk
    )


def charge_for(request, pk: int) -> Charge:
    return get_object_or_404(
        Charge.objects.select_related("levy__compound", "levy__fund", "household__building"),
        community=request.community,
        pk=pk,
    )


def payment_for(request, pk: int) -> Payment:
    return get_object_or_404(
        Payment.objects.select_related(
            "levy__compound", "charge", "household__building", "recorded_by", "reversal__reversed_by"
        ),
        community=request.community,
        pk=pk,
    )


def fund_for(request, pk: int) -> Fund:
    return get_object_or_404(Fund.objects.select_related("compound"), community=request.community, pk=pk)


def income_for(request, pk: int) -> Income:
    return get_object_or_404(Income.objects.select_related("fund"), community=request.community, pk=pk)


def expense_for(request, pk: int) -> Expense:
    return get_object_or_404(Expense.objects.select_related("fund"), community=request.community, pk=pk)


def waiver_for(request, pk: int) -> Waiver:
    return get_object_or_404(
        Waiver.objects.select_related("charge__household__building", "levy", "requested_by"),
        community=request.community,
        pk=pk,
    )


def approval_for(request, pk: int) -> Approval:
    return get_object_or_404(Approval, community=request.community, pk=pk)


def collector_for(request, pk: int):
    """A user who recorded payments in this community (a member, or one who has left): the collector of a
    cash handover. Anyone else is a 404."""
    recorders = Payment.objects.filter(community=request.community).values("recorded_by")
    return get_object_or_404(get_user_model().objects.filter(pk__in=recorders), pk=pk)
