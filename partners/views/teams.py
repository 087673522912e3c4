"""Staff pages of teams (/c/<slug>/partners/teams/) and of assignments: forming a team, its members joining and
leaving on dated rows, building leaders and cadres assigned and their assignments ended."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from communities.access import community_view
from communities.errors import DomainError
from communities.models import Role

from .. import charts, services
from ..access import partner_for, team_for
from ..forms import AssignmentForm, LeaveForm, MemberForm, TeamForm
from ..models import Assignment, Team, TeamMembership


def _posted(request):
    return request.POST if request.method == "POST" else None


@community_view()
def team_list(request):
    teams = (
        Team.objects.filter(community=request.community)
        .select_related("compound", "leader")
        .annotate(n_members=Count("memberships", filter=Q(memberships__left_on__isnull=True)))
        .order_by("kind", "formed_on", "name")
    )
    data = charts.growth(request.community)
    return render(
        request,
        "partners/team_list.html",
        {"teams": teams, "growth": data, "chart": charts.svg(data, _("Growth of the partner teams"))},
    )


@community_view(Role.STAFF)
def team_create(request):
    form = TeamForm(_posted(request), community=request.community)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(community=request.community, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Team %(name)s formed.") % {"name": team.name})
            return redirect("partners:team", slug=request.community.slug, pk=team.pk)
    return render(request, "partners/team_form.html", {"form": form})


@community_view()
def team_detail(request, pk):
    team = team_for(request, pk)
    form = MemberForm(_posted(request), community=request.community)
    if request.method == "POST":
        if not request.membership.has_role(Role.STAFF):
            return render(request, "403.html", status=403)
        if form.is_valid():
            try:
                services.team_member_add(team=team, actor=request.user, **form.cleaned_data)
            except DomainError as error:
                error.add_to_form(form)
            else:
                messages.success(request, _("Member added."))
                return redirect("partners:team", slug=request.community.slug, pk=team.pk)
    members = list(
        TeamMembership.objects.filter(team=team).select_related("partner").order_by("left_on", "joined_on")
    )
    return render(
        request,
        "partners/team_detail.html",
        {
            "team": team,
            "current": [m for m in members if m.left_on is None],
            "past": [m for m in members if m.left_on is not None],
            "form": form,
        },
    )


@community_view(Role.STAFF)
def team_member_leave(request, pk):
    membership = get_object_or_404(
        TeamMembership.objects.select_related("team", "partner"), community=request.community, pk=pk
    )
    form = LeaveForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.team_member_leave(membership=membership, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Recorded."))
            return redirect("partners:team", slug=request.community.slug, pk=membership.team_id)
    return render(
        request,
        "_confirm.html",
        {
            "form": form,
            "title": _("%(name)s leaves %(team)s")
            % {"name": membership.partner.name, "team": membership.team.name},
            "body": _("The joining date stays as it is; the team's history keeps them."),
            "confirm": _("Record"),
            "cancel_url": reverse("partners:team", args=[request.community.slug, membership.team_id]),
        },
    )


@community_view(Role.STAFF)
def assignment_create(request, pk):
    """Assign the partner as a building leader or a cadre (from their profile)."""
    partner = partner_for(request, pk)
    form = AssignmentForm(
        _posted(request), community=request.community, initial={"compound": partner.compound_id}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_create(partner=partner, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Assigned."))
            return redirect("partners:partner", slug=request.community.slug, pk=partner.pk)
    return render(
        request,
        "partners/form.html",
        {"form": form, "partner": partner, "title": _("Assign %(name)s") % {"name": partner.name}},
    )


@community_view(Role.STAFF)
def assignment_end(request, pk):
    assignment = get_object_or_404(
        Assignment.objects.select_related("partner", "compound", "building"),
        community=request.community,
        pk=pk,
    )
    form = LeaveForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_end(
                assignment=assignment, ends_on=form.cleaned_data["left_on"], actor=request.user
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("The assignment ended."))
            return redirect("partners:partner", slug=request.community.slug, pk=assignment.partner_id)
    return render(
        request,
        "_confirm.html",
        {
            "form": form,
            "title": _("End the assignment of %(name)s") % {"name": assignment.partner.name},
            "body": str(assignment),
            "confirm": _("End"),
            "cancel_url": reverse("partners:partner", args=[request.community.slug, assignment.partner_id]),
        },
    )
