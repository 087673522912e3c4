"""Staff pages of a decision (/c/<slug>/needs/decisions/<pk>/): the result (each threshold, the figure reached,
met or not, by households and by area; a running count is marked "not closed"), paper ballots by room, closing,
opening the levy from a passed decision (treasurers), who voted how (community admins only), voiding a ballot and
confirming a paper ballot's void (a second person sees only the room and the reason).

The result page runs a constant number of queries: the decision with its meeting, compound, need and approval;
its electorate's buildings; the two aggregates of a running count (none once closed); the levies of its
approval."""

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from communities.access import community_view
from communities.errors import DomainError
from communities.models import Role
from funds import services as funds_services
from funds.forms import LevyForm
from funds.models import Levy

from .. import decision_queries, services
from ..meetings_access import ballot_for, decision_for, void_for
from ..meetings_forms import PaperBallotForm, VoidForm
from ..models import Ballot, BallotVoid, DecisionBuilding
from ..services.decisions import need_ready


def _posted(request):
    return request.POST if request.method == "POST" else None


def _back(request, decision):
    return redirect("needs:decision", slug=request.community.slug, pk=decision.pk)


def _buildings(decision):
    return [
        row.building
        for row in DecisionBuilding.objects.filter(decision=decision)
        .select_related("building")
        .order_by("building__sort_key", "building__label")
    ]


@community_view()
def decision_detail(request, pk):
    decision = decision_for(request, pk)
    result = decision_queries.result(decision)
    levies = list(Levy.objects.filter(approval_id=decision.approval_id)) if decision.approval_id else []
    membership = request.membership
    return render(
        request,
        "needs/meetings/decision.html",
        {
            "decision": decision,
            "result": result,
            "buildings": _buildings(decision),
            "levies": levies,
            "voids": list(voids_waiting(decision)) if membership.has_role(Role.STAFF) else [],
            "taking_ballots": decision_queries.is_open_for_ballots(decision),
            "can_change": membership.has_role(Role.STAFF),
            "is_treasurer": membership.has_role(Role.TREASURER),
            "is_admin": membership.has_role(Role.ADMIN),
            "asks_for_plan": bool(
                decision.passed
                and decision.need
                and decision.need.state == "deliberation"
                and need_ready(decision) is None
            ),
        },
    )


@community_view(Role.STAFF)
def decision_ballots(request, pk):
    """Paper ballots by room, one after another; an unknown room or a second ballot is an error on the field."""
    decision = decision_for(request, pk)
    form = PaperBallotForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            ballot = services.ballot_paper(
                decision=decision,
                room=form.cleaned_data["room"],
                choice=form.cleaned_data["choice"],
                actor=request.user,
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(
                request, _("Paper ballot of %(room)s recorded.") % {"room": ballot.household.label}
            )
            return redirect("needs:decision_ballots", slug=request.community.slug, pk=decision.pk)
    counted = decision_queries.valid_ballots(decision).filter(channel=Ballot.Channel.PAPER).count()
    return render(
        request,
        "needs/meetings/ballots.html",
        {
            "decision": decision,
            "form": form,
            "paper_count": counted,
            "taking_ballots": decision_queries.is_open_for_ballots(decision),
        },
    )


@community_view(Role.STAFF)
def decision_close(request, pk):
    decision = decision_for(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        decision = services.decision_close(decision=decision, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The decision passed.") if decision.passed else _("The decision did not pass.")
        )
    return _back(request, decision)


@community_view(Role.TREASURER)
def decision_levy(request, pk):
    """Open the levy a passed decision approved: funds' levy form, prefilled, naming the decision's approval."""
    decision = decision_for(request, pk)
    if not decision.passed or decision.approval_id is None:
        messages.error(request, _("Only a passed decision opens a levy."))
        return _back(request, decision)
    initial = {
        "compound": decision.compound_id,
        "purpose": decision.motion.splitlines()[0][:200],
        "approval": decision.approval_id,
        "buildings": [b.pk for b in _buildings(decision)],
        "scope_description": "",
    }
    form = LevyForm(
        _posted(request), community=request.community, compound=decision.compound, initial=initial
    )
    form.fields["approval"].queryset = form.fields["approval"].queryset.filter(pk=decision.approval_id)
    form.fields["approval"].empty_label = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = funds_services.levy_create(
                compound=decision.compound,
                purpose=data["purpose"],
                description=data["description"],
                amount=data["amount"],
                basis=data["basis"],
                recurrence=data["recurrence"],
                starts_on=data["starts_on"],
                buildings=list(data["buildings"]),
                renovation=data["renovation"],
                occupancy=data["occupancy"],
                scope_description=data["scope_description"],
                due_date=data["due_date"],
                fund=data["fund"],
                approval=decision.approval,
                actor=request.user,
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Levy created: %(scope)s.") % {"scope": created.text})
            return redirect("funds:levy", slug=request.community.slug, pk=created.levy.pk)
    return render(request, "needs/meetings/levy.html", {"decision": decision, "form": form})


@community_view(Role.ADMIN)
def decision_votes(request, pk):
    """Who voted how, for a recount: community admins only; never in an export, never public."""
    decision = decision_for(request, pk)
    ballots = (
        Ballot.objects.filter(community=request.community, decision=decision)
        .select_related("household__building", "recorded_by", "void__confirmation", "void__voided_by")
        .order_by("household__building__sort_key", "household__unit", "household__room_sort", "id")
    )
    return render(
        request,
        "needs/meetings/votes.html",
        {
            "decision": decision,
            "ballots": ballots,
            "taking_ballots": decision_queries.is_open_for_ballots(decision),
        },
    )


@community_view(Role.ADMIN)
def ballot_void(request, pk):
    ballot = ballot_for(request, pk)
    form = VoidForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.ballot_void(ballot=ballot, reason=form.cleaned_data["reason"], actor=request.user)
        except DomainError as error:
            error.add_to_form(form)
        else:
            if ballot.channel == Ballot.Channel.PAPER:
                messages.success(
                    request, _("Void recorded; a second person confirms it before it takes effect.")
                )
            else:
                messages.success(request, _("Ballot voided; the household may vote again."))
            return redirect("needs:decision_votes", slug=request.community.slug, pk=ballot.decision_id)
    return render(request, "needs/meetings/void.html", {"ballot": ballot, "form": form})


@community_view(Role.STAFF)
def void_confirm(request, pk):
    """A second person confirms a paper ballot's void, seeing only the room and the reason."""
    void = void_for(request, pk)
    if request.method == "POST":
        try:
            services.ballot_void_confirm(void=void, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Void confirmed; the household may vote again."))
            return redirect("needs:decision", slug=request.community.slug, pk=void.ballot.decision_id)
    return render(
        request,
        "needs/meetings/void_confirm.html",
        {"void": void, "room": void.ballot.household.label, "confirmed": hasattr(void, "confirmation")},
    )


def voids_waiting(decision):
    """Paper ballots' voids waiting for a second person (room and reason only)."""
    return BallotVoid.objects.filter(
        community_id=decision.community_id,
        ballot__decision=decision,
        ballot__channel=Ballot.Channel.PAPER,
        confirmation__isnull=True,
    ).select_related("ballot__household__building")
