"""Staff pages of what a need gets: partners' pledges, deliveries against them (money by a treasurer, as a
donation into a fund of their choice; labour as a person's hours), and the households a matter has reached (coverage)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from communities.access import community_view
from communities.errors import DomainError
from communities.models import Household, Role
from communities.queries import household_search
from funds.forms import new_form_key

from .. import services
from ..access import need_for, pledge_for
from ..forms import CoverageForm, DeliveryForm, PledgeForm
from ..models import CoverageMark, SupportKind


def _posted(request):
    return request.POST if request.method == "POST" else None


@community_view(Role.STAFF)
def pledge_create(request, pk):
    need = need_for(request, pk)
    form = PledgeForm(_posted(request), community=request.community)
    if request.method == "POST" and form.is_valid():
        try:
            services.pledge_create(need=need, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Pledge recorded."))
            return redirect("needs:need", slug=request.community.slug, pk=need.pk)
    return render(
        request, "needs/need_action.html", {"need": need, "form": form, "title": _("Record a pledge")}
    )


@community_view(Role.STAFF)
def delivery_create(request, pk, pledge_pk):
    """A delivery against a pledge. Money goes into a fund's ledger, so only a treasurer (or an admin) records
    it; labour links the person's hours already recorded or records new ones (confirmed later by a second
    member of staff); the form carries an idempotency key (a second submission records once)."""
    need = need_for(request, pk)
    pledge = pledge_for(request, need, pledge_pk)
    if pledge.kind == SupportKind.MONEY and not request.membership.has_role(Role.TREASURER):
        raise PermissionDenied
    form = DeliveryForm(
        _posted(request), pledge=pledge, initial={"key": new_form_key(), "amount": pledge.amount}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.delivery_record(
                pledge=pledge,
                actor=request.user,
                idempotency_key=data["key"],
                delivered_on=data["delivered_on"],
                fund=data.get("fund"),
                amount=data.get("amount"),
                quantity=data.get("quantity"),
                estimated_value=data.get("estimated_value"),
                note=data["note"],
                hours_entry=data.get("hours_entry"),
                hours=data.get("hours"),
                description=data.get("description", ""),
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Delivery recorded."))
            return redirect("needs:need", slug=request.community.slug, pk=need.pk)
    title = _("Record a delivery: %(partner)s, %(kind)s") % {
        "partner": pledge.partner.name,
        "kind": pledge.get_kind_display(),
    }
    return render(
        request, "needs/need_action.html", {"need": need, "form": form, "title": title, "pledge": pledge}
    )


@community_view(Role.STAFF)
def coverage(request, pk):
    """Tick the households a matter has reached: by room (one per line) or on the list; untick one (audited)."""
    need = need_for(request, pk)
    form = CoverageForm(_posted(request), initial={"label": need.coverage_label})
    if request.method == "POST" and "unmark" in request.POST:
        household = get_object_or_404(
            Household, community=request.community, compound=need.compound, pk=request.POST.get("unmark")
        )
        try:
            services.coverage_unmark(need=need, household=household, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Unticked %(room)s.") % {"room": household.label})
        return redirect("needs:coverage", slug=request.community.slug, pk=need.pk)
    if request.method == "POST" and form.is_valid():
        chosen = set(request.POST.getlist("household"))
        households = list(
            Household.objects.filter(
                community=request.community,
                compound=need.compound,
                pk__in=[int(v) for v in chosen if v.isdigit()],
            ).select_related("building")
        )
        unknown = []
        for line in (form.cleaned_data["rooms"] or "").splitlines():
            line = line.strip()
            if not line:
                continue
            matches = [
                h for h in household_search(request.community, line)[:5] if h.compound_id == need.compound_id
            ]
            if len(matches) == 1:
                households.append(matches[0])
            else:
                unknown.append(line)
        if unknown:
            form.add_error(
                "rooms", _("No single household matches: %(rooms)s") % {"rooms": "、".join(unknown)}
            )
        else:
            try:
                n = services.coverage_mark(
                    need=need, households=households, actor=request.user, label=form.cleaned_data["label"]
                )
            except DomainError as error:
                error.add_to_form(form)
            else:
                messages.success(request, _("%(n)s households ticked.") % {"n": n})
                return redirect("needs:coverage", slug=request.community.slug, pk=need.pk)
    households = list(
        Household.objects.filter(community=request.community, compound=need.compound)
        .select_related("building")
        .order_by("building__sort_key", "building__label", "unit", "room_sort", "room")
    )
    reached = set(CoverageMark.objects.filter(need=need).values_list("household_id", flat=True))
    for household in households:
        household.reached = household.pk in reached
    return render(
        request,
        "needs/coverage.html",
        {"need": need, "form": form, "households": households, "reached": len(reached)},
    )
