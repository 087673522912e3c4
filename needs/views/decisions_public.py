"""Residents' pages of decisions (no account): a decision's public page (its motion, window and counts, never who
voted how) and the household's online ballot, posted from its own page behind the 户码 (the household comes from
the gate, never from a posted id; it votes as the owner)."""

from allauth.core import ratelimit
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from communities import public
from communities.errors import DomainError

from .. import decision_queries, services
from ..meetings_forms import VoteForm
from ..models import BALLOT_RULES, Decision


def _decision(compound, pk) -> Decision:
    return get_object_or_404(
        Decision.objects.select_related("compound"),
        community_id=compound.community_id,
        compound=compound,
        rule__in=BALLOT_RULES,
        pk=pk,
    )


@require_GET
def decision_page(request, token, pk):
    compound = public.compound_for_token(token)
    decision = _decision(compound, pk)
    context = {
        "compound": compound,
        "decision": decision,
        "result": decision_queries.result(decision),
        "taking_ballots": decision_queries.is_open_for_ballots(decision),
    }
    return public.noindex(render(request, "needs/meetings/public_decision.html", context))


@require_POST
def vote(request, token, pk):
    compound = public.compound_for_token(token)
    decision = _decision(compound, pk)
    household = public.gate_household(request, compound)
    if household is None:
        messages.error(request, _("Enter your household's code on the board first."))
        return public.noindex(redirect("public_board", token=token))
    if not ratelimit.consume(request, action="ballot", key=token):
        messages.error(request, _("Too many tries from here. Wait a while and try again."))
        return public.noindex(redirect("public_household", token=token))
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose for, against or abstain."))
        return public.noindex(redirect("public_household", token=token))
    try:
        services.ballot_cast(decision=decision, household=household, choice=form.cleaned_data["choice"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your household's ballot is counted."))
    if request.POST.get("next") == "decision":
        return public.noindex(redirect("needs_public:decision", token=token, pk=decision.pk))
    return public.noindex(redirect("public_household", token=token))
